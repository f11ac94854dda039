"""More data-driven weights: how much the options differ on each criterion, measured
as the peer libraries and their papers do.  Each weight before normalising:

std (Jahan & Edwards 2013):        sigma_j, the standard deviation of the values
variance (Rao & Patel 2010):       the variance of the min-max normalised values
cv (Shuai et al. 2012):            sigma_j / mu_j, the coefficient of variation (values >= 0)
gini (Baczkiewicz et al. 2021):    sum_i sum_k |x_ij - x_kj| / (2 n^2 mu_j) (values >= 0)
angle (Shuai et al. 2012):         the angle between x / sum(x) and the uniform vector (values >= 0)
merec (Keshavarz-Ghorabaee et al. 2021): the removal effect of criterion j, sum_i |S'_ij - S_i|,
                                   S_i = ln(1 + mean_j |ln n_ij|), n = min / x (a benefit) or
                                   x / max (a cost), S'_ij with criterion j left out (values > 0)
cilos (Zavadskas & Podvezko 2016): the criterion impact loss: costs made min / x, values
                                   shared x / sum(x), the loss of each criterion where another
                                   is best, and the weights q with F q = 0 (values > 0)
idocriw (Zavadskas & Podvezko 2016): entropy times CILOS, normalised (values > 0)
lopcow (Ecer & Pamucar 2022):      |ln(rms_j / sigma_j)| of the min-max normalised values, sigma
                                   the sample standard deviation

The spreads are ratios of one another, so whether a standard deviation divides by n or
n - 1 changes nothing but in lopcow, which takes the sample one as its paper does.  A
criterion whose values are all equal has no spread: weight 0 (equal weights where no
criterion has any).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from tradeoff import Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import normalised, normalize

from .weights_basic import _no_other_keys
from .weights_objective import entropy_weights, refuse_below


def _spread(values: np.ndarray) -> np.ndarray:
    """Weights before normalising; equal where nothing spreads (or one option)."""
    values = np.where(np.isfinite(values) & (values > 0), values, 0.0)
    return values if values.max(initial=0.0) > 0 else np.ones(len(values))


def _flat(matrix: np.ndarray) -> np.ndarray:
    return matrix.min(axis=0) == matrix.max(axis=0)


def std_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    return _spread(np.where(_flat(matrix), 0.0, matrix.std(axis=0)))


def variance_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    r = normalize(matrix, np.ones(matrix.shape[1], dtype=bool), "minmax")  # every column as a benefit
    return _spread(np.where(_flat(matrix), 0.0, r.var(axis=0)))


def cv_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    mean = matrix.mean(axis=0)
    return _spread(np.divide(matrix.std(axis=0), mean, out=np.zeros(len(mean)), where=(mean > 0) & ~_flat(matrix)))


def gini_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """The sum over pairs from the sorted values: sum_i (2i - n - 1) x_(i), twice."""
    n = len(matrix)
    ordered = np.sort(matrix, axis=0)
    pairs = 2.0 * ((2.0 * np.arange(1, n + 1) - n - 1)[:, None] * ordered).sum(axis=0)
    mean = matrix.mean(axis=0)
    return _spread(np.divide(pairs, 2.0 * n * n * mean, out=np.zeros(len(mean)), where=(mean > 0) & ~_flat(matrix)))


def angle_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    n = len(matrix)
    total = matrix.sum(axis=0)
    b = matrix / np.where(total > 0, total, 1.0)
    cosine = (b.sum(axis=0) / n) / np.maximum(np.sqrt((b * b).sum(axis=0)) * np.sqrt(1.0 / n), 1e-300)
    return _spread(np.where(_flat(matrix), 0.0, np.arccos(np.clip(cosine, -1.0, 1.0))))


def merec_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    m = matrix.shape[1]
    lo, hi = matrix.min(axis=0), matrix.max(axis=0)
    logs = np.abs(np.log(np.where(benefit, lo / matrix, matrix / hi)))  # |ln n_ij|
    whole = np.log1p(logs.sum(axis=1) / m)
    without = np.log1p((logs.sum(axis=1, keepdims=True) - logs) / m)  # criterion j left out
    return _spread(np.abs(without - whole[:, None]).sum(axis=0))


def cilos_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Over the criteria whose values are not all equal (the others weigh 0)."""
    live = ~_flat(matrix)
    if len(matrix) < 2 or not live.any():
        return np.ones(matrix.shape[1])
    out = np.zeros(matrix.shape[1])
    out[live] = _cilos(matrix[:, live], np.asarray(benefit)[live])
    return _spread(out)


def _cilos(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    m = matrix.shape[1]
    turned = np.where(benefit, matrix, matrix.min(axis=0) / matrix)
    r = turned / turned.sum(axis=0)
    a = r[np.argmax(r, axis=0)]  # row k: the options' shares where criterion k is best
    best = np.diag(a)
    p = (best[None, :] - a) / best[None, :]  # p_kj, the loss on j where k is best
    f = p - np.diag(p.sum(axis=0))  # the diagonal: minus each column's total loss
    # q with F q = 0 and sum(q) = 1: the least-squares solution of the stacked system.
    system = np.vstack([f, np.ones((1, m))])
    return np.linalg.lstsq(system, np.r_[np.zeros(m), 1.0], rcond=None)[0]


def idocriw_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    return _spread(entropy_weights(matrix) * normalised(cilos_weights(matrix, benefit)))


def lopcow_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Two options or fewer tell no percentage change apart (rms / sigma is 1 for every
    varying column of two): equal weights over the criteria that vary."""
    if len(matrix) < 3:
        return _spread(np.where(_flat(matrix), 0.0, 1.0))
    r = normalize(matrix, benefit, "minmax")
    rms = np.sqrt((r * r).mean(axis=0))
    sigma = r.std(axis=0, ddof=1)
    flat = _flat(matrix)
    ratio = np.divide(rms, sigma, out=np.ones(len(rms)), where=~flat)
    return _spread(np.where(flat, 0.0, np.abs(np.log(ratio) * 100.0)))


def _scheme(
    name: str, label: str, weights: Callable[[np.ndarray, np.ndarray], np.ndarray], description: str, bound: str | None
) -> WeightingScheme:
    def derive(settings: Mapping[str, Any], criteria: Sequence[str], matrix: np.ndarray, benefit: np.ndarray) -> Weighting:
        _no_other_keys(settings, (), name)
        if bound is not None:
            refuse_below(np.min(matrix, axis=0, initial=np.inf), criteria, name, strict=bound == "> 0")
        return Weighting(weights=normalised(weights(np.asarray(matrix, dtype=float), np.asarray(benefit, dtype=bool))))

    return WeightingScheme(name=name, label=label, derive=derive, reads_data=True, description=description)


SCHEMES = (
    _scheme("std", "Standard deviation", std_weights, "Objective weights: each criterion's standard deviation.", None),
    _scheme("variance", "Variance", variance_weights, "Objective weights: the variance of min-max normalised values.", None),
    _scheme("cv", "Coefficient of variation", cv_weights, "Objective weights: standard deviation over mean.", ">= 0"),
    _scheme("gini", "Gini", gini_weights, "Objective weights: the Gini coefficient of each criterion's values.", ">= 0"),
    _scheme("angle", "Angle", angle_weights, "Objective weights: each criterion's angle to the uniform distribution.", ">= 0"),
    _scheme("merec", "MEREC", merec_weights, "Objective weights: the effect of removing each criterion.", "> 0"),
    _scheme("cilos", "CILOS", cilos_weights, "Objective weights: the criterion impact loss.", "> 0"),
    _scheme("idocriw", "IDOCRIW", idocriw_weights, "Objective weights: entropy combined with CILOS.", "> 0"),
    _scheme("lopcow", "LOPCOW", lopcow_weights, "Objective weights: logarithmic percentage change of min-max values.", None),
)


@hookimpl
def tradeoff_register_weightings(registrar):
    for scheme in SCHEMES:
        registrar.add(scheme)
