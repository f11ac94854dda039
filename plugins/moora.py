"""MOORA ratio system (Brauers & Zavadskas 2006).

Each column is divided by its Euclidean norm, x / ||x||2, whatever its direction; the
score adds the weighted ratios of benefit criteria and subtracts those of cost
criteria:  y = sum_benefit(w_j * r_j) - sum_cost(w_j * r_j).  Higher is better.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import extreme_scale


def utilities(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Signed ratios: + r for a benefit criterion, - r for a cost one."""
    return np.where(benefit, 1.0, -1.0)[..., None, :] * _ratios(matrix)


def _ratios(matrix: np.ndarray) -> np.ndarray:
    x = matrix
    scale = extreme_scale(np.abs(x).max(axis=-2, keepdims=True))
    if scale is not None:
        x = x / scale
    norm = np.sqrt(np.einsum("...nm,...nm->...m", x, x))[..., None, :]
    return x / np.where(norm == 0, 1.0, norm)


def moora(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    r = _ratios(matrix)
    signed = np.where(benefit, 1.0, -1.0)[..., None, :] * r
    return np.einsum("...nm,...m->...n", signed, weights), {"ratios": r}


METHOD = Method(
    name="moora",
    label="MOORA (ratio system)",
    description="Weighted vector-normalised benefits minus costs; higher is better.",
    kernel=moora,
    utilities=utilities,
    default_normalization=None,
    normalizations=(),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
