"""A table in chunks of rows: what each chunk becomes, and how the chunks' best rows
make one result.

Shared by every engine that reads a table in pieces: the single machine's stream
(`tradeoff.core.stream`) and a Dask cluster's partitions (`tradeoff.dask`).  `plan`
checks, before any row is read, that the scenario can be ranked that way (its method
and weighting scheme declare passes over chunks, `tradeoff.core.partition`); `chunk_rows`
turns one chunk of a table into checked values by the rules of a whole table
(`tradeoff.core.table_input.check_table`, `tradeoff.core.columnar`); `Leaders` keeps
the best K of every chunk seen and their ties; `result` makes the `Result` an
in-memory ranking with ``top=K`` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from ..files.table_read import NAME, Table
from ..model.errors import PluginError, ScenarioError, plugin_fault
from ..model.frozen import FrozenMap, as_tuple, freeze
from ..model.scenario import Criterion, Scenario
from . import columnar
from .derive import ChunkWeights, over_chunks
from .facts import (
    Catalogue,
    Columns,
    OnError,
    check_fact_names,
    own_columns,
    resolve_criteria,
)
from .methods import Method, Ranking
from .partition import Known, Passes
from .pipeline import choose_method
from .ranks import RELATIVE_TIE, competition_ranks, leading
from .result import DecisionMatrix, Result
from .table_input import check_table

#: Rows of the leaders kept at least: the verdict names the runner-up.
_AT_LEAST = 2


@attrs.frozen(kw_only=True)
class Plan:
    """A scenario checked for ranking a table in chunks: its criteria, method, the
    method's passes and the weights' (fixed, or passes of their own)."""

    scenario: Scenario
    catalogue: Catalogue = attrs.field(eq=False, repr=False)
    criteria: tuple[Criterion, ...] = attrs.field(converter=as_tuple)
    method: Method
    params: FrozenMap[str, Any] = attrs.field(converter=freeze)
    passes: Passes = attrs.field(eq=False)
    weights: ChunkWeights = attrs.field(eq=False)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    @property
    def benefit(self) -> np.ndarray:
        return np.array([c.direction.benefit for c in self.criteria], dtype=bool)

    def known(self, weights: np.ndarray, n: int) -> Known:
        """What the method's hooks are given, for `n` rows ranked with `weights`."""
        return Known(weights=weights, benefit=self.benefit, params=self.params, n=n)


def plan(scenario: Scenario, catalogue: Catalogue, method: str | None = None) -> Plan:
    """Check that `scenario` can rank a table read in chunks, before any row is read:
    a method without passes (pairwise comparisons need every row at once), a weighting
    scheme that reads the whole matrix, and stakeholders' own rankings are refused, one
    line each, naming what can be done instead."""
    chosen, params = choose_method(scenario, catalogue, method)
    criteria = resolve_criteria(scenario, catalogue)
    check_fact_names(scenario, criteria)
    if chosen.passes is None:
        able = sorted(name for name, m in catalogue.methods.items() if m.passes is not None)
        raise ScenarioError(
            path=("method",) if method else ("method", "name"),
            expected="a method computed in passes over chunks of rows, for a table read in chunks ("
            + ", ".join(able)
            + "; or read the table whole with --engine memory)",
            found=f'"{chosen.name}", which compares every alternative with every other at once',
        )
    where = dict(plugin=chosen.provided_by or "?", hook=f"method {chosen.name!r} passes")
    with plugin_fault(**where):
        passes = chosen.passes(params)
    if not isinstance(passes, Passes):
        raise PluginError(**where, problem=f"returned {type(passes).__name__}, expected a tradeoff Passes")
    benefit = np.array([c.direction.benefit for c in criteria], dtype=bool)
    weights = over_chunks(scenario, catalogue, benefit)
    return Plan(
        scenario=scenario, catalogue=catalogue, criteria=criteria, method=chosen, params=params,
        passes=passes, weights=weights,
    )


@attrs.frozen(kw_only=True)
class Rows:
    """A chunk's rows without errors, evaluated: their values ``(k, m)``, names, and
    where each is (its file's line, or index); the chunk's rows left out, one error
    each, in file order.  `every_name` and `every_line` are those of every row of the
    chunk that has the table's shape, good or bad (a name given again is the later
    row's error even when the first row had errors, as in a table read whole)."""

    values: np.ndarray
    names: np.ndarray
    lines: np.ndarray
    #: The table's file; None for the scenario's own alternatives.
    file: str | None
    kind: str
    errors: tuple[ScenarioError, ...] = ()
    #: The header, on a file's first chunk (for the warnings of unread columns).
    header: tuple[str, ...] = ()
    every_name: np.ndarray = attrs.field(factory=lambda: np.zeros(0, dtype=object))
    every_line: np.ndarray = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    #: Each column's position in the file, by the name errors give it (their order
    #: in a row's error).
    columns: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=freeze)

    @property
    def n(self) -> int:
        return len(self.names)


def own_rows(plan: Plan) -> Rows:
    """The scenario's own alternatives, evaluated; a value the method cannot take
    raises, placed in the scenario, as when the table is read whole."""
    own = own_columns(plan.scenario, plan.criteria)
    values, own = _evaluated(plan, own, "raise")
    return Rows(
        values=values, names=own.names, lines=own.rows, file=None, kind="scenario",
        every_name=own.names, every_line=own.rows,
    )


def chunk_rows(plan: Plan, table: Table, on_error: OnError = "collect", *, first: bool = False) -> Rows:
    """One chunk of a table, checked and evaluated by the rules of a whole table:
    ``"raise"`` raises its first bad row, ``"collect"`` leaves bad rows out and lists
    them.  A name given again is not checked here but across every chunk by the
    engine (`name_keys`; a clash with the scenario's own alternatives is, here).
    `first`: the file's first chunk, whose header the warnings of unread columns read."""
    checked = check_table(table, plan.scenario, plan.catalogue, on_error=on_error, repeats=False)
    values, checked = _evaluated(plan, checked, on_error)
    if NAME in table.cells:
        cells = table.cells[NAME]
        every = [table.text(NAME, i) for i in range(table.n)] if not isinstance(cells, list) else cells
    else:
        every = [""] * table.n
    every_name = np.empty(table.n, dtype=object)
    every_name[:] = every
    columns = {table.written.get(head, head): j for j, head in enumerate(table.header)}
    return Rows(
        values=values, names=checked.names, lines=checked.rows, file=table.file, kind=table.kind,
        errors=checked.errors, header=table.header if first else (),
        every_name=every_name, every_line=np.asarray(table.rows, dtype=np.int64), columns=columns,
    )


def _evaluated(plan: Plan, source: Columns, on_error: OnError) -> tuple[np.ndarray, Columns]:
    """The source's values, and the source; a row with a value the method cannot take
    raises (the scenario's own always), or with ``"collect"`` is left out of both,
    its error added to the source's."""
    matrix, _, _ = columnar.evaluate(plan.criteria, [source])
    found = columnar.misfits(plan.ids, plan.method, plan.params, matrix, plan.benefit, chunk=True)
    if not found:
        return matrix, source
    errors = []
    for row, (col, expected, value) in found.items():
        error = ScenarioError(**source.where(row, plan.ids[col]), expected=expected, found=value)
        if on_error == "raise" or source.kind == "scenario":
            raise error
        errors.append(error)
    drop = np.zeros(len(matrix), dtype=bool)
    drop[list(found)] = True
    return matrix[~drop], source.without(drop, errors)


def name_keys(names: np.ndarray) -> np.ndarray:
    """A 64-bit key of each name, the same in every process and whatever the other
    names of its chunk (Python's own `hash` of a str is salted per process): equal
    names have equal keys; a few unequal ones may share one, so a shared key is a
    duplicate only once the names are compared."""
    return utf8_keys(*utf8_names(names))


def utf8_names(names: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The names as one UTF-8 blob and each one's end in it (names that are not valid
    text, from file names' escapes, kept byte for byte)."""
    try:
        import pyarrow as pa

        array = pa.array(names, type=pa.large_string())
        _, offsets, data = array.buffers()
        ends = np.frombuffer(offsets, dtype=np.int64, count=len(array) + 1)[1:]
        blob = b"" if data is None or not len(array) else data.to_pybytes()[: int(ends[-1])]
        return blob, ends.copy()
    except (ImportError, UnicodeEncodeError, ValueError, TypeError):
        pass
    encoded = [str(name).encode("utf-8", "surrogateescape") for name in names]
    return b"".join(encoded), np.cumsum([len(b) for b in encoded], dtype=np.int64)


def utf8_keys(blob: bytes, ends: np.ndarray) -> np.ndarray:
    """`name_keys` of the names `utf8_names` gives: a multiply-xorshift mix of each
    name's length, then of its 8-byte words (the last one's unused bytes zero), a word of
    every name at a time, the names with more words last (a long name costs its
    words only, never a matrix as wide as the longest)."""
    n = len(ends)
    ends = np.asarray(ends, dtype=np.int64)
    length = np.diff(ends, prepend=np.int64(0))
    with np.errstate(over="ignore"):  # the length mixed first, so no word can cancel it
        key = (np.uint64(0xCBF29CE484222325) ^ length.astype(np.uint64)) * np.uint64(0x94D049BB133111EB)
        key ^= key >> np.uint64(31)
    if not n or not len(blob):
        return key
    # an (unaligned, little-endian) 8-byte word starting at each byte of the blob
    padded = blob + bytes(8)
    word_at = np.ndarray(shape=(len(blob) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    words = (length + 7) // 8
    order = np.argsort(-words, kind="stable")
    descending = -words[order]
    starts = ends[order] - length[order]
    every = ~np.uint64(0)
    with np.errstate(over="ignore"):
        for j in range(int(words.max())):
            k = int(np.searchsorted(descending, -j, side="left"))  # the names with more than j words
            rows, rest = order[:k], length[order[:k]] - 8 * j
            word = word_at[starts[:k] + 8 * j]
            word &= every >> (np.uint64(64) - 8 * np.minimum(rest, 8).astype(np.uint64))
            mixed = (key[rows] ^ word) * np.uint64(0x100000001B3)
            mixed ^= mixed >> np.uint64(29)
            mixed *= np.uint64(0xBF58476D1CE4E5B9)
            mixed ^= mixed >> np.uint64(32)
            key[rows] = mixed
    return key


class Leaders:
    """The best `top` rows of every chunk seen (at least two), and every row tied to
    them: each row is kept with its score, values, name and place, and `ordinal` (its
    position in the whole table) orders ties as the table does."""

    def __init__(self, top: int, higher_is_better: bool) -> None:
        self.top = max(top, _AT_LEAST)
        self.higher = higher_is_better
        self.scores = np.zeros(0)
        self.values: np.ndarray | None = None
        self.names = np.zeros(0, dtype=object)
        self.files = np.zeros(0, dtype=object)
        self.lines = np.zeros(0, dtype=np.int64)
        self.ordinals = np.zeros(0, dtype=np.int64)

    def add(self, scores: np.ndarray, rows: Rows, first_ordinal: int) -> None:
        """Fold in a chunk's scores; its rows are ordinals ``first_ordinal`` on."""
        keep = leading(scores, self.top, self.higher)
        files = np.empty(len(keep), dtype=object)
        files[:] = [rows.file] * len(keep)
        self.fold(
            scores[keep], rows.values[keep], rows.names[keep], first_ordinal + keep.astype(np.int64),
            files, rows.lines[keep],
        )

    def merge(self, other: Leaders) -> None:
        if other.values is not None:
            self.fold(other.scores, other.values, other.names, other.ordinals, other.files, other.lines)

    def fold(self, scores, values, names, ordinals, files=None, lines=None, *, keep_all: bool = False) -> None:
        """Fold in candidate rows (their places may be filled in later: None, -1);
        `keep_all`: rows tied to the leaders, kept whatever the cut."""
        if files is None:
            files = np.full(len(scores), None, dtype=object)
        if lines is None:
            lines = np.full(len(scores), -1, dtype=np.int64)
        if self.values is None:
            self.values = np.zeros((0, values.shape[1]))
        scores = np.concatenate([self.scores, scores])
        parts = [
            np.concatenate([self.values, values]),
            np.concatenate([self.names, names]),
            np.concatenate([self.files, files]),
            np.concatenate([self.lines, lines]),
            np.concatenate([self.ordinals, ordinals]),
        ]
        keep = np.arange(len(scores)) if keep_all else leading(scores, self.top, self.higher)
        keep = keep[np.argsort(parts[-1][keep], kind="stable")]  # in the table's order
        self.scores = scores[keep]
        self.values, self.names, self.files, self.lines, self.ordinals = (p[keep] for p in parts)

    @property
    def threshold(self) -> float | None:
        """The worst score kept (None while fewer than `top` rows are)."""
        if len(self.scores) < self.top:
            return None
        return float(self.scores.min() if self.higher else self.scores.max())


def tied_beyond(scores: np.ndarray, worst: float, higher: bool) -> np.ndarray:
    """Which of `scores` lie past the leaders' cut `worst` but within the tie
    tolerance of it: the rows a tie may chain to the leaders across chunks (each
    chunk's own leaders keep the ties within it)."""
    band = RELATIVE_TIE * abs(worst)
    near = np.abs(scores - worst) <= np.maximum(band, RELATIVE_TIE * np.abs(scores))
    return near & ((scores < worst) if higher else (scores > worst))


def some_left(n: int, count: int, skipped: Sequence[ScenarioError], files: Sequence[str | None] = ()) -> None:
    """Raise when no row is left to rank: `count` rows had errors (`skipped`, those
    kept), placed at the table's file (its folder, for several), as for a table read
    whole."""
    if n == 0:
        import os

        from .pipeline import NoneLeft

        named = list(dict.fromkeys(f for f in files if f is not None))
        raise NoneLeft(
            file=(named[0] if len(named) == 1 else os.path.commonpath(named)) if named else None,
            expected="at least one alternative (a row without errors, or one in the scenario)",
            found=f"none left: all {count} rows have errors" if count else "none",
            rows=tuple(skipped),
        )


def result(
    plan: Plan,
    leaders: Leaders,
    weighting: Any,
    *,
    top: int,
    ranked: int,
    skipped: Sequence[ScenarioError] = (),
    warnings: Sequence[str] = (),
) -> Result:
    """The `Result` of ranking every row when only `leaders` are held: their ranks are
    their ranks in the whole (everything better than a leader is a leader)."""
    assert leaders.values is not None
    scheme, w = weighting
    ranking = Ranking(
        method=plan.method.name,
        params=dict(plan.params),
        higher_is_better=plan.method.higher_is_better,
        scores=leaders.scores,
        ranks=competition_ranks(leaders.scores, plan.method.higher_is_better),
        criterion_diagnostics=plan.method.criterion_diagnostics,
        pairwise_diagnostics=plan.method.pairwise_diagnostics,
    )
    decision = DecisionMatrix(
        scenario=plan.scenario,
        criteria=plan.criteria,
        matrix=leaders.values,
        weights=np.asarray(w.weights, dtype=float),
        scheme=scheme,
        weighting=w,
        row_names=leaders.names,
    )
    held = len(leaders.scores)
    return Result(  # every row held: the result of a table read whole, with top
        decision=decision, ranking=ranking, top=min(top, held), ranked=None if top >= ranked else ranked,
        skipped=tuple(skipped), warnings=tuple(warnings),
    )
