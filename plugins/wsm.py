"""Weighted sum (WSM, simple additive weighting): score = sum of weight x value.

The oldest and most transparent method: each criterion's contribution is its weight
times its normalised value, so a score can be read as a sum.  Default normalization
``minmax``: the worst alternative on a criterion gets 0 and the best gets 1.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import ColumnStats, additive, apply, normalize


def utilities(
    matrix: np.ndarray, benefit: np.ndarray, normalization: str = "minmax", stats: ColumnStats | None = None
) -> np.ndarray:
    """The normalised values: what each criterion is worth before weighting (with
    `stats`, the whole matrix's constants, for rows of it)."""
    if stats is None:
        return normalize(matrix, benefit, normalization)
    return apply(matrix, benefit, normalization, stats)


def wsm(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "minmax"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(..., n)`` of a matrix ``(..., n, m)`` with weights ``(..., m)``."""
    contributions = utilities(matrix, benefit, normalization) * weights[..., None, :]
    return contributions.sum(axis=-1), {"contributions": contributions}


METHOD = Method(
    name="wsm",
    label="Weighted sum",
    description="Sum of weight x normalised value; higher is better.",
    kernel=wsm,
    utilities=utilities,
    passes=additive(utilities),
    default_normalization="minmax",
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
