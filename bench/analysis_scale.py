"""How do the analyses grow with the number of options?  A benchmark script, not a test.

    python bench/analysis_scale.py [--max 100000] [--criteria 5] [--samples 1000]

Times `Engine.rank`, `Engine.explain`, `Engine.sensitivity` (SMAA-2 and the weight
stability, as ``tradeoff sensitivity`` runs them), `Engine.reversals` and `Engine.report`
(the html page with SMAA-2, as ``tradeoff report --sensitivity`` makes it) of one random
scenario (TOPSIS by default) with 100, 1,000, 10,000 and 100,000 options, each call in
a fresh interpreter, and prints for each: seconds, the peak memory the call allocated
(tracemalloc, which sees numpy's arrays; the scenario is built before tracing starts)
and the process's peak resident size; then how each grows from one size to the next
(the exponent k of n^k).  Every call includes preparing and ranking the scenario, as
the commands do, so "rank" is the floor of the others.

The reversal check ranks every removal, n^2 work: it stops at `--reversal-max`
(10,000 by default) and the larger sizes get an estimate from its growth.  The report
(which draws its charts when matplotlib is installed) also prints the size of the page.
One core: BLAS threads are limited to 1 unless the environment already says otherwise.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import math
import platform
import subprocess
import sys
import time

SIZES = (100, 1_000, 10_000, 100_000)
ANALYSES = ("rank", "explain", "sensitivity", "reversal", "report")


def scenario_of(n: int, m: int, method: str):
    """n random options on m inline criteria (every other one a cost), equal weights."""
    import numpy as np

    import tradeoff

    x = np.random.default_rng(12345).uniform(1, 100, size=(n, m)).round(3)
    ids = [f"c{j}" for j in range(m)]
    return tradeoff.Scenario(
        method=tradeoff.MethodChoice(name=method),
        criteria=[tradeoff.CriterionChoice(id=c, direction="max" if j % 2 == 0 else "min") for j, c in enumerate(ids)],
        alternatives=[
            tradeoff.Alternative(name=f"option {i}", values=dict(zip(ids, map(float, row)))) for i, row in enumerate(x)
        ],
    )


def child(what: str, n: int, m: int, method: str, samples: int) -> None:
    """Run one call and print its figures as JSON (in a fresh interpreter)."""
    import resource
    import tracemalloc

    import tradeoff

    engine = tradeoff.Engine(entry_points=False)
    scenario = scenario_of(n, m, method)
    calls = {
        "rank": lambda: engine.rank(scenario),
        "explain": lambda: engine.explain(scenario),
        "sensitivity": lambda: engine.sensitivity(scenario, samples=samples, stability=True),
        "reversal": lambda: engine.reversals(scenario),
        "report": lambda: engine.report(scenario, fmt="html", sensitivity=True, samples=samples),
    }
    tracemalloc.start()
    start = time.perf_counter()
    out = calls[what]()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    size = len(out.encode("utf-8", "backslashreplace")) if isinstance(out, str) else None
    print(json.dumps({"seconds": seconds, "peak": peak, "rss": rss, "bytes": size}))


def measure(what: str, n: int, args: argparse.Namespace) -> dict[str, float] | None:
    command = [sys.executable, __file__, "--child", what, str(n), str(args.criteria), args.method, str(args.samples)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  {what} at {n:,}: failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def growth(small: float, large: float, ratio: float) -> str:
    """k in n^k from two figures `ratio` times apart in n."""
    if small <= 0 or large <= 0:
        return "-"
    return f"n^{math.log(large / small) / math.log(ratio):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest number of options (default 100,000)")
    parser.add_argument("--reversal-max", type=int, default=10_000, help="largest for the reversal check (default 10,000)")
    parser.add_argument("--criteria", type=int, default=5)
    parser.add_argument("--samples", type=int, default=1_000, help="SMAA-2 samples (default 1,000)")
    parser.add_argument("--method", default="topsis")
    parser.add_argument("--only", choices=ANALYSES, action="append", help="measure only these (repeatable)")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, n, m, method, samples = args.child
        child(what, int(n), int(m), method, int(samples))
        return
    import numpy as np

    sizes = [n for n in SIZES if n <= args.max]
    print(
        f"Analyses of {args.method}, {args.criteria} criteria, SMAA-2 with {args.samples:,} samples; "
        f"options {', '.join(f'{n:,}' for n in sizes)}"
    )
    print(
        f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
    )
    print()
    head = f"{'analysis':<12}{'options':>9}{'seconds':>10}{'peak MiB':>10}{'RSS MiB':>9}{'time grows':>12}{'memory grows':>14}"
    print(head)
    print("-" * len(head))
    for what in args.only or ANALYSES:
        last: tuple[int, dict[str, float]] | None = None
        for n in sizes:
            if what == "reversal" and n > args.reversal_max:
                if last is not None:
                    k = 2.0  # each of the n removals ranks n - 1 options
                    print(f"{what:<12}{n:>9,}{last[1]['seconds'] * (n / last[0]) ** k:>10.0f}  (estimate: n^2 from {last[0]:,}, not run)")
                continue
            got = measure(what, n, args)
            if got is None:
                break
            grows = ("", "")
            if last is not None:
                ratio = n / last[0]
                grows = (growth(last[1]["seconds"], got["seconds"], ratio), growth(last[1]["peak"], got["peak"], ratio))
            page = f"  page {got['bytes'] / 2**20:.2f} MiB" if got.get("bytes") is not None else ""
            print(
                f"{what:<12}{n:>9,}{got['seconds']:>10.3f}{got['peak'] / 2**20:>10.1f}{got['rss'] / 2**20:>9.0f}"
                f"{grows[0]:>12}{grows[1]:>14}{page}",
                flush=True,
            )
            last = (n, got)


if __name__ == "__main__":
    main()
