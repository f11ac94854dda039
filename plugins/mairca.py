"""MAIRCA, multi-attributive ideal-real comparative analysis (Pamucar, Vasin & Lukovac
2014; Gigovic et al. 2016).

With equal a-priori preference 1/n for each of the n options, the theoretical rating of
criterion j is t_j = w_j / n, the real rating t_j r_ij with r min-max normalised
((x - min) / (max - min) for a benefit, (max - x) / (max - min) for a cost; an
all-equal column is 1), and the score is the total gap

    Q_i = sum_j (t_j - t_j r_ij) = sum_j w_j (1 - r_ij) / n        lower is better
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import normalize


def mairca(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores Q ``(..., n)``: each option's gap to the theoretical ratings."""
    n = matrix.shape[-2]
    theoretical = np.asarray(weights, dtype=float)[..., None, :] / n
    gaps = theoretical * (1.0 - normalize(matrix, benefit, "minmax"))
    return gaps.sum(axis=-1), {}


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
