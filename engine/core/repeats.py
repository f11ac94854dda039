"""Names given again across the chunks of a table: the one rule, wherever the chunks
are (a spill on disk, a Dask cluster's partitions).

Every row of the table's shape counts, good or bad: a row whose name an earlier row
has is an error ("first at line 7", or another file's line), as when the table is
read whole, even when the earlier row had errors of its own.  No chunk holds every
name: each named row gives a 64-bit key (`tradeoff.core.chunks.name_keys`), only the
keys held more than once are suspects (`shared`), and only the suspects' names are
compared (`again`).  The errors found are merged with the rows' own in file order
(`merged`): a bad row whose name is given again gets one error of every bad cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from ..files.places import first_at, where
from ..model.errors import ScenarioError
from ..model.scenario import not_unique
from .table_input import cell_errors, row_error

#: Where a row is: its file, the file's kind, its line (or index) and the header of
#: the file's column of names.
Place = tuple[Any, str, int, str]


def name_column(columns: Mapping[str, int], names: str) -> str:
    """The header of the names' column as the file writes it, for its errors: the one
    of a file's `columns` that is `names` (the scenario's header for names), whatever
    its case."""
    return next((written for written in columns if written.casefold() == names.casefold()), names)


def counted(names: np.ndarray, keys: np.ndarray, named: np.ndarray, own: frozenset[str], own_keys: np.ndarray) -> np.ndarray:
    """Which rows' names count, of those `named` (not empty): not one of the
    scenario's own alternatives' (a row repeating one is its chunk's error already).
    Only the rows sharing such a name's key are compared with it."""
    named = named.copy()
    if own_keys.size:
        for i in np.flatnonzero(named & np.isin(keys, own_keys)).tolist():
            named[i] = names[i] not in own
    return named


def shared(keys: np.ndarray) -> np.ndarray:
    """The keys held more than once among `keys` (sorting the keys alone)."""
    ordered = np.sort(keys)
    same = ordered[1:] == ordered[:-1]
    return np.unique(ordered[1:][same])


def buckets(keys: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The order that groups `keys` by bucket, their top bits (`count` buckets, a power
    of 2), and where each bucket starts in that order: bucket b is
    ``keys[order][cuts[b]:cuts[b + 1]]``.  A name's key is in the same bucket wherever
    its row is, so each bucket's names are compared alone (a spill's files, a
    cluster's tasks)."""
    if count == 1:
        return np.arange(len(keys)), np.array([0, len(keys)])
    bucket = (keys >> np.uint64(64 - (count.bit_length() - 1))).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    return order, np.searchsorted(bucket[order], np.arange(count + 1))


def again(suspects: Iterable[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(row, the first row of its name, the name) for each row whose name an earlier
    row has, among the `suspects` (row, name), rows numbered in file order."""
    first: dict[str, int] = {}
    found = []
    for g, name in sorted(suspects):
        if name in first:
            found.append((g, first[name], name))
        else:
            first[name] = g
    return found


def repeat_error(name: str, place: Place, first: Place) -> ScenarioError:
    """The later row's error: where it is, and where the name first is."""
    file, kind, line, column = place
    earlier = first_at(first[1], first[2], None if first[0] == file else str(first[0]))
    return not_unique("alternative names", name, earlier, **where(file, kind, line, column))


def merged(
    errors: Iterable[tuple[tuple[int, int], ScenarioError]],
    named: Iterable[tuple[tuple[int, int], ScenarioError]],
    columns: Callable[[int], Mapping[str, int]],
) -> Iterator[ScenarioError]:
    """The rows' own `errors` and the names' (`named`), each ((source, line), error)
    in file order, merged in file order; a row in both gets one error of every bad
    cell, the name's among them in the order of the source's `columns`."""
    extra = iter(named)
    pending = next(extra, None)
    for at, error in errors:
        while pending is not None and pending[0] < at:
            yield pending[1]
            pending = next(extra, None)
        if pending is not None and pending[0] == at:
            order = columns(at[0])
            cells = [*cell_errors(error), pending[1]]
            cells.sort(key=lambda e: order.get(e.path[-1] if e.path else "", -1))
            error = row_error(cells)
            pending = next(extra, None)
        yield error
    while pending is not None:
        yield pending[1]
        pending = next(extra, None)
