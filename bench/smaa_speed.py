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


def scenario_of(x: np.ndarray, benefit: np.ndarray) -> tradeoff.Scenario:
    """The weighted sum (minmax) of matrix `x`, equal weights: criteria c0.., options a0.."""
    ids = [f"c{j}" for j in range(x.shape[1])]
    return tradeoff.Scenario(
        method=tradeoff.MethodChoice(name="wsm"),
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


if __name__ == "__main__":
    main()
