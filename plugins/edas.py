"""EDAS (Keshavarz Ghorabaee et al. 2015): distance from the average solution.

    AV_j = mean of criterion j
    PDA = max(0, x - AV) / AV,  NDA = max(0, AV - x) / AV    (swapped for a cost)
    SP = sum(w * PDA),  SN = sum(w * NDA)
    score = (SP / max SP + 1 - SN / max SN) / 2            (the appraisal score)

When no alternative is above (or below) average on any weighted criterion, that half
of the score is 0 (or 1).  Needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl


def edas(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    average = matrix.mean(axis=-2, keepdims=True)
    # Deviations below 1e-12 of the average are rounding in the mean, not distance: an
    # all-equal column must count as on the average, or noise would be scaled up to 1.
    above = _clean(np.maximum(0.0, matrix - average) / average)
    below = _clean(np.maximum(0.0, average - matrix) / average)
    up = benefit[..., None, :]
    w = weights[..., None, :]
    sp = (np.where(up, above, below) * w).sum(-1)
    sn = (np.where(up, below, above) * w).sum(-1)
    sp_max = sp.max(axis=-1, keepdims=True)
    sn_max = sn.max(axis=-1, keepdims=True)
    nsp = np.divide(sp, sp_max, out=np.zeros_like(sp), where=sp_max > 0)
    nsn = 1.0 - np.divide(sn, sn_max, out=np.zeros_like(sn), where=sn_max > 0)
    return (nsp + nsn) / 2, {"average": average[..., 0, :], "sp": sp, "sn": sn, "nsp": nsp, "nsn": nsn}


def _clean(deviation: np.ndarray) -> np.ndarray:
    return np.where(deviation > 1e-12, deviation, 0.0)


METHOD = Method(
    criterion_diagnostics={"average"},
    name="edas",
    label="EDAS",
    description="Evaluation based on distance from the average solution; higher is better.",
    kernel=edas,
    default_normalization=None,
    normalizations=(),
    positive=True,
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
