"""Ranks from scores, with ties, over the last axis of any stack.

Rank 1 is best whatever the score's direction.  Ties share the best rank of their
group and the next rank skips (1, 2, 2, 4).  Two neighbours in sorted order are tied
when they differ by at most a relative 1e-9; a group is a chain of such neighbours.
"""

from __future__ import annotations

import numpy as np

RELATIVE_TIE = 1e-9


def competition_ranks(scores: np.ndarray, higher_is_better: bool = True) -> np.ndarray:
    """Integer ranks of `scores` along the last axis, stable for equal scores."""
    s = np.asarray(scores, dtype=float)
    key = -s if higher_is_better else s
    order = np.argsort(key, axis=-1, kind="stable")
    ordered = np.take_along_axis(s, order, axis=-1)
    gap = np.abs(np.diff(ordered, axis=-1))
    scale = np.maximum(np.abs(ordered[..., 1:]), np.abs(ordered[..., :-1]))
    new_group = gap > RELATIVE_TIE * scale
    n = s.shape[-1]
    position = np.broadcast_to(np.arange(n), s.shape)
    starts = np.where(
        np.concatenate([np.ones(s.shape[:-1] + (1,), bool), new_group], axis=-1),
        position,
        0,
    )
    sorted_ranks = np.maximum.accumulate(starts, axis=-1) + 1
    ranks = np.empty(s.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, sorted_ranks, axis=-1)
    return ranks


def best_first(ranks: np.ndarray) -> np.ndarray:
    """Indices that list a 1-D ranking best first, ties in their original order."""
    return np.argsort(ranks, kind="stable")
