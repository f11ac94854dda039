"""EDAS (Keshavarz Ghorabaee et al. 2015): distance from the average solution.

    AV_j = mean of criterion j
    PDA = max(0, x - AV) / AV,  NDA = max(0, AV - x) / AV    (swapped for a cost)
    SP = sum(w * PDA),  SN = sum(w * NDA)
    score = (SP / max SP + 1 - SN / max SN) / 2            (the appraisal score)

When no alternative is above (or below) average on any weighted criterion, that half
of the score is 0 (or 1).  Takes values >= 0 (distances are relative to the average,
which is > 0 but for a column of zeros: every value on it).
"""

from __future__ import annotations

import numpy as np
from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import (
    NONNEGATIVE,
    Domain,
    Known,
    Passes,
    Round,
    by_row_blocks,
    matrix_vector,
    row_sum,
)


def edas(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    average = row_sum(matrix) / matrix.shape[-2]
    sp, sn = _distances(matrix, weights, benefit, average)
    score, nsp, nsn = _appraisal(sp, sn, sp.max(axis=-1, keepdims=True), sn.max(axis=-1, keepdims=True))
    return score, {"average": average[..., 0, :], "sp": sp, "sn": sn, "nsp": nsp, "nsn": nsn}


def _distances(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, average: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """SP and SN of the rows `x`, from their whole matrix's column means `average`; a
    tall matrix a block of rows at a time (`by_row_blocks`), so its deviations never
    take more than a few MB."""
    return by_row_blocks(_block_distances, x, weights, benefit, average)


def _block_distances(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, average: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    # Deviations below 1e-12 of the average are rounding in the mean, not distance: an
    # all-equal column must count as on the average, or noise would be scaled up to 1.
    # f is each deviation towards the better: SP weighs its positive part, SN its
    # negative part, each one matrix-vector product (two (n, m) arrays, not six).
    f = (x - average) / np.where(average > 0, average, 1.0)  # 0: a column of zeros, on its average
    np.negative(f, out=f, where=~np.broadcast_to(benefit[..., None, :], f.shape))
    part = np.multiply(f, f > _NOISE)
    sp = matrix_vector(part, weights)
    np.negative(f, out=f)
    np.multiply(f, f > _NOISE, out=part)
    return sp, matrix_vector(part, weights)


def _appraisal(
    sp: np.ndarray, sn: np.ndarray, sp_max: np.ndarray, sn_max: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The appraisal scores, NSP and NSN of rows, given the whole's largest SP and SN."""
    nsp = np.divide(sp, sp_max, out=np.zeros_like(sp), where=sp_max > 0)
    nsn = 1.0 - np.divide(sn, sn_max, out=np.zeros_like(sn), where=sn_max > 0)
    return (nsp + nsn) / 2, nsp, nsn


def passes(_params) -> Passes:
    """Two rounds over chunks of rows: the column means; then the largest SP and SN."""

    def distances(rows: np.ndarray, known: Known) -> tuple[np.ndarray, np.ndarray]:
        return _distances(rows, known.weights, known.benefit, known["average"])

    def largest(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        sp, sn = distances(rows, known)
        return {"sp_max": sp.max(), "sn_max": sn.max()}

    return Passes(
        rounds=(
            Round(
                of=lambda rows, k: {"total": row_sum(rows)},
                reduce={"total": "sum"},
                then=lambda k: {"average": k["total"] / k.n},
            ),
            Round(of=largest, reduce={"sp_max": "max", "sn_max": "max"}),
        ),
        score=lambda rows, k: _appraisal(*distances(rows, k), k["sp_max"], k["sn_max"])[0],
    )


#: A deviation from the average this small (relative) is the mean's rounding: none.
_NOISE = 1e-12


METHOD = Method(
    criterion_diagnostics={"average"},
    name="edas",
    label="EDAS",
    description="Evaluation based on distance from the average solution; higher is better.",
    kernel=edas,
    passes=passes,
    default_normalization=None,
    normalizations=(),
    domain=Domain(benefit=NONNEGATIVE, cost=NONNEGATIVE),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
