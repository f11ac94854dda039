"""TOPSIS (Hwang & Yoon, 1981): closeness to the ideal, distance from the anti-ideal.

After weighting, the ideal takes every criterion's best value and the anti-ideal its
worst; an alternative's score is d- / (d+ + d-), its Euclidean distance from the
anti-ideal relative to both distances, in [0, 1].  With the default ``vector``
normalization this is the classic formulation.  When every alternative is equal on
every criterion both distances are 0 and every score is 0.5 (no alternative is closer
to either point).
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.normalize import extreme_scale, normalize


def topsis(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "vector"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Closeness ``(..., n)`` of a matrix ``(..., n, m)``: 1 at the ideal, 0 at the anti-ideal."""
    v = normalize(matrix, benefit, normalization) * weights[..., None, :]
    ideal = v.max(axis=-2, keepdims=True)
    anti = v.min(axis=-2, keepdims=True)
    # Closeness is invariant to scaling everything; raw values (normalization "none")
    # of extreme magnitude are rescaled first so the squares neither overflow nor vanish.
    peak = np.maximum(np.abs(ideal), np.abs(anti)).max(axis=-1, keepdims=True)
    scale = extreme_scale(peak)
    if scale is None:
        scale, ideal_s, anti_s = np.ones_like(peak), ideal, anti
    else:
        v, ideal_s, anti_s = v / scale, ideal / scale, anti / scale
    d_plus = np.sqrt(np.square(v - ideal_s).sum(axis=-1))
    d_minus = np.sqrt(np.square(v - anti_s).sum(axis=-1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    unscale = scale[..., 0]
    return closeness, {
        "ideal": ideal[..., 0, :],
        "anti_ideal": anti[..., 0, :],
        "distance_to_ideal": d_plus * unscale,
        "distance_to_anti_ideal": d_minus * unscale,
    }


METHOD = Method(
    criterion_diagnostics={"ideal", "anti_ideal"},
    name="topsis",
    label="TOPSIS",
    description="Relative closeness to the ideal point (Hwang & Yoon 1981); higher is better.",
    kernel=topsis,
    default_normalization="vector",
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
