"""MOORA ratio system (Brauers & Zavadskas 2006).

Each column is divided by its Euclidean norm, x / ||x||2, whatever its direction; the
score adds the weighted ratios of benefit criteria and subtracts those of cost
criteria:  y = sum_benefit(w_j * r_j) - sum_cost(w_j * r_j).  Higher is better.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import (
    ColumnStats,
    Deferred,
    Known,
    Passes,
    column_stats,
    matrix_vector,
    normalization_rounds,
    normalization_stats,
)


def utilities(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Signed ratios: + r for a benefit criterion, - r for a cost one."""
    return _signed(_ratios(matrix), benefit)


def _signed(r: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    return np.where(benefit, 1.0, -1.0)[..., None, :] * r


def _ratios(matrix: np.ndarray, stats: ColumnStats | None = None) -> np.ndarray:
    """x / ||x||2, column by column, with the ``vector`` normalization's constants (the
    norm, and the scale of a column of extreme magnitude) of the whole matrix; unlike
    that normalization, an all-equal column keeps its ratios."""
    if stats is None:
        stats = column_stats(matrix, "vector")
    x = matrix if stats.scale is None else matrix / stats.scale
    return x / stats.divisor


def moora(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, stats: ColumnStats | None = None
) -> tuple[np.ndarray, dict[str, object]]:
    """The scores as one matrix-vector product, ``x @ (±w / ||x||)``; the ratios, an
    (n, m) matrix, made when read."""
    if stats is None:
        stats = column_stats(matrix, "vector")
    scale = 1.0 if stats.scale is None else stats.scale
    a = (np.where(benefit, 1.0, -1.0)[..., None, :] / (stats.divisor * scale))[..., 0, :] * weights
    return matrix_vector(matrix, a), {"ratios": Deferred(lambda: _ratios(matrix, stats))}


def passes(params) -> Passes:
    """Over chunks of rows: the extremes and sums of squares, then each row's score."""

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        return moora(rows, known.weights, known.benefit, normalization_stats(known, "vector"))[0]

    return Passes(rounds=normalization_rounds("vector"), score=score)


METHOD = Method(
    name="moora",
    label="MOORA (ratio system)",
    description="Weighted vector-normalised benefits minus costs; higher is better.",
    kernel=moora,
    passes=passes,
    utilities=utilities,
    default_normalization=None,
    normalizations=(),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
