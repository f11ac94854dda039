"""ARAS (Zavadskas & Turskis 2010): utility relative to an optimal alternative.

An optimal row x0 takes each criterion's best value; cost values are inverted (1 / x);
each column, x0 included, is divided by its sum; S_i = sum(w_j * r_ij) and the score is
the utility degree K_i = S_i / S_0, in (0, 1].  Needs every value > 0.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl


def aras(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    up = benefit[..., None, :]
    t = np.where(up, matrix, 1.0 / matrix)
    best = t.max(axis=-2, keepdims=True)  # the optimal alternative, after inverting costs
    total = t.sum(axis=-2, keepdims=True) + best
    w = weights[..., None, :]
    s = (t / total * w).sum(-1)
    s0 = (best / total * w).sum(-1)
    return s / s0, {"s": s, "s_optimal": s0[..., 0]}


METHOD = Method(
    name="aras",
    label="ARAS",
    description="Additive ratio assessment: utility relative to the optimal alternative; "
    "higher is better.",
    kernel=aras,
    default_normalization=None,
    normalizations=(),
    positive=True,
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
