"""MARCOS, measurement of alternatives and ranking according to compromise solution
(Stevic, Pamucar, Puska & Chatterjee 2020).

The matrix is extended by an ideal row AI (each criterion's best value) and an
anti-ideal AAI (its worst), every value normalised to its ideal, x / max for a benefit
and min / x for a cost, and weighted: S_i = sum_j w_j n_ij, S_ai = sum of the weights
(1), S_aai the anti-ideal's S.  Then

    K-_i = S_i / S_aai    K+_i = S_i / S_ai
    f(K-) = K+ / (K+ + K-)    f(K+) = K- / (K+ + K-)
    f(K_i) = (K+ + K-) / (1 + (1 - f(K+)) / f(K+) + (1 - f(K-)) / f(K-))   higher is better

f(K-) and f(K+) are the same for every option, so f(K) is proportional to S: MARCOS
ranks as the weighted sum under max normalization, with its own scale.  Where every
weighted criterion's worst value is 0, S_aai is 0 and K- infinite: f(K) is then its
limit, K+ (K- is NaN in the diagnostics).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE, Domain, column_stats, weighted_sum


def marcos(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores f(K) ``(..., n)``, with S, K- and K+ and the ideal's and anti-ideal's S."""
    w = np.asarray(weights, dtype=float)
    stats = column_stats(matrix, "max")
    s = weighted_sum(matrix, w, benefit, "max", stats)
    anti = np.where(stats.flat, 1.0, stats.lo / np.where(stats.flat, 1.0, stats.hi))[..., 0, :]  # min / max either way
    s_ai = w.sum(axis=-1, keepdims=True)
    s_aai = (anti * w).sum(axis=-1, keepdims=True)
    k_plus = s / s_ai
    # f(K) with K- = S / S_aai and f(K-), f(K+) put in, in terms of u = S_aai / S_ai in
    # [0, 1]: K+ (1 + u) / (1 + u + u^2), the same number, and K+ itself where the
    # anti-ideal's S is 0 (every weighted criterion's worst value is 0), the limit.
    u = s_aai / s_ai
    f = k_plus * (1 + u) / (1 + u + u * u)
    k_minus = np.divide(s, s_aai, out=np.full(s.shape, np.nan), where=s_aai > 0)
    return f, {"s": s, "k_minus": k_minus, "k_plus": k_plus, "s_ideal": s_ai[..., 0], "s_anti_ideal": s_aai[..., 0]}


METHOD = Method(
    name="marcos",
    label="MARCOS",
    description="Utility relative to the ideal and anti-ideal solutions (Stevic et al. 2020); "
    "higher is better.",
    kernel=marcos,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=POSITIVE, flat_exempt=True),  # x / max and min / x
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
