"""WASPAS (Zavadskas et al. 2012): a blend of the weighted sum and the weighted product.

    Q = lambda * sum(w_j * r_j) + (1 - lambda) * prod(r_j ** w_j)

on the linear ``max`` normalization (x / max for a benefit, min / x for a cost), as in
Chakraborty, Zavadskas & Antucheviciene (2015).  lambda = 1 is the weighted sum, 0 the
weighted product.  Needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, Param, hookimpl
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
    weighted_sum,
)


def waspas(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    normalization: str = "max",
    lambda_: float = 0.5,
    stats: ColumnStats | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(..., n)`` (with `stats`, the whole matrix's column constants, of rows of
    it: a row's score reads only its own values and those constants)."""
    if stats is None:
        stats = column_stats(matrix, normalization)
    wsm = weighted_sum(matrix, weights, benefit, normalization, stats)
    wpm = np.exp(log_weighted_sum(matrix, weights, benefit, normalization, stats))
    return lambda_ * wsm + (1 - lambda_) * wpm, {"wsm": wsm, "wpm": wpm}


def _kernel(matrix, weights, benefit, normalization="max", **params):
    """The parameter is named "lambda" in files, a Python keyword: passed by mapping."""
    return waspas(matrix, weights, benefit, normalization, params.get("lambda", 0.5))


def passes(params) -> Passes:
    """Over chunks of rows: the normalization's rounds, then each row's blend."""
    how, lambda_ = params["normalization"], params["lambda"]

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        stats = normalization_stats(known, how)
        return waspas(rows, known.weights, known.benefit, how, lambda_, stats)[0]

    return Passes(rounds=normalization_rounds(how), score=score)


METHOD = Method(
    name="waspas",
    label="WASPAS",
    description="lambda x weighted sum + (1 - lambda) x weighted product; higher is better.",
    kernel=_kernel,
    passes=passes,
    default_normalization="max",
    normalizations=("max",),
    # Its product of ratios is compared in logs: a ratio of 0 (a benefit of 0) has none.
    domain=Domain(benefit=POSITIVE, cost=POSITIVE, flat_exempt=True),
    params=(
        Param(name="lambda", default=0.5, low=0.0, high=1.0, description="share of the weighted sum"),
    ),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
