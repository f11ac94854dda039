"""ARAS (Zavadskas & Turskis 2010): utility relative to an optimal alternative.

An optimal row x0 takes each criterion's best value; cost values are inverted (1 / x);
each column, x0 included, is divided by its sum; S_i = sum(w_j * r_ij) and the score is
the utility degree K_i = S_i / S_0, in (0, 1].  A benefit takes values >= 0, a cost
values > 0 (it is inverted).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE, Domain, Known, Passes, Round, column_max, matrix_vector, row_sum


def aras(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    t = _inverted(matrix, benefit)
    best = column_max(t)  # the optimal alternative, after inverting costs
    return _utility(t, weights, best, row_sum(t) + best)


def _inverted(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """The values with every cost inverted (1 / x): more is better on each criterion
    (one new array, the costs inverted in place)."""
    t = np.array(matrix, dtype=float)
    cost = ~np.broadcast_to(np.asarray(benefit, dtype=bool)[..., None, :], t.shape)
    np.divide(1.0, t, out=t, where=cost)
    return t


def _utility(
    t: np.ndarray, weights: np.ndarray, best: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The utility degrees of the rows `t` (`_inverted`), from their whole matrix's
    optimal row `best` and column sums `total` (the optimal row's included)."""
    column = total[..., 0, :]  # 0 for a benefit column of zeros only: it adds nothing
    share = weights / np.where(column > 0, column, 1.0)  # each criterion's weight over its column's sum
    s = matrix_vector(t, share)
    s0 = (best[..., 0, :] * share).sum(-1, keepdims=True)
    k = np.divide(s, s0, out=np.zeros(np.shape(s)), where=s0 > 0)  # 0 / 0: every benefit all 0, no cost
    return k, {"s": s, "s_optimal": s0[..., 0]}


def passes(_params) -> Passes:
    """One round over chunks of rows (each column's best and sum, costs inverted), then
    each row's utility degree."""

    def of(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        t = _inverted(rows, known.benefit)
        return {"best": column_max(t), "total": row_sum(t)}

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        best = known["best"]
        return _utility(_inverted(rows, known.benefit), known.weights, best, known["total"] + best)[0]

    return Passes(rounds=(Round(of=of, reduce={"best": "max", "total": "sum"}),), score=score)


METHOD = Method(
    name="aras",
    label="ARAS",
    description="Additive ratio assessment: utility relative to the optimal alternative; "
    "higher is better.",
    kernel=aras,
    passes=passes,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=POSITIVE),  # costs are inverted
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
