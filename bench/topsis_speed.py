"""How fast is tradeoff's TOPSIS?  A benchmark script, not a test.

    python bench/topsis_speed.py [--case small|tall|stack|startup|all] [--quick]

Measures TOPSIS (vector normalization, the classic formulation) side by side, in one
run, on the same random data, and prints a table per case with the ratios the
project set as targets:

- small: one 10 x 5 matrix; median of many repeats, in microseconds.  Target:
  `tradeoff.rank_matrix` within 2x of the bare numpy baseline, and at least 20x faster
  than scikit-criteria's pipeline.
- tall: one 1,000,000 x 8 matrix; seconds (best of --repeat) and peak extra memory
  (tracemalloc, which sees numpy's buffers).  tradeoff's ranking (an argsort of a
  million scores) is timed on its own, so scores compare with scores.  Targets: scores
  no slower than the numpy baseline (aim: within 15x of one read pass over the data),
  peak extra memory under 3x the input.  "Scores alone" times what
  `rank_matrix` runs but the ranking: the input checks and the TOPSIS kernel.
- stack: 10,000 stacked 10 x 5 matrices ranked in one call, against the same maths
  batched in numpy.  scikit-criteria and pymcdm rank one matrix at a time: a Python
  loop over --loop of them, extrapolated to all (said so in the table).  Target:
  within 1.5x of the batched numpy baseline.
- startup: `tradeoff rank examples/it-outsourcing.toml` as a whole process against
  `python -c "import numpy"`, median of --runs runs of each.  Target: within 2x.

The implementations:

- tradeoff: `tradeoff.rank_matrix(x, weights, directions)`, the public call, with its
  checks, scores, competition ranks (ties within 1e-9) and diagnostics;
- numpy: the same maths written out plainly in numpy (weights normalised to sum 1,
  x / ||x|| for a benefit and 1 - x / ||x|| for a cost, weighted, ideal and
  anti-ideal, two Euclidean distances, closeness), scores only; "+ ranks" adds an
  argsort-based ranking (no tie handling);
- scikit-criteria: ``mkdm`` then ``mkpipe(VectorScaler(target="matrix"), TOPSIS())``,
  its documented way (the one tests/test_reference.py cross-checks against);
- pymcdm: ``TOPSIS(vector_normalization)(x, weights, types)`` with its default
  validation (scores only, as its call returns);
- read floor: ``x.sum()``, one pass reading the matrix.

Every implementation's scores are compared with tradeoff's (largest difference
printed).  Missing libraries show as n/a: ``pip install -e '.[bench]'``.  One core for
BLAS, as in smaa_speed.py: OPENBLAS_NUM_THREADS (and OMP_, MKL_) default to 1.
"""

from __future__ import annotations

import timing

timing.one_blas_thread()

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import baselines
import numpy as np
import tradeoff
from timing import (
    best_of,
    largest_gap,
    peak_extra_bytes,
    per_call,
    problem,
    table,
    verdict,
    version,
)
from tradeoff.core.methods import check_inputs
from tradeoff.core.ranks import competition_ranks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
HINT = "n/a (pip install -e '.[bench]')"


# -- the implementations ------------------------------------------------------------------


def numpy_topsis(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """TOPSIS closeness written out plainly in numpy (bench/baselines.py), the weights
    normalised to sum 1."""
    return baselines.topsis(x, weights / weights.sum(axis=-1, keepdims=True), benefit)


def numpy_ranks(scores: np.ndarray) -> np.ndarray:
    """1 for the highest score, by argsort (ties broken by position)."""
    order = np.argsort(-scores, axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[-1] + 1), axis=-1)
    return ranks


def scikit_criteria() -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None:
    try:
        import skcriteria
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.pipelines import mkpipe
        from skcriteria.preprocessing.scalers import VectorScaler
    except ImportError:
        return None
    pipe = mkpipe(VectorScaler(target="matrix"), TOPSIS())

    def run(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
        dm = skcriteria.mkdm(x, [max if b else min for b in benefit], weights=weights / weights.sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TOPSIS warns about every "min" objective
            return np.asarray(pipe.evaluate(dm).e_.similarity)

    return run


def pymcdm() -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None:
    try:
        from pymcdm.methods import TOPSIS
        from pymcdm.normalizations import vector_normalization
    except ImportError:
        return None
    method = TOPSIS(vector_normalization)

    def run(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
        return method(x, weights / weights.sum(), np.where(benefit, 1, -1))

    return run


# -- the cases ------------------------------------------------------------------------------


def case_small(args: argparse.Namespace, rng: np.random.Generator) -> None:
    x, w, directions, benefit = problem(rng, (10, 5))
    runs: dict[str, Callable[[], object]] = {
        "tradeoff.rank_matrix": lambda: tradeoff.rank_matrix(x, w, benefit),
        'tradeoff.rank_matrix, ["max", ...]': lambda: tradeoff.rank_matrix(x, w, directions),
        "numpy baseline (scores)": lambda: numpy_topsis(x, w, benefit),
        "numpy baseline + ranks": lambda: numpy_ranks(numpy_topsis(x, w, benefit)),
        "read floor (x.sum())": lambda: x.sum(),
    }
    others = {"scikit-criteria pipeline": scikit_criteria(), "pymcdm": pymcdm()}
    runs.update({name: (lambda run=run: run(x, w, benefit)) for name, run in others.items() if run})
    # The foreign libraries cost ten to a hundred times more: fewer calls per round.
    number = {name: (2 if name in others else 20) if args.quick else (5 if name in others else 200) for name in runs}
    seconds = per_call(runs, repeat=11 if args.quick else 51, number=number)
    # Both get the same input: the matrix, the weights and a boolean mask of the
    # benefit criteria; the second row gives tradeoff the directions as names.
    ours = tradeoff.rank_matrix(x, w, benefit).scores
    t = seconds["tradeoff.rank_matrix"]
    rows = []
    for name in [*list(runs)[:5], *others]:
        if name not in runs:
            rows.append((name, HINT, "", ""))
            continue
        out = runs[name]()
        if isinstance(out, tradeoff.Ranking):
            out = out.scores
        gap = largest_gap(ours, out) if np.ndim(out) == 1 and "ranks" not in name and "floor" not in name else ""
        if name.startswith("tradeoff"):
            gap = ""
        rows.append((name, f"{seconds[name] * 1e6:,.1f}", f"{seconds[name] / t:.2f}", gap))
    base = seconds["numpy baseline (scores)"]
    notes = [
        f"target: tradeoff within 2x of the numpy baseline: {t / base:.2f}x, {verdict(t <= 2 * base)}",
    ]
    if "scikit-criteria pipeline" in seconds:
        skc = seconds["scikit-criteria pipeline"]
        notes.append(f"target: tradeoff at least 20x faster than scikit-criteria: {skc / t:.0f}x, {verdict(skc >= 20 * t)}")
    else:
        notes.append(f"target: tradeoff at least 20x faster than scikit-criteria: {HINT}")
    table(
        "small: one 10 x 5 matrix (median per call)",
        ("way", "us", "x tradeoff", "max rel diff"),
        rows,
        notes,
    )


def case_tall(args: argparse.Namespace, rng: np.random.Generator) -> None:
    n, m = args.rows, args.criteria
    x, w, directions, benefit = problem(rng, (n, m))
    ranking = tradeoff.rank_matrix(x, w, directions)
    ours = ranking.scores
    topsis = tradeoff.default_engine().method("topsis")

    def scores_only():  # what rank_matrix does but the ranking: checks and the kernel
        checked = check_inputs(x, w, directions)
        return topsis.kernel(*checked, normalization="vector")

    repeat = 1 if args.quick else args.repeat
    t_all = best_of(repeat, lambda: tradeoff.rank_matrix(x, w, directions))
    t_ranks = best_of(repeat, lambda: competition_ranks(ours))
    t_scores = best_of(repeat, scores_only)
    t_numpy = best_of(repeat, lambda: numpy_topsis(x, w, benefit))
    t_numpy_ranks = best_of(repeat, lambda: numpy_ranks(numpy_topsis(x, w, benefit)))
    t_floor = best_of(max(repeat, 5), lambda: x.sum())
    mem = {
        "tradeoff.rank_matrix": peak_extra_bytes(lambda: tradeoff.rank_matrix(x, w, directions)),
        "numpy baseline (scores)": peak_extra_bytes(lambda: numpy_topsis(x, w, benefit)),
        "numpy baseline + ranks": peak_extra_bytes(lambda: numpy_ranks(numpy_topsis(x, w, benefit))),
    }
    size = x.nbytes
    rows = [
        ("tradeoff.rank_matrix (scores + ranks)", t_all, mem["tradeoff.rank_matrix"], ""),
        ("  its scores alone (checks + kernel)", t_scores, peak_extra_bytes(scores_only), ""),
        ("  its ranks alone (competition_ranks)", t_ranks, None, ""),
        ("numpy baseline (scores)", t_numpy, mem["numpy baseline (scores)"], largest_gap(ours, numpy_topsis(x, w, benefit))),
        ("numpy baseline + ranks", t_numpy_ranks, mem["numpy baseline + ranks"], ""),
        ("read floor (x.sum())", t_floor, 0, ""),
    ]
    for name, make in (("scikit-criteria pipeline", scikit_criteria), ("pymcdm", pymcdm)):
        run = make()
        if run is None:
            rows.append((name, None, None, HINT))
            continue
        out = run(x, w, benefit)
        rows.append((name, best_of(1, lambda: run(x, w, benefit)), peak_extra_bytes(lambda: run(x, w, benefit)), largest_gap(ours, out)))
    printed = [
        (
            name,
            "" if t is None else f"{t:.4f}",
            "" if t is None else f"{t / t_scores:.2f}",
            "" if t is None else f"{t / t_floor:.0f}",
            "" if b is None else f"{b / 2**20:,.0f}",
            "" if b is None else f"{b / size:.2f}",
            gap,
        )
        for name, t, b, gap in rows
    ]
    notes = [
        f"input: {n:,} x {m} float64 = {size / 2**20:,.0f} MiB; memory: peak traced by tracemalloc during the call",
        f"target: tradeoff scores no slower than the numpy baseline: {t_scores / t_numpy:.2f}x, {verdict(t_scores <= t_numpy)}"
        f" (with ranks on both sides: {t_all / t_numpy_ranks:.2f}x)",
        f"aim: tradeoff scores within 15x of the read floor: {t_scores / t_floor:.0f}x, {verdict(t_scores <= 15 * t_floor)}",
        f"target: tradeoff's peak extra memory under 3x the input: {mem['tradeoff.rank_matrix'] / size:.2f}x, "
        f"{verdict(mem['tradeoff.rank_matrix'] < 3 * size)}",
    ]
    table(
        f"tall: one {n:,} x {m} matrix (best of {repeat})",
        ("way", "seconds", "x tradeoff scores", "x floor", "peak extra MiB", "x input", "max rel diff"),
        printed,
        notes,
    )


def case_stack(args: argparse.Namespace, rng: np.random.Generator) -> None:
    k = args.stack
    x, w, directions, benefit = problem(rng, (k, 10, 5))
    ours = tradeoff.rank_matrix(x, w, directions).scores
    repeat = 3 if args.quick else 3 * args.repeat
    t_ours = best_of(repeat, lambda: tradeoff.rank_matrix(x, w, directions))
    t_numpy = best_of(repeat, lambda: numpy_topsis(x, w, benefit))
    t_numpy_ranks = best_of(repeat, lambda: numpy_ranks(numpy_topsis(x, w, benefit)))
    t_floor = best_of(repeat, lambda: x.sum())
    rows = [
        ("tradeoff.rank_matrix on the stack (scores + ranks)", f"{t_ours:.4f}", "1.00", ""),
        ("numpy baseline, batched (scores)", f"{t_numpy:.4f}", f"{t_numpy / t_ours:.2f}", largest_gap(ours, numpy_topsis(x, w, benefit))),
        ("numpy baseline, batched + ranks", f"{t_numpy_ranks:.4f}", f"{t_numpy_ranks / t_ours:.2f}", ""),
        ("read floor (x.sum())", f"{t_floor:.4f}", f"{t_floor / t_ours:.2f}", ""),
    ]
    loop = min(args.loop, k)
    for name, make in (("scikit-criteria pipeline", scikit_criteria), ("pymcdm", pymcdm)):
        run = make()
        label = f"{name}, loop over {loop:,} x {k / loop:g}"
        if run is None:
            rows.append((label, HINT, "", ""))
            continue
        start = time.perf_counter()
        out = [run(x[i], w, benefit) for i in range(loop)]
        t = (time.perf_counter() - start) * k / loop
        rows.append((label, f"{t:.2f}", f"{t / t_ours:.0f}", largest_gap(ours[:loop], np.array(out))))
    notes = [
        f"target: tradeoff within 1.5x of the batched numpy baseline: {t_ours / t_numpy:.2f}x, {verdict(t_ours <= 1.5 * t_numpy)}"
        f" (against numpy with ranks: {t_ours / t_numpy_ranks:.2f}x)",
    ]
    table(
        f"stack: {k:,} matrices of 10 x 5 in one call (best of {repeat})",
        ("way", "seconds", "x tradeoff", "max rel diff"),
        rows,
        notes,
    )


def case_startup(args: argparse.Namespace, rng: np.random.Generator) -> None:
    script = shutil.which("tradeoff", path=str(Path(sys.executable).parent)) or shutil.which("tradeoff")
    rank = [script, "rank", str(EXAMPLE)] if script else None
    numpy_ = [sys.executable, "-c", "import numpy"]
    label = f"tradeoff rank {EXAMPLE.relative_to(ROOT)}"
    with tempfile.TemporaryDirectory() as cache:
        # Cached bytecode, as after any installation (pip compiles it): a private
        # cache, filled by the first round, so the checkout is left as it was.
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = cache
        commands = {
            label: (rank, cached),
            'python -c "import numpy"': (numpy_, cached),
            'python -c "pass"': ([sys.executable, "-c", "pass"], cached),
        }
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            # This environment as it is: an editable install never cached, so every
            # start compiles tradeoff's modules (numpy's came compiled with it).
            commands[f"{label}, no bytecode cache"] = (rank, dict(os.environ))
            commands['python -c "import numpy", no bytecode cache'] = (numpy_, dict(os.environ))
        times = startup_times(commands, args.runs)
    median = {name: statistics.median(t) for name, t in times.items()}
    numpy_s = median['python -c "import numpy"']
    rows = []
    for name in commands:
        if name not in median:
            rows.append((name, "n/a (no tradeoff script)", ""))
            continue
        base = median[f'python -c "import numpy"{", no bytecode cache" if name.endswith("cache") else ""}']
        rows.append((name, f"{median[name]:.3f}", f"{median[name] / base:.2f}"))
    notes = []
    if label in median:
        ratio = median[label] / numpy_s
        notes.append(f'target: `tradeoff rank` within 2x of `python -c "import numpy"`: {ratio:.2f}x, {verdict(ratio <= 2)}')
    if f"{label}, no bytecode cache" in median:
        notes.append("(PYTHONDONTWRITEBYTECODE is set here: the last two rows start without cached bytecode)")
    table(
        f"startup: whole processes (median of {args.runs} runs)",
        ("command", "seconds", 'x "import numpy"'),
        rows,
        notes,
    )


def startup_times(commands: dict[str, tuple[list[str] | None, dict[str, str]]], runs: int) -> dict[str, list[float]]:
    """Wall-clock seconds of each command, run in turns; the first round warms up."""
    times: dict[str, list[float]] = {name: [] for name, (argv, _) in commands.items() if argv}
    for i in range(runs + 1):
        for name, (argv, env) in commands.items():
            if not argv:
                continue
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
            if i:
                times[name].append(time.perf_counter() - start)
    return times


CASES = {"small": case_small, "tall": case_tall, "stack": case_stack, "startup": case_startup}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=[*CASES, "all"], default="all")
    parser.add_argument("--rows", type=int, default=1_000_000, help="tall case: alternatives (default 1,000,000)")
    parser.add_argument("--criteria", type=int, default=8, help="tall case: criteria (default 8)")
    parser.add_argument("--stack", type=int, default=10_000, help="stack case: matrices (default 10,000)")
    parser.add_argument("--loop", type=int, default=200, help="stack case: matrices the foreign libraries rank (default 200)")
    parser.add_argument("--repeat", type=int, default=5, help="tall and stack cases: best of this many runs (default 5)")
    parser.add_argument("--runs", type=int, default=11, help="startup case: runs of each command (default 11)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke test")
    args = parser.parse_args()

    print(
        f"tradeoff {tradeoff.__version__}, numpy {np.__version__}, scikit-criteria {version('scikit-criteria')}, "
        f"pymcdm {version('pymcdm')}, Python {platform.python_version()}, {os.cpu_count()} CPUs "
        f"({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable), "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
    )
    print()
    for name, case in CASES.items():
        if args.case in (name, "all"):
            case(args, np.random.default_rng(12345))


if __name__ == "__main__":
    main()
