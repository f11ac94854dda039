"""OCRA, operational competitiveness rating (Parkan 1994), as in Isik & Adali (2016).

Each criterion's values are taken relative to its column's least value:

    I_i = sum_cost w_j (max_j - x_ij) / min_j       O_i = sum_benefit w_j (x_ij - min_j) / min_j
    I'_i = I_i - min I      O'_i = O_i - min O
    P_i = (I'_i + O'_i) - min (I' + O')             higher is better; the worst is 0

Dividing by a column's least value needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import extremes


def ocra(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores P ``(..., n)``, with the input (cost) and output (benefit) ratings."""
    lo, hi = extremes(matrix)
    up = np.asarray(benefit, dtype=bool)[..., None, :]
    w = np.asarray(weights, dtype=float)[..., None, :]
    rated = w * np.where(up, matrix - lo, hi - matrix) / lo
    inputs = np.where(up, 0.0, rated).sum(axis=-1)
    outputs = np.where(up, rated, 0.0).sum(axis=-1)
    inputs = inputs - inputs.min(axis=-1, keepdims=True)
    outputs = outputs - outputs.min(axis=-1, keepdims=True)
    total = inputs + outputs
    return total - total.min(axis=-1, keepdims=True), {"inputs": inputs, "outputs": outputs}


METHOD = Method(
    name="ocra",
    label="OCRA",
    description="Operational competitiveness: inputs (costs) and outputs (benefits) relative to "
    "each criterion's least value (Parkan 1994); higher is better.",
    kernel=ocra,
    default_normalization=None,
    normalizations=(),
    positive=True,  # each column is divided by its least value
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
