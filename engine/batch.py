"""Many scenarios at once: stacked kernel calls, one result file each, a summary.

`rank_many` ranks scenarios held in memory: each is checked and evaluated alone, then
those that share method, parameters, criteria directions and shape are stacked and
ranked in one kernel call.  A scenario with an error yields its error, and the others
their results.

`run_batch` does the same for files, writing one result per scenario into a folder,
atomically, plus ``summary.csv`` and ``summary.jsonl`` (scenario, output, method, top
choice, score, margin to the second) and ``errors.txt``; each input gets its own
result file (`output_names`).  Work is cut into chunks of files; chunks run here or
on any `concurrent.futures.Executor` (a process pool, or a distributed engine's
executor), which needs the engine to be picklable, as `Engine` is.  A journal
(``.tradeoff-batch.jsonl``) records each finished scenario, keyed by its input, with a
hash of its file and of the result written, so ``resume=True`` skips the ones whose
result file still holds their result.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from .core import pipeline
from .core.methods import Ranking
from .core.result import Result
from .files import scenario_file
from .files.atomic import Group, remove_leftovers, write_text
from .files.places import located
from .model.errors import ScenarioError, TradeoffError, as_text, clip
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
#: Seconds a batch waits for the next chunk before it gives up on its workers.
TIMEOUT = 3600.0
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


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
    in order and without repeats, and an error for each input that names none.  A
    name that exists is that file, even when it holds ``[``, ``*`` or ``?``; only a
    name that does not is a pattern."""
    files: list[str] = []
    errors = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.toml") if p.is_file())
            what = f'scenario files (*.toml) in the folder "{given}"'
        elif os.path.lexists(given) or not glob.has_magic(given):
            found = [given]  # a missing file is the loader's error, with its name
            what = ""
        else:
            found = sorted(p for p in glob.glob(given, recursive=True) if Path(p).is_file())
            what = f'files matching "{given}"'
        if not found:
            errors.append((given, str(ScenarioError(file=given, expected=what, found="none")), 2))
        files += [f for f in found if f not in files]
    return files, errors


def output_names(files: Sequence[str], fmt: str) -> list[str]:
    """One result file name per input, never another's nor a summary's: the input's
    stem and the format's suffix (``a.toml`` gives ``a.json``); when that name is an
    earlier input's, or a summary's (``summary.csv``, ``errors.txt``...), the first
    free one of ``a-2.json``, ``a-3.json``... in input order.  Names that differ only
    in case count as the same, so the folder holds on a file system that ignores case.
    A name is free when no input's stem gives it and no earlier input took it."""
    suffix = SUFFIXES[fmt]
    own = [Path(f).stem for f in files]
    taken = {name.casefold() for name in SUMMARIES}
    plain = {(stem + suffix).casefold() for stem in own}
    out = []
    for stem in own:
        name = stem + suffix
        n = 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}{suffix}"
            while name.casefold() in plain:
                n += 1
                name = f"{stem}-{n}{suffix}"
        taken.add(name.casefold())
        out.append(name)
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
    engine: Any,
    files: Sequence[str],
    outputs: Sequence[str],
    outdir: str,
    fmt: str,
    method: str | None,
    parent: int | None = None,
) -> list[dict[str, Any]]:
    """Rank `files` as one stacked batch and write each result (the chunk's files
    flushed to the disk once, then each renamed into place: `atomic.Group`, so that
    the journal, written after, claims only results on the disk); one entry per file:
    a summary record (with the result's digest), or ``{"scenario", "error",
    "status"}``.  Runs in a worker; `parent`, the pid of the batch that started it,
    is checked before each write, so that a worker whose batch died writes nothing."""
    entries: list[dict[str, Any]] = [{} for _ in files]
    loaded: list[tuple[int, Scenario]] = []
    for k, name in enumerate(files):
        try:
            loaded.append((k, scenario_file.load(name)))
        except TradeoffError as error:
            entries[k] = {"scenario": name, "error": str(error), "status": error.exit_status}
    results = rank_many(engine, [s for _, s in loaded], method)
    written: list[tuple[int, Path, Result, bytes]] = []
    with Group() as group:  # the chunk's results flushed to the disk together, then renamed
        for (k, _), result in zip(loaded, results):
            name = files[k]
            if isinstance(result, TradeoffError):
                entries[k] = {"scenario": name, "error": str(result), "status": result.exit_status}
                continue
            target = Path(outdir) / outputs[k]
            data = render.render(result, fmt).encode("utf-8")
            if parent is not None and os.getppid() != parent:
                group.discard()
                os._exit(1)  # orphaned: the batch is gone, and nothing may land in its folder now
            try:
                group.add(target, data)
            except OSError as error:
                entries[k] = _unwritten(name, target, error)
                continue
            written.append((k, target, result, data))
        if parent is not None and os.getppid() != parent:
            group.discard()
            os._exit(1)
        failed = group.commit()
    for k, target, result, data in written:
        name = files[k]
        if target in failed:
            entries[k] = _unwritten(name, target, failed[target])
            continue
        entries[k] = {
            **_summary(name, str(target), result),
            "fingerprint": fingerprint(name, fmt, method),
            "digest": hashlib.sha256(data).hexdigest(),
        }
    return entries


def _unwritten(name: str, target: Path, error: OSError) -> dict[str, Any]:
    problem = ScenarioError(
        file=name, path=("-o",), expected="a result file that can be written",
        found=f'"{target}": {error.strerror or error}',
    )
    return {"scenario": name, "error": str(problem), "status": 2}


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
    timeout: float | None = TIMEOUT,
) -> Report:
    """Rank every scenario file `inputs` name; write results and summaries to `outdir`.

    `jobs` above 1 ranks in a pool of that many processes, shut down before this
    returns; an app's own `executor` is used instead when given.  A chunk whose worker
    died (killed, out of memory) is an error for each of its scenarios; when no chunk
    finishes for `timeout` seconds (a cluster that lost its workers) the batch stops
    with an error, keeping what finished for ``resume=True``.  Called in the main
    thread while SIGTERM has its default action, a SIGTERM (what ``kill`` sends) stops
    the batch as Ctrl-C does, as a `KeyboardInterrupt` once no temporary file is left;
    an app's own handler, and other threads, are left alone."""
    if jobs < 1:
        raise ScenarioError(expected="--jobs of at least 1", found=str(jobs), path=("--jobs",))
    out = _folder(outdir)
    files, errors = expand(inputs)
    outputs = output_names(files, fmt)
    _refuse_overwriting_inputs(files, [out / o for o in (*outputs, *SUMMARIES)])
    with _pool(jobs, executor, out) as (executor, parent), _sigterm_interrupts():
        remove_partial(out)  # left by a run that was killed mid-write
        done = _journal(out) if resume else {}
        journal = _open_journal(out, outdir, keep=resume)
        records: dict[str, dict[str, Any]] = {}
        todo = []
        for f, o in zip(files, outputs):
            entry = done.get(f)
            if entry is not None and _complete(entry, f, out / o, fmt, method):
                records[f] = {**entry, "output": str(out / o)}
            else:
                todo.append((f, o))
        skipped = len(files) - len(todo)
        chunks = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
        failures: list[list[tuple[str, str, int]]] = [[] for _ in chunks]
        finished = skipped
        if progress is not None:
            progress(finished, len(files))

        def take(index: int, entries: list[dict[str, Any]]) -> None:
            nonlocal finished
            with journal:
                for entry in entries:
                    if "error" in entry:
                        failures[index].append((entry["scenario"], entry["error"], entry["status"]))
                    else:
                        records[entry["scenario"]] = entry
                        journal.write(entry)
            finished += len(entries)
            if progress is not None:
                progress(finished, len(files))

        def job(part: list[tuple[str, str]]) -> tuple[Any, ...]:
            return (engine, [f for f, _ in part], [o for _, o in part], str(out), fmt, method, parent)

        try:
            if executor is None:
                for index, part in enumerate(chunks):
                    take(index, rank_files(*job(part)))
            else:
                _collect(executor, [executor.submit(rank_files, *job(part)) for part in chunks], chunks, take, timeout)
        except BaseException:
            if executor is None:
                remove_partial(out)  # an interrupt between creating a temporary file and its cleanup
            raise
        finally:
            journal.close()
        remove_partial(out)  # every chunk has ended: what a killed worker left goes
        ordered = tuple(records[f] for f in files if f in records)
        lost = [failure for part in failures for failure in part]
        report = Report(records=ordered, errors=(*errors, *lost), skipped=skipped)
        _write_summaries(out, outdir, report)
        return report


def _collect(
    executor: Executor,
    futures: list[Future],
    chunks: list[list[tuple[str, str]]],
    take: Callable[[int, list[dict[str, Any]]], None],
    timeout: float | None,
) -> None:
    """Hand each chunk's entries to `take` as it finishes; a chunk whose worker was
    lost is an error per scenario; no chunk finished in `timeout` seconds stops it all."""
    index = {future: k for k, future in enumerate(futures)}
    pending = set(futures)
    try:
        while pending:
            ready, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            if not ready:
                raise ScenarioError(
                    path=("timeout",),
                    expected=f"a chunk of scenarios finished within {timeout:g} s",
                    found="none (the workers are lost or stuck): the results written so far stay, "
                    "and a run with --resume (resume=True) ranks the rest",
                )
            for future in sorted(ready, key=index.__getitem__):
                k = index[future]
                try:
                    entries = future.result()
                except Exception as error:  # rank_files returns each scenario's error: the worker failed
                    entries = [_lost(name, error) for name, _ in chunks[k]]
                take(k, entries)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def _worker_lost(error: BaseException) -> bool:
    """The worker running a chunk died (a process pool's, or a Dask cluster's)."""
    if isinstance(error, BrokenExecutor):
        return True
    scheduler = sys.modules.get("distributed.scheduler")
    return scheduler is not None and isinstance(error, getattr(scheduler, "KilledWorker", ()))


def _lost(name: str, error: BaseException) -> dict[str, Any]:
    """A scenario of a chunk whose worker died, or whose executor failed to bring its
    results back (distributed's executor can report a killed worker as a ValueError)."""
    how = "killed, or out of memory" if _worker_lost(error) else clip(str(error))
    problem = ScenarioError(
        file=name,
        expected="a worker that ranks it",
        found=f"a worker that died ({type(error).__name__}: {how}): "
        "a run with --resume (resume=True) ranks it again",
    )
    return {"scenario": name, "error": str(problem), "status": problem.exit_status}


def _folder(outdir: str) -> Path:
    """The output folder, made if missing; a name that cannot be one is a one-line error."""
    if not outdir:
        raise ScenarioError(path=("-o",), expected="a folder for the results", found="an empty name")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ScenarioError(expected="a folder for the results", found=f'a file "{outdir}"', path=("-o",))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as error:
        found = getattr(error, "strerror", None) or error
        raise ScenarioError(
            path=("-o",), expected="a folder for the results that can be made", found=f'"{outdir}": {found}'
        ) from None
    return out


class _Journal:
    """The journal's file, appended to and flushed to the disk once per chunk."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, entry: dict[str, Any]) -> None:
        self._handle.write(json.dumps(entry) + "\n")

    def __enter__(self) -> _Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


def _open_journal(out: Path, outdir: str, *, keep: bool) -> _Journal:
    try:
        return _Journal(open(out / JOURNAL, "a" if keep else "w", encoding="utf-8"))
    except OSError as error:
        raise ScenarioError(
            path=("-o",), expected="a folder where results can be written",
            found=f'"{outdir}": {error.strerror or error}',
        ) from None


def _complete(entry: dict[str, Any], scenario: str, target: Path, fmt: str, method: str | None) -> bool:
    """An earlier run's entry for `scenario` still holds: same file and options, and
    `target`, the result file it gets now, holds what that run wrote for it."""
    if entry.get("fingerprint") != fingerprint(scenario, fmt, method) or Path(str(entry.get("output"))).name != target.name:
        return False
    try:
        return hashlib.sha256(target.read_bytes()).hexdigest() == entry.get("digest")
    except OSError:
        return False


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
def _pool(jobs: int, executor: Executor | None, out: Path) -> Iterator[tuple[Executor | None, int | None]]:
    """`executor`; or, with none and `jobs` above 1, a process pool of our own, shut
    down on the way out, and then the files its workers left half-written removed.
    Also the pid of the workers' parent, this process (None for an app's executor)."""
    if executor is not None or jobs == 1:
        yield executor, None
        return
    context = multiprocessing.get_context()
    if context.get_start_method() == "forkserver":
        # a worker forked by the server is the server's child, and the server outlives
        # a killed batch: spawned (as safe with threads), it is this process's child
        context = multiprocessing.get_context("spawn")
    parent = os.getpid()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start, initargs=(parent,))
    try:
        yield pool, parent
    except Exception:
        _kill_workers(pool)  # stuck, or of no more use: a Ctrl-C instead lets them finish their files
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        remove_partial(out)  # once no worker writes any more


def _worker_start(parent: int) -> None:
    """Make a worker end with the batch that started it, whatever ends the batch
    (SIGKILL included), rather than write on into its folder and then wait forever.

    On Linux the kernel kills the worker the moment its parent, the batch, ends
    (``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent pid.  Either way, a
    parent gone before this ran ends the worker now, and `rank_files` checks the
    parent once more before each write."""
    if not _die_with_parent():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)
    # forked, a worker inherits the batch's SIGTERM handler, which would turn the pool's
    # own terminate() into a KeyboardInterrupt that the worker hands back as a result
    if signal.getsignal(signal.SIGTERM) is _interrupt:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _die_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.kill()


def remove_partial(out: Path) -> None:
    """Remove the temporary files of unfinished atomic writes in `out`: those a kill
    left (``.NAME.PID.XXXXXXXX.tmp``, see `tradeoff.files.atomic`), whichever process wrote
    them.  Other files, hidden or not, stay."""
    remove_leftovers(out, ended_only=False)


def _refuse_overwriting_inputs(files: Sequence[str], targets: Sequence[Path]) -> None:
    """No output may be an input: the same path, through a symlink, or a hard link."""
    identities = {_identity(f) for f in files} - {None}  # stat follows links: one identity per file
    for target in targets:
        if identities and _identity(target) in identities:
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
        if isinstance(entry, dict) and isinstance(entry.get("scenario"), str):
            entries[entry["scenario"]] = entry
    return entries


def _write_summaries(out: Path, outdir: str, report: Report) -> None:
    """The summaries; a path that is not UTF-8 is written escaped, as errors show it."""
    rows = [
        {k: as_text(r[k]) if k in ("scenario", "output") else render.plain_data(r[k]) for k in SUMMARY_FIELDS}
        for r in report.records
    ]  # numbers as every CSV and JSON output writes them
    cells = [[*(row[k] for k in SUMMARY_FIELDS[:4]), repr(row["score"]), "" if row["margin"] is None else repr(row["margin"])]
             for row in rows]
    errors = out / "errors.txt"
    try:
        write_text(out / "summary.csv", render.csv_text([SUMMARY_FIELDS, *cells]))
        write_text(out / "summary.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
        if report.errors:
            write_text(errors, "".join(f"error: {as_text(message)}\n" for _, message, _ in report.errors))
        else:
            errors.unlink(missing_ok=True)
    except OSError as error:
        raise ScenarioError(
            path=("-o",), expected="a folder where the summaries can be written",
            found=f'"{outdir}": {error.strerror or error}',
        ) from None
