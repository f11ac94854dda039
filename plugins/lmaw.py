"""LMAW, the logarithm methodology of additive weights (Pamucar, Zizovic, Biswas &
Bozanic 2021).

Each value is standardised to eta >= 1, (x + max) / max for a benefit and
(x + min) / x for a cost, then taken in logs relative to its column's product,
phi = ln(eta) / ln(prod_i eta), and weighted by a Bonferroni-like mean:

    xi_ij = 2 phi_ij ** w_j / ((2 - phi_ij) ** w_j + phi_ij ** w_j)
    Q_i = sum_j xi_ij                                      higher is better

A column whose values are all equal tells the options apart in nothing: its phi is
1 / n for everyone (a benefit column of zeros too).  A benefit takes values >= 0, a
cost values > 0 (it is divided by).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE, Domain, by_row_blocks, extremes, row_sum_of


def lmaw(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores Q ``(..., n)``."""
    lo, hi = extremes(matrix)
    up = np.asarray(benefit, dtype=bool)[..., None, :]

    top = np.where(hi > 0, hi, 1.0)  # a benefit column of zeros: eta = 1 for everyone

    def log_eta(x: np.ndarray) -> np.ndarray:  # ln(1 + x / max) or ln(1 + min / x)
        return np.log1p(np.where(up, x / top, lo / np.where(x > 0, x, 1.0)))  # a cost is > 0

    # Two passes, a tall matrix's rows a block at a time: each column's sum of logs, then
    # each row's Q (its (rows, m) temporaries take a few MB).
    total = row_sum_of(log_eta, matrix)
    (q,) = by_row_blocks(_q, matrix, log_eta, total, np.asarray(weights, dtype=float)[..., None, :], matrix.shape[-2])
    return q, {}


def _q(x: np.ndarray, log_eta, total: np.ndarray, w: np.ndarray, n: int) -> tuple[np.ndarray]:
    phi = np.divide(log_eta(x), total, out=np.full(x.shape, 1.0 / n), where=total > 0)  # 1 / n: all equal
    powered = phi**w
    return ((2.0 * powered / ((2.0 - phi) ** w + powered)).sum(axis=-1),)


METHOD = Method(
    name="lmaw",
    label="LMAW",
    description="Logarithm methodology of additive weights (Pamucar et al. 2021); higher is better.",
    kernel=lmaw,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=POSITIVE),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
