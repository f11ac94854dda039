"""PROBID and its simpler form sPROBID: preference ranking on the basis of ideal-average
distance (Wang, Rangaiah & Wang 2021).

Values are vector-normalised, x / ||x||, and weighted: v = w n.  The k-th ideal
solution A_(k) takes, on each criterion, the k-th best value of v (the largest for a
benefit, the smallest for a cost), k = 1..n: A_(1) is the positive ideal, A_(n) the
negative one.  S_i(k) is option i's Euclidean distance to A_(k).

PROBID, with the average solution v-bar (each criterion's mean) and S_i(avg) the
distance to it:

    S_i(pos) = sum_{k=1}^{h} S_i(k) / k      S_i(neg) = sum_{k=l}^{n} S_i(k) / (n - k + 1)
    P_i = 1 / (1 + (S_i(pos) / S_i(neg)) ** 2) + S_i(avg)          higher is better

with h = l = (n + 1) / 2 for odd n (the middle ideal in both sums) and h = n / 2,
l = n / 2 + 1 for even n, as the paper states; pymcdm and scikit-criteria count ideal
n / 2 in both sums for even n too.  sPROBID keeps the first and last q = max(1, n // 4)
ideals: P_i = S_i(neg) / S_i(pos), higher is better (an option that is itself each of
the first q ideals, S(pos) = 0, scores one more than the best of the others, a finite
first place).  Every option is measured against
every ideal, a block of options at a time: time grows as n^2, memory as n.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import normalize

#: Option x ideal x criterion values compared at once.
VALUES_AT_ONCE = 1 << 21


def probid(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """PROBID's scores ``(..., n)``, with S(pos), S(neg) and S(avg)."""
    v, ideals = _ideals(matrix, weights, benefit)
    n = v.shape[-2]
    k = np.arange(1, n + 1)
    high, low = ((n + 1) // 2, (n + 1) // 2) if n % 2 else (n // 2, n // 2 + 1)
    pos = np.where(k <= high, 1.0 / k, 0.0)
    neg = np.where(k >= low, 1.0 / (n - k + 1), 0.0)
    s_pos, s_neg = _weighted_distances(v, ideals, pos, neg)
    average = v.mean(axis=-2, keepdims=True)
    s_avg = np.sqrt(((v - average) ** 2).sum(axis=-1))
    # 1 / (1 + R^2), R = S(pos) / S(neg): 0 for an option that is itself the negative
    # ideals (R infinite), 1 where it is both (one option, or all alike).
    ratio = np.divide(s_pos, s_neg, out=np.zeros(s_pos.shape), where=s_neg > 0)
    closeness = np.where((s_neg > 0) | (s_pos == 0), 1.0 / (1.0 + ratio * ratio), 0.0)
    return closeness + s_avg, {"s_pos": s_pos, "s_neg": s_neg, "s_avg": s_avg}


def sprobid(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """sPROBID's scores ``(..., n)``, with S(pos) and S(neg)."""
    v, ideals = _ideals(matrix, weights, benefit)
    n = v.shape[-2]
    q = max(1, n // 4)
    k = np.arange(1, n + 1)
    pos = np.where(k <= q, 1.0 / k, 0.0)
    neg = np.where(k >= n + 1 - q, 1.0 / (n - k + 1), 0.0)
    s_pos, s_neg = _weighted_distances(v, ideals, pos, neg)
    score = np.divide(s_neg, s_pos, out=np.full(s_pos.shape, np.inf), where=s_pos > 0)
    score = np.where(np.isinf(score), _beyond(s_neg, s_pos), score)
    return score, {"s_pos": s_pos, "s_neg": s_neg}


def _beyond(s_neg: np.ndarray, s_pos: np.ndarray) -> np.ndarray:
    """A finite stand-in for S(neg) / 0: above every other option's score."""
    finite = np.divide(s_neg, s_pos, out=np.zeros(s_pos.shape), where=s_pos > 0)
    return finite.max(axis=-1, keepdims=True) + 1.0


def _ideals(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The weighted vector-normalised values v and the spectrum of ideals, best first."""
    up = np.asarray(benefit, dtype=bool)[..., None, :]
    as_benefit = np.ones(matrix.shape[-1], dtype=bool)  # x / ||x|| whatever the direction
    v = normalize(matrix, as_benefit, "vector") * np.asarray(weights, dtype=float)[..., None, :]
    ordered = np.sort(v, axis=-2)
    return v, np.where(up, ordered[..., ::-1, :], ordered)


def _weighted_distances(v: np.ndarray, ideals: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sum_k pos_k S_i(k) and sum_k neg_k S_i(k), the options a block at a time."""
    n, m = v.shape[-2:]
    stack = max(1, v.size // max(1, n * m))
    rows = max(1, VALUES_AT_ONCE // max(1, n * m * stack))
    s_pos, s_neg = np.empty(v.shape[:-1]), np.empty(v.shape[:-1])
    for start in range(0, n, rows):
        block = slice(start, min(start + rows, n))
        d = v[..., block, None, :] - ideals[..., None, :, :]
        distance = np.sqrt((d * d).sum(axis=-1))  # (..., rows, n): to each ideal
        s_pos[..., block] = (distance * pos).sum(axis=-1)
        s_neg[..., block] = (distance * neg).sum(axis=-1)
    return s_pos, s_neg


PROBID = Method(
    name="probid",
    label="PROBID",
    description="Distances to a spectrum of ideal solutions and to the average (Wang et al. 2021); "
    "higher is better.",
    kernel=probid,
    default_normalization=None,
    normalizations=(),
    invariants={"permutation", "weight_scaling", "column_scaling", "identical_tie", "stacking"},
)

SPROBID = Method(
    name="sprobid",
    label="sPROBID",
    description="Simpler PROBID: distances to the first and last quarter of the ideal solutions "
    "(Wang et al. 2021); higher is better.",
    kernel=sprobid,
    default_normalization=None,
    normalizations=(),
    invariants={"permutation", "weight_scaling", "column_scaling", "identical_tie", "stacking"},
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(PROBID)
    registrar.add(SPROBID)
