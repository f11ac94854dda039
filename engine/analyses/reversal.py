"""Rank reversal check: does the order of two options depend on a third?

Each alternative is removed in turn, and a copy of the last-ranked alternative made
slightly worse on every criterion (10 % of each criterion's range, so it is dominated)
is added; every pair of the other alternatives whose order flips is reported by name.
A method free of rank reversal (SPOTIS with bounds) never reports one.

A removal can flip a share of all n^2 pairs (TOPSIS's ideal moves when its best
option goes), so beyond `ALL_UP_TO` alternatives the pairs are counted for every
change but listed only where the one that loses its place ranks among the first
`SHOWN`: memory stays linear in n (plus the pairs listed); time grows as n^2, each
removal ranking n - 1 alternatives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.result import Result
from ..model.errors import ScenarioError
from .analysis import chunk_size, detailed, ranked

if TYPE_CHECKING:
    from ..core.pipeline import Prepared


@attrs.frozen(kw_only=True)
class Reversal:
    """`above` ranked above `below` in the full ranking, and below it after `change`."""

    change: str
    above: str
    below: str


@attrs.frozen(kw_only=True)
class Reversals:
    """The reversals found for `result`'s decision, in the order the changes are tried:
    every one, or with `top` those whose `above` has rank <= `top` only."""

    result: Result = attrs.field(eq=False)
    found: tuple[Reversal, ...]
    #: Each change that flips pairs and how many it flips, listed in `found` or not.
    counts: tuple[tuple[str, int], ...] = ()
    #: None: `found` lists every reversal; else only those whose `above` has rank <= top.
    top: int | None = None

    @property
    def total(self) -> int:
        """How many (change, pair) reversals there are, listed or not."""
        return sum(count for _, count in self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.result.ranking.method,
            "reversals": [attrs.asdict(r) for r in self.found],
            "listed_above_rank": self.top,
            "counts": dict(self.counts),
        }

    def table(self) -> str:
        """The check in words, one line per reversal listed."""
        lines = [f"Rank reversal check ({self.result.ranking.method}):"]
        lines += [f"  {r.change}: {r.above} no longer ranks above {r.below}" for r in self.found]
        if not self.total:
            lines += ["  none: removing an option or adding a dominated one swaps no pair."]
        elif self.total > len(self.found):
            more = "more " if self.found else ""
            lines.append(
                f"  {self.total - len(self.found):,} {more}flipped pairs not listed (only those whose higher one "
                f"ranks {self.top} or better are), from {len(self.counts):,} changes."
            )
        return "\n".join(lines) + "\n"


def _flips(
    before: np.ndarray, after: np.ndarray, top: int | None = None
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """How many pairs of each row of ranks (rows, L) have before[i] < before[j] and
    after[i] > after[j]; and (row, i, j) for every such pair, or those with before[i]
    <= `top`, ordered by row, then i, then j.

    In the order of (before, after) such a pair is an inversion of the after ranks,
    and every inversion is one.  A bottom-up merge sort meets each inversion once, at
    the level where i and j fall in the two halves of one block, whose left half is
    sorted: a binary search counts, for every right element, the left ones above it.
    All rows and blocks of a level go at once: O(L log^2 L) per row plus the pairs
    listed, never L^2.
    """
    rows, size = before.shape
    counts = np.zeros(rows, dtype=np.int64)
    empty = np.zeros(0, dtype=np.intp)
    span = int(max(before.max(), after.max())) + 1
    order = np.argsort(before * span + after, axis=1, kind="stable")
    value = np.take_along_axis(after, order, axis=1)
    moved = np.flatnonzero((np.diff(value, axis=1) < 0).any(axis=1))
    if not moved.size:  # only rows with a descent have a pair
        return counts, (empty, empty, empty)
    order, count = order[moved], len(moved)
    # Listed pairs start at a place (in the order above) whose rank is <= top: a prefix.
    first = np.full(count, size) if top is None else (np.take_along_axis(before[moved], order, 1) <= top).sum(1)
    packed = value[moved] * size + np.arange(size)  # each value and its place, sorted within blocks
    cell = span * size  # packed < cell
    if count * size * cell >= 2**63:  # keys are int64: about 2 million options, n^2 work
        raise ScenarioError(
            expected="fewer alternatives for the rank reversal check", found=f"{size + 1:,}", path=("--reversal",)
        )
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    position, line = np.arange(size), np.arange(count)[:, None]
    width = 1
    while width < size:
        blocks = -(-size // (2 * width))
        block, right = position // (2 * width), position // width % 2 == 1
        left_at, right_at = position[~right], position[right]
        key = (line * blocks + block) * cell + packed  # increasing along each half-block, and across them
        keys = key[:, ~right].ravel()
        heads = key[:, right] - packed[:, right] + (packed[:, right] // size + 1) * size  # next value up
        lo = np.searchsorted(keys, heads.ravel())
        hi = (line * len(left_at) + np.searchsorted(block[left_at], block[right_at], "right")).ravel()
        counts[moved] += (hi - lo).reshape(count, -1).sum(axis=1)
        if top is None:
            pick = None
        else:
            pick = np.flatnonzero((keys % size).reshape(count, -1) < first[:, None])
            ends = ((line * blocks + block[right_at]) + 1) * cell
            lo, hi = np.searchsorted(keys[pick], heads.ravel()), np.searchsorted(keys[pick], ends.ravel())
        many = hi - lo
        if many.any():
            which = np.repeat(np.arange(many.size), many)
            left = np.repeat(lo, many) + np.arange(which.size) - np.repeat(np.cumsum(many) - many, many)
            left = left if pick is None else pick[left]
            found.append((which // len(right_at), keys[left] % size, packed[:, right].ravel()[which] % size))
        packed = np.sort(key, axis=1, kind="stable") % cell  # merge the two sorted runs of each block
        width *= 2
    if not found:
        return counts, (empty, empty, empty)
    r, p, q = (np.concatenate(part) for part in zip(*found))
    i, j = order[r, p], order[r, q]
    sort = np.lexsort((j, i, r))
    return counts, (moved[r[sort]], i[sort], j[sort])


def rank_reversals(job: Prepared, result: Result | None = None, *, top: int | None = None) -> Reversals:
    """The reversals of the prepared decision `job` (`pipeline.prepare`); `result` is
    its ranking when the caller has it already.

    :param top: list only the reversals whose `above` has rank <= top; None: every
        one up to `ALL_UP_TO` alternatives, else those of the first `SHOWN` ranks.
        Every change's flipped pairs are counted either way.

    The n removals are ranked in stacked calls of `chunk_size` matrices."""
    if top is not None and top < 1:
        raise ScenarioError(expected="at least 1 rank to list", found=str(top), path=("--top",))
    result = ranked(job, result)
    method, x, w, benefit, params = job.method, job.x, job.w, job.benefit, job.params
    names = list(result.names)
    n, m = x.shape
    if top is None and detailed(n) < n:
        top = detailed(n)
    full = result.ranking.ranks
    found: list[Reversal] = []
    counts: list[tuple[str, int]] = []
    if n > 2:
        others = np.arange(n - 1)
        size = chunk_size(n - 1, m)
        for start in range(0, n, size):
            removed = np.arange(start, min(start + size, n))
            keep = others + (others >= removed[:, None])  # (count, n - 1): all but the removed one
            ranks = method.run_checked(x[keep], w, benefit, params).ranks
            many, (row, i, j) = _flips(full[keep], ranks, top)
            counts += [(f"without {names[k]}", c) for k, c in zip(removed.tolist(), many.tolist()) if c]
            k, above, below = removed[row], keep[row, i], keep[row, j]
            found += [
                Reversal(change=f"without {names[a]}", above=names[b], below=names[c])
                for a, b, c in zip(k.tolist(), above.tolist(), below.tolist())
            ]
    last = int(np.argmax(full))
    span = x.max(axis=0) - x.min(axis=0)
    step = np.where(span > 0, span, np.abs(x[last]) + 1.0) * 0.1
    worse = np.where(benefit, x[last] - step, x[last] + step)
    if method.bounded(params):
        worse = np.where(benefit, np.maximum(worse, x[last] / 2), worse)  # stays > 0
    ranks = method.run_checked(np.vstack([x, worse]), w, benefit, params).ranks[:n]
    many, (_, above, below) = _flips(full[None], ranks[None], top)
    change = f"with a worse copy of {names[last]}"
    counts += [(change, int(many[0]))] if many[0] else []
    found += [Reversal(change=change, above=names[a], below=names[b]) for a, b in zip(above.tolist(), below.tolist())]
    return Reversals(result=result, found=tuple(found), counts=tuple(counts), top=top)
