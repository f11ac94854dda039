"""What every bench script measures with: timings that take turns, best-of, peak
memory, versions, and a plain table.  Imported by the scripts (``python bench/X.py``
puts this folder on the path)."""

from __future__ import annotations

import gc
import importlib.metadata
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np


def one_blas_thread() -> None:
    """One core for BLAS (before numpy is imported), unless the caller set it: the
    machines are shared, and tradeoff's kernels are timed on one core."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def per_call(runs: dict[str, Callable[[], object]], repeat: int, number: int | dict[str, int]) -> dict[str, float]:
    """Median over `repeat` rounds of the mean time of `number` calls (or
    `number[name]`), in seconds; the implementations take turns within each round, so
    they share the machine's mood."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm up
    for _ in range(repeat):
        for name, run in runs.items():
            calls = number[name] if isinstance(number, dict) else number
            start = time.perf_counter()
            for _ in range(calls):
                run()
            times[name].append((time.perf_counter() - start) / calls)
    return {name: statistics.median(t) for name, t in times.items()}


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The least time of `repeat` calls, in seconds (garbage collected before each)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def alternating(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """`best_of` for each of `runs`, the runs taking turns in each round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(best_of(1, run))
    return {name: min(t) for name, t in times.items()}


def peak_extra_bytes(run: Callable[[], object]) -> int:
    """The most memory allocated at once during `run`, beyond what was already held
    (tracemalloc sees numpy's buffers)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak - before


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def largest_gap(ours: np.ndarray, theirs: object) -> str:
    """The largest relative difference of `theirs` from `ours`, printed short."""
    theirs = np.asarray(theirs, dtype=float)
    if theirs.shape != np.shape(ours):
        return "shape"
    scale = np.maximum(np.abs(ours), 1e-300)
    return f"{np.max(np.abs(theirs - ours) / scale):.0e}"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], notes: Sequence[str] = ()) -> None:
    """Print `rows` under `header`, the first column left-aligned, then the notes."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(title)
    print("  ".join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(header)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(row)))
    for note in notes:
        print(note)
    print()


def problem(rng: np.random.Generator, shape: tuple[int, ...]):
    """Random values in [1, 100), weights in [1, 10), criteria alternately "max" and
    "min": (x, weights, directions, benefit mask)."""
    m = shape[-1]
    x = rng.uniform(1.0, 100.0, size=shape)
    weights = rng.uniform(1.0, 10.0, size=m)
    directions = ["max" if j % 2 == 0 else "min" for j in range(m)]
    return x, weights, directions, np.array([d == "max" for d in directions])


def load() -> str:
    """The 1-minute load average, printed."""
    return f"{os.getloadavg()[0]:.2f}"
