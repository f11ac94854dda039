"""Weighted product (WPM; Bridgman 1922, Miller & Starr 1969): score = prod(r_j ** w_j).

Each criterion is normalised to a ratio (``max``: x / max for a benefit, min / x for a
cost; or ``sum``) and the ratios are multiplied, each raised to its weight.  Ratios of
two alternatives' scores, P(A/B) = prod((a_j / b_j) ** w_j) for benefits, are the
method's classic comparison (Triantaphyllou 2000) and do not depend on the
normalization.  Needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import (
    POSITIVE,
    ColumnStats,
    Domain,
    Known,
    Passes,
    column_stats,
    log_weighted_sum,
    normalization_rounds,
    normalization_stats,
)


def wpm(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "max"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(..., n)``: the weighted product of normalised ratios, in (0, 1]."""
    return _product(matrix, weights, benefit, normalization, column_stats(matrix, normalization))


def _product(
    x: np.ndarray, w: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """`wpm` of the rows `x` with their whole matrix's column constants `stats`: a row's
    score reads only its own values and those constants."""
    log_score = log_weighted_sum(x, w, benefit, how, stats)
    return np.exp(log_score), {"log_score": log_score}


def passes(params) -> Passes:
    """Over chunks of rows: the normalization's rounds, then each row's product."""
    how = params["normalization"]

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        return _product(rows, known.weights, known.benefit, how, normalization_stats(known, how))[0]

    return Passes(rounds=normalization_rounds(how), score=score)


METHOD = Method(
    name="wpm",
    label="Weighted product",
    description="Product of normalised ratios raised to their weights; higher is better.",
    kernel=wpm,
    passes=passes,
    default_normalization="max",
    normalizations=("max", "sum"),
    # A product of ratios, compared in logs: a ratio of 0 (a benefit of 0) has none.
    domain=Domain(benefit=POSITIVE, cost=POSITIVE, flat_exempt=True),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
