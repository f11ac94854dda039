"""Every native method beside its fastest plain numpy form and the peer libraries, in
one run.  A benchmark script, not a test.

    python bench/methods_speed.py [--case small|tall|stack|ranks|outranking|all] [--rows N] [--methods M ...] [--quick]

- small: one 10 x 5 matrix through `tradeoff.rank_matrix` (checks, scores, ranks,
  diagnostics) against the numpy baseline's scores and an argsort ranking; median of
  many calls, microseconds.  Target: at most 1.5x.
- tall: one --rows x 8 matrix (default 1,000,000): tradeoff's checked scores (the
  input checks, the values the method cannot take, the kernel: what `rank_matrix`
  runs but the ranking) against the numpy baseline; best of --repeat, seconds; peak
  extra memory by tracemalloc.  Targets: at most 1.0x numpy, peak extra memory at most
  1.5x the input.
- stack: 10,000 matrices of 10 x 5 through one `rank_matrix` call against the numpy
  baseline batched over the stack, with an argsort ranking.  Target: at most 1.5x.
- ranks: tradeoff's competition ranks (ties within 1e-9) of --rows scores against
  `np.argsort` of the same scores.  Target: at most 1.3x.
- outranking: PROMETHEE II on one n x 8 matrix, n from 10 to 4,000, against the peers'
  calls.  Target: no slower than pymcdm at any size.

The baselines (bench/baselines.py) are each method's maths in its fastest plain numpy
form: for a score that is an affine map of the values (wsm, spotis, moora; wpm in
logs) the fused ``x @ a + c``.  pymcdm, pyrepo-mcda and scikit-criteria (the extra ``bench``) are timed on the same data where they have the method, their input
validation off where it can be; their column is their time over tradeoff's, and the
largest relative difference of their scores from tradeoff's is printed (a peer whose
scores differ is not computing the same thing: pymcdm's COPRAS adds S-, scikit-criteria's
ARAS leaves the ideal row out of its sums).  The read
floor is ``x.sum()``.  One BLAS thread; the machine's load is printed before and after.
"""

from __future__ import annotations

import timing

timing.one_blas_thread()

import argparse
import os
import platform
import sys
import time
import warnings

import baselines
import numpy as np
import tradeoff
from timing import (
    alternating,
    largest_gap,
    peak_extra_bytes,
    per_call,
    problem,
    table,
    verdict,
)
from tradeoff.core.methods import check_inputs, misfits
from tradeoff.core.ranks import competition_ranks

ENGINE = tradeoff.Engine(entry_points=False)
METHODS = list(baselines.BASELINES)
#: Peers whose method is quadratic in the alternatives: not run on a tall matrix.
QUADRATIC = {"promethee2", "codas", "probid", "sprobid"}
#: Methods quadratic in tradeoff too (every pair compared): not run on a tall matrix.
OURS_QUADRATIC = {"codas", "probid", "sprobid"}


def argsort_ranks(scores: np.ndarray, higher: bool) -> np.ndarray:
    """1 for the best score, by argsort (ties broken by position)."""
    order = np.argsort(-scores if higher else scores, axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[-1] + 1), axis=-1)
    return ranks


def peers() -> dict[str, dict[str, baselines.Baseline]]:
    return {
        "pymcdm": baselines.pymcdm_methods(),
        "pyrepo-mcda": baselines.pyrepo_methods(),
        "scikit-criteria": baselines.skcriteria_methods(),
    }


def peer_cell(peer: baselines.Baseline | None, seconds: float | None, ours: np.ndarray, x, w, b) -> tuple[str, str]:
    """(time over tradeoff's, largest difference) of a peer, or n/a."""
    if peer is None:
        return "n/a", ""
    if seconds is None:
        return "fails", ""  # on this numpy (pyrepo-mcda's MABAC calls np.product)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = peer(x, w, b)
    except Exception as error:  # a peer broken on this numpy: said, not fatal
        return f"fails ({type(error).__name__})", ""
    return "", largest_gap(ours, out)


def works(peer: baselines.Baseline, x, w, b) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peer(x, w, b)
    except Exception:
        return False
    return True


def timed_peer(peer: baselines.Baseline, x, w, b, repeat: int) -> float | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peer(x, w, b)
            return timing.best_of(repeat, lambda: peer(x, w, b))
    except Exception:
        return None


def case_small(args: argparse.Namespace, rng: np.random.Generator) -> None:
    x, w, directions, benefit = problem(rng, (10, 5))
    wn = w / w.sum()
    found = peers()
    rows, met = [], []
    for name in METHODS:
        method = ENGINE.method(name)
        base = baselines.BASELINES[name]
        higher = method.higher_is_better
        runs = {
            "tradeoff": lambda name=name: tradeoff.rank_matrix(x, w, benefit, method=name),
            "numpy": lambda base=base, higher=higher: argsort_ranks(base(x, wn, benefit), higher),
        }
        for peer, methods in found.items():
            if name in methods and works(methods[name], x, wn, benefit):  # a broken peer: the others timed
                runs[peer] = lambda f=methods[name]: f(x, wn, benefit)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seconds = per_call(runs, repeat=7 if args.quick else 31, number=20 if args.quick else 100)
        ours = tradeoff.rank_matrix(x, w, benefit, method=name).scores
        ratio = seconds["tradeoff"] / seconds["numpy"]
        met.append(ratio <= 1.5)
        cells = [name, f"{seconds['tradeoff'] * 1e6:.1f}", f"{seconds['numpy'] * 1e6:.1f}", f"{ratio:.2f}", verdict(ratio <= 1.5)]
        for peer, methods in found.items():
            note, gap = peer_cell(methods.get(name), seconds.get(peer), ours, x, wn, benefit)
            cells.append(note or f"{seconds[peer] / seconds['tradeoff']:.1f}x ({gap})")
        cells.append(largest_gap(ours, base(x, wn, benefit)))
        rows.append(cells)
    table(
        "small: one 10 x 5 matrix, rank_matrix against numpy scores + argsort ranks (median per call, us)",
        ("method", "tradeoff us", "numpy us", "x numpy", "<= 1.5x", *(f"{p} x ours (diff)" for p in found), "numpy diff"),
        rows,
        [f"targets met: {sum(met)} of {len(met)}"],
    )


def case_tall(args: argparse.Namespace, rng: np.random.Generator) -> None:
    n, m = args.rows, 8
    x, w, directions, benefit = problem(rng, (n, m))
    wn = w / w.sum()
    size = x.nbytes
    found = peers()
    repeat = 1 if args.quick else args.repeat
    rows, met = [], []
    floor = timing.best_of(max(repeat, 5), lambda: x.sum())
    for name in METHODS:
        if name in OURS_QUADRATIC:
            rows.append([name, "quadratic, not run", *[""] * (7 + len(found))])
            continue
        method = ENGINE.method(name)
        params = method.resolve_params(None, {})
        base = baselines.BASELINES[name]

        def scores(method=method, params=params):
            cx, cw, cb = check_inputs(x, w, benefit)
            misfits(None, method, params, cx, cb)
            return method.scores_checked(cx, cw, cb, params)[0]

        seconds = alternating(repeat, {"tradeoff": scores, "numpy": lambda base=base: base(x, wn, benefit)})
        ours = scores()
        memory = peak_extra_bytes(scores) / size
        ratio = seconds["tradeoff"] / seconds["numpy"]
        ok = ratio <= 1.0 and memory <= 1.5
        met.append(ok)
        cells = [
            name, f"{seconds['tradeoff']:.3f}", f"{seconds['numpy']:.3f}", f"{ratio:.2f}",
            f"{memory:.2f}", f"{peak_extra_bytes(lambda base=base: base(x, wn, benefit)) / size:.2f}",
            f"{seconds['tradeoff'] / floor:.0f}", verdict(ok),
        ]
        for peer, methods in found.items():
            f = methods.get(name)
            t = None if f is None or name in QUADRATIC else timed_peer(f, x, wn, benefit, 1)
            note, gap = peer_cell(f, t, ours, x, wn, benefit) if t is not None or f is None else ("quadratic" if name in QUADRATIC else "fails", "")
            cells.append(note or f"{t / seconds['tradeoff']:.1f}x ({gap})")
        cells.append(largest_gap(ours, base(x, wn, benefit)))
        rows.append(cells)
    table(
        f"tall: one {n:,} x {m} matrix, checked scores (best of {repeat}, seconds; memory x input of {size / 2**20:.0f} MiB)",
        ("method", "tradeoff s", "numpy s", "x numpy", "mem x in", "numpy mem", "x floor", "<= 1.0x, <= 1.5x mem",
         *(f"{p} x ours (diff)" for p in found), "numpy diff"),
        rows,
        [f"read floor x.sum(): {floor:.4f} s; targets met: {sum(met)} of {len(met)}"],
    )


def case_stack(args: argparse.Namespace, rng: np.random.Generator) -> None:
    k = args.stack
    x, w, directions, benefit = problem(rng, (k, 10, 5))
    wn = w / w.sum()
    repeat = 3 if args.quick else 3 * args.repeat
    rows, met = [], []
    for name in METHODS:
        method = ENGINE.method(name)
        base = baselines.BASELINES[name]
        higher = method.higher_is_better
        seconds = alternating(repeat, {
            "tradeoff": lambda name=name: tradeoff.rank_matrix(x, w, benefit, method=name),
            "numpy": lambda base=base, higher=higher: argsort_ranks(base(x, wn, benefit), higher),
        })
        ours = tradeoff.rank_matrix(x, w, benefit, method=name).scores
        ratio = seconds["tradeoff"] / seconds["numpy"]
        met.append(ratio <= 1.5)
        rows.append((name, f"{seconds['tradeoff']:.4f}", f"{seconds['numpy']:.4f}", f"{ratio:.2f}", verdict(ratio <= 1.5),
                     largest_gap(ours, base(x, wn, benefit))))
    table(
        f"stack: {k:,} matrices of 10 x 5 in one rank_matrix call against batched numpy + argsort (best of {repeat}, s)",
        ("method", "tradeoff s", "numpy s", "x numpy", "<= 1.5x", "numpy diff"),
        rows,
        [f"targets met: {sum(met)} of {len(met)} (the peers rank one matrix per call: see the small case)"],
    )


def case_ranks(args: argparse.Namespace, rng: np.random.Generator) -> None:
    n = args.rows
    scores = rng.uniform(0, 1, n)
    repeat = 1 if args.quick else args.repeat
    seconds = alternating(repeat, {
        "competition ranks": lambda: competition_ranks(scores, True),
        "np.argsort": lambda: np.argsort(-scores),
    })
    ratio = seconds["competition ranks"] / seconds["np.argsort"]
    table(
        f"ranks: {n:,} scores (best of {repeat}, seconds)",
        ("way", "seconds", "x argsort"),
        [(k, f"{v:.4f}", f"{v / seconds['np.argsort']:.2f}") for k, v in seconds.items()],
        [f"target: at most 1.3x np.argsort: {ratio:.2f}x, {verdict(ratio <= 1.3)}"],
    )


def case_outranking(args: argparse.Namespace, rng: np.random.Generator) -> None:
    """PROMETHEE II (usual preference) on one n x 8 matrix for n from 10 to 4,000,
    `rank_matrix` against the peers' calls: the pairwise form up to its hand-over to
    the sorted one, where the peers stay quadratic."""
    found = {peer: methods["promethee2"] for peer, methods in peers().items() if "promethee2" in methods}
    rows, met = [], []
    slow: set[str] = set()  # a peer whose one call took over a second: not run on larger n
    for n in (10, 30, 48, 49, 100, 300, 1000, 4000):
        x, w, directions, benefit = problem(rng, (n, 8))
        wn = w / w.sum()
        ours = tradeoff.rank_matrix(x, w, benefit, method="promethee2").scores
        t_ours = per_call({"t": lambda: tradeoff.rank_matrix(x, w, benefit, method="promethee2")}, 7, 20 if n < 1000 else 2)["t"]
        cells = [f"{n:,}", f"{t_ours * 1e3:.3f}"]
        for peer, f in found.items():
            if peer in slow:
                cells.append("quadratic, not run")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                if not works(f, x, wn, benefit):
                    cells.append("fails")
                    continue
                once = time.perf_counter() - start
                t = once if once > 0.05 else per_call({"t": lambda f=f: f(x, wn, benefit)}, 5, 10)["t"]
            if once > 1.0:
                slow.add(peer)
            ratio = t / t_ours
            cells.append(f"{t * 1e3:.3f} ({ratio:.2f}x, {largest_gap(ours, f(x, wn, benefit))})")
            if peer == "pymcdm":
                met.append(ratio >= 1.0)
        rows.append(cells)
    table(
        "outranking: PROMETHEE II (usual) on one n x 8 matrix, rank_matrix against the peers (median per call, ms)",
        ("n", "tradeoff ms", *(f"{p} ms (x ours, diff)" for p in found)),
        rows,
        [f"target: no slower than pymcdm at any size: {sum(met)} of {len(met)} sizes, {verdict(all(met))}"],
    )


CASES = {"small": case_small, "tall": case_tall, "stack": case_stack, "ranks": case_ranks, "outranking": case_outranking}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=[*CASES, "all"], default="all")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the tall matrix and of the ranks")
    parser.add_argument("--stack", type=int, default=10_000, help="matrices in the stack")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke test")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--methods", nargs="+", choices=METHODS, help="only these methods (default: every native one)")
    args = parser.parse_args()
    if args.methods:
        METHODS[:] = args.methods
    rng = np.random.default_rng(args.seed)
    print(
        f"tradeoff {tradeoff.__version__}, numpy {np.__version__}, pymcdm {timing.version('pymcdm')}, "
        f"pyrepo-mcda {timing.version('pyrepo-mcda')}; Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}; load before {timing.load()}\n"
    )
    for name, case in CASES.items():
        if args.case in (name, "all"):
            case(args, rng)
    print(f"load after {timing.load()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
