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
    ColumnStats,
    Known,
    Passes,
    Round,
    across,
    apply,
    column_stats,
    normalization_rounds,
    normalization_stats,
    row_sum,
)


def mabac(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "minmax"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    shifted = _shifted(matrix, benefit, normalization, column_stats(matrix, normalization))
    return _distances(shifted, weights, row_sum(np.log(shifted)) / shifted.shape[-2])


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
