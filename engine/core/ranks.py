"""Ranks from scores, with ties, over the last axis of any stack.

Rank 1 is best whatever the score's direction.  Ties share the best rank of their
group and the next rank skips (1, 2, 2, 4).  Two neighbours in sorted order are tied
when they differ by at most a relative 1e-9; a group is a chain of such neighbours.
`competition_ranks` is the one place this rule is computed (with `placed`, its sorted
form, which SMAA counts from): methods, SMAA and tables of offers rank through it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

RELATIVE_TIE = 1e-9


class NotFinite(ValueError):
    """Scores with a NaN or an infinity, which have no rank."""


def competition_ranks(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Integer ranks of `scores` along the last axis; `NotFinite` if one is NaN or
    infinite (found for free: the sort puts NaN last and infinities at the ends).

    Equal scores are in one group whichever way they are ordered, so numpy's default
    sort does (faster than a stable one).  A stack is gathered and scattered as one
    flat array, cheaper than numpy's along-axis helpers.  Usually no gap between
    neighbours is within the tie band of its row's largest magnitude: such a row's
    ranks are its places, and groups are computed only for the other rows.
    """
    s = np.asarray(scores, dtype=float)
    shape, n = s.shape, s.shape[-1]
    if n < 2:
        if not np.isfinite(s).all():
            raise NotFinite("scores that are NaN or infinite")
        return np.ones(shape, dtype=np.int64)
    order = s.argsort(axis=-1)  # the method: numpy's function form costs 2 us more to dispatch
    if higher_is_better:
        order = order[..., ::-1]
    ranks = np.empty(shape, dtype=np.int64)
    if s.ndim == 1:  # no flat indices; Python's floats cost less than numpy's scalars
        ordered = s[order]  # best first
        if n <= 64:  # a few: the gaps in Python floats, the same numbers as numpy's
            values = ordered.tolist()
            first, last = values[0], values[-1]
            gaps = map(float.__sub__, values, values[1:]) if higher_is_better else map(float.__sub__, values[1:], values)
        else:
            first, last = float(ordered[0]), float(ordered[-1])
            gaps = None
        if not (math.isfinite(first) and math.isfinite(last)):  # max() would pass over a NaN
            raise NotFinite("scores that are NaN or infinite")
        top = max(abs(first), abs(last))
        if gaps is not None:
            if min(gaps) <= RELATIVE_TIE * top:
                ranks[order] = _groups(ordered, _gaps(ordered, higher_is_better))
            else:
                ranks[order] = np.arange(1, n + 1)
            return ranks
        ranks[order] = _sparse_groups(ordered, _gaps(ordered, higher_is_better), top)
        return ranks
    placed = _placed(s, order, higher_is_better)
    ranks.reshape(-1)[placed.flat] = placed.places
    return ranks


class Placed(NamedTuple):
    """A stack of scores sorted: each row's alternatives best first (`order`, indices
    within the row, and `flat`, into the whole stack) and the competition rank of each
    place (`places`: 1, 2, 3... where a row has no tie)."""

    order: np.ndarray  # (k, n)
    flat: np.ndarray  # (k, n)
    places: np.ndarray  # (k, n)
    tied: np.ndarray  # the rows looked at for ties (a superset): the others' places are 1, 2, 3...


def placed(scores: np.ndarray, higher_is_better: bool = True) -> Placed:
    """`competition_ranks` of a stack ``(..., n)`` as each row's order and the ranks of
    its places, rows flattened to ``(k, n)``: what a count of ranks needs (SMAA), without
    scattering the ranks back.  `NotFinite` as `competition_ranks`."""
    s = np.asarray(scores, dtype=float)
    order = s.argsort(axis=-1)
    return _placed(s, order[..., ::-1] if higher_is_better else order, higher_is_better)


def _placed(s: np.ndarray, order: np.ndarray, higher_is_better: bool) -> Placed:
    """`Placed` of scores `s` ``(..., n)`` from their `order`, best first."""
    n = s.shape[-1]
    order = order.reshape(-1, n)
    flat = order + np.arange(0, s.size, n)[:, None]
    ordered = s.reshape(-1)[flat]  # each row best first
    gap = _gaps(ordered, higher_is_better)
    top = np.maximum(np.abs(ordered[:, 0]), np.abs(ordered[:, -1]))
    if not np.isfinite(top).all():
        raise NotFinite("scores that are NaN or infinite")
    # Rows with a gap within the tie band of their largest magnitude: one flat test, not
    # a minimum per short row (numpy reduces those a row at a time).
    near = np.flatnonzero((gap <= (RELATIVE_TIE * top)[:, None]).reshape(-1))
    places = np.broadcast_to(np.arange(1, n + 1), ordered.shape)
    tied = np.unique(near // (n - 1)) if near.size else near
    if tied.size:
        places = places.copy()
        places[tied] = _groups(ordered[tied], gap[tied])
    return Placed(order, flat, places, tied)


def _gaps(ordered: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Each neighbour's distance (>= 0) to the next better one, of rows sorted best first."""
    return ordered[..., :-1] - ordered[..., 1:] if higher_is_better else ordered[..., 1:] - ordered[..., :-1]


def _groups(ordered: np.ndarray, gap: np.ndarray) -> np.ndarray:
    """Competition ranks of rows sorted best first, from their gaps (>= 0)."""
    size = np.abs(ordered)
    new_group = gap > RELATIVE_TIE * np.maximum(size[..., 1:], size[..., :-1])
    places = np.ones(ordered.shape, dtype=np.int64)
    places[..., 1:] = np.where(new_group, np.arange(2, ordered.shape[-1] + 1), 1)
    return np.maximum.accumulate(places, axis=-1)


def _sparse_groups(ordered: np.ndarray, gap: np.ndarray, top: float) -> np.ndarray:
    """`_groups` of one long row, where ties are few: only the gaps within the tie band
    of the row's largest magnitude `top` (a superset of the ties) are looked at, and
    each row that joins the group before it takes that group's first place."""
    places = np.arange(1, len(ordered) + 1)
    near = np.flatnonzero(gap <= RELATIVE_TIE * top)
    if not near.size:
        return places
    size = np.maximum(np.abs(ordered[near]), np.abs(ordered[near + 1]))
    joins = near[gap[near] <= RELATIVE_TIE * size] + 1  # rows (0-based) tied to the one before
    if joins.size:
        first = np.ones(joins.size, dtype=bool)
        first[1:] = joins[1:] != joins[:-1] + 1
        places[joins] = joins[first][np.cumsum(first) - 1]  # the group's first row's place
    return places


def continued_ranks(
    ordered: np.ndarray, higher_is_better: bool, start: int, carry: tuple[float, int] | None
) -> np.ndarray:
    """Competition ranks of 1-D scores sorted best first that follow `start` better
    ones, the last of which had score and rank `carry` (None: these are the first):
    a ranking computed a run at a time (a table bigger than memory, sorted on disk)
    is the one `competition_ranks` gives the whole, tie chains across runs included."""
    ordered = np.asarray(ordered, dtype=float)
    if carry is None:
        return _groups(ordered, _gaps(ordered, higher_is_better)) + start
    joined = np.concatenate([[carry[0]], ordered])
    places = _groups(joined, _gaps(joined, higher_is_better))[1:]
    return np.where(places == 1, carry[1], places + start - 1)


def best_first(ranks: np.ndarray) -> np.ndarray:
    """Indices that list a 1-D ranking best first, ties in their original order."""
    return np.argsort(ranks, kind="stable")


def leading(scores: np.ndarray, k: int, higher_is_better: bool = True) -> np.ndarray:
    """Indices, in order, of every score at least as good as the k-th best of a 1-D
    `scores`, and of any chained to them by a tie: found by partition, not a full sort.

    Everything better than one of them is among them, so `competition_ranks` of just
    these scores gives each its rank in the whole; the best k are the first k of them.
    """
    s = np.asarray(scores, dtype=float)
    n = s.shape[-1]
    if k >= n:
        return np.arange(n)
    key = -s if higher_is_better else s
    worst = key[np.argpartition(key, k - 1)[k - 1]]
    chosen = key <= worst
    while not chosen.all():  # a tie chain may continue past the k-th
        below = key[~chosen].min()
        if abs(below - worst) > RELATIVE_TIE * max(abs(below), abs(worst)):
            break
        worst = below
        chosen = key <= worst
    return np.flatnonzero(chosen)
