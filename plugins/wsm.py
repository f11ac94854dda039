"""Weighted sum (WSM, simple additive weighting): score = sum of weight x value.

The oldest and most transparent method: each criterion's contribution is its weight
times its normalised value, so a score can be read as a sum.  Default normalization
``minmax``: the worst alternative on a criterion gets 0 and the best gets 1.

The scores are the fused sum (`tradeoff.plugin_kit.weighted_sum`: where a utility is
an affine map of the values, one matrix-vector product), in memory and over chunks of
rows alike; each row's contributions, an (n, m) matrix, are made only when read.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import ColumnStats, Deferred, additive, apply, column_stats, fused, normalize, weighted_sum


def utilities(
    matrix: np.ndarray, benefit: np.ndarray, normalization: str = "minmax", stats: ColumnStats | None = None
) -> np.ndarray:
    """The normalised values: what each criterion is worth before weighting (with
    `stats`, the whole matrix's constants, for rows of it)."""
    if stats is None:
        return normalize(matrix, benefit, normalization)
    return apply(matrix, benefit, normalization, stats)


def wsm(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    normalization: str = "minmax",
    stats: ColumnStats | None = None,
) -> tuple[np.ndarray, dict[str, object]]:
    """Scores ``(..., n)`` of a matrix ``(..., n, m)`` with weights ``(..., m)`` (with
    `stats`, the whole matrix's constants, for rows of it)."""
    if stats is None:
        stats = column_stats(matrix, normalization)
    if not fused(matrix):  # a small matrix: its contributions cost less than deferring them
        contributions = apply(matrix, benefit, normalization, stats) * weights[..., None, :]
        return contributions.sum(-1), {"contributions": contributions}
    scores = weighted_sum(matrix, weights, benefit, normalization, stats)
    contributions = Deferred(lambda: apply(matrix, benefit, normalization, stats) * weights[..., None, :])
    return scores, {"contributions": contributions}


def _weighted(rows: np.ndarray, weights: np.ndarray, benefit: np.ndarray, stats: ColumnStats, normalization: str) -> np.ndarray:
    return wsm(rows, weights, benefit, normalization, stats)[0]


METHOD = Method(
    name="wsm",
    label="Weighted sum",
    description="Sum of weight x normalised value; higher is better.",
    kernel=wsm,
    utilities=utilities,
    passes=additive(utilities, _weighted),
    default_normalization="minmax",
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
