"""Many scenarios at once: stacked kernel calls, one result file each, a summary.

`rank_many` ranks scenarios held in memory: each is checked and evaluated alone, then
those that share method, parameters, criteria directions and shape are stacked and
ranked in one kernel call.  A scenario with an error yields its error, and the others
their results.

`run_batch` does the same for files, writing one result per scenario into a folder,
atomically, plus ``summary.csv`` and ``summary.jsonl`` (scenario, output, method, top
choice, score, margin to the second) and ``errors.txt``.  Work is cut into chunks of
files; chunks run here or on any `concurrent.futures.Executor` (a process pool, or a
distributed engine's executor), which needs the engine to be picklable, as `Engine`
is.  A journal (``.tradeoff-batch.jsonl``) records each finished scenario with a hash
of its file, so ``resume=True`` skips the ones whose result is already complete.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from .core import pipeline
from .core.methods import Ranking
from .core.result import Result
from .files import scenario_file
from .files.atomic import remove_leftovers, write_text
from .files.places import located
from .model.errors import ScenarioError, TradeoffError
from .model.scenario import Scenario
from .output import render

#: What each output format's files end with.
SUFFIXES = {"table": ".txt", "json": ".json", "csv": ".csv", "markdown": ".md"}
SUMMARY_FIELDS = ("scenario", "output", "method", "top", "score", "margin")
JOURNAL = ".tradeoff-batch.jsonl"
#: The files a batch writes besides the results.
SUMMARIES = ("summary.csv", "summary.jsonl", "errors.txt", JOURNAL)
#: Scenarios per chunk of work handed to a worker.
CHUNK = 64


# -- in memory ------------------------------------------------------------------------


def rank_many(
    engine: Any, scenarios: Sequence[Scenario], method: str | None = None
) -> list[Result | TradeoffError]:
    """Each scenario's result, or the error that stopped it, in the order given."""
    out: list[Result | TradeoffError | None] = [None] * len(scenarios)
    groups: dict[tuple[Any, ...], list[tuple[int, pipeline.Prepared]]] = {}
    for i, scenario in enumerate(scenarios):
        try:
            with located(scenario):
                job = pipeline.prepare(scenario, engine._registry, method)
        except TradeoffError as error:
            out[i] = error
            continue
        groups.setdefault(_stack_key(job), []).append((i, job))
    for members in groups.values():
        for i, result in _rank_group(members):
            out[i] = result
    return out  # type: ignore[return-value]


def _stack_key(job: pipeline.Prepared) -> tuple[Any, ...]:
    """Scenarios with equal keys can share one kernel call."""
    return (job.method.name, repr(sorted(job.params.items())), job.x.shape, job.benefit.tobytes())


def _rank_group(members: list[tuple[int, pipeline.Prepared]]) -> Iterable[tuple[int, Result | TradeoffError]]:
    first = members[0][1]
    if len(members) == 1:
        yield members[0][0], _alone(first)
        return
    x = np.stack([job.x for _, job in members])
    w = np.stack([job.w for _, job in members])
    try:
        stacked = first.method.run_checked(x, w, first.benefit, first.params)
    except TradeoffError:  # find out which member the plugin fails on
        for i, job in members:
            yield i, _alone(job)
        return
    for k, (i, job) in enumerate(members):
        ranking = attrs.evolve(
            stacked,
            scores=stacked.scores[k],
            ranks=stacked.ranks[k],
            diagnostics={key: np.asarray(v)[k] for key, v in stacked.diagnostics.items()},
        )
        try:
            yield i, pipeline.finish(job, ranking)
        except TradeoffError as error:
            yield i, error


def _alone(job: pipeline.Prepared) -> Result | TradeoffError:
    try:
        ranking: Ranking = job.method.run_checked(job.x, job.w, job.benefit, job.params)
        return pipeline.finish(job, ranking)
    except TradeoffError as error:
        return error


# -- files ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Report:
    """What a batch did: a summary record per ranked scenario, the errors, the skipped."""

    records: tuple[dict[str, Any], ...]
    errors: tuple[tuple[str, str, int], ...]  # (scenario, message, exit status)
    skipped: int = 0

    @property
    def exit_status(self) -> int:
        return max((status for *_, status in self.errors), default=0)


def expand(inputs: Iterable[str]) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Scenario files named by `inputs` (files, folders of ``*.toml``, glob patterns),
    in order and without repeats, and an error for each input that names none."""
    files: list[str] = []
    errors = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.toml") if p.is_file())
            what = f'scenario files (*.toml) in the folder "{given}"'
        elif glob.has_magic(given):
            found = sorted(p for p in glob.glob(given, recursive=True) if Path(p).is_file())
            what = f'files matching "{given}"'
        else:
            found = [given]  # a missing file is the loader's error, with its name
            what = ""
        if not found:
            errors.append((given, f"{given}: expected {what}, got none", 2))
        files += [f for f in found if f not in files]
    return files, errors


def output_names(files: Sequence[str], fmt: str) -> list[str]:
    """One output file name per input: its stem, numbered when stems repeat."""
    seen: dict[str, int] = {}
    out = []
    for f in files:
        stem = Path(f).stem
        seen[stem] = seen.get(stem, 0) + 1
        out.append(f"{stem}{'' if seen[stem] == 1 else '-' + str(seen[stem])}{SUFFIXES[fmt]}")
    return out


def fingerprint(path: str, fmt: str, method: str | None) -> str:
    """What a finished result depends on: the file's bytes and the options."""
    digest = hashlib.sha256()
    try:
        digest.update(Path(path).read_bytes())
    except OSError:
        return ""
    digest.update(f"\0{fmt}\0{method or ''}".encode())
    return digest.hexdigest()


def rank_files(
    engine: Any, files: Sequence[str], outputs: Sequence[str], outdir: str, fmt: str, method: str | None
) -> list[dict[str, Any]]:
    """Rank `files` as one stacked batch and write each result; one entry per file:
    a summary record, or ``{"scenario", "error", "status"}``.  Runs in a worker."""
    entries: list[dict[str, Any]] = [{} for _ in files]
    loaded: list[tuple[int, Scenario]] = []
    for k, name in enumerate(files):
        try:
            loaded.append((k, scenario_file.load(name)))
        except TradeoffError as error:
            entries[k] = {"scenario": name, "error": str(error), "status": error.exit_status}
    results = rank_many(engine, [s for _, s in loaded], method)
    for (k, _), result in zip(loaded, results):
        name = files[k]
        if isinstance(result, TradeoffError):
            entries[k] = {"scenario": name, "error": str(result), "status": result.exit_status}
            continue
        target = Path(outdir) / outputs[k]
        try:
            write_text(target, render.render(result, fmt))
        except OSError as error:
            problem = f"{name}: -o: expected a result file that can be written, got \"{target}\": {error.strerror or error}"
            entries[k] = {"scenario": name, "error": problem, "status": 2}
            continue
        entries[k] = {**_summary(name, str(target), result), "fingerprint": fingerprint(name, fmt, method)}
    return entries


def _summary(scenario: str, output: str, result: Result) -> dict[str, Any]:
    rows = result.rows
    margin = abs(rows[0].score - rows[1].score) if len(rows) > 1 and rows[1].rank != rows[0].rank else 0.0
    return {
        "scenario": scenario,
        "output": output,
        "method": result.ranking.method,
        "top": rows[0].name,
        "score": rows[0].score,
        "margin": margin if len(rows) > 1 else None,
    }


def run_batch(
    engine: Any,
    inputs: Iterable[str],
    outdir: str,
    *,
    fmt: str = "json",
    method: str | None = None,
    jobs: int = 1,
    executor: Executor | None = None,
    resume: bool = False,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Rank every scenario file `inputs` name; write results and summaries to `outdir`.

    `jobs` above 1 ranks in a pool of that many processes, shut down before this
    returns; an app's own `executor` is used instead when given.  Called in the main
    thread while SIGTERM has its default action, a SIGTERM (what ``kill`` sends) stops
    the batch as Ctrl-C does, as a `KeyboardInterrupt` once no temporary file is left;
    an app's own handler, and other threads, are left alone."""
    if jobs < 1:
        raise ScenarioError(expected="--jobs of at least 1", found=str(jobs), path=("--jobs",))
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ScenarioError(expected="a folder for the results", found=f'a file "{outdir}"', path=("-o",))
    with _pool(jobs, executor, out) as executor, _sigterm_interrupts():
        out.mkdir(parents=True, exist_ok=True)
        remove_partial(out)  # left by a run that was killed mid-write
        files, errors = expand(inputs)
        outputs = output_names(files, fmt)
        _refuse_overwriting_inputs(files, [out / o for o in (*outputs, *SUMMARIES)])
        done = _journal(out) if resume else {}
        if not resume:
            (out / JOURNAL).unlink(missing_ok=True)
        records: dict[str, dict[str, Any]] = {}
        todo = []
        for f, o in zip(files, outputs):
            entry = done.get(f)
            if entry and entry.get("fingerprint") == fingerprint(f, fmt, method) and Path(entry["output"]).exists():
                records[f] = entry
            else:
                todo.append((f, o))
        skipped = len(files) - len(todo)
        chunks = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
        failures = list(errors)
        finished = skipped
        if progress is not None:
            progress(finished, len(files))

        def take(entries: list[dict[str, Any]]) -> None:
            nonlocal finished
            with open(out / JOURNAL, "a", encoding="utf-8") as journal:
                for entry in entries:
                    if "error" in entry:
                        failures.append((entry["scenario"], entry["error"], entry["status"]))
                    else:
                        records[entry["scenario"]] = entry
                        journal.write(json.dumps(entry) + "\n")
                journal.flush()
                os.fsync(journal.fileno())
            finished += len(entries)
            if progress is not None:
                progress(finished, len(files))

        if executor is None:
            try:
                for part in chunks:
                    take(rank_files(engine, [f for f, _ in part], [o for _, o in part], str(out), fmt, method))
            except BaseException:
                remove_partial(out)  # an interrupt between creating a temporary file and its cleanup
                raise
        else:
            futures: list[Future] = [
                executor.submit(rank_files, engine, [f for f, _ in part], [o for _, o in part], str(out), fmt, method)
                for part in chunks
            ]
            try:
                for future in futures:
                    take(future.result())
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        ordered = tuple(records[f] for f in files if f in records)
        report = Report(records=ordered, errors=tuple(failures), skipped=skipped)
        _write_summaries(out, report)
        return report


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises `KeyboardInterrupt` inside the block, where that can be arranged:
    in the main thread (the only one `signal.signal` works in), when no one else
    handles it."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _pool(jobs: int, executor: Executor | None, out: Path) -> Iterator[Executor | None]:
    """`executor`; or, with none and `jobs` above 1, a process pool of our own, shut
    down on the way out, and then the files its workers left half-written removed."""
    if executor is not None or jobs == 1:
        yield executor
        return
    pool = ProcessPoolExecutor(jobs)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        remove_partial(out)  # once no worker writes any more


def remove_partial(out: Path) -> None:
    """Remove the temporary files of unfinished atomic writes in `out`: those a kill
    left (``.NAME.PID.XXXXXXXX.tmp``, see `tradeoff.files.atomic`), whichever process wrote
    them.  Other files, hidden or not, stay."""
    remove_leftovers(out, ended_only=False)


def _refuse_overwriting_inputs(files: Sequence[str], targets: Sequence[Path]) -> None:
    """No output may be an input: the same path, through a symlink, or a hard link."""
    inputs = {Path(f).resolve() for f in files if Path(f).exists()}
    identities = {_identity(f) for f in files} - {None}
    for target in targets:
        if target.resolve() in inputs or (identities and _identity(target) in identities):
            raise ScenarioError(
                expected="an output folder where no result would replace an input",
                found=f'"{target}", an input',
                path=("-o",),
            )


def _identity(path: str | Path) -> tuple[int, int] | None:
    """The file's (device, inode): equal for two names of one file (a hard link)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _journal(out: Path) -> dict[str, dict[str, Any]]:
    """Finished scenarios of an earlier run; a line cut short by a kill is ignored."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        lines = (out / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        return entries
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "scenario" in entry:
            entries[entry["scenario"]] = entry
    return entries


def _write_summaries(out: Path, report: Report) -> None:
    rows = [{k: r[k] for k in SUMMARY_FIELDS} for r in report.records]
    cells = [[*(row[k] for k in SUMMARY_FIELDS[:4]), repr(row["score"]), "" if row["margin"] is None else repr(row["margin"])]
             for row in rows]
    write_text(out / "summary.csv", render.csv_text([SUMMARY_FIELDS, *cells]))
    write_text(out / "summary.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    errors = out / "errors.txt"
    if report.errors:
        write_text(errors, "".join(f"error: {message}\n" for _, message, _ in report.errors))
    else:
        errors.unlink(missing_ok=True)
