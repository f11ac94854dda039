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
    matrix_vector,
    normalization_rounds,
    normalization_stats,
    vector_norms,
)

#: A column's scale (None: none is of extreme magnitude) and norm, ``(..., 1, m)``.
Norms = tuple[np.ndarray | None, np.ndarray]


def utilities(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Signed ratios: + r for a benefit criterion, - r for a cost one."""
    return _signed(_ratios(matrix), benefit)


def _signed(r: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    return np.where(benefit, 1.0, -1.0)[..., None, :] * r


def _ratios(matrix: np.ndarray, norms: Norms | None = None) -> np.ndarray:
    """x / ||x||2, column by column, with the ``vector`` normalization's constants (the
    scale of a column of extreme magnitude, and the norm) of the whole matrix; unlike
    that normalization, an all-equal column keeps its ratios."""
    scale, divisor = vector_norms(matrix) if norms is None else norms
    x = matrix if scale is None else matrix / scale
    return x / divisor


def moora(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, stats: ColumnStats | None = None
) -> tuple[np.ndarray, dict[str, object]]:
    """The scores as one matrix-vector product, ``x @ (±w / ||x||)``; the ratios, an
    (n, m) matrix, made when read.  Only the norms are needed (`vector_norms`: no
    extremes unless a column is of extreme magnitude); chunks bring the whole's `stats`."""
    norms = vector_norms(matrix) if stats is None else (stats.scale, stats.divisor)
    scale, divisor = norms
    a = (np.where(benefit, 1.0, -1.0)[..., None, :] / (divisor * (1.0 if scale is None else scale)))[..., 0, :] * weights
    return matrix_vector(matrix, a), {"ratios": Deferred(lambda: _ratios(matrix, norms))}


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
