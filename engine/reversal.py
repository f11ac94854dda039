"""Rank reversal check: does the order of two options depend on a third?

Each alternative is removed in turn, and a copy of the last-ranked alternative made
slightly worse on every criterion (10 % of each criterion's range, so it is dominated)
is added; every pair of the other alternatives whose order flips is reported by name.
A method free of rank reversal (SPOTIS with bounds) never reports one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from .methods import check_inputs


@attrs.frozen(kw_only=True)
class Reversal:
    """`above` ranked above `below` in the full ranking, and below it after `change`."""

    change: str
    above: str
    below: str


def _swaps(before: np.ndarray, after: np.ndarray, names: Sequence[str], change: str) -> list[Reversal]:
    out = []
    for i in range(len(names)):
        for j in range(len(names)):
            if before[i] < before[j] and after[i] > after[j]:
                out.append(Reversal(change=change, above=names[i], below=names[j]))
    return out


def rank_reversals(
    method: Any,
    x: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    params: dict[str, Any],
    names: Sequence[str],
) -> list[Reversal]:
    x, w, benefit = check_inputs(x, weights, benefit)
    n = x.shape[0]
    full = method.run_checked(x, w, benefit, params).ranks
    found: list[Reversal] = []
    if n > 2:
        for k in range(n):
            keep = [i for i in range(n) if i != k]
            ranks = method.run_checked(x[keep], w, benefit, params).ranks
            kept = [names[i] for i in keep]
            found += _swaps(full[keep], ranks, kept, f"without {names[k]}")
    last = int(np.argmax(full))
    span = x.max(axis=0) - x.min(axis=0)
    step = np.where(span > 0, span, np.abs(x[last]) + 1.0) * 0.1
    worse = np.where(benefit, x[last] - step, x[last] + step)
    if method.needs_positive(params):
        worse = np.where(benefit, np.maximum(worse, x[last] / 2), worse)  # stays > 0
    ranks = method.run_checked(np.vstack([x, worse]), w, benefit, params).ranks[:n]
    found += _swaps(full, ranks, list(names), f"with a worse copy of {names[last]}")
    return found
