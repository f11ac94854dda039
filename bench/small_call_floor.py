"""What one small `rank_matrix` call costs, guarantee by guarantee.  A benchmark, not a test.

    python bench/small_call_floor.py [--rounds 40]

`tradeoff.rank_matrix` on one 10 x 5 matrix (TOPSIS) does more than the plain numpy
version of the maths (bench/topsis_speed.py's baseline): it checks its inputs, finds
the values a method cannot take, hands the kernel read-only views inside a guard,
checks and copies what the kernel returns, ranks with ties, and freezes the ranking.
This script times, side by side in one run (the minimum over shuffled rounds), the
numpy baseline, the kernel alone, each guarantee added to the kernel in turn, all of
them written lean in one function, and the public call, as ratios to numpy.

The lean function is the floor of the guarantees: however the engine's path is
arranged, it keeps all of them, so it cannot be cheaper than that function.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np

import tradeoff
from tradeoff.core.methods import Ranking, check_inputs, misfits
from tradeoff.core.ranks import competition_ranks
from tradeoff.model.frozen import FrozenMap

from topsis_speed import numpy_topsis  # the same baseline as the README's table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x, w = rng.uniform(1, 10, (10, 5)), rng.uniform(0.1, 1, 5)
    directions = ["max", "min", "max", "max", "min"]
    benefit = np.array([d == "max" for d in directions])
    method = tradeoff.default_engine().method("topsis")
    params = method.resolve_params()
    kernel = method.kernel

    def checked() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return check_inputs(x, w, directions)

    def guarded(xx: np.ndarray, ww: np.ndarray, bb: np.ndarray) -> tuple[np.ndarray, dict]:
        view = xx.view()
        view.setflags(False)
        try:
            scores, diagnostics = kernel(view, ww, bb, **params)
        except Exception as error:  # the plugin guard
            raise RuntimeError("kernel") from error
        scores = np.asarray(scores, dtype=float)
        if scores.shape != xx.shape[:-1]:
            raise RuntimeError("shape")
        owner = view.base
        if scores.base is owner:
            scores = scores.copy()
        for key, value in diagnostics.items():
            if value.base is owner:
                diagnostics[key] = value.copy()
        return scores, diagnostics

    def lean() -> Ranking:
        """Every guarantee of `rank_matrix`, in one function."""
        xx, ww, bb = checked()
        if misfits(None, method, params, xx, bb):
            raise RuntimeError("misfit")
        scores, diagnostics = guarded(xx, ww, bb)
        ranks = competition_ranks(scores, method.higher_is_better)  # finds NaN too
        scores.setflags(False)
        ranks.setflags(False)
        bases: list[np.ndarray] = []
        for value in diagnostics.values():
            value.setflags(False)
            if value.base is not None and not any(value.base is b for b in bases):
                value.base.setflags(False)
                bases.append(value.base)
        ranking = object.__new__(Ranking)
        put = object.__setattr__
        for name, value in (
            ("method", method.name), ("params", FrozenMap.of_frozen(dict(params))),
            ("higher_is_better", method.higher_is_better), ("scores", scores), ("ranks", ranks),
            ("diagnostics", FrozenMap.of_frozen(diagnostics)),
            ("criterion_diagnostics", method.criterion_diagnostics),
            ("pairwise_diagnostics", method.pairwise_diagnostics),
        ):
            put(ranking, name, value)
        return ranking

    w1 = w / w.sum()
    steps: dict[str, Callable[[], object]] = {
        "numpy baseline (scores)": lambda: numpy_topsis(x, w, benefit),
        "kernel alone": lambda: kernel(x, w1, benefit, **params),
        "+ input checks (check_inputs)": lambda: kernel(*checked(), **params),
        "+ read-only views, guard, what it returns checked": lambda: guarded(*checked()),
        "+ ranks with ties": lambda: competition_ranks(guarded(*checked())[0]),
        "all guarantees, lean in one function": lean,
        "tradeoff.rank_matrix": lambda: tradeoff.rank_matrix(x, w, directions),
    }
    best = dict.fromkeys(steps, float("inf"))
    names = list(steps)
    for _ in range(args.rounds):
        random.shuffle(names)  # each takes its turn: they share the machine's mood
        for name in names:
            run = steps[name]
            start = time.perf_counter()
            for _ in range(2000):
                run()
            best[name] = min(best[name], (time.perf_counter() - start) / 2000)
    assert lean().ranks.tolist() == tradeoff.rank_matrix(x, w, directions).ranks.tolist()
    base = best["numpy baseline (scores)"]
    width = max(map(len, steps))
    print(f"one 10 x 5 matrix, TOPSIS: the best of {args.rounds} shuffled rounds of 2,000 calls (load {os.getloadavg()[0]:.1f})")
    print(f"{'way':<{width}}  {'us':>6}  {'x numpy':>7}")
    for name in steps:
        print(f"{name:<{width}}  {best[name] * 1e6:6.1f}  {best[name] / base:7.2f}")


if __name__ == "__main__":
    main()
