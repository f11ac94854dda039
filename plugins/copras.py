"""COPRAS (Zavadskas, Kaklauskas & Sarka 1994), as in the textbook formula.

    d_ij = w_j * x_ij / sum_i(x_ij)               (raw values, every criterion)
    S+_i = sum over benefit criteria of d_ij,   S-_i = sum over cost criteria
    Q_i  = S+_i + sum(S-) / (S-_i * sum_k(1 / S-_k))
    score = Q_i / max(Q)                          (the utility degree, in (0, 1])

The Q formula is the usual min(S-) * sum(S-) / (S-_i * sum(min(S-) / S-_k)) with
min(S-) cancelled.  A larger cost value raises S-_i and so lowers Q_i: cost criteria
never raise the score (some implementations get this wrong).  With no cost criterion,
Q = S+.  Needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl


def copras(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    up = np.broadcast_to(benefit[..., None, :], matrix.shape)
    d = matrix / matrix.sum(axis=-2, keepdims=True) * weights[..., None, :]
    s_plus = np.where(up, d, 0.0).sum(-1)
    s_minus = np.where(up, 0.0, d).sum(-1)
    has_cost = (s_minus > 0).all(axis=-1, keepdims=True)
    safe = np.where(has_cost, s_minus, 1.0)
    relative = s_minus.sum(-1, keepdims=True) / (safe * (1.0 / safe).sum(-1, keepdims=True))
    q = s_plus + np.where(has_cost, relative, 0.0)
    return q / q.max(axis=-1, keepdims=True), {"s_plus": s_plus, "s_minus": s_minus, "q": q}


METHOD = Method(
    name="copras",
    label="COPRAS",
    description="Complex proportional assessment: utility degree Q / max Q; higher is better.",
    kernel=copras,
    default_normalization=None,
    normalizations=(),
    positive=True,
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
