"""MABAC (Pamucar & Cirovic 2015): distance from the border approximation area.

    n = minmax-normalised values (benefit-oriented),  v = w * (n + 1)
    G_j = (prod_i v_ij) ** (1 / number of alternatives)     (the border area)
    score = sum_j (v_ij - G_j)

Higher is better; a positive score lies above the border area.
"""

from __future__ import annotations

import numpy as np
from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import (
    ROW_BLOCK,
    ColumnStats,
    Known,
    Passes,
    Round,
    across,
    apply,
    column_stats,
    normalization_rounds,
    normalization_stats,
    row_blocks,
    row_sum,
    row_sum_of,
)


def mabac(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "minmax"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    stats = column_stats(matrix, normalization)
    if matrix.ndim == 2 and len(matrix) > ROW_BLOCK:
        return _tall(matrix, weights, benefit, normalization, stats)
    shifted = _shifted(matrix, benefit, normalization, stats)
    return _distances(shifted, weights, row_sum(np.log(shifted)) / shifted.shape[-2])


def _tall(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """`mabac` of one tall matrix with the same numbers, a block of rows at a time: the
    shifted values (the one (n, m) array), the sum of their logs (`row_sum_of`, the
    sums `row_sum` gives) and each block's distances, so no other (n, m) array is made."""
    n = len(x)
    shifted = np.empty(x.shape)
    for rows in row_blocks(n):
        shifted[rows] = _shifted(x[rows], benefit, how, stats)
    log_mean = row_sum_of(np.log, shifted) / n
    scores = np.empty(n)
    border = None
    for rows in row_blocks(n):
        scores[rows], diagnostics = _distances(shifted[rows], weights, log_mean)
        border = diagnostics["border"]
    return scores, {"border": border}


def _shifted(x: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats) -> np.ndarray:
    """The rows' normalised values (with their whole matrix's constants) plus 1: in [1, 2]."""
    return apply(x, benefit, how, stats) + 1.0


def _distances(
    shifted: np.ndarray, weights: np.ndarray, log_mean: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The rows' scores from their `_shifted` values and the whole's mean log of them."""
    w = weights[..., None, :]
    border = w * np.exp(log_mean)  # w * geometric mean
    v = w * shifted
    v -= border  # each value's distance from the border, in place
    return across(np.add, v), {"border": border[..., 0, :]}


def passes(params) -> Passes:
    """Over chunks of rows: the normalization's rounds, then the sum of each column's
    log of the shifted values (the border area), then each row's score."""
    how = params["normalization"]

    def shifted(rows: np.ndarray, known: Known) -> np.ndarray:
        return _shifted(rows, known.benefit, how, normalization_stats(known, how))

    border = Round(
        of=lambda rows, k: {"log_total": row_sum(np.log(shifted(rows, k)))},
        reduce={"log_total": "sum"},
        then=lambda k: {"log_mean": k["log_total"] / k.n},
    )
    return Passes(
        rounds=(*normalization_rounds(how), border),
        score=lambda rows, k: _distances(shifted(rows, k), k.weights, k["log_mean"])[0],
    )


METHOD = Method(
    criterion_diagnostics={"border"},
    name="mabac",
    label="MABAC",
    description="Sum of distances from the border approximation area; higher is better.",
    kernel=mabac,
    passes=passes,
    default_normalization="minmax",
    normalizations=("minmax",),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
