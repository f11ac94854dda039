"""Ranking a table on a Dask cluster: the rows, checks, passes and result of a table
read in chunks on one machine (`tradeoff.core.stream`), each partition on a worker.

A partition is a Parquet file's row group, a CSV file, or a partition of a Dask
DataFrame; the scenario's own alternatives are one more, first.  The steps, each a
graph of tasks run by whatever Dask scheduler is current (a `distributed.Client`'s):

1. The source pass: each partition's rows checked and evaluated by
   `tradeoff.core.chunks.chunk_rows`, a chunk at a time, into a `_Part` kept on the
   cluster (`dask.persist`): the kept rows' values, every row's name (UTF-8) and
   line, its rows' errors, and each counted name's 64-bit key.  A partition whose file
   cannot be read holds that error; the first in file order is raised.
2. Names given again (`tradeoff.core.repeats`): the keys, split into buckets by their
   top bits, go to one task per bucket, which finds the keys held more than once (no
   machine holds every key); each partition gives the names and lines of its rows with
   those keys, and the client finds the later row of each name given again.  Every
   error, the rows' own and the names', is said in file order; a kept row whose name
   was given earlier leaves its partition.
3. The rounds of the weighting scheme and of the method (`tradeoff.core.partition`):
   one task per partition, merged by a tree of tasks as `dask.dataframe`'s
   `reduction` does, the sums compensated (`partition.Totals`), so the split changes
   a statistic by an ulp or two.
4. The score pass: each partition's scores and leaders (`chunks.Leaders`), merged on
   the client; the rows a tie chains to the cut across partitions are asked for (rare).

The engine travels to each worker once, as one key of the graph (`_Job`), and builds
its plugins there from its options; the client holds the leaders, the errors and the
rows that share a name's key, never a value per row.
"""

from __future__ import annotations

import contextlib
import math
import operator
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import numpy as np

from .analyses import SAMPLES, SEED, WEIGHTS
from .analyses.smaa import check_settings
from .analyses.smaa_table import (
    Picks,
    TableSensitivity,
    exact_values,
    pick_block,
    smaa_table,
    totals_under,
)
from .core import chunks, partition, repeats
from .core.chunks import Leaders, Plan, Rows
from .core.facts import OnError, error_order, unread_facts
from .core.ranks import leading
from .core.result import Result
from .core.stream import check_scores
from .core.table_input import names_header
from .engine import Engine, default_engine
from .files import table_stream
from .files.places import located
from .files.table_read import (
    Table,
    arrow_table,
    check_header,
    named,
    parquet_file,
    table_header,
)
from .model.errors import (
    MissingExtra,
    ScenarioError,
    TradeoffError,
    install_hint,
    memory_for,
)
from .model.scenario import Scenario

#: Rows of a DataFrame's partition turned into a table at a time.
FRAME_ROWS = table_stream.ROWS
#: Keys in a bucket of the names' check, about (a bucket is sorted by one task).
BUCKET_KEYS = 1 << 22
#: Partials merged by one task of a round's tree.
TREE_WIDTH = 8

Progress = Callable[[str, int, int], None]


class ClusterError(TradeoffError):
    """The cluster could not finish: its workers died running the same task too often
    (out of memory, killed), or the scheduler went away.  Exit status 1."""


def _dask() -> Any:
    try:
        import dask
    except ImportError:
        raise MissingExtra(f"ranking on a Dask cluster needs dask, the optional extra 'dask': {install_hint('dask')}") from None
    return dask


class _Job:
    """The engine, the scenario and its `Plan`, built once in each process that
    receives them: a job travels as the engine's options, the scenario and the
    method's name, and builds its plugins where it lands."""

    def __init__(self, engine: Engine, scenario: Scenario, method: str | None) -> None:
        self.engine, self.scenario, self.method = engine, scenario, method
        self.plan: Plan = engine.chunk_plan(scenario, method=method)
        self.names = names_header(scenario)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Job, (self.engine, self.scenario, self.method))

    def rounds(self, which: str) -> tuple[partition.Round, ...]:
        if which == "weights":
            passes = self.plan.weights.passes
            return () if passes is None else passes.rounds
        return self.plan.passes.rounds


@attrs.frozen
class _Source:
    """Where a partition's rows are: ``"parquet"`` (a row group of `file`, its rows
    from index `first`), ``"csv"`` (the whole file) or ``"frame"`` (a DataFrame's
    partition, labelled `file`, its rows from `first`); `header` as checked on the
    client, `opens` when it holds the file's first row (whose header the warnings of
    unread columns read)."""

    kind: str
    file: str
    header: tuple[str, ...] = ()
    group: int = 0
    first: int = 0
    opens: bool = True


@attrs.define
class _Part:
    """A partition's rows once read: every row of the table's shape (its line, its
    name as UTF-8 `blob` ending at `ends`), the kept rows (`kept`: their positions
    among every row; `values`), the counted names' keys and positions, the rows'
    errors by line, and what the file says of its columns."""

    file: str | None
    kind: str
    values: np.ndarray
    kept: np.ndarray
    lines: np.ndarray
    blob: bytes
    ends: np.ndarray
    keys: np.ndarray
    keyed: np.ndarray
    errors: list[tuple[int, ScenarioError]]
    columns: dict[str, int]
    name_column: str
    warnings: tuple[str, ...] = ()
    index: Any = None
    fault: ScenarioError | None = None

    @property
    def n(self) -> int:
        return len(self.values)

    def name(self, i: int) -> str:
        """Row `i`'s name (of every row)."""
        lo = int(self.ends[i - 1]) if i else 0
        return self.blob[lo : int(self.ends[i])].decode("utf-8", "surrogateescape")

    def kept_names(self, picked: np.ndarray) -> np.ndarray:
        out = np.empty(len(picked), dtype=object)
        out[:] = [self.name(int(i)) for i in self.kept[picked]]
        return out


def _part(job: _Job, file: str | None, kind: str, chunk_rows: Sequence[Rows], *, index: Any = None) -> _Part:
    """A partition's `_Part` from its chunks' `Rows` (the scenario's own rows: one
    chunk, no keys: a row repeating one is its chunk's error)."""
    plan = job.plan
    own = frozenset(plan.scenario.names)
    own_keys = chunks.name_keys(np.array(sorted(own), dtype=object))
    values, kept, lines, blobs, ends, keys, keyed, errors, warnings = [], [], [], [], [], [], [], [], {}
    every = size = 0
    for rows in chunk_rows:
        values.append(np.ascontiguousarray(rows.values, dtype=float))
        kept.append(every + np.searchsorted(rows.every_line, rows.lines))
        lines.append(rows.every_line)
        blob, at = chunks.utf8_names(rows.every_name)
        blobs.append(blob)
        ends.append(at + size)
        if file is not None and len(at):
            key = chunks.utf8_keys(blob, at)
            counted = repeats.counted(rows.every_name, key, np.diff(at, prepend=0) > 0, own, own_keys)
            keys.append(key[counted])
            keyed.append(every + np.flatnonzero(counted))
        errors += [(error_order(error), error) for error in rows.errors]
        if rows.header:
            warnings.update(dict.fromkeys(unread_facts(plan.scenario, plan.criteria, rows)))
        every += len(rows.every_name)
        size += len(blob)
    first = chunk_rows[0] if chunk_rows else None
    columns = dict(first.columns) if first is not None else {}
    return _Part(
        file=file, kind=kind,
        values=np.concatenate(values) if values else np.zeros((0, len(plan.criteria))),
        kept=_joined(kept, np.int64), lines=_joined(lines, np.int64), blob=b"".join(blobs), ends=_joined(ends, np.int64),
        keys=_joined(keys, np.uint64), keyed=_joined(keyed, np.int64), errors=errors, columns=columns,
        name_column=repeats.name_column(columns, job.names), warnings=tuple(warnings), index=index,
    )


def _joined(pieces: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(pieces).astype(dtype, copy=False) if pieces else np.zeros(0, dtype=dtype)


def _read(job: _Job, source: _Source, frame: Any = None) -> _Part:
    """The source pass over one partition (on a worker)."""
    plan = job.plan
    found: list[Rows] = []
    index = None if frame is None else frame.index
    try:
        for i, table in enumerate(_tables(job, source, frame)):
            found.append(chunks.chunk_rows(plan, table, "collect", first=source.opens and i == 0))
    except ScenarioError as error:
        part = _part(job, source.file, source.kind, [])
        part.fault = error
        return part
    kind = "parquet" if source.kind != "csv" else "csv"
    return _part(job, source.file, kind, found, index=index)


def _tables(job: _Job, source: _Source, frame: Any) -> Iterator[Table]:
    if source.kind == "csv":
        for chunk in table_stream.read_chunks([source.file], name=job.names):
            yield chunk.table
    elif source.kind == "parquet":
        parquet = parquet_file(source.file)
        yield from table_stream.parquet_group(parquet, source.file, source.header, source.group, source.first, names=job.names)
    else:
        data = _arrow(frame)
        for start in range(0, data.num_rows, FRAME_ROWS):
            piece = data.slice(start, FRAME_ROWS)
            yield named(arrow_table(source.file, piece, source.header, source.first + start), job.names)


def _arrow(frame: Any) -> Any:
    """A pandas partition as a pyarrow table: each column typed as pyarrow types it,
    a column it cannot type (numbers and text mixed) as text."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        pass
    arrays = []
    for head in frame.columns:
        column = frame[head]
        try:
            arrays.append(pa.array(column, from_pandas=True))
        except (pa.ArrowException, TypeError, ValueError):
            cells = [None if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell) for cell in column.tolist()]
            arrays.append(pa.array(cells, type=pa.large_string()))
    return pa.Table.from_arrays(arrays, names=[str(head) for head in frame.columns])


# -- the tasks over a partition's rows ------------------------------------------------


def _buckets(part: _Part, count: int) -> list[np.ndarray]:
    """The part's keys by bucket (their top bits)."""
    if count == 1:
        return [part.keys]
    order, cuts = repeats.buckets(part.keys, count)
    ordered = part.keys[order]
    return [ordered[cuts[b] : cuts[b + 1]] for b in range(count)]


def _shared(*keys: np.ndarray) -> np.ndarray:
    return repeats.shared(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.uint64)


def _suspects(part: _Part, shared: np.ndarray) -> list[tuple[int, str]]:
    """(line, name) of the part's rows whose key another row holds too."""
    rows = part.keyed[np.isin(part.keys, shared)]
    return [(int(part.lines[i]), part.name(int(i))) for i in rows.tolist()]


def _errors(part: _Part) -> list[tuple[int, ScenarioError]]:
    return part.errors


def _without(part: _Part, lines: np.ndarray) -> _Part:
    """The part without its kept rows at `lines` (names given earlier elsewhere)."""
    keep = ~np.isin(part.lines[part.kept], lines)
    return attrs.evolve(part, values=part.values[keep], kept=part.kept[keep])


def _partial(job: _Job, which: str, i: int, part: _Part, known: partition.Known) -> dict[str, Any]:
    round_ = job.rounds(which)[i]
    totals = partition.Totals(round_)
    if part.n:
        totals.add(round_.of(part.values, known))
    return totals.parts


def _merged(job: _Job, which: str, i: int, *parts: dict[str, Any]) -> dict[str, Any]:
    round_ = job.rounds(which)[i]
    totals = partition.Totals(round_)
    for parts_ in parts:
        totals.merge(partition.Totals(round_, parts_))
    return totals.parts


def _scores(job: _Job, part: _Part, known: partition.Known) -> np.ndarray:
    if not part.n:
        return np.zeros(0)
    scores = np.asarray(job.plan.passes.score(part.values, known), dtype=float)
    check_scores(job.plan, scores, part.n)
    return scores


def _leaders(job: _Job, part: _Part, scores: np.ndarray, top: int, first: int) -> Leaders:
    leaders = Leaders(top, job.plan.method.higher_is_better)
    if part.n:
        keep = leading(scores, leaders.top, leaders.higher)
        _fold(leaders, part, scores, keep, first)
    return leaders


def _tied(job: _Job, part: _Part, scores: np.ndarray, worst: float, first: int) -> Leaders:
    """The part's rows a tie may chain to the leaders' cut `worst`."""
    leaders = Leaders(1, job.plan.method.higher_is_better)
    near = np.flatnonzero(chunks.tied_beyond(scores, worst, leaders.higher))
    if len(near):
        _fold(leaders, part, scores, near, first, keep_all=True)
    return leaders


def _fold(leaders: Leaders, part: _Part, scores: np.ndarray, picked: np.ndarray, first: int, *, keep_all: bool = False) -> None:
    files = np.empty(len(picked), dtype=object)
    files[:] = [part.file] * len(picked)
    leaders.fold(
        scores[picked], part.values[picked], part.kept_names(picked), first + picked.astype(np.int64),
        files, part.lines[part.kept[picked]], keep_all=keep_all,
    )


def _series(job: _Job, part: _Part, known: partition.Known) -> Any:
    import pandas as pd

    out = np.full(len(part.lines), np.nan)
    out[part.kept] = _scores(job, part, known)
    return pd.Series(out, index=part.index, name="score")


# -- the client's side ----------------------------------------------------------------


@attrs.define
class _Checked:
    """A table's partitions on the cluster after the source pass and the names'
    check: the job (and its key), each part's key, the first ordinal of each part's
    kept rows, the rows ranked, the errors said."""

    job: _Job
    job_key: Any
    parts: list[Any]
    firsts: list[int]
    n: int
    skipped: list[ScenarioError]
    count: int
    warnings: tuple[str, ...]
    follow: Progress

    def rounds(self, which: str, known: partition.Known) -> partition.Known:
        """Every round of the scheme's (``"weights"``) or the method's passes."""
        dask = _dask()
        delayed = dask.delayed
        for i, round_ in enumerate(self.job.rounds(which)):
            partials = [delayed(_partial)(self.job_key, which, i, part, known) for part in self.parts]
            while len(partials) > 1:
                partials = [
                    delayed(_merged)(self.job_key, which, i, *partials[j : j + TREE_WIDTH])
                    for j in range(0, len(partials), TREE_WIDTH)
                ]
            (parts,) = _compute(dask, partials)
            known = partition.finish_round(round_, partition.Totals(round_, parts), known)
            self.follow(f"round {i + 1} of the {'weights' if which == 'weights' else 'method'}", len(self.parts), len(self.parts))
        return known

    def weighting(self) -> Any:
        weights = self.job.plan.weights
        if weights.passes is None:
            return weights.fixed
        return weights.weighting(self.rounds("weights", weights.known(self.n)))

    def constants(self) -> tuple[Any, partition.Known]:
        """The decision's `Weighting` and the method's constants."""
        weighting = self.weighting()
        w = np.asarray(weighting.weights, dtype=float)
        return weighting, self.rounds("method", self.job.plan.known(w, self.n))


def _compute(dask: Any, tasks: Sequence[Any]) -> tuple[Any, ...]:
    """The tasks' values; a cluster that lost the workers of one too often is a
    one-line `ClusterError`."""
    try:
        return dask.compute(*tasks)
    except _lost() as error:
        said = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ClusterError(
            f"the Dask cluster could not finish the ranking ({said}): its workers were killed, ran out of memory, "
            "or the scheduler went away"
        ) from None


def _lost() -> tuple[type[BaseException], ...]:
    """The errors of a cluster that lost the workers or the scheduler of a task."""
    try:
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker
    except ImportError:
        return ()
    return (KilledWorker, CommClosedError)


def _persist(dask: Any, tasks: Sequence[Any]) -> list[Any]:
    return list(dask.persist(*tasks))


def _sources(source: Any, job: _Job, label: str) -> tuple[list[_Source], list[Any]]:
    """The partitions of `source` (a Dask DataFrame, or files as `rank_stream` takes
    them), each header checked before any row is read; with a DataFrame, its
    partitions' delayed frames."""
    if hasattr(source, "to_delayed") and hasattr(source, "npartitions"):
        header = table_header([str(c) for c in source.columns], job.names)
        empty = named(Table(file=label, header=header, cells={}, rows=np.empty(0, dtype=np.int64), kind="parquet"), job.names)
        check_header(empty, job.names)
        dask = _dask()
        frames = source.to_delayed()
        lengths = _compute(dask, [dask.delayed(len)(frame) for frame in frames])
        firsts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist() if lengths else []
        found = [_Source("frame", label, header, 0, first, opens=(i == 0)) for i, first in enumerate(firsts)]
        return found, list(frames)
    specs = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    found = []
    for spec in specs:
        for file in table_stream.table_files(spec):
            if not table_stream.is_parquet(file):
                found.append(_Source("csv", file))
                continue
            parquet, header = table_stream.parquet_header(file, job.names)
            first = 0
            for group in range(parquet.num_row_groups):
                found.append(_Source("parquet", file, header, group, first, opens=(group == 0)))
                first += parquet.metadata.row_group(group).num_rows
    return found, [None] * len(found)


@contextlib.contextmanager
def _checked(
    engine: Engine | None, scenario: Scenario, source: Any, method: str | None, label: str,
    on_error: OnError, on_skip: Callable[[ScenarioError], None] | None, progress: Progress | None,
) -> Iterator[_Checked]:
    """Steps 1 and 2: the partitions read and checked, kept on the cluster while the
    block runs."""
    dask = _dask()
    delayed = dask.delayed
    job = _Job(engine or default_engine(), scenario, method)

    def follow(what: str, done: int, total: int) -> None:
        if progress is not None:
            progress(what, done, total)

    sources, frames = _sources(source, job, label)
    (job_key,) = _persist(dask, [delayed(job, pure=False)])
    own = chunks.own_rows(job.plan)
    parts = [delayed(_part(job, None, "scenario", [own]), pure=False)]
    parts += [delayed(_read)(job_key, s, frame) for s, frame in zip(sources, frames)]
    parts = _persist(dask, parts)
    described = [_Described(*d) for d in _compute(dask, [delayed(_describe)(part) for part in parts])]
    follow("partitions read", len(parts), len(parts))
    fault = next((d.fault for d in described if d.fault is not None), None)
    if fault is not None:
        raise fault
    kept = [d.n for d in described]

    # names given again
    keyed = sum(d.keys for d in described)
    count = 1 << max(0, int(keyed // BUCKET_KEYS).bit_length())
    bucketed = [delayed(_buckets)(part, count) for part in parts]
    shared = _compute(dask, [delayed(_shared)(*(delayed(operator.getitem)(b, k) for b in bucketed)) for k in range(count)])
    shared_keys = np.concatenate(shared) if shared else np.zeros(0, dtype=np.uint64)
    named_errors: list[tuple[tuple[int, int], ScenarioError]] = []
    drops: dict[int, list[int]] = {}
    if len(shared_keys):
        suspects = _compute(dask, [delayed(_suspects)(part, shared_keys) for part in parts])
        places = [(d.file, d.kind, d.name_column) for d in described]
        flat = [((p, line), name) for p, rows in enumerate(suspects) for line, name in rows]
        kept_lines = dict(zip(range(len(parts)), _compute(dask, [delayed(_kept_lines)(part, shared_keys) for part in parts])))
        for (p, line), (fp, fline), name in repeats.again(flat):
            place = (places[p][0], places[p][1], line, places[p][2])
            first = (places[fp][0], places[fp][1], fline, places[fp][2])
            named_errors.append(((p, line), repeats.repeat_error(name, place, first)))
            if line in kept_lines[p]:
                drops.setdefault(p, []).append(line)
        named_errors.sort(key=lambda pair: pair[0])
    for p, lines in drops.items():
        (parts[p],) = _persist(dask, [delayed(_without)(parts[p], np.array(lines, dtype=np.int64))])
        kept[p] -= len(lines)
    follow("names checked", len(parts), len(parts))

    skipped: list[ScenarioError] = []
    said = [0]
    own_errors = _compute(dask, [delayed(_errors)(part) for part in parts])
    columns = [d.columns for d in described]
    every = (((p, line), error) for p, errors in enumerate(own_errors) for line, error in errors)
    for error in repeats.merged(every, named_errors, columns.__getitem__):
        if on_error == "raise":
            raise error
        said[0] += 1
        (skipped.append if on_skip is None else on_skip)(error)
    n = sum(kept)
    chunks.some_left(n, said[0], skipped, [d.file for d in described])
    warnings: dict[str, None] = dict.fromkeys(unread_facts(job.plan.scenario, job.plan.criteria))
    for d in described:
        warnings.update(dict.fromkeys(d.warnings))
    firsts = np.concatenate([[0], np.cumsum(kept)[:-1]]).astype(int).tolist()
    yield _Checked(
        job=job, job_key=job_key, parts=parts, firsts=firsts, n=n, skipped=skipped, count=said[0],
        warnings=tuple(warnings), follow=follow,
    )


@attrs.frozen
class _Described:
    """What the client keeps of a part: its file's fault, its rows kept, its count of
    keys, and what places its errors and warnings."""

    fault: ScenarioError | None
    n: int
    keys: int
    file: str | None
    kind: str
    name_column: str
    columns: dict[str, int]
    warnings: tuple[str, ...]


def _describe(part: _Part) -> tuple[Any, ...]:
    return (part.fault, part.n, len(part.keys), part.file, part.kind, part.name_column, part.columns, part.warnings)


def _kept_lines(part: _Part, shared: np.ndarray) -> set[int]:
    """The lines of the part's kept rows among those whose key is shared."""
    suspects = part.keyed[np.isin(part.keys, shared)]
    kept = suspects[np.isin(suspects, part.kept)]
    return set(part.lines[kept].tolist())


def rank(
    source: Any,
    scenario: Scenario,
    *,
    method: str | None = None,
    top: int = 10,
    engine: Engine | None = None,
    on_error: OnError = "raise",
    on_skip: Callable[[ScenarioError], None] | None = None,
    progress: Progress | None = None,
    label: str = "dataframe",
) -> Result:
    """Rank the scenario's own alternatives and the rows of `source` on the current
    Dask scheduler (a `distributed.Client`'s, or dask's default): a Dask DataFrame
    (its errors placed at ``label`` and each row's index in the whole frame), or CSV
    and Parquet files as `Engine.rank_stream` takes them (a file, a folder, a glob, or
    a list of those; a partition per Parquet row group and per CSV file).

    Returns the `Result` `Engine.rank(..., top=top)` gives for the same rows read
    whole: the best `top` and their ties, ranked among every row.  The method and
    weighting scheme must declare passes over chunks, as for `rank_stream`.  Each bad
    row's error, in file order, goes to `on_skip` (``on_error="collect"``; kept in the
    result's `skipped` when `on_skip` is None), or the first raises.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    with (
        located(scenario),
        memory_for(None, "the rows ranked on the Dask cluster"),
        _checked(engine, scenario, source, method, label, on_error, on_skip, progress) as rows,
    ):
        return _ranked(rows, top)


def _ranked(rows: _Checked, top: int) -> Result:
    """Steps 3 and 4: the rounds, the scores, the leaders and their `Result`."""
    dask = _dask()
    delayed = dask.delayed
    plan = rows.job.plan
    weighting, known = rows.constants()
    scores = _persist(dask, [delayed(_scores)(rows.job_key, part, known) for part in rows.parts])
    places = list(zip(rows.parts, scores, rows.firsts))
    leaders = Leaders(top, plan.method.higher_is_better)
    for other in _compute(dask, [delayed(_leaders)(rows.job_key, p, s, top, first) for p, s, first in places]):
        leaders.merge(other)
    rows.follow("rows scored", len(rows.parts), len(rows.parts))
    while (worst := leaders.threshold) is not None and _chained(
        leaders, _compute(dask, [delayed(_tied)(rows.job_key, p, s, worst, first) for p, s, first in places])
    ):
        pass
    said = (*weighting.warnings, *rows.warnings)
    return chunks.result(
        plan, leaders, (plan.weights.scheme, weighting), top=top, ranked=rows.n, skipped=rows.skipped, warnings=said,
    )


def sensitivity(
    source: Any,
    scenario: Scenario,
    *,
    method: str | None = None,
    samples: int = SAMPLES,
    seed: int = SEED,
    weights: str = WEIGHTS,
    ranks: int = 10,
    top: int = 10,
    engine: Engine | None = None,
    on_error: OnError = "raise",
    on_skip: Callable[[ScenarioError], None] | None = None,
    progress: Progress | None = None,
    label: str = "dataframe",
) -> TableSensitivity:
    """SMAA-2 of the rows of `source` (as `rank` takes it) on the Dask cluster: the
    `tradeoff.analyses.smaa_table.TableSensitivity` `Engine.sensitivity_stream` gives
    for the same rows, whatever the partitions (the weight samples are drawn on the
    client, from the seed; each partition scores its rows under them and keeps each
    sample's leaders)."""
    check_settings(samples, seed, ranks)
    with (
        located(scenario),
        memory_for(None, "the rows analysed on the Dask cluster"),
    ):
        exact_values(scenario)
        with _checked(engine, scenario, source, method, label, on_error, on_skip, progress) as rows:
            result = _ranked(rows, top)
            base = np.asarray(result.decision.weights, dtype=float)
            return smaa_table(_Spread(rows), result, base, samples=samples, seed=seed, weights=weights, ranks=ranks)


@attrs.frozen
class _Spread:
    """The partitions as the `tradeoff.analyses.smaa_table.Table` the analysis reads:
    each pass a task per partition, merged on the client."""

    rows: _Checked

    @property
    def plan(self) -> Plan:
        return self.rows.job.plan

    @property
    def n(self) -> int:
        return self.rows.n

    def rounds_under(self, knowns: Sequence[partition.Known]) -> list[partition.Known]:
        dask = _dask()
        delayed = dask.delayed
        rows, knowns = self.rows, list(knowns)
        for i, round_ in enumerate(self.plan.passes.rounds):
            partials = [delayed(_partials_under)(rows.job_key, i, part, knowns) for part in rows.parts]
            while len(partials) > 1:
                partials = [
                    delayed(_merged_under)(rows.job_key, i, *partials[j : j + TREE_WIDTH])
                    for j in range(0, len(partials), TREE_WIDTH)
                ]
            (found,) = _compute(dask, partials)
            knowns = [partition.finish_round(round_, partition.Totals(round_, f), k) for f, k in zip(found, knowns)]
        return knowns

    def picks(self, score: Any, top: int, what: str) -> Any:
        dask = _dask()
        rows = self.rows
        found = _compute(dask, [
            dask.delayed(_part_picks)(rows.job_key, part, first, score, top) for part, first in zip(rows.parts, rows.firsts)
        ])
        picks = found[0]
        for other in found[1:]:
            picks.merge(other)
        rows.follow(f"partitions scored under the {what}", len(rows.parts), len(rows.parts))
        return picks

    def names_at(self, ordinals: np.ndarray) -> np.ndarray:
        dask = _dask()
        rows = self.rows
        at = np.searchsorted(np.asarray(rows.firsts), ordinals, side="right") - 1
        out = np.empty(len(ordinals), dtype=object)
        wanted = sorted(set(at.tolist()))
        names = _compute(dask, [
            dask.delayed(_names_of)(rows.parts[p], ordinals[at == p] - rows.firsts[p]) for p in wanted
        ])
        for p, found in zip(wanted, names):
            out[at == p] = found
        return out


def _partials_under(job: _Job, i: int, part: _Part, knowns: Sequence[partition.Known]) -> list[dict[str, Any]]:
    round_ = job.plan.passes.rounds[i]
    return [t.parts for t in totals_under(job.plan, round_, knowns, [part.values])]


def _merged_under(job: _Job, i: int, *found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_merged(job, "method", i, *same) for same in zip(*found)]


def _part_picks(job: _Job, part: _Part, first: int, score: Any, top: int) -> Any:
    picks = Picks(len(score.w), top)
    pick_block(picks, job.plan, score, part.values, first + np.arange(part.n, dtype=np.int64))
    return picks


def _names_of(part: _Part, picked: np.ndarray) -> np.ndarray:
    return part.kept_names(picked)


def _chained(leaders: Leaders, tied: Sequence[Leaders]) -> bool:
    """Fold in the partitions' rows tied to the cut that the leaders do not hold yet;
    whether there were any (then the cut may have moved: ask again)."""
    held = set(leaders.ordinals.tolist())
    new = False
    for other in tied:
        fresh = np.array([o not in held for o in other.ordinals.tolist()], dtype=bool)
        if fresh.any():
            new = True
            leaders.fold(
                other.scores[fresh], other.values[fresh], other.names[fresh], other.ordinals[fresh],
                other.files[fresh], other.lines[fresh], keep_all=True,
            )
    return new


def scores(
    frame: Any,
    scenario: Scenario,
    *,
    method: str | None = None,
    engine: Engine | None = None,
    on_error: OnError = "collect",
    on_skip: Callable[[ScenarioError], None] | None = None,
    label: str = "dataframe",
) -> Any:
    """Each row's score as a Dask Series beside the DataFrame `frame` (its index and
    partitions), NaN where a row is left out (its error, to `on_skip`); the
    weighting and the method's constants are found now, over every row, and each
    partition is scored when the Series is computed.  The scenario's own
    alternatives count in the constants but are not in the Series."""
    if not (hasattr(frame, "to_delayed") and hasattr(frame, "npartitions")):
        raise TypeError(f"scores() takes a Dask DataFrame, got {type(frame).__name__} (rank() also reads files)")
    dask = _dask()
    import dask.dataframe as dd
    import pandas as pd

    with (
        located(scenario),
        memory_for(None, "the rows scored on the Dask cluster"),
        _checked(engine, scenario, frame, method, label, on_error, on_skip, None) as rows,
    ):
        _, known = rows.constants()
        pieces = [dask.delayed(_series)(rows.job_key, part, known) for part in rows.parts[1:]]
        divisions = frame.divisions if frame.known_divisions else None
        return dd.from_delayed(pieces, meta=pd.Series(dtype=float, name="score"), divisions=divisions)


@contextlib.contextmanager
def client_for(address: str | None = None, *, workers: int | None = None) -> Iterator[Any]:
    """A `distributed.Client` of the scheduler at `address`, or of a local cluster of
    `workers` processes (default: one per core) started for the block."""
    _dask()
    try:
        import distributed
    except ImportError:
        raise MissingExtra(f"a Dask cluster needs distributed, the optional extra 'dask': {install_hint('dask')}") from None
    import logging

    if address is not None:
        try:
            client = distributed.Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            raise ScenarioError(
                path=("--scheduler",), expected="the address of a running Dask scheduler (tcp://HOST:PORT)",
                found=f"{address}: {str(error).splitlines()[0] if str(error) else type(error).__name__}",
            ) from None
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    with distributed.LocalCluster(
        n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster, distributed.Client(cluster) as client:
        yield client
