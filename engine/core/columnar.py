"""Evaluation a column at a time: alternatives from any sources into one matrix, and
every value in it a method cannot take.

The sources are `tradeoff.core.facts.Columns`: the scenario's own alternatives and, if
given, a table's rows, in that order.  No Python object is made per row: each
criterion's `score` is called once, on its fact columns of every source joined, so a
million rows take seconds.  `misfits` finds every row with a value the method cannot
take; the caller places each in its source's terms (`Columns.where`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..model.errors import PluginError
from ..model.scenario import Criterion
from .facts import Columns
from .methods import Method


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
    """`criterion.score` of `n` alternatives' facts, checked: one finite value each."""
    plugin = criterion.provided_by or "?"
    hook = f"criterion {criterion.id!r} score()"
    assert criterion.score is not None  # the registry refuses criteria without one
    try:
        out = np.asarray(criterion.score(facts), dtype=float)
    except Exception as error:
        raise PluginError(plugin=plugin, hook=hook, problem=f"raised {error!r}") from error
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


#: For values a method takes as they are (normalization "none", or a method that
#: normalizes as its literature does): the largest in size, and the inverse the smallest
#: non-zero one; far beyond any decision's numbers, well inside what a float can square.
MAGNITUDE = 1e100
MAGNITUDE_EXPECTED = f"a value of at most {MAGNITUDE:g} in size, and 0 or at least {1 / MAGNITUDE:g}"


def beyond_magnitude(matrix: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Where values are too large or too small (non-zero) for a method that takes them
    as they are; a normalization of ours rescales any finite column first."""
    if params.get("normalization", "none") != "none":
        return np.zeros(matrix.shape, dtype=bool)
    size = np.abs(matrix)
    return (size > MAGNITUDE) | ((size < 1 / MAGNITUDE) & (size > 0))


def misfits(
    criteria: Sequence[Criterion],
    method: Method,
    params: Mapping[str, Any],
    matrix: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
) -> dict[int, tuple[int, str, str]]:
    """Every row with a value the method cannot take, in row order: {row: (column,
    expected, found)}.  A row's fault is its first by check (beyond `MAGNITUDE`, the
    method's `check_data` such as SPOTIS's bounds, <= 0 under ``max`` or ``sum``),
    then by criterion.  An interval must fit as a whole, because sensitivity analysis
    samples anywhere inside it."""
    found: dict[int, tuple[int, str, str]] = {}

    def shown(row: int, col: int, value: float) -> str:
        if low is None or low[row, col] == high[row, col]:  # type: ignore[index]
            return f"{value:g}"
        return f"[{low[row, col]:g}, {high[row, col]:g}] (an interval)"  # type: ignore[index]

    def fault(row: int, col: int, expected: str, value: float) -> None:
        found.setdefault(row, (col, expected, shown(row, col, value)))

    ends = [matrix] if low is None else [matrix, low, high]
    for end in ends:
        for row, col in _first_per_row(beyond_magnitude(end, params)):
            fault(row, col, MAGNITUDE_EXPECTED, float(end[row, col]))
    if method.check_data is not None:
        for end in ends:  # a check of bounds holds for an interval when for its ends
            active = np.ones(len(matrix), dtype=bool)
            active[list(found)] = False
            while True:  # the hook reports one value at a time
                index = np.flatnonzero(active)
                if not len(index):
                    break
                bad_one = method.check_data(end[index], dict(params))
                if bad_one is None:
                    break
                row, col, expected = bad_one
                fault(int(index[row]), col, expected, float(end[index[row], col]))
                active[index[row]] = False
    for row, col in _first_per_row(method.nonpositive(params, matrix, low, high)):
        expected = f"values > 0 on criterion {criteria[col].id!r} for {method.positive_reason(params)}"
        fault(row, col, expected, float(matrix[row, col]))
    return dict(sorted(found.items()))


def _first_per_row(bad: np.ndarray) -> list[tuple[int, int]]:
    """(row, first column) of each row of the mask `bad` with a True in it."""
    if not bad.any():
        return []
    return [(int(row), int(np.flatnonzero(bad[row])[0])) for row in np.flatnonzero(bad.any(axis=1))]
