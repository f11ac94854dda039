"""Ranking a table bigger than memory on one machine: a pass over its files, then
passes over a spill of their values.

1. The source pass reads the files a chunk at a time (`tradeoff.files.table_stream`),
   checks and evaluates each chunk (`tradeoff.core.chunks.chunk_rows`) and appends it
   to a spill on disk (`tradeoff.core.spill`): the kept rows' values, every row's name
   and place, the bad rows' errors.
2. Names given again, found a bucket of keys at a time; then every bad row's error,
   in file order, goes to ``on_skip`` (the same errors as for the table read whole).
3. The rounds of the weighting scheme (when it reads the data) and of the method
   (`tradeoff.core.partition`), one pass over the spill each, a block of rows at a time.
4. The score pass: each block's scores, its leaders kept (`tradeoff.core.chunks.Leaders`),
   and every row's score written when asked (``scores_out``); with ranks, a sort on
   disk (`tradeoff.core.rank_order`).

Memory holds a chunk of the files, a block of the spill, a bucket and the leaders,
whatever the number of rows; the spill takes (8 m + 40 + the name's bytes) per row of
disk (the system's temporary folder, or ``spill=``) and is removed at the end, Ctrl-C
included.  Reading the values back costs far less than parsing the files again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from ..files import atomic
from ..files.table_read import Table
from ..model.errors import MissingExtra, ScenarioError, install_hint
from . import partition
from .chunks import Leaders, Plan, chunk_rows, own_rows, result, some_left, tied_beyond
from .facts import OnError, unread_facts
from .methods import all_finite
from .rank_order import in_rank_order
from .ranks import leading
from .result import Result
from .spill import Spill
from .table_input import names_header

Progress = Callable[[str, int, int], None]  # (what the pass does, done, total)


@attrs.frozen(kw_only=True)
class Streamed:
    """What a stream gives besides its `Result`: the rows left out, by count (each
    was handed to ``on_skip``), and the number ranked."""

    result: Result
    skipped: int
    ranked: int


@attrs.define
class Spilled:
    """A table's rows in a spill, checked, with what the passes over it need: the
    ordinals of the rows left out for a name given again (`dropped`), the number of
    rows ranked (`n`), the errors said and the warnings of unread columns."""

    plan: Plan
    store: Spill
    dropped: np.ndarray
    n: int
    skipped: list[ScenarioError]
    count: int
    warnings: tuple[str, ...]
    follow: Progress

    def each_pass(self, what: str) -> Callable[[], Iterator[np.ndarray]]:
        """A fresh iterator of the kept rows' values, a block at a time, per call."""

        def rows() -> Iterator[np.ndarray]:
            done = 0
            for _ordinals, values in self.store.blocks(self.dropped):
                done += len(values)
                yield values
                self.follow(what, done, self.n)

        return rows

    def weighting(self) -> Any:
        """The decision's `Weighting`: fixed, or by the scheme's rounds over the rows."""
        weights = self.plan.weights
        if weights.passes is None:
            return weights.fixed
        known = partition.run_rounds(weights.passes.rounds, self.each_pass("rows weighed"), weights.known(self.n))
        return weights.weighting(known)


@contextlib.contextmanager
def spilled(
    plan: Plan,
    tables: Iterable[Table],
    *,
    on_error: OnError = "collect",
    on_skip: Callable[[ScenarioError], None] | None = None,
    progress: Progress | None = None,
    spill: str | os.PathLike[str] | None = None,
) -> Iterator[Spilled]:
    """The source pass and the names' check (steps 1 and 2): the spill of the rows
    kept, removed when the block ends; every bad row's error said, in file order (to
    `on_skip`, or kept in `skipped`; the first raised with ``on_error="raise"``)."""
    skipped: list[ScenarioError] = []
    count = [0]

    def skip(error: ScenarioError) -> None:
        count[0] += 1
        (skipped.append if on_skip is None else on_skip)(error)

    def follow(what: str, done: int, total: int) -> None:
        if progress is not None:
            progress(what, done, total)

    with tempfile.TemporaryDirectory(prefix="tradeoff-spill-", dir=spill) as folder:
        store = Spill(Path(folder), len(plan.criteria), frozenset(plan.scenario.names), names_header(plan.scenario))
        try:
            warnings = _source_pass(plan, tables, store)
        finally:
            store.close_writing()
        dropped, errors = store.repeats()
        for error in errors:
            if on_error == "raise":
                raise error
            skip(error)
        n = store.n - len(dropped)
        some_left(n, count[0], skipped, store.files)
        yield Spilled(
            plan=plan, store=store, dropped=dropped, n=n, skipped=skipped, count=count[0], warnings=warnings, follow=follow,
        )


def rank_stream(
    plan: Plan,
    tables: Iterable[Table],
    *,
    top: int = 10,
    on_error: OnError = "collect",
    on_skip: Callable[[ScenarioError], None] | None = None,
    progress: Progress | None = None,
    scores_out: Callable[[Any], None] | None = None,
    ranks: bool = False,
    spill: str | os.PathLike[str] | None = None,
) -> Streamed:
    """Rank the scenario's own alternatives and every row of `tables` (chunks of one
    or more files, in order) in bounded memory; the best `top` and their ties held.

    Each bad row's error goes to `on_skip` as it is found (kept in the result's
    `skipped` when `on_skip` is None); with ``on_error="raise"`` the first raises.
    ``scores_out(table)`` receives every row's name, values and score as pyarrow
    tables (`scores_schema`), in the table's order a block at a time, or with `ranks`
    best first with each row's rank (`tradeoff.core.rank_order`).
    """
    with spilled(plan, tables, on_error=on_error, on_skip=on_skip, progress=progress, spill=spill) as rows:
        return ranked(rows, top=top, scores_out=scores_out, ranks=ranks)


def ranked(rows: Spilled, *, top: int = 10, scores_out: Callable[[Any], None] | None = None, ranks: bool = False) -> Streamed:
    """Steps 3 and 4 over the spilled `rows`: the rounds, then the score pass (see
    `rank_stream`)."""
    plan = rows.plan
    store, dropped, n, follow, skipped = rows.store, rows.dropped, rows.n, rows.follow, rows.skipped
    weights = plan.weights
    weighting = rows.weighting()
    w = np.asarray(weighting.weights, dtype=float)
    known = partition.run_rounds(plan.passes.rounds, rows.each_pass("rows summed up"), plan.known(w, n))
    leaders = Leaders(top, plan.method.higher_is_better)
    schema = scores_schema(plan)
    done = 0
    with open(store.folder / "scores.f8", "wb") as kept:
        for ordinals, values in store.blocks(dropped):
            scores = np.asarray(plan.passes.score(values, known), dtype=float)
            check_scores(plan, scores, len(values))
            scores.tofile(kept)
            keep = leading(scores, leaders.top, leaders.higher)
            leaders.fold(scores[keep], values[keep], store.names_at(ordinals[keep]), ordinals[keep])
            if scores_out is not None and not ranks:
                scores_out(_scores_table(schema, store.name_array(ordinals), values, scores))
            done += len(values)
            follow("rows scored", done, n)
    _chained(store, dropped, leaders)
    if scores_out is not None and ranks:
        blocks = lambda: _scored_blocks(store, dropped, schema)
        done = 0
        for table in in_rank_order(blocks, n, plan.method.higher_is_better, store.folder / "buckets", schema):
            scores_out(table)
            done += table.num_rows
            follow("rows ranked", done, n)
    files, lines = store.places_at(leaders.ordinals)
    leaders.files = np.array(files, dtype=object)
    leaders.lines = lines
    said = (*weighting.warnings, *rows.warnings)
    out = result(plan, leaders, (weights.scheme, weighting), top=top, ranked=n, skipped=skipped, warnings=said)
    return Streamed(result=out, skipped=rows.count, ranked=n)


def _score_blocks(store: Spill, dropped: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(ordinals, values, scores) of the rows kept, a block at a time, once scored."""
    with open(store.folder / "scores.f8", "rb") as f:
        for ordinals, values in store.blocks(dropped):
            yield ordinals, values, np.fromfile(f, dtype=float, count=len(ordinals))


def _scored_blocks(store: Spill, dropped: np.ndarray, schema: Any) -> Iterator[Any]:
    for ordinals, values, scores in _score_blocks(store, dropped):
        yield _scores_table(schema, store.name_array(ordinals), values, scores)


def _chained(store: Spill, dropped: np.ndarray, leaders: Leaders) -> None:
    """Add the rows a tie chains to the leaders across blocks: a block's own leaders
    keep the ties within it, and a row just past a block's cut may be tied, through
    other blocks' rows, to the final cut (rare: one more read of the scores)."""
    while True:
        worst = leaders.threshold
        if worst is None:
            return
        picked: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        held = set(leaders.ordinals.tolist())
        for ordinals, values, scores in _score_blocks(store, dropped):
            near = tied_beyond(scores, worst, leaders.higher)
            if near.any():
                new = np.array([o not in held for o in ordinals[near].tolist()], dtype=bool)
                if new.any():
                    picked.append((ordinals[near][new], values[near][new], scores[near][new]))
        if not picked:
            return
        for ordinals, values, scores in picked:
            leaders.fold(scores, values, store.names_at(ordinals), ordinals, keep_all=True)


def scores_schema(plan: Plan) -> Any:
    """The columns of every row's scores: name, each criterion's value, score."""
    import pyarrow as pa

    ids = [c.id for c in plan.criteria]
    return pa.schema([("name", pa.large_string()), *((i, pa.float64()) for i in ids), ("score", pa.float64())])


def _scores_table(schema: Any, names: Any, values: np.ndarray, scores: np.ndarray) -> Any:
    import pyarrow as pa

    columns = [names, *(values[:, j] for j in range(values.shape[1])), scores]
    return pa.Table.from_arrays(columns, schema=schema)


@contextlib.contextmanager
def scores_writer(path: str | os.PathLike[str] | None, plan: Plan, *, ranks: bool = False) -> Iterator[Callable[..., None] | None]:
    """A ``scores_out`` for `rank_stream` writing every row's scores (and rank, with
    `ranks`) to the Parquet file `path` as they come (None: no file); the file appears
    whole at the end, and not at all if the run fails or is stopped."""
    if path is None:
        yield None
        return
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra(f"writing scores to Parquet needs pyarrow, the optional extra 'parquet': {install_hint('parquet')}") from None
    schema = scores_schema(plan)
    if ranks:
        schema = schema.append(pa.field("rank", pa.int64()))
    with atomic.writing(path) as handle, pq.ParquetWriter(handle, schema) as writer:
        yield writer.write_table


def check_scores(plan: Plan, scores: np.ndarray, k: int) -> None:
    """A method's passes must score each of the `k` rows with a finite number."""
    from ..model.errors import PluginError

    if scores.shape != (k,) or not all_finite(scores):
        raise PluginError(
            plugin=plan.method.provided_by or "?",
            hook=f"method {plan.method.name!r} passes",
            problem=f"scored {k} rows with {scores.shape} values, or values that are not finite",
        )


def _source_pass(plan: Plan, tables: Iterable[Table], store: Spill) -> tuple[str, ...]:
    """Read every chunk into the spill (its bad rows' errors too, said once the names
    are checked, in file order); the warnings of columns no criterion reads."""
    store.append(own_rows(plan))
    warnings: dict[str, None] = dict.fromkeys(unread_facts(plan.scenario, plan.criteria))
    last = None
    for table in tables:
        first = table.file != last
        last = table.file
        rows = chunk_rows(plan, table, "collect", first=first)
        if first:
            warnings.update(dict.fromkeys(unread_facts(plan.scenario, plan.criteria, rows)))
        store.append(rows)
    return tuple(warnings)

