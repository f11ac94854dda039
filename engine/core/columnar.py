"""Evaluation a column at a time: alternatives from any sources into one matrix, and
every value in it a method cannot take.

The sources are `tradeoff.core.facts.Columns`: the scenario's own alternatives and, if
given, a table's rows, in that order.  No Python object is made per row: each
criterion's `score` is called once, on its fact columns of every source joined, so a
million rows take seconds.  `misfits` (the one finder, defined with the methods, whose
`Method.run` uses it too) finds every row with a value the method cannot take; the
caller places each in its source's terms (`Columns.where`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np

from ..model.errors import PluginError, plugin_fault
from ..model.scenario import Criterion
from .facts import Columns
from .methods import MAGNITUDE_EXPECTED, beyond_magnitude, misfits, read_only_view

__all__ = ["MAGNITUDE_EXPECTED", "beyond_magnitude", "evaluate", "misfits", "score_column"]


def evaluate(
    criteria: Sequence[Criterion], sources: Sequence[Columns]
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The values (rows of every source in order, criteria) and, where some are
    uncertain, their intervals as (low, high) matrices, else (None, None)."""
    starts = list(itertools.accumulate((s.n for s in sources), initial=0))
    matrix = np.empty((starts[-1], len(criteria)))
    for j, criterion in enumerate(criteria):
        column = matrix[:, j]
        for source, start in zip(sources, starts):
            given = source.values.get(criterion.id)
            column[start : start + source.n] = np.nan if given is None else given
        if not criterion.inline:
            _computed(criterion, sources, starts, column)
    low = high = None
    if any(s.low for s in sources):  # facts cannot be intervals: computed values are exact
        low, high = matrix.copy(), matrix.copy()
        at = {c.id: j for j, c in enumerate(criteria)}
        for source, start in zip(sources, starts):
            rows = slice(start, start + source.n)
            for cid, ends in source.low.items():  # NaN where the value is computed
                np.copyto(low[rows, at[cid]], ends, where=~np.isnan(ends))
                np.copyto(high[rows, at[cid]], source.high[cid], where=~np.isnan(ends))
    return matrix, low, high


def _computed(criterion: Criterion, sources: Sequence[Columns], starts: list[int], column: np.ndarray) -> None:
    """Score, in one call, the rows of every source that need `criterion` computed."""
    if len(sources) == 1 and sources[0].needs[criterion.id].all():  # most scenario files
        column[:] = score_column(criterion, sources[0].inputs[criterion.id], len(column))
        return
    picks = []  # (source, its first row in the matrix, its rows to score or None for all)
    for source, start in zip(sources, starts):
        need = source.needs[criterion.id]
        if need.all():
            picks.append((source, start, None))
        elif need.any():
            picks.append((source, start, np.flatnonzero(need)))
    if not picks:
        return
    facts = {}
    for fact in criterion.facts:
        parts = [s.inputs[criterion.id][fact.name] for s, _, _ in picks]
        parts = [part if rows is None else part[rows] for part, (_, _, rows) in zip(parts, picks)]
        facts[fact.name] = parts[0] if len(parts) == 1 else np.concatenate(parts)
    counts = [s.n if rows is None else len(rows) for s, _, rows in picks]
    scores = score_column(criterion, facts, sum(counts))
    done = 0
    for (source, start, rows), count in zip(picks, counts):
        if rows is None:
            column[start : start + count] = scores[done : done + count]
        else:
            column[start + rows] = scores[done : done + count]
        done += count


def score_column(criterion: Criterion, facts: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """`criterion.score` of `n` alternatives' facts, checked: one finite value each.

    The score gets its own mapping of read-only views: the columns are the source's
    (a table's, read once and ranked again), so a score that writes into them fails
    here, named, instead of changing the next evaluation."""
    plugin = criterion.provided_by or "?"
    hook = f"criterion {criterion.id!r} score()"
    assert criterion.score is not None  # the registry refuses criteria without one
    given = {name: read_only_view(column) for name, column in facts.items()}
    with plugin_fault(plugin, hook):
        out = np.asarray(criterion.score(given), dtype=float)
    if out.shape != (n,):
        raise PluginError(
            plugin=plugin,
            hook=hook,
            problem=f"returned shape {out.shape} for {n} alternatives, expected ({n},)",
        )
    if not np.isfinite(out).all():
        bad = int(np.flatnonzero(~np.isfinite(out))[0])
        raise PluginError(
            plugin=plugin, hook=hook, problem=f"returned {out[bad]} (not finite) at position {bad}"
        )
    return out
