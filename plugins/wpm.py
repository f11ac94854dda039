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
from tradeoff.plugin_kit import normalize


def wpm(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "max"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(..., n)``: the weighted product of normalised ratios, in (0, 1]."""
    log_score = (np.log(normalize(matrix, benefit, normalization)) * weights[..., None, :]).sum(-1)
    return np.exp(log_score), {"log_score": log_score}


METHOD = Method(
    name="wpm",
    label="Weighted product",
    description="Product of normalised ratios raised to their weights; higher is better.",
    kernel=wpm,
    default_normalization="max",
    normalizations=("max", "sum"),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
