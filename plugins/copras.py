"""COPRAS (Zavadskas, Kaklauskas & Sarka 1994), as in the textbook formula.

    d_ij = w_j * x_ij / sum_i(x_ij)               (raw values, every criterion)
    S+_i = sum over benefit criteria of d_ij,   S-_i = sum over cost criteria
    Q_i  = S+_i + sum(S-) / (S-_i * sum_k(1 / S-_k))
    score = Q_i / max(Q)                          (the utility degree, in (0, 1])

The Q formula is the usual min(S-) * sum(S-) / (S-_i * sum(min(S-) / S-_k)) with
min(S-) cancelled.  A larger cost value raises S-_i and so lowers Q_i: cost criteria
never raise the score (some implementations get this wrong).  With no cost criterion,
Q = S+.  A benefit takes values >= 0, a cost values > 0 (S- is divided by).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE, Domain, Known, Passes, Round, matrix_vector, row_sum


def copras(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    s_plus, s_minus = _sides(matrix, weights, benefit, row_sum(matrix))
    has_cost = (s_minus > 0).all(axis=-1, keepdims=True)
    safe = np.where(has_cost, s_minus, 1.0)
    q = _q(s_plus, safe, has_cost, s_minus.sum(-1, keepdims=True), (1.0 / safe).sum(-1, keepdims=True))
    return _degree(q, q.max(axis=-1, keepdims=True)), {"s_plus": s_plus, "s_minus": s_minus, "q": q}


def _degree(q: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Q / max Q; 0 for every alternative where every Q is 0 (benefits all 0, no cost)."""
    return np.divide(q, high, out=np.zeros(np.shape(q)), where=high > 0)


def _sides(
    x: np.ndarray, w: np.ndarray, benefit: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """S+ and S- of the rows `x`, from their whole matrix's column sums `total`."""
    # Each column's weight over its sum: S+ and S- are x @ a's sides; a benefit column of
    # zeros (sum 0: all equal, no information) adds nothing.
    column = total[..., 0, :]
    a = w / np.where(column > 0, column, 1.0)
    up = np.broadcast_to(benefit, a.shape)
    return matrix_vector(x, np.where(up, a, 0.0)), matrix_vector(x, np.where(up, 0.0, a))


def _q(
    s_plus: np.ndarray, safe: np.ndarray, has_cost: np.ndarray, minus_total: np.ndarray, inverse_total: np.ndarray
) -> np.ndarray:
    """Q of rows from their S+ and S- (`safe`: 1 where the matrix `has_cost` not), given
    the whole's sum(S-) and sum(1 / S-)."""
    relative = minus_total / (safe * inverse_total)
    return s_plus + np.where(has_cost, relative, 0.0)


def passes(_params) -> Passes:
    """Three rounds over chunks of rows: the column sums; then sum(S-), sum(1 / S-) and
    min(S-) (every S- > 0, or the matrix has no weighted cost); then the largest Q."""

    def sides(rows: np.ndarray, known: Known) -> tuple[np.ndarray, np.ndarray]:
        return _sides(rows, known.weights, known.benefit, known["total"])

    def minus(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        s_minus = sides(rows, known)[1]
        inverse = 1.0 / np.where(s_minus > 0, s_minus, 1.0)  # used only where every S- > 0
        return {"minus_total": s_minus.sum(), "inverse_total": inverse.sum(), "minus_low": s_minus.min()}

    def q(rows: np.ndarray, known: Known) -> np.ndarray:
        s_plus, s_minus = sides(rows, known)
        has_cost = known["minus_low"] > 0
        safe = np.where(has_cost, s_minus, 1.0)
        return _q(s_plus, safe, has_cost, known["minus_total"], known["inverse_total"])

    return Passes(
        rounds=(
            Round(of=lambda rows, k: {"total": row_sum(rows)}, reduce={"total": "sum"}),
            Round(of=minus, reduce={"minus_total": "sum", "inverse_total": "sum", "minus_low": "min"}),
            Round(of=lambda rows, k: {"q_high": q(rows, k).max()}, reduce={"q_high": "max"}),
        ),
        score=lambda rows, known: _degree(q(rows, known), known["q_high"]),
    )


METHOD = Method(
    name="copras",
    label="COPRAS",
    description="Complex proportional assessment: utility degree Q / max Q; higher is better.",
    kernel=copras,
    passes=passes,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=POSITIVE),  # x / sum(x); S- is divided by
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
