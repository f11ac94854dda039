"""VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, 2007): the compromise ranking.

With f* and f- each criterion's best and worst value (``minmax`` normalization gives
r = (f - f-) / (f* - f-), benefit-oriented):

    d_ij = w_j * (1 - r_ij),   S_i = sum_j d_ij,   R_i = max_j d_ij
    Q_i  = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)

Lower Q is better (S*, R* are minima, S-, R- maxima; a zero range makes its term 0).
With a(1), a(2) the best two by Q and DQ = 1 / (n - 1), the diagnostics report
C1, "acceptable advantage": Q(a(2)) - Q(a(1)) >= DQ; C2, "acceptable stability": a(1)
is also best by S or by R; and the compromise set: {a(1)} if both hold, {a(1), a(2)}
if only C2 fails, else every alternative with Q - Q(a(1)) < DQ.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Method, Param, hookimpl
from tradeoff.plugin_kit import RELATIVE_TIE, normalize


def _spread(x: np.ndarray) -> np.ndarray:
    """(x - min) / (max - min) over the last axis; 0 where the range is 0 or only
    rounding (within a relative 1e-9, as ranks tie scores): dividing by a range of a
    few ulps would blow rounding noise up to the full 0-1 scale."""
    lo = x.min(axis=-1, keepdims=True)
    hi = x.max(axis=-1, keepdims=True)
    span = hi - lo
    real = span > RELATIVE_TIE * np.maximum(np.abs(hi), np.abs(lo))
    return np.divide(x - lo, span, out=np.zeros_like(x), where=real)


def vikor(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    normalization: str = "minmax",
    v: float = 0.5,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    d = weights[..., None, :] * (1.0 - normalize(matrix, benefit, normalization))
    s = d.sum(-1)
    r = d.max(-1)
    q = v * _spread(s) + (1 - v) * _spread(r)
    return q, {"s": s, "r": r, **acceptance(q, s, r)}


def acceptance(q: np.ndarray, s: np.ndarray, r: np.ndarray) -> dict[str, np.ndarray]:
    """The two conditions of a compromise solution and the compromise set."""
    n = q.shape[-1]
    order = np.argsort(q, axis=-1, kind="stable")
    first = order[..., :1]
    q_first = np.take_along_axis(q, first, -1)
    dq = 1.0 / (n - 1) if n > 1 else 0.0
    if n > 1:
        q_second = np.take_along_axis(q, order[..., 1:2], -1)
        advantage = (q_second - q_first >= dq - 1e-12)[..., 0]
    else:
        advantage = np.ones(q.shape[:-1], dtype=bool)
    stability = (
        (np.take_along_axis(s, first, -1) <= s.min(-1, keepdims=True))
        | (np.take_along_axis(r, first, -1) <= r.min(-1, keepdims=True))
    )[..., 0]
    positions = np.empty_like(order)
    np.put_along_axis(positions, order, np.broadcast_to(np.arange(n), order.shape), -1)
    close = q - q_first < dq - 1e-12
    compromise = np.where(
        advantage[..., None],
        np.where(stability[..., None], positions == 0, positions <= 1),
        close | (positions == 0),
    )
    return {
        "acceptable_advantage": advantage,
        "acceptable_stability": stability,
        "compromise": compromise,
    }


METHOD = Method(
    name="vikor",
    label="VIKOR",
    description="Compromise ranking by Q (group utility S and individual regret R); "
    "lower is better.",
    kernel=vikor,
    higher_is_better=False,
    default_normalization="minmax",
    normalizations=("minmax",),
    params=(
        Param(
            name="v",
            default=0.5,
            low=0.0,
            high=1.0,
            description="weight of the group utility S against the regret R",
        ),
    ),
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
