"""CODAS, combinative distance-based assessment (Keshavarz Ghorabaee, Zavadskas, Turskis
& Antucheviciene 2016).

Each criterion is normalised x / max (a benefit) or min / x (a cost) and weighted,
r = w n; ns is each criterion's least r (the negative-ideal solution), and

    E_i = sqrt(sum_j (r_ij - ns_j) ** 2)     T_i = sum_j |r_ij - ns_j|
    h_ik = (E_i - E_k) + psi(E_i - E_k) (T_i - T_k),  psi(x) = 1 if |x| >= tau, else 0
    H_i = sum_k h_ik                                       higher is better

as the paper's Eq. 10 prints it and its examples compute it (tau = 0.02 there): the
taxicab distance decides between two options whose Euclidean distances are tau or more
apart.  Every pair is compared, a block of rows at a time: time grows as n^2, memory
as n.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, Param, hookimpl
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE, Domain, normalize

#: Pair values (options x options, over a stack) compared at once.
PAIRS_AT_ONCE = 1 << 21


def codas(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, tau: float = 0.02
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores H ``(..., n)``, with the Euclidean and taxicab distances E and T."""
    r = normalize(matrix, benefit, "max") * np.asarray(weights, dtype=float)[..., None, :]
    gap = r - r.min(axis=-2, keepdims=True)
    e = np.sqrt((gap * gap).sum(axis=-1))
    t = gap.sum(axis=-1)  # every gap is >= 0
    return _assessment(e, t, tau), {"e": e, "t": t}


def _assessment(e: np.ndarray, t: np.ndarray, tau: float) -> np.ndarray:
    """H_i = sum_k h_ik, the rows i a block at a time (each block against every k)."""
    n = e.shape[-1]
    stack = max(1, e.size // max(n, 1))
    rows = max(1, PAIRS_AT_ONCE // max(1, n * stack))
    out = np.empty(e.shape)
    for start in range(0, n, rows):
        block = slice(start, min(start + rows, n))
        de = e[..., block, None] - e[..., None, :]
        dt = t[..., block, None] - t[..., None, :]
        out[..., block] = (de + np.where(np.abs(de) >= tau, dt, 0.0)).sum(axis=-1)
    return out


METHOD = Method(
    name="codas",
    label="CODAS",
    description="Euclidean, then taxicab, distances from the negative-ideal solution compared "
    "pairwise (Keshavarz Ghorabaee et al. 2016); higher is better.",
    kernel=codas,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=POSITIVE, flat_exempt=True),  # x / max and min / x
    params=(Param(name="tau", default=0.02, low=0.0, high=1.0, description="threshold of Euclidean distances told apart"),),
    invariants={"permutation", "weight_scaling", "column_scaling", "identical_tie", "stacking"},
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
