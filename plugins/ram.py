"""RAM, the root assessment method (Sotoudeh-Anvari 2023).

Every criterion is sum-normalised whatever its direction, r = x / sum(x), and weighted;
the benefits' and the costs' weighted sums S+ and S- meet in a root:

    RI_i = (2 + S+_i) ** (1 / (2 + S-_i))          higher is better

S+ and S- are two matrix-vector products of the values.  A column of zeros (sum 0)
counts 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, Domain, matrix_vector, row_sum


def ram(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores RI ``(..., n)``, with S+ and S-."""
    total = row_sum(matrix)[..., 0, :]
    share = np.asarray(weights, dtype=float) / np.where(total > 0, total, 1.0)
    up = np.asarray(benefit, dtype=bool)
    s_plus = matrix_vector(matrix, np.where(up, share, 0.0))
    s_minus = matrix_vector(matrix, np.where(up, 0.0, share))
    return (2.0 + s_plus) ** (1.0 / (2.0 + s_minus)), {"s_plus": s_plus, "s_minus": s_minus}


METHOD = Method(
    name="ram",
    label="RAM",
    description="Root assessment: the benefits' weighted sum to the root of the costs' "
    "(Sotoudeh-Anvari 2023); higher is better.",
    kernel=ram,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=NONNEGATIVE),  # x / sum(x) on every criterion
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
