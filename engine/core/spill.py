"""A table's rows on disk while it is ranked in chunks: what the source pass keeps.

Every row that has the table's shape (good or bad) gets a number ``g`` in file order,
its name (UTF-8, with offsets) and its place (file, line); the rows kept get an
ordinal ``k``, their values (float64) and their ``g``.  Each named row's 64-bit key
(`tradeoff.core.chunks.name_keys`) goes to one of `BUCKETS` files by its top bits,
and each bad row's error, in file order, to a file of its own.

After the source pass, `Spill.repeats` sorts one bucket at a time (a 1/`BUCKETS`
share of the keys in memory) and applies `tradeoff.core.repeats`' rule to the rows
that share a key: the later row of each name given again is an error, merged in file
order with the rows' own errors.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..files.table_read import NAME
from ..model.errors import ScenarioError
from .chunks import Rows, name_keys, utf8_keys, utf8_names
from .facts import error_order
from .repeats import Place, again, buckets, counted, merged, name_column, repeat_error, shared

#: Name keys are spread over this many bucket files by their top bits; one is sorted at a time.
BUCKETS = 64
#: Rows read back at a time.
BLOCK_ROWS = 1 << 16


class Spill:
    """The rows of a table read in chunks, on disk in `folder`; `own` are the
    scenario's own alternatives' names (a row repeating one is its chunk's error),
    `names` the header of the table's column of names."""

    def __init__(self, folder: Path, m: int, own: frozenset[str] = frozenset(), names: str = NAME) -> None:
        self.folder = folder
        self.m = m
        self.own = own
        self.names = names
        self.n = 0  # rows kept
        self.g = 0  # rows of the table's shape
        self.files: list[str | None] = []
        self.kinds: list[str] = []
        self.columns: list[dict[str, int]] = []
        self.name_column: list[str] = []
        self._bytes = 0
        names = ("values.f8", "gs.i8", "names.utf8", "offsets.i8", "places.i8", "kept.i8", "errors.pkl")
        self._out = {name: open(folder / name, "wb") for name in names}
        np.zeros(1, dtype=np.int64).tofile(self._out["offsets.i8"])
        self._buckets = [open(folder / f"keys{b:02d}.bin", "wb") for b in range(BUCKETS)]
        self._own_keys = name_keys(np.array(sorted(own), dtype=object))

    def append(self, rows: Rows) -> None:
        """A chunk's rows: every row's name and place, the kept rows' values, the bad
        rows' errors."""
        if not self.files or self.files[-1] != rows.file:
            self.files.append(rows.file)
            self.kinds.append(rows.kind)
            self.columns.append(dict(rows.columns))
            self.name_column.append(name_column(rows.columns, self.names))
        source = len(self.files) - 1
        every = len(rows.every_name)
        g = np.arange(self.g, self.g + every, dtype=np.int64)
        kept_at = np.searchsorted(rows.every_line, rows.lines)  # the kept rows among every row
        kept = np.full(every, -1, dtype=np.int64)
        kept[kept_at] = np.arange(self.n, self.n + rows.n, dtype=np.int64)
        out = self._out
        np.ascontiguousarray(rows.values, dtype=float).tofile(out["values.f8"])
        g[kept_at].tofile(out["gs.i8"])
        kept.tofile(out["kept.i8"])
        if every:
            blob, ends = utf8_names(rows.every_name)
            out["names.utf8"].write(blob)
            (ends + self._bytes).tofile(out["offsets.i8"])
            self._bytes += int(ends[-1])
            if rows.file is not None:
                self._keys(rows.every_name, utf8_keys(blob, ends), np.diff(ends, prepend=0) > 0, g)
        places = np.empty((every, 2), dtype=np.int64)
        places[:, 0] = source
        places[:, 1] = rows.every_line
        places.tofile(out["places.i8"])
        for error in rows.errors:
            pickle.dump((source, error_order(error), error), out["errors.pkl"])
        self.n += rows.n
        self.g += every

    def _keys(self, names: np.ndarray, keys: np.ndarray, named: np.ndarray, g: np.ndarray) -> None:
        """Each counted row's key (`tradeoff.core.repeats.counted`; `named`: its name
        is not empty) into its bucket."""
        named = counted(names, keys, named, self.own, self._own_keys)
        if not named.any():
            return
        keys, g = keys[named], g[named]
        order, cuts = buckets(keys, BUCKETS)
        pairs = np.empty((len(keys), 2), dtype=np.uint64)
        pairs[:, 0] = keys
        pairs[:, 1] = g.view(np.uint64)
        pairs = pairs[order]
        for b in range(BUCKETS):
            if cuts[b] < cuts[b + 1]:
                pairs[cuts[b] : cuts[b + 1]].tofile(self._buckets[b])

    def close_writing(self) -> None:
        for f in (*self._out.values(), *self._buckets):
            f.close()

    # -- reading back ----------------------------------------------------------------

    def _map(self, name: str, shape: tuple[int, ...] = (-1,)) -> np.ndarray:
        return np.memmap(self.folder / name, dtype=np.int64, mode="r").reshape(shape)

    def _names_by_g(self, gs: np.ndarray) -> np.ndarray:
        out = np.empty(len(gs), dtype=object)
        if not len(gs):
            return out
        offsets = self._map("offsets.i8")
        with open(self.folder / "names.utf8", "rb") as f:
            for i, at in enumerate(gs.tolist()):
                f.seek(int(offsets[at]))
                out[i] = f.read(int(offsets[at + 1] - offsets[at])).decode("utf-8", "surrogateescape")
        return out

    def names_at(self, ordinals: np.ndarray) -> np.ndarray:
        """The names of kept rows `ordinals`, as str."""
        if not len(ordinals):
            return np.empty(0, dtype=object)
        return self._names_by_g(np.asarray(self._map("gs.i8")[ordinals]))

    def name_array(self, ordinals: np.ndarray) -> Any:
        """The names of kept rows `ordinals` (ascending, as a block gives them) as a
        pyarrow array, read in one piece."""
        import pyarrow as pa

        if not len(ordinals):
            return pa.array([], type=pa.large_string())
        gs = np.asarray(self._map("gs.i8")[ordinals])
        lo, hi = int(gs[0]), int(gs[-1]) + 1
        offsets = np.fromfile(self.folder / "offsets.i8", dtype=np.int64, count=hi - lo + 1, offset=8 * lo)
        with open(self.folder / "names.utf8", "rb") as f:
            f.seek(int(offsets[0]))
            blob = f.read(int(offsets[-1] - offsets[0]))
        names = pa.LargeStringArray.from_buffers(hi - lo, pa.py_buffer(offsets - offsets[0]), pa.py_buffer(blob))
        return names if hi - lo == len(gs) else names.take(pa.array(gs - lo))

    def places_at(self, ordinals: np.ndarray) -> tuple[list[str | None], np.ndarray]:
        """Each kept row's file and line (or index)."""
        if not len(ordinals):
            return [], np.zeros(0, dtype=np.int64)
        picked = np.asarray(self._map("places.i8", (-1, 2))[np.asarray(self._map("gs.i8")[ordinals])])
        return [self.files[s] for s in picked[:, 0]], picked[:, 1].copy()

    def blocks(self, dropped: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The kept rows a block at a time: (their ordinals, their values), without the
        `dropped` ordinals (sorted)."""
        with open(self.folder / "values.f8", "rb") as f:
            for start in range(0, self.n, BLOCK_ROWS):
                k = min(BLOCK_ROWS, self.n - start)
                values = np.fromfile(f, dtype=float, count=k * self.m).reshape(k, self.m)
                ordinals = np.arange(start, start + k, dtype=np.int64)
                lo, hi = np.searchsorted(dropped, [start, start + k])
                if lo < hi:
                    keep = np.ones(k, dtype=bool)
                    keep[dropped[lo:hi] - start] = False
                    values, ordinals = values[keep], ordinals[keep]
                yield ordinals, values

    # -- names given again -----------------------------------------------------------

    def repeats(self) -> tuple[np.ndarray, Iterator[ScenarioError]]:
        """The kept rows to leave out because their name is given again (sorted
        ordinals), and every row's error in file order: the rows' own, and the names
        given again (`tradeoff.core.repeats`)."""
        kept = self._map("kept.i8")
        places = self._map("places.i8", (-1, 2))
        dropped, named = [], []
        for g, first, name in self._again():
            (source, line), (f_source, f_line) = places[g].tolist(), places[first].tolist()
            error = repeat_error(name, self._place(source, line), self._place(f_source, f_line))
            if kept[g] >= 0:
                dropped.append(int(kept[g]))
            named.append(((source, line), error))
        return np.array(sorted(dropped), dtype=np.int64), merged(self._errors(), named, self.columns.__getitem__)

    def _again(self) -> list[tuple[int, int, str]]:
        """(row, the first row of its name, the name) for each row whose name an
        earlier row has, by row: a bucket of keys at a time."""
        found = []
        for b in range(BUCKETS):
            pairs = np.fromfile(self.folder / f"keys{b:02d}.bin", dtype=np.uint64).reshape(-1, 2)
            if len(pairs) < 2:
                continue
            keys, gs = pairs[:, 0], pairs[:, 1].view(np.int64)
            twice = shared(keys)
            if not len(twice):
                continue
            suspects = gs[np.isin(keys, twice)]
            found += again(zip(suspects.tolist(), self._names_by_g(suspects).tolist()))
        return sorted(found)

    def _place(self, source: int, line: int) -> Place:
        return (self.files[source], self.kinds[source], line, self.name_column[source])

    def _errors(self) -> Iterator[tuple[tuple[int, int], ScenarioError]]:
        """The rows' own errors, in file order, as the source pass kept them."""
        with open(self.folder / "errors.pkl", "rb") as f:
            while True:
                try:
                    source, line, error = pickle.load(f)
                except EOFError:
                    return
                yield (source, line), error
