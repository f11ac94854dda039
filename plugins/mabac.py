"""MABAC (Pamucar & Cirovic 2015): distance from the border approximation area.

    n = minmax-normalised values (benefit-oriented),  v = w * (n + 1)
    G_j = (prod_i v_ij) ** (1 / number of alternatives)     (the border area)
    score = sum_j (v_ij - G_j)

Higher is better; a positive score lies above the border area.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import normalize


def mabac(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "minmax"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    shifted = normalize(matrix, benefit, normalization) + 1.0  # in [1, 2]
    w = weights[..., None, :]
    v = w * shifted
    border = w * np.exp(np.log(shifted).mean(axis=-2, keepdims=True))  # w * geometric mean
    return (v - border).sum(-1), {"border": border[..., 0, :]}


METHOD = Method(
    criterion_diagnostics={"border"},
    name="mabac",
    label="MABAC",
    description="Sum of distances from the border approximation area; higher is better.",
    kernel=mabac,
    default_normalization="minmax",
    normalizations=("minmax",),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
