"""Weight stability: how far one weight can move before the decision changes.

Criterion j's weight walks the path w_j = t in [0, 1] with the other weights rescaled
in proportion, w_k(t) = w_k (1 - t) / (1 - w_j), so every point is a weight vector
summing to 1 and t = w_j is the scenario's own.  (When w_j = 1 the others have no
proportions to keep: they share 1 - t equally.)  For each criterion the result gives
the interval of t around w_j within which the top choice (the set of alternatives
ranked first) stays the same, and the one within which every rank stays the same.
A bound is where the decision changes: two alternatives tie there (as ranks tie
them: within a relative 1e-9).  A tie at the scenario's weights that the path breaks
at once gives the interval [w_j, w_j].  With one criterion the weight is 1 on any
path: both intervals are [1, 1].

Additive methods (score = utilities @ weights) have scores linear in t: each pair of
alternatives crosses at most once and the bounds are solved exactly.  Every other
method is ranked on a grid of t for all criteria at once and each bound is then
bisected, all bounds together, in stacked calls of its kernel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.ranks import RELATIVE_TIE, best_first
from ..core.result import Result
from ..model.frozen import read_only
from .analysis import rank_chunks, ranked

if TYPE_CHECKING:
    from ..core.pipeline import Prepared

#: Grid points on [0, 1] (and w_j) of the numeric path: a cell is 1/64 wide.
GRID = 65


@attrs.frozen(kw_only=True)
class Stability:
    """Intervals [low, high] of each criterion's weight, indexed like `result`'s criteria."""

    result: Result = attrs.field(eq=False)
    weights: np.ndarray = attrs.field(eq=False, converter=read_only)  # (m,) the scenario's, summing to 1
    top: np.ndarray = attrs.field(eq=False, converter=read_only)  # (m, 2) the top choice stays the same
    order: np.ndarray = attrs.field(eq=False, converter=read_only)  # (m, 2) every rank stays the same
    exact: bool  # solved in closed form (additive method), else to within tol

    def to_dict(self) -> dict[str, Any]:
        """Each criterion's weight and the intervals within which the decision holds."""
        return {
            "exact": self.exact,
            "criteria": {
                c.id: {
                    "weight": float(self.weights[j]),
                    "top": [float(v) for v in self.top[j]],
                    "order": [float(v) for v in self.order[j]],
                }
                for j, c in enumerate(self.result.criteria)
            },
        }


def weight_stability(
    job: Prepared, result: Result | None = None, *, tol: float = 1e-6, exact: bool | None = None
) -> Stability:
    """Stability intervals of the weights of the prepared decision `job`
    (`pipeline.prepare`); `result` is its ranking when the caller has it already.

    `exact`: None solves in closed form when the method is additive and numerically
    otherwise (each bound to within `tol`); False forces the numeric path, which is
    how the closed form is checked; True insists on the closed form.
    """
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol!r}")
    exact = bool(job.method.additive if exact is None else exact)
    if exact and not job.method.additive:
        raise ValueError(f"method {job.method.name!r} is not additive: no closed form")
    result = ranked(job, result)
    if job.x.shape[1] == 1:
        top, order = np.ones((1, 2)), np.ones((1, 2))
    else:
        top, order = _exact(job, result.ranking.ranks) if exact else _numeric(job, result.ranking.ranks, tol)
    return Stability(result=result, weights=job.w, top=top, order=order, exact=exact)


def _others(w: np.ndarray) -> np.ndarray:
    """(m, m): row j is the weights at t = 0 of criterion j's path (0 at j)."""
    m = len(w)
    rest = np.where(np.eye(m, dtype=bool), 0.0, w)
    total = rest.sum(axis=1, keepdims=True)
    equal = np.where(np.eye(m, dtype=bool), 0.0, 1.0 / (m - 1))
    return np.where(total > 0, rest / np.where(total > 0, total, 1.0), equal)


def _path(t: np.ndarray, others: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Weights (..., m) at points `t` (...) of the paths of criteria `j` (...)."""
    m = others.shape[0]
    return t[..., None] * np.eye(m)[j] + (1.0 - t[..., None]) * others[j]


# -- closed form --------------------------------------------------------------------------


def _exact(job, ranks):
    """Each pair's score difference d(t) = t A + (1 - t) B is linear: one root at most.

    The first change along the path is where some pair of neighbours in the current
    order meets (at a meeting every alternative between them meets too), so
    neighbours suffice for the order, and the first top alternative against every
    other one for the top choice.
    """
    w, u = job.w, job.method.utilities_checked(job.x, job.benefit, job.params)
    sign = 1.0 if job.method.higher_is_better else -1.0
    others = _others(w)
    end = sign * u  # (n, m): scores at t = 1 on criterion j's path
    start = sign * u @ others.T  # (n, m): scores at t = 0
    size = np.abs(u), np.abs(u) @ others.T  # the terms' size, for rounding: (end, start)
    listed = best_first(ranks)
    rest = listed[1:]
    top = _bounds(end, start, size, w, np.full(len(rest), listed[0]), rest, ranks[rest] == 1)
    ahead, behind = listed[:-1], listed[1:]
    order = _bounds(end, start, size, w, ahead, behind, ranks[ahead] == ranks[behind])
    return top, order


def _bounds(end, start, size, w, a, b, tied):
    """[low, high] per criterion within which every pair (a, b) keeps its relation.

    Ranks tie two scores within a relative RELATIVE_TIE, so with d(t) the pair's
    difference and e(t) = RELATIVE_TIE |s_a(t)| (linear where s_a keeps its sign), a
    leads while d > e and they tie while -e <= d <= e: half-lines in t, whose roots
    are the bounds.  A tied pair whose scores differ at both ends by no more than
    the rounding of their terms (twins, alternatives tied by symmetry) stays tied,
    even where a score passes 0 and no relative band holds rounding noise.
    """
    m = len(w)
    out = np.tile(np.array([0.0, 1.0]), (m, 1))
    if len(a) == 0:
        return out
    d1, d0 = end[a] - end[b], start[a] - start[b]  # (pairs, m): d(1), d(0)
    same = (np.abs(d1) <= RELATIVE_TIE * size[0][a]) & (np.abs(d0) <= RELATIVE_TIE * size[1][a])
    tied = np.broadcast_to(tied[:, None], d1.shape)
    at = np.where(tied, w, _root(d1, d0, w))  # where |s_a| is taken for its sign
    sign = RELATIVE_TIE * np.sign(at * end[a] + (1 - at) * start[a])
    e1, e0 = sign * end[a], sign * start[a]
    lead = _interval(d1 - e1, d0 - e0, w, strict=True)
    below = _interval(e1 - d1, e0 - d0, w, strict=False)
    above = _interval(e1 + d1, e0 + d0, w, strict=False)
    low = np.where(same, 0.0, np.maximum(below[0], above[0]))
    high = np.where(same, 1.0, np.minimum(below[1], above[1]))
    out[:, 0] = np.where(tied, low, lead[0]).max(axis=0)
    out[:, 1] = np.where(tied, high, lead[1]).min(axis=0)
    return out


def _root(h1, h0, w):
    """Where the line through h0 at t = 0 and h1 at t = 1 is 0, in [0, 1] (w if flat)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.clip(np.where(h0 != h1, h0 / (h0 - h1), w), 0.0, 1.0)


def _interval(h1, h0, w, *, strict):
    """(low, high) around w of the line h: where h > 0 (`strict`) or h >= 0."""
    root = _root(h1, h0, w)
    lost0, lost1 = (h0 <= 0, h1 <= 0) if strict else (h0 < 0, h1 < 0)
    return np.where(lost0, np.minimum(root, w), 0.0), np.where(lost1, np.maximum(root, w), 1.0)


# -- numeric ------------------------------------------------------------------------------


def _numeric(job, ranks, tol):
    """A grid of GRID points and w_j for every criterion in one stacked call, then
    bisection of every bound (low and high, top and order, all criteria) at once.

    Bisection assumes the decision changes once inside the grid cell where it is seen
    to change: a change and a change back within one cell (1/64) can go unseen, and
    of several changes in a cell the one found is not necessarily the first.
    """
    w, m = job.w, job.x.shape[1]
    others = _others(w)
    j = np.arange(m)
    t = np.sort(np.column_stack([np.tile(np.linspace(0.0, 1.0, GRID), (m, 1)), w]), axis=1)
    size = t.shape[1]
    here = np.argmax(t == w[:, None], axis=1)  # (m,) where w_j is in its row
    weights = _path(t, others, np.broadcast_to(j[:, None], t.shape))  # (m, size, m)
    held = _held(job, weights, ranks)  # (2, m, size)
    held[:, j, here] = True  # the scenario's own weights, whatever the rounding
    index = np.arange(size)
    # The nearest grid point on each side where the decision changed (-1, size: none).
    below = np.where(~held & (index < here[:, None]), index, -1).max(axis=-1)  # (2, m)
    above = np.where(~held & (index > here[:, None]), index, size).min(axis=-1)
    row = np.broadcast_to(j, below.shape)
    good = np.stack([t[row, below + 1], t[row, above - 1]], axis=-1)  # (2, m, 2)
    bad = np.stack([t[row, np.maximum(below, 0)], t[row, np.minimum(above, size - 1)]], axis=-1)
    changes = np.stack([below >= 0, above < size], axis=-1)
    condition = np.broadcast_to(np.arange(2)[:, None, None], good.shape)
    criterion = np.broadcast_to(j[None, :, None], good.shape)
    for _ in range(64):  # 64 halvings of a cell leave 2**-70: below any useful tol
        active = changes & (np.abs(good - bad) > tol)
        if not active.any():
            break
        mid = (good[active] + bad[active]) / 2
        ok = _held(job, _path(mid, others, criterion[active]), ranks)
        ok = ok[condition[active], np.arange(len(mid))]
        good[active] = np.where(ok, mid, good[active])
        bad[active] = np.where(ok, bad[active], mid)
    bounds = np.where(changes, (good + bad) / 2, np.array([0.0, 1.0]))
    return bounds[0], bounds[1]


def _held(job, weights, ranks):
    """(2, ...): whether the top choice, and every rank, are those of `ranks` under
    each weight vector of `weights` (..., m)."""
    flat = weights.reshape(-1, weights.shape[-1])
    out = np.empty((2, len(flat)), dtype=bool)
    for start, got in rank_chunks(job, flat):  # only the verdicts are kept, not the ranks
        out[0, start : start + len(got)] = ((got == 1) == (ranks == 1)).all(axis=-1)
        out[1, start : start + len(got)] = (got == ranks).all(axis=-1)
    return out.reshape((2,) + weights.shape[:-1])
