"""Ranks from scores, with ties, over the last axis of any stack.

Rank 1 is best whatever the score's direction.  Ties share the best rank of their
group and the next rank skips (1, 2, 2, 4).  Two neighbours in sorted order are tied
when they differ by at most a relative 1e-9; a group is a chain of such neighbours.

Which way equal scores are ordered among themselves does not matter (they are in one
group), so any sort will do: numpy's default one, faster than a stable sort on large
inputs, and for a handful of scores Python's own, which costs less than a numpy call.
"""

from __future__ import annotations

from operator import sub

import numpy as np

RELATIVE_TIE = 1e-9

#: Up to this many scores (one ranking), the ranks are computed in plain Python.
FEW = 32


def competition_ranks(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Integer ranks of finite `scores` along the last axis."""
    s = np.asarray(scores, dtype=float)
    if s.ndim == 1 and s.size <= FEW:
        return np.array(ranks_of(s.tolist(), higher_is_better), dtype=np.int64)
    order = np.argsort(s, axis=-1)
    if higher_is_better:
        order = order[..., ::-1]
    ordered = s[order] if s.ndim == 1 else np.take_along_axis(s, order, axis=-1)
    size = np.abs(ordered)
    gap = np.abs(np.diff(ordered, axis=-1))
    scale = np.maximum(size[..., 1:], size[..., :-1])
    new_group = gap > RELATIVE_TIE * scale
    n = s.shape[-1]
    starts = np.zeros(s.shape, dtype=np.int64)
    starts[..., 1:] = np.where(new_group, np.arange(1, n), 0)
    sorted_ranks = np.maximum.accumulate(starts, axis=-1)
    sorted_ranks += 1
    ranks = np.empty(s.shape, dtype=np.int64)
    if s.ndim == 1:
        ranks[order] = sorted_ranks
    else:
        np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    return ranks


def ranks_of(values: list[float], higher_is_better: bool = True) -> list[int]:
    """`competition_ranks` of one short list of floats, in Python."""
    n = len(values)
    order = sorted(range(n), key=values.__getitem__, reverse=higher_is_better)
    ranks = [0] * n
    if n > 1:
        # Usually no two scores are within the tie band: then the ranks are the places.
        ordered = [values[i] for i in order]
        gaps = map(sub, ordered, ordered[1:]) if higher_is_better else map(sub, ordered[1:], ordered)
        if min(gaps) > RELATIVE_TIE * max(abs(ordered[0]), abs(ordered[-1])):
            for place, i in enumerate(order, 1):
                ranks[i] = place
            return ranks
    rank = 1
    previous = values[order[0]] if n else 0.0
    for position, i in enumerate(order):
        value = values[i]
        if position and abs(value - previous) > RELATIVE_TIE * max(abs(value), abs(previous)):
            rank = position + 1
        ranks[i] = rank
        previous = value
    return ranks


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
