"""VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, 2007): the compromise ranking.

With f* and f- each criterion's best and worst value (``minmax`` normalization gives
r = (f - f-) / (f* - f-), benefit-oriented):

    d_ij = w_j * (1 - r_ij),   S_i = sum_j d_ij,   R_i = max_j d_ij
    Q_i  = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)

Lower Q is better (S*, R* are minima, S-, R- maxima; a zero range makes its term 0).
With a(1), a(2) the best two by Q and DQ = 1 / (n - 1), the diagnostics report
C1, "acceptable advantage": Q(a(2)) - Q(a(1)) >= DQ; C2, "acceptable stability": a(1)
is also best by S or by R; and the compromise set: {a(1)} if both hold, {a(1), a(2)}
if only C2 fails, else every alternative with Q - Q(a(1)) < DQ.
"""

from __future__ import annotations

import numpy as np
from tradeoff import Method, Param, hookimpl
from tradeoff.plugin_kit import (
    RELATIVE_TIE,
    ColumnStats,
    Known,
    Passes,
    Round,
    across,
    apply,
    by_row_blocks,
    column_stats,
    normalization_rounds,
    normalization_stats,
)


def _spread(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """(x - lo) / (hi - lo), `lo` and `hi` the whole's min and max of `x` over its last
    axis; 0 where the range is 0 or only rounding (within a relative 1e-9, as ranks tie
    scores): dividing by a range of a few ulps would blow rounding noise up to the full
    0-1 scale."""
    span = hi - lo
    real = span > RELATIVE_TIE * np.maximum(np.abs(hi), np.abs(lo))
    return np.divide(x - lo, span, out=np.zeros_like(x), where=real)


def vikor(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    normalization: str = "minmax",
    v: float = 0.5,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    s, r = _utility_regret(matrix, weights, benefit, normalization, column_stats(matrix, normalization))
    q = _q(s, r, v, _ends(s), _ends(r))
    return q, {"s": s, "r": r, **acceptance(q, s, r)}


def reweigh(matrix: np.ndarray, benefit: np.ndarray, normalization: str = "minmax", v: float = 0.5):
    """Q under many weight vectors (SMAA's samples): the regrets ``1 - r`` normalised
    once, each sample's S and R from them as the kernel's (the same numbers), and the
    compromise diagnostics, which no ranking reads, left out."""
    regret = apply(matrix, benefit, normalization, column_stats(matrix, normalization))
    np.subtract(1.0, regret, out=regret)

    def scores(weights: np.ndarray) -> np.ndarray:
        d = regret * weights[:, None, :]
        s, r = across(np.add, d), across(np.maximum, d)
        return _q(s, r, v, _ends(s), _ends(r))

    return scores


def _utility_regret(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats
) -> tuple[np.ndarray, np.ndarray]:
    """S and R of the rows `x`, normalised with their whole matrix's constants `stats`;
    a tall matrix a block of rows at a time (`by_row_blocks`: a row's S and R are its
    own), so the weighted regrets never take more than a few MB."""
    return by_row_blocks(_block_utility_regret, x, weights, benefit, how, stats)


def _block_utility_regret(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats
) -> tuple[np.ndarray, np.ndarray]:
    d = apply(x, benefit, how, stats)  # a new array: the weighted regrets are made in it
    np.subtract(1.0, d, out=d)
    d *= weights[..., None, :]
    return across(np.add, d), across(np.maximum, d)


def _ends(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return x.min(axis=-1, keepdims=True), x.max(axis=-1, keepdims=True)


def _q(s: np.ndarray, r: np.ndarray, v: float, s_ends: tuple, r_ends: tuple) -> np.ndarray:
    """Q of rows from their S and R and the whole's (min, max) of each."""
    return v * _spread(s, *s_ends) + (1 - v) * _spread(r, *r_ends)


def passes(params) -> Passes:
    """Over chunks of rows: the normalization's rounds (the extremes), then the min and
    max of S and R, then each row's Q."""
    how, v = params["normalization"], params["v"]

    def utility_regret(rows: np.ndarray, known: Known) -> tuple[np.ndarray, np.ndarray]:
        return _utility_regret(rows, known.weights, known.benefit, how, normalization_stats(known, how))

    def ends(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        s, r = utility_regret(rows, known)
        return {"s_lo": s.min(), "s_hi": s.max(), "r_lo": r.min(), "r_hi": r.max()}

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        s, r = utility_regret(rows, known)
        return _q(s, r, v, (known["s_lo"], known["s_hi"]), (known["r_lo"], known["r_hi"]))

    spans = Round(of=ends, reduce={"s_lo": "min", "s_hi": "max", "r_lo": "min", "r_hi": "max"})
    return Passes(rounds=(*normalization_rounds(how), spans), score=score)


def acceptance(q: np.ndarray, s: np.ndarray, r: np.ndarray) -> dict[str, np.ndarray]:
    """The two conditions of a compromise solution and the compromise set.  They read
    only the best and the second best by Q (ties in the alternatives' order, as a
    stable sort gives them): two arg-minima, not a sort."""
    n = q.shape[-1]
    places = np.arange(n)
    first = np.argmin(q, axis=-1)[..., None]  # the first of the lowest
    is_first = places == first
    q_first = np.take_along_axis(q, first, -1)
    dq = 1.0 / (n - 1) if n > 1 else 0.0
    if n > 1:
        second = np.argmin(np.where(is_first, np.inf, q), axis=-1)[..., None]
        q_second = np.take_along_axis(q, second, -1)
        advantage = (q_second - q_first >= dq - 1e-12)[..., 0]
        is_second = places == second
    else:
        advantage = np.ones(q.shape[:-1], dtype=bool)
        is_second = np.zeros(q.shape, dtype=bool)
    stability = (
        (np.take_along_axis(s, first, -1) <= s.min(-1, keepdims=True))
        | (np.take_along_axis(r, first, -1) <= r.min(-1, keepdims=True))
    )[..., 0]
    close = q - q_first < dq - 1e-12
    compromise = np.where(
        advantage[..., None],
        np.where(stability[..., None], is_first, is_first | is_second),
        close | is_first,
    )
    return {
        "acceptable_advantage": advantage,
        "acceptable_stability": stability,
        "compromise": compromise,
    }


METHOD = Method(
    name="vikor",
    label="VIKOR",
    description="Compromise ranking by Q (group utility S and individual regret R); "
    "lower is better.",
    kernel=vikor,
    reweigh=reweigh,
    passes=passes,
    higher_is_better=False,
    default_normalization="minmax",
    normalizations=("minmax",),
    params=(
        Param(
            name="v",
            default=0.5,
            low=0.0,
            high=1.0,
            description="weight of the group utility S against the regret R",
        ),
    ),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
