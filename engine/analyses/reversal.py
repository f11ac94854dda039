"""Rank reversal check: does the order of two options depend on a third?

Each alternative is removed in turn, and a copy of the last-ranked alternative made
slightly worse on every criterion (10 % of each criterion's range, so it is dominated)
is added; every pair of the other alternatives whose order flips is reported by name.
A method free of rank reversal (SPOTIS with bounds) never reports one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.result import Result
from .analysis import ranked

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
    """Every reversal found for `result`'s decision, in the order the changes are tried."""

    result: Result = attrs.field(eq=False)
    found: tuple[Reversal, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.result.ranking.method, "reversals": [attrs.asdict(r) for r in self.found]}

    def table(self) -> str:
        """The check in words, one line per reversal."""
        lines = [f"Rank reversal check ({self.result.ranking.method}):"]
        lines += [f"  {r.change}: {r.above} no longer ranks above {r.below}" for r in self.found]
        lines += [] if self.found else ["  none: removing an option or adding a dominated one swaps no pair."]
        return "\n".join(lines) + "\n"


def _swaps(before: np.ndarray, after: np.ndarray, names: Sequence[str], change: str) -> list[Reversal]:
    flipped = (before[:, None] < before[None, :]) & (after[:, None] > after[None, :])
    return [Reversal(change=change, above=names[i], below=names[j]) for i, j in zip(*np.nonzero(flipped))]


def rank_reversals(job: Prepared, result: Result | None = None) -> Reversals:
    """The reversals of the prepared decision `job` (`pipeline.prepare`); `result` is
    its ranking when the caller has it already."""
    result = ranked(job, result)
    method, x, w, benefit, params = job.method, job.x, job.w, job.benefit, job.params
    names = list(result.names)
    n = x.shape[0]
    full = result.ranking.ranks
    found: list[Reversal] = []
    if n > 2:
        for k in range(n):
            keep = [i for i in range(n) if i != k]
            ranks = method.run_checked(x[keep], w, benefit, params).ranks
            kept = [names[i] for i in keep]
            found += _swaps(full[keep], ranks, kept, f"without {names[k]}")
    last = int(np.argmax(full))
    span = x.max(axis=0) - x.min(axis=0)
    step = np.where(span > 0, span, np.abs(x[last]) + 1.0) * 0.1
    worse = np.where(benefit, x[last] - step, x[last] + step)
    if method.needs_positive(params):
        worse = np.where(benefit, np.maximum(worse, x[last] / 2), worse)  # stays > 0
    ranks = method.run_checked(np.vstack([x, worse]), w, benefit, params).ranks[:n]
    found += _swaps(full, ranks, names, f"with a worse copy of {names[last]}")
    return Reversals(result=result, found=tuple(found))
