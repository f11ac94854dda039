"""How fast is tradeoff's SMAA-2?  A benchmark script, not a test.

    python bench/smaa_speed.py [--samples 10000] [--alternatives 1000] [--criteria 8]

Times SMAA-2 of the weighted sum (uniform weights) three ways on one random problem:

- tradeoff: `tradeoff.analyses.smaa.smaa` of the prepared scenario, which for an additive method normalises once and
  scores a whole chunk of weight samples with one matrix product;
- loop: the straightforward numpy loop, one sample at a time (normalise, weighted
  sum, argsort, count);
- kernel: tradeoff's general path, stacked calls of the method's kernel (what every
  non-additive method uses), forced by hiding wsm's utilities.

All three see the same weight samples and must agree.  One core: BLAS threads are
limited to 1 unless the environment already says otherwise.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import platform
import time

import attrs
import numpy as np

import tradeoff
from tradeoff.analyses.smaa import smaa
from tradeoff.core.normalize import normalize


def straightforward(x: np.ndarray, benefit: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rank acceptabilities (n, n), one weight sample at a time (no tie handling)."""
    n = x.shape[0]
    counts = np.zeros((n, n))
    everyone = np.arange(n)
    for w in weights:
        scores = normalize(x, benefit, "minmax") @ w
        order = np.argsort(-scores)
        counts[order, everyone] += 1  # the alternative in place p gets rank p + 1
    return counts / len(weights)


def _min_max(x: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Each value's place between its column's worst (0) and best (1)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    return np.where(benefit, (x - lo) / (hi - lo), (hi - x) / (hi - lo))


def wsm_samples(x: np.ndarray, benefit: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted sum (min-max) under every weight sample: one matrix product."""
    return weights @ _min_max(x, benefit).T


def topsis_samples(x: np.ndarray, benefit: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """TOPSIS (vector) under every weight sample, its distances by matrix products:
    with weights w >= 0 the weighted ideal is w times the normalised one, so a squared
    distance is ``sum_j w_j^2 (r_ij - ideal_j)^2``, the squared weights times a matrix."""
    r = x / np.sqrt((x * x).sum(axis=0))
    best = np.where(benefit, r.max(axis=0), r.min(axis=0))
    worst = np.where(benefit, r.min(axis=0), r.max(axis=0))
    squares = weights * weights
    plus, minus = np.sqrt(squares @ ((r - best) ** 2).T), np.sqrt(squares @ ((r - worst) ** 2).T)
    return minus / (plus + minus)


def vikor_samples(x: np.ndarray, benefit: np.ndarray, weights: np.ndarray, v: float = 0.5) -> np.ndarray:
    """VIKOR's Q (lower is better) under every weight sample: S by a matrix product, R
    as the largest weighted regret (samples x alternatives x criteria)."""
    regret = 1.0 - _min_max(x, benefit)
    s = weights @ regret.T
    weighted = weights[:, None, :] * regret
    r = weighted[..., 0].copy()
    for j in range(1, x.shape[1]):  # a column at a time: numpy's max over a short axis is slower
        np.maximum(r, weighted[..., j], out=r)

    def spread(a: np.ndarray) -> np.ndarray:
        lo, hi = a.min(axis=1, keepdims=True), a.max(axis=1, keepdims=True)
        return (a - lo) / np.where(hi > lo, hi - lo, 1.0)

    return v * spread(s) + (1 - v) * spread(r)


#: Each compared method's scores over the weight samples in numpy, and whether a
#: higher score is better.
SAMPLED = {"wsm": (wsm_samples, True), "topsis": (topsis_samples, True), "vikor": (vikor_samples, False)}


def numpy_smaa(
    x: np.ndarray, benefit: np.ndarray, samples: int, seed: int, method: str, chunk: int = 1000
) -> tuple[np.ndarray, np.ndarray]:
    """SMAA-2 of `method` by its numpy form, as tradeoff's analysis draws its samples
    (uniform weights, Dirichlet(1, ..., 1) from ``default_rng(seed)``): a chunk of
    samples' scores at once, ranked by one argsort each (no tie handling), counted by
    bincount.  The rank acceptabilities (n, n) and the central weights (n, m)."""
    scores_of, higher = SAMPLED[method]
    n, m = x.shape
    rng = np.random.default_rng(seed)
    counts = np.zeros(n * n, dtype=np.int64)
    first_weights, firsts = np.zeros((n, m)), np.zeros(n)
    for start in range(0, samples, chunk):
        weights = rng.dirichlet(np.ones(m), size=min(chunk, samples - start))
        scores = scores_of(x, benefit, weights)
        order = np.argsort(-scores if higher else scores, axis=1)
        counts += np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n)  # (alternative, place)
        best = np.zeros((len(weights), n))
        best[np.arange(len(weights)), order[:, 0]] = 1.0
        first_weights += best.T @ weights
        firsts += best.sum(axis=0)
    with np.errstate(invalid="ignore"):
        return counts.reshape(n, n) / samples, first_weights / firsts[:, None]


def scenario_of(x: np.ndarray, benefit: np.ndarray, method: str = "wsm") -> tradeoff.Scenario:
    """`method` (its defaults) on matrix `x`, equal weights: criteria c0.., options a0.."""
    ids = [f"c{j}" for j in range(x.shape[1])]
    return tradeoff.Scenario(
        method=tradeoff.MethodChoice(name=method),
        criteria=[tradeoff.CriterionChoice(id=c, direction="max" if b else "min") for c, b in zip(ids, benefit)],
        alternatives=[tradeoff.Alternative(name=f"a{i}", values=dict(zip(ids, map(float, row)))) for i, row in enumerate(x)],
    )


def best_of(repeat: int, run):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--alternatives", type=int, default=1_000)
    parser.add_argument("--criteria", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--no-kernel", action="store_true", help="skip the general kernel path")
    parser.add_argument(
        "--methods", nargs="*", default=list(SAMPLED), choices=list(SAMPLED),
        help="methods timed against their numpy form over the samples (default: all of them)",
    )
    args = parser.parse_args()
    n, m, samples, seed = args.alternatives, args.criteria, args.samples, 0

    rng = np.random.default_rng(12345)
    x = rng.uniform(1, 100, size=(n, m))
    benefit = np.arange(m) % 2 == 0
    engine = tradeoff.Engine(entry_points=False)
    job = engine.prepare(scenario_of(x, benefit))
    wsm = job.method
    # The weights smaa draws for "uniform": Dirichlet(1, ..., 1) from default_rng(seed).
    weights = np.random.default_rng(seed).dirichlet(np.ones(m), size=samples)

    rows = []
    t_fast, fast = best_of(args.repeat, lambda: smaa(job, samples=samples, seed=seed))
    rows.append(("tradeoff smaa (additive path)", t_fast))
    t_loop, loop = best_of(1, lambda: straightforward(x, benefit, weights))
    rows.append(("straightforward numpy loop", t_loop))
    # The loop breaks ties by position; tradeoff's ranks tie scores within a relative
    # 1e-9 (docs/scenario-file.md), which with 10^7 ranked pairs happens a few times.
    # Beyond 100 alternatives tradeoff keeps the first ranks only: compare those.
    loop_gap = np.abs(fast.acceptability - loop[:, : fast.ranks]).max()
    agree = []
    if not args.no_kernel:
        general = attrs.evolve(job, method=attrs.evolve(wsm, utilities=None))
        t_kernel, kernel = best_of(1, lambda: smaa(general, samples=samples, seed=seed))
        rows.append(("tradeoff general kernel path", t_kernel))
        agree.append(np.array_equal(fast.acceptability, kernel.acceptability))

    print(f"SMAA-2, weighted sum: {samples:,} weight samples x {n:,} alternatives x {m} criteria")
    print(
        f"numpy {np.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable), "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
    )
    print()
    print(f"{'way':<32}{'seconds':>9}{'x tradeoff':>12}")
    for name, seconds in rows:
        print(f"{name:<32}{seconds:>9.3f}{seconds / t_fast:>12.1f}")
    print()
    print("additive path and kernel path give the same acceptabilities:", "yes" if all(agree) else "NO")
    print(f"largest difference from the loop (which ignores near-ties): {loop_gap:.1e}")
    if not args.methods:
        return
    print()
    print("Each method's SMAA-2 against its numpy form over the same samples (target: at most 1.0x):")
    print(f"{'method':<10}{'tradeoff s':>12}{'numpy s':>10}{'x numpy':>9}{'largest gap':>13}  target")
    for name in args.methods:
        job = engine.prepare(scenario_of(x, benefit, name))
        mine, got = best_of(args.repeat, lambda job=job: smaa(job, samples=samples, seed=seed))
        theirs, (want, central) = best_of(args.repeat, lambda name=name: numpy_smaa(x, benefit, samples, seed, name))
        gap = np.abs(got.acceptability - want[:, : got.ranks]).max()
        verdict = "met" if mine <= theirs else "not met"
        print(f"{name:<10}{mine:>12.4f}{theirs:>10.4f}{mine / theirs:>9.2f}{gap:>13.1e}  {verdict}")


if __name__ == "__main__":
    main()
