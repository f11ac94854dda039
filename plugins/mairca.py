"""MAIRCA, multi-attributive ideal-real comparative analysis (Pamucar, Vasin & Lukovac
2014; Gigovic et al. 2016).

With equal a-priori preference 1/n for each of the n options, the theoretical rating of
criterion j is t_j = w_j / n, the real rating t_j r_ij with r min-max normalised
((x - min) / (max - min) for a benefit, (max - x) / (max - min) for a cost; an
all-equal column is 1), and the score is the total gap

    Q_i = sum_j (t_j - t_j r_ij) = sum_j w_j (1 - r_ij) / n        lower is better

that is (sum(w) - sum_j w_j r_ij) / n: the weighted sum of min-max utilities, in its
fused form (`weighted_sum`).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import column_stats, weighted_sum


def mairca(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores Q ``(..., n)``: each option's gap to the theoretical ratings."""
    n = matrix.shape[-2]
    w = np.asarray(weights, dtype=float)
    real = weighted_sum(matrix, w, benefit, "minmax", column_stats(matrix, "minmax"))  # sum_j w_j r_ij
    return (w.sum(axis=-1, keepdims=True) - real) / n, {}


METHOD = Method(
    name="mairca",
    label="MAIRCA",
    description="Total gap between theoretical and real ratings (Pamucar et al. 2014); lower is better.",
    kernel=mairca,
    higher_is_better=False,
    default_normalization=None,
    normalizations=(),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
