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
from tradeoff.plugin_kit import by_row_blocks, extremes, matrix_vector


def ocra(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores P ``(..., n)``, with the input (cost) and output (benefit) ratings I', O'.

    With d = x - min, a benefit's rating is w d / min and a cost's w (span - d) / min:
    the constants cancel once each rating's least value is taken away, so O' and I' are
    two matrix-vector products of d (a tall matrix a block of rows at a time)."""
    lo, hi = extremes(matrix)
    up = np.asarray(benefit, dtype=bool)
    share = np.asarray(weights, dtype=float) / lo[..., 0, :]
    out_rate, in_rate = by_row_blocks(_rates, matrix, lo, np.where(up, share, 0.0), np.where(up, 0.0, share))
    outputs = out_rate - out_rate.min(axis=-1, keepdims=True)
    inputs = in_rate.max(axis=-1, keepdims=True) - in_rate  # the costs' sum w (span - d) / min, less its least
    total = inputs + outputs
    return total - total.min(axis=-1, keepdims=True), {"inputs": inputs, "outputs": outputs}


def _rates(x: np.ndarray, lo: np.ndarray, out_share: np.ndarray, in_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = x - lo
    return matrix_vector(d, out_share), matrix_vector(d, in_share)


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
