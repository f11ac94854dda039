"""Weights from an order of importance: ``roc``, ``rank_sum`` and ``rank_reciprocal``.

``[weights] scheme = "roc", order = ["cost", ["control", "expertise"], "lock_in",
"morale"]``: most important first; an inner array is a tie.  With n criteria and
rank r (1 = most important), before normalising:

    roc              w_r = (1/n) * sum_{k=r..n} 1/k     (Barron & Barrett 1996)
    rank_sum         w_r = n - r + 1                     (Stillwell, Seaver & Edwards 1981)
    rank_reciprocal  w_r = 1 / r                         (Stillwell, Seaver & Edwards 1981)

Tied criteria share the mean of the weights of the positions they occupy, so ties
never change the others' weights.  Every criterion appears exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import describe, did_you_mean, normalised

from .weights_basic import _no_other_keys


def roc_weights(n: int) -> np.ndarray:
    return np.array([sum(1.0 / k for k in range(r, n + 1)) / n for r in range(1, n + 1)])


def rank_sum_weights(n: int) -> np.ndarray:
    return np.arange(n, 0, -1, dtype=float)


def rank_reciprocal_weights(n: int) -> np.ndarray:
    return 1.0 / np.arange(1, n + 1, dtype=float)


def groups(order: Any, criteria: Sequence[str]) -> list[list[str]]:
    """The order as groups of tied criteria, checked: every criterion exactly once."""
    if not isinstance(order, list) or not order:
        raise ScenarioError(
            expected='order = ["most important", ["tied", "criteria"], ...]',
            found=describe(order),
            path=("order",),
        )
    out, seen = [], set()
    for i, item in enumerate(order):
        group = item if isinstance(item, list) else [item]
        for j, name in enumerate(group):
            place = ("order", i, j) if isinstance(item, list) else ("order", i)
            if not isinstance(name, str) or name not in criteria:
                hint = did_you_mean(name, criteria) if isinstance(name, str) else ""
                raise ScenarioError(
                    expected=f"a criterion of the scenario ({', '.join(criteria)}){hint}",
                    found=describe(name),
                    path=place,
                )
            if name in seen:
                raise ScenarioError(expected="each criterion once", found=f'"{name}" again', path=place)
            seen.add(name)
        out.append(group)
    missing = [c for c in criteria if c not in seen]
    if missing:
        raise ScenarioError(
            expected="every criterion in the order", found=f"no {', '.join(missing)}", path=("order",)
        )
    return out


def _scheme(name: str, base: Callable[[int], np.ndarray]):
    def derive(settings: Mapping[str, Any], criteria: Sequence[str], *_data: Any) -> Weighting:
        _no_other_keys(settings, ("order",), name)
        order = groups(settings.get("order"), criteria)
        by_position = base(len(criteria))
        weights, position = {}, 0
        for group in order:
            share = by_position[position : position + len(group)].mean()
            weights.update({c: share for c in group})
            position += len(group)
        return Weighting(weights=normalised([weights[c] for c in criteria]), details={"order": settings["order"]})

    return derive


SCHEMES = (
    ("roc", "Rank-order centroid", roc_weights, "Centroid of the weights consistent with the order."),
    ("rank_sum", "Rank sum", rank_sum_weights, "Weights proportional to n - rank + 1."),
    ("rank_reciprocal", "Rank reciprocal", rank_reciprocal_weights, "Weights proportional to 1 / rank."),
)


@hookimpl
def tradeoff_register_weightings(registrar):
    for name, label, base, text in SCHEMES:
        registrar.add(WeightingScheme(reads_data=False, name=name, label=label, description=text, derive=_scheme(name, base), settings=("order",)))
