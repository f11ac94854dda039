"""CoCoSo, the combined compromise solution (Yazdani, Zaraté, Zavadskas & Turskis 2019).

Each criterion is min-max normalised, r = (x - min) / (max - min) for a benefit and
(max - x) / (max - min) for a cost (an all-equal column is 1), and then

    S_i = sum_j w_j r_ij            P_i = sum_j r_ij ** w_j      (a sum of powers)
    k_a = (S + P) / sum(S + P)
    k_b = S / min S + P / min P
    k_c = (lam S + (1 - lam) P) / (lam max S + (1 - lam) max P)
    k   = (k_a k_b k_c) ** (1/3) + (k_a + k_b + k_c) / 3              higher is better

as in the paper's Tables III-VI (lambda = 0.5 there).  Min-max gives 0 to the worst
value of each criterion, so an option worst on every weighted criterion has S = 0 (and
P = 0 where every weight is > 0), and k_b would divide by 0: here min S and min P are
the smallest values > 0, and an S or P of 0 adds 0 to k_b (nothing is worse).  The
scikit-criteria bridge (``skc.cocoso``) normalises x / max and min / x instead and does
not reproduce the paper's numbers.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from tradeoff import Method, Param, hookimpl
from tradeoff.plugin_kit import (
    ColumnStats,
    Known,
    Passes,
    Round,
    apply,
    by_row_blocks,
    column_stats,
    normalization_rounds,
    normalization_stats,
)


def cocoso(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, lambda_: float = 0.5
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(..., n)`` and the paper's S, P, k_a, k_b and k_c."""
    s, p = _sums(matrix, weights, benefit, column_stats(matrix, "minmax"))
    whole = _Whole(
        total=(s + p).sum(axis=-1, keepdims=True), s_low=_least(s), p_low=_least(p),
        s_high=s.max(axis=-1, keepdims=True), p_high=p.max(axis=-1, keepdims=True),
    )
    k, parts = _combined(s, p, whole, lambda_)
    return k, {"s": s, "p": p, **parts}


class _Whole(NamedTuple):
    """What each option's k reads of all of them: sum(S + P), the least S and P > 0
    (inf where none is), the largest S and P; each (..., 1) or a number."""

    total: Any
    s_low: Any
    p_low: Any
    s_high: Any
    p_high: Any


def _sums(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, stats: ColumnStats) -> tuple[np.ndarray, np.ndarray]:
    """S and P of the rows `x`, min-max normalised with their whole matrix's `stats` (a
    tall matrix a block of rows at a time: its utilities take a few MB)."""
    return by_row_blocks(_block_sums, x, weights, benefit, stats)


def _block_sums(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, stats: ColumnStats) -> tuple[np.ndarray, np.ndarray]:
    r = apply(x, benefit, "minmax", stats)
    w = np.asarray(weights, dtype=float)[..., None, :]
    return (r * w).sum(axis=-1), (r**w).sum(axis=-1)


def _least(v: np.ndarray) -> np.ndarray:
    """The smallest value > 0 along the last axis, keepdims (inf where none is)."""
    return np.where(v > 0, v, np.inf).min(axis=-1, keepdims=True)


def _over(v: np.ndarray, least: Any) -> np.ndarray:
    """v / least, 0 where v is 0 (or no value is > 0): nothing is worse."""
    least = np.broadcast_to(least, v.shape)
    return np.divide(v, least, out=np.zeros(v.shape), where=(v > 0) & np.isfinite(least))


def _combined(s: np.ndarray, p: np.ndarray, whole: _Whole, lambda_: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """k and its three parts for rows with these S and P, given the whole's."""
    k_a = (s + p) / whole.total
    k_b = _over(s, whole.s_low) + _over(p, whole.p_low)
    k_c = (lambda_ * s + (1 - lambda_) * p) / (lambda_ * whole.s_high + (1 - lambda_) * whole.p_high)
    k = np.cbrt(k_a * k_b * k_c) + (k_a + k_b + k_c) / 3
    return k, {"k_a": k_a, "k_b": k_b, "k_c": k_c}


def _kernel(matrix, weights, benefit, **params):
    """The parameter is named "lambda" in files, a Python keyword: passed by mapping."""
    return cocoso(matrix, weights, benefit, params.get("lambda", 0.5))


def passes(params) -> Passes:
    """Over chunks of rows: the extremes (min-max), then sum(S + P), the least S and P
    > 0 and the largest, then each row's k."""
    lambda_ = params["lambda"]

    def sums(rows: np.ndarray, known: Known) -> tuple[np.ndarray, np.ndarray]:
        return _sums(rows, known.weights, known.benefit, normalization_stats(known, "minmax"))

    def of(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        s, p = sums(rows, known)
        return {"total": (s + p).sum(), "s_low": _least(s)[0], "p_low": _least(p)[0], "s_high": s.max(), "p_high": p.max()}

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        whole = _Whole(*(known[key] for key in _Whole._fields))
        return _combined(*sums(rows, known), whole, lambda_)[0]

    reduce = {"total": "sum", "s_low": "min", "p_low": "min", "s_high": "max", "p_high": "max"}
    return Passes(rounds=(*normalization_rounds("minmax"), Round(of=of, reduce=reduce)), score=score)


METHOD = Method(
    name="cocoso",
    label="CoCoSo",
    description="Combined compromise of a weighted sum and a sum of weighted powers on min-max "
    "normalised values (Yazdani et al. 2019); higher is better.",
    kernel=_kernel,
    passes=passes,
    default_normalization=None,
    normalizations=(),
    params=(
        Param(name="lambda", default=0.5, low=0.0, high=1.0, description="share of S (the weighted sum) in k_c"),
    ),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
