"""Data-driven weights: ``entropy`` and ``critic``.  They read the decision matrix, not
people: a criterion on which the options differ more weighs more.

entropy (Shannon; Zeleny 1982, Hwang & Yoon 1981):
    p_ij = x_ij / sum_i x_ij,   E_j = -sum_i p_ij ln p_ij / ln n,   w_j ~ 1 - E_j
    (values >= 0; 0 ln 0 = 0; with every E_j = 1, or one alternative, weights are equal)

critic (Diakoulaki, Mavrotas & Papayannakis 1995):
    r = minmax-normalised values (benefit-oriented),  sigma_j = std of column j,
    w_j ~ sigma_j * sum_k (1 - corr(j, k))   (Pearson; an all-equal column has
    sigma 0 and is left out of the others' sums, since it has no correlation;
    when every criterion has no contrast or no conflict, the weights are equal)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import normalised, normalize

from .weights_basic import _no_other_keys


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    n = matrix.shape[0]
    if n < 2:
        return np.ones(matrix.shape[1])
    total = matrix.sum(axis=0)
    p = matrix / np.where(total > 0, total, 1.0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    divergence = 1.0 + plogp.sum(axis=0) / np.log(n)
    divergence = np.clip(divergence, 0.0, None)
    return divergence if divergence.sum() > 1e-15 else np.ones(matrix.shape[1])


def critic_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    r = normalize(matrix, benefit, "minmax")
    flat = matrix.min(axis=0) == matrix.max(axis=0)
    r = np.where(flat, 0.0, r)
    sigma = r.std(axis=0)
    live = ~flat
    if live.sum() < 1 or r.shape[0] < 2:
        return np.ones(matrix.shape[1])
    centred = r[:, live] - r[:, live].mean(axis=0)
    norms = np.sqrt((centred * centred).sum(axis=0))
    corr = (centred.T @ centred) / np.outer(norms, norms)
    spread = np.zeros(matrix.shape[1])
    spread[live] = sigma[live] * (1.0 - corr).sum(axis=0)
    return spread if spread.sum() > 1e-15 else np.ones(matrix.shape[1])


def entropy(settings: Mapping[str, Any], criteria: Sequence[str], matrix: np.ndarray, benefit: np.ndarray) -> Weighting:
    _no_other_keys(settings, (), "entropy")
    if (matrix < 0).any():
        j = int(np.flatnonzero((matrix < 0).any(axis=0))[0])
        raise ScenarioError(
            expected=f"values >= 0 on every criterion for entropy weights (criterion {criteria[j]!r} has one below 0)",
            found=f"{matrix[:, j].min():g}",
            path=("scheme",),
        )
    return Weighting(weights=normalised(entropy_weights(matrix)))


def critic(settings: Mapping[str, Any], criteria: Sequence[str], matrix: np.ndarray, benefit: np.ndarray) -> Weighting:
    _no_other_keys(settings, (), "critic")
    return Weighting(weights=normalised(critic_weights(matrix, benefit)))


@hookimpl
def tradeoff_register_weightings(registrar):
    registrar.add(WeightingScheme(
        name="entropy", label="Entropy", derive=entropy,
        description="Objective weights: 1 - Shannon entropy of each criterion's values.",
    ))
    registrar.add(WeightingScheme(
        name="critic", label="CRITIC", derive=critic,
        description="Objective weights from contrast (std) and conflict (1 - correlation).",
    ))
