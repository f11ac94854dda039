"""The ``tradeoff`` command: parse, call the library, format, map errors to exit codes.

Exit status: 0 success, 2 invalid input, 3 a plugin failed, 1 a bug.  Errors are one
line on stderr: ``error: <file>[:line]: <place>: <expected>, got <found>``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import attrs

from .analyses import SAMPLES, SEED, WEIGHTS
from .core.pipeline import NoneLeft
from .engine import NO_ENTRY_POINTS_ENV, Engine, entry_points_setting
from .files import scenario_file
from .files.atomic import write_bytes, writes_into, writing
from .files.places import shown_path
from .model.errors import ScenarioError, TradeoffError, one_line
from .output import render, templates
from .output.progress import bar_for
from .version import __version__


def _engine(args: argparse.Namespace) -> Engine:
    return Engine(entry_points=False if args.no_entry_points else entry_points_setting())


def _emit(text: str | bytes, output: str | None, inputs: Sequence[str | None] = (), option: str = "-o") -> None:
    """Print `text`, or write it atomically to `output` (never over an input).

    A terminal gets no escape sequence from a vendor's name, `-o /dev/tty` included;
    a character the output's encoding cannot hold (a file name's byte that is not
    UTF-8, in a report's provenance) is written as an escape rather than failing."""
    if output is None or output == "-":
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            return
        if sys.stdout.isatty():
            text = render.printable(text)
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:  # the text is encoded whole before any of it is written
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
        return
    _check_output(output, inputs, option)
    data = _utf8(text) if isinstance(text, str) else text
    on_terminal = (lambda: _utf8(render.printable(text))) if isinstance(text, str) else None
    sys.stdout.flush()  # `-o /dev/stdout` is written into the descriptor: after what is printed
    try:
        # tidy: a temporary file an earlier, killed run left beside it goes too
        write_bytes(output, data, tidy=True, terminal=on_terminal)
    except BrokenPipeError:
        raise  # -o /dev/stdout into a pipe whose reader left: as for standard output
    except OSError as error:
        raise ScenarioError(
            path=(option,),
            expected="a file that can be written",
            found=f'"{output}": {error.strerror or error}',
        ) from None


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def _check_output(output: str | None, inputs: Sequence[str | None] = (), option: str = "-o") -> None:
    """`output` can be written without replacing an input: not an input's name, nor a
    symlink or a hard link to one, not a folder, in a folder that exists.  Two outputs
    that are both written into (``-o /dev/null --errors /dev/null``) replace nothing."""
    if output is None or output == "-":
        return
    target = Path(output)
    stream = writes_into(output)
    for name in inputs:
        if name is None or name == "-" or (stream and writes_into(name)):
            continue
        if _same_file(target, Path(name)):
            raise ScenarioError(
                path=(option,), expected="an output file that is not an input", found=f'"{output}"'
            )
    if target.is_dir():
        raise ScenarioError(path=(option,), expected="a file to write", found=f'a directory "{output}"')
    if not target.parent.is_dir():
        raise ScenarioError(
            path=(option,), expected="a file in an existing folder", found=f'"{output}"'
        )


def _same_file(a: Path, b: Path) -> bool:
    """One file under both names (symlinks and hard links too), or one name for a file
    that does not exist yet."""
    try:
        return a.samefile(b)
    except (OSError, ValueError):  # either is missing (or unreadable)
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError, ValueError):
        return False


def cmd_rank(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.top is not None and args.top < 1:
        raise ScenarioError(expected="--top of at least 1", found=str(args.top), path=("--top",))
    inputs = _check_outputs(args)
    _check_method_option(engine, args.method)
    chosen = _engine_choice(args)
    scenario = _load(args)
    if args.compare_methods:
        return _compare_methods(args, engine, scenario, inputs)
    if chosen == "dask":
        return _rank_on_dask(args, engine, scenario, inputs)
    if chosen != "memory":
        return _rank_in_chunks(args, engine, scenario, inputs)
    given = [name for name, value in (("--scores-out", args.scores_out), ("--ranks", args.ranks), ("--spill", args.spill)) if value]
    if given:
        raise ScenarioError(expected=f"{given[0]} with a table read in chunks (--engine stream)", found="--engine memory", path=(given[0],))
    with _rows_of(args):
        result = engine.rank(scenario, args.method, top=args.top, **_table(args))
    left_out = _left_out(args, result.skipped)
    _warn(result.warnings, args.strict)
    _emit(render.render(result, args.format), args.output, inputs)
    return left_out


#: ``--engine auto`` reads a single file at least this big in chunks (a table in memory
#: takes about 1 kB a row of CSV: 512 MiB of CSV is some 6 GB once read whole).
STREAM_BYTES = 512 << 20


def _engine_choice(args: argparse.Namespace) -> str:
    """``--engine``, with ``auto`` decided: chunks for a folder, a glob, several files,
    a file of `STREAM_BYTES` or more, or ``--scores-out``; else the whole table in memory."""
    chosen = args.engine
    if getattr(args, "scheduler", None) is not None and chosen != "dask":
        raise ScenarioError(expected="--scheduler with --engine dask", found=f"--engine {chosen}", path=("--scheduler",))
    if chosen != "auto":
        if chosen != "memory" and args.alternatives is None:
            raise ScenarioError(expected=f"--alternatives with --engine {chosen}", found="none", path=("--engine",))
        return chosen
    if args.alternatives is None:
        return "memory"
    if getattr(args, "scores_out", None) is not None:
        return "stream"
    path = Path(args.alternatives)
    if not path.is_file():
        return "stream" if path.is_dir() or glob.has_magic(args.alternatives) else "memory"
    try:
        big = path.stat().st_size >= STREAM_BYTES
    except OSError:
        return "memory"  # the reader says what is wrong with it
    return "stream" if big and path.suffix.lower() not in (".xlsx", ".xlsm") else "memory"


def _rank_in_chunks(args: argparse.Namespace, engine: Engine, scenario: Any, inputs: list[str | None]) -> int:
    """``rank --engine stream``: the table read in chunks, each bad row said on stderr
    and in --errors (which appears whole at the end), in file order, once the names
    are checked."""
    if args.sheet is not None:
        raise ScenarioError(expected="no --sheet for a table read in chunks (CSV or Parquet)", found=f"--sheet {args.sheet}", path=("--sheet",))
    if args.scores_out is not None:
        _check_output(args.scores_out, inputs + [args.output, args.errors], option="--scores-out")
    if args.ranks and args.scores_out is None:
        raise ScenarioError(expected="--ranks with --scores-out FILE.parquet", found="no --scores-out", path=("--ranks",))
    top = 10 if args.top is None else args.top
    with _in_chunks(args, "rows read") as run:
        result = engine.rank_stream(
            scenario, args.alternatives, method=args.method, top=top, on_error="collect",
            on_skip=run.skip, progress=run.follow, scores_out=args.scores_out, ranks=args.ranks, spill=args.spill,
        ).result
    _warn(result.warnings, args.strict)
    _emit(render.render(result, args.format), args.output, inputs)
    return run.status


def _rank_on_dask(args: argparse.Namespace, engine: Engine, scenario: Any, inputs: list[str | None]) -> int:
    """``rank --engine dask``: the table's partitions ranked on the Dask cluster at
    --scheduler (or on a local one started for the run), each bad row said on stderr
    and in --errors, in file order."""
    for option, value in (("--sheet", args.sheet), ("--scores-out", args.scores_out), ("--ranks", args.ranks), ("--spill", args.spill)):
        if value:
            raise ScenarioError(
                expected=f"no {option} with --engine dask (--scores-out, --ranks and --spill: --engine stream)",
                found=option, path=(option,),
            )
    from . import dask as on_cluster

    top = 10 if args.top is None else args.top
    with _in_chunks(args, "partitions") as run, on_cluster.client_for(args.scheduler):
        result = on_cluster.rank(
            args.alternatives, scenario, method=args.method, top=top, engine=engine, on_error="collect",
            on_skip=run.skip, progress=run.follow,
        )
    _warn(result.warnings, args.strict)
    _emit(render.render(result, args.format), args.output, inputs)
    return run.status


@attrs.define
class _ChunkedRun:
    """A command's run over a table read in chunks: `skip` says each bad row (stderr,
    --errors), `follow` moves the progress bar and stops on Ctrl-C; `status` is the
    exit status the bad rows give."""

    skip: Callable[[ScenarioError], None]
    follow: Callable[[str, int, int], None]
    status: int = 0


@contextlib.contextmanager
def _in_chunks(args: argparse.Namespace, what: str) -> Iterator[_ChunkedRun]:
    """What every command over a table read in chunks shares: each bad row said on
    stderr and in --errors (which appears whole at the end), in file order, once the
    names are checked; a progress bar on a terminal; Ctrl-C that always stops."""
    bar = bar_for(sys.stderr, what)
    with contextlib.ExitStack() as stack:
        interrupted = stack.enter_context(_ctrl_c_remembered())
        errors = None if args.errors is None else stack.enter_context(writing(args.errors))

        def skip(error: ScenarioError) -> None:
            if bar is not None:
                bar.close()
            _report(error)
            if errors is not None:
                errors.write(_utf8(f"error: {error}\n"))
            run.status = max(run.status, error.exit_status)

        def follow(step: str, done: int, total: int) -> None:
            interrupted()
            if bar is not None:
                bar.step(step)
                bar(done, total)

        run = _ChunkedRun(skip=skip, follow=follow)
        try:
            yield run
        finally:
            if bar is not None:
                bar.close()


@contextlib.contextmanager
def _ctrl_c_remembered() -> Iterator[Callable[[], None]]:
    """Ctrl-C raises `KeyboardInterrupt` as usual and is remembered: one that lands
    where Python can only print it (a callback inside an import) is not printed but
    raised again by the check this yields, called at each step of a long run, so the
    run still stops, without a traceback."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield lambda: None
        return
    seen = threading.Event()
    before = sys.unraisablehook

    def interrupt(signum: int, frame: Any) -> None:
        seen.set()
        raise KeyboardInterrupt

    def unraisable(args: Any) -> None:
        if not isinstance(args.exc_value, KeyboardInterrupt):
            before(args)

    def check() -> None:
        if seen.is_set():
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    sys.unraisablehook = unraisable
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.unraisablehook = before


def _compare_methods(args: argparse.Namespace, engine: Engine, scenario: Any, inputs: list[str | None]) -> int:
    """``rank --compare-methods``: the agreement table (or its JSON) instead of the ranking."""
    if args.format not in ("table", "json"):
        raise ScenarioError(expected="--format table or json with --compare-methods", found=args.format, path=("--format",))
    if args.top is not None:
        raise ScenarioError(expected="no --top with --compare-methods (it shows every option)", found=f"--top {args.top}", path=("--top",))
    with _rows_of(args):
        agreed = engine.agreement(scenario, method=args.method, **_table(args))
    left_out = _left_out(args, agreed.result.skipped)
    _warn(agreed.result.warnings, args.strict)
    text = render.json_text(agreed.to_dict()) if args.format == "json" else render.agreement_table(agreed)
    _emit(text, args.output, inputs)
    return left_out


def _inputs(args: argparse.Namespace) -> list[str | None]:
    """The files a command reads: its scenario and, with --alternatives, the table."""
    return [getattr(args, "scenario", None), getattr(args, "alternatives", None)]


def _check_outputs(args: argparse.Namespace) -> list[str | None]:
    """Check -o and --errors before any work (and before --errors is written): the inputs."""
    inputs = _inputs(args)
    _check_output(args.output, inputs)
    _check_output(getattr(args, "errors", None), inputs + [args.output], option="--errors")
    return inputs


def _load(args: argparse.Namespace) -> Any:
    """The scenario file; with --alternatives it may have no alternatives of its own."""
    return scenario_file.load(args.scenario, alternatives_optional=getattr(args, "alternatives", None) is not None)


def _table(args: argparse.Namespace) -> dict[str, Any]:
    """The library's keywords for --alternatives and --sheet: bad rows collected."""
    return {"alternatives": args.alternatives, "sheet": args.sheet, "on_error": "collect"}


def _left_out(args: argparse.Namespace, skipped: Sequence[ScenarioError]) -> int:
    """The table's rows left out: each one's error on stderr and, with --errors FILE,
    in that file (written even when empty); the exit status they give."""
    for error in skipped:
        _report(error)
    errors = getattr(args, "errors", None)
    if getattr(args, "alternatives", None) is not None and errors is not None:
        lines = "".join(f"error: {error}\n" for error in skipped)
        _emit(lines, errors, _inputs(args) + [getattr(args, "output", None)], option="--errors")
    return max((error.exit_status for error in skipped), default=0)


@contextlib.contextmanager
def _rows_of(args: argparse.Namespace) -> Iterator[None]:
    """A table whose every row is bad: each row's error, as when some are left, then
    the one error that none is."""
    try:
        yield
    except NoneLeft as error:
        _left_out(args, error.rows)
        raise


def _check_method_option(engine: Engine, name: str | None) -> None:
    """An unknown --method is the option's fault, not the scenario file's."""
    if name is not None:
        try:
            engine.method(name)
        except ScenarioError as error:
            raise attrs.evolve(error, path=("--method",)) from None


def _warn(messages: Sequence[str], strict: bool = False) -> None:
    """Each warning on stderr; with --strict each is an error, and the command fails."""
    for message in messages:
        print(f"{'error' if strict else 'warning'}: {render.printable(message, one_line=True)}", file=sys.stderr)
    if strict and messages:
        n = len(messages)
        raise _Strict(f"--strict: {n} warnings taken as errors" if n > 1 else "--strict: a warning taken as an error")


class _Strict(TradeoffError):
    """--strict, and warnings: invalid input, with each warning already shown as an error."""

    exit_status = 2


def cmd_sensitivity(args: argparse.Namespace) -> int:
    inputs = _check_outputs(args)
    engine = _engine(args)
    _check_method_option(engine, args.method)
    chosen = _engine_choice(args)
    scenario = _load(args)
    if chosen != "memory":
        return _sensitivity_in_chunks(args, engine, scenario, inputs, on_dask=chosen == "dask")
    if args.spill is not None:
        raise ScenarioError(expected="--spill with a table read in chunks (--engine stream)", found="--engine memory", path=("--spill",))
    if args.reversal:
        with _rows_of(args):
            found = engine.reversals(scenario, method=args.method, top=args.top, **_table(args))
        left_out = _left_out(args, found.result.skipped)
        text = render.json_text(found.to_dict()) if args.format == "json" else found.table()
    else:
        with _progress(True) as bar, _rows_of(args):
            analysis = engine.sensitivity(
                scenario, method=args.method, samples=args.samples, seed=args.seed, weights=args.weights,
                ranks=args.ranks, progress=bar, stability=True, **_table(args),
            )
        left_out = _left_out(args, analysis.result.skipped)
        if args.format == "json":
            text = render.json_text(analysis.to_dict())
        else:
            text = render.sensitivity_table(analysis) + "\n" + render.stability_table(analysis.stability)
    _emit(text, args.output, inputs)
    return left_out


def _sensitivity_in_chunks(
    args: argparse.Namespace, engine: Engine, scenario: Any, inputs: list[str | None], *, on_dask: bool = False
) -> int:
    """``sensitivity --engine stream`` (or ``dask``, on a cluster): SMAA-2 of a table
    read in chunks (no weight stability, no rank reversal: those need the table in
    memory)."""
    for option, given in (("--reversal", args.reversal), ("--sheet", args.sheet is not None), ("--top", args.top is not None)):
        if given:
            raise ScenarioError(expected=f"no {option} for a table read in chunks (--engine memory)", found=option, path=(option,))
    settings = dict(
        method=args.method, samples=args.samples, seed=args.seed, weights=args.weights,
        ranks=10 if args.ranks is None else args.ranks, on_error="collect",
    )
    if on_dask:
        if args.spill is not None:
            raise ScenarioError(expected="no --spill with --engine dask (--engine stream)", found="--spill", path=("--spill",))
        from . import dask as on_cluster

        with _in_chunks(args, "partitions") as run, on_cluster.client_for(args.scheduler):
            analysis = on_cluster.sensitivity(
                args.alternatives, scenario, engine=engine, on_skip=run.skip, progress=run.follow, **settings
            )
    else:
        with _in_chunks(args, "rows read") as run:
            analysis = engine.sensitivity_stream(
                scenario, args.alternatives, on_skip=run.skip, progress=run.follow, spill=args.spill, **settings
            )
    text = render.json_text(analysis.to_dict()) if args.format == "json" else render.table_sensitivity_table(analysis)
    _emit(text, args.output, inputs)
    return run.status


def cmd_explain(args: argparse.Namespace) -> int:
    from .output import narrate

    inputs = _check_outputs(args)
    engine = _engine(args)
    scenario = _load(args)
    _check_method_option(engine, args.method)
    with _rows_of(args):
        explanation = engine.explain(
            scenario, method=args.method, alternative=args.alternative, vs=args.vs, **_table(args)
        )
    left_out = _left_out(args, explanation.result.skipped)
    if args.format == "json":
        text = render.json_text(explanation.to_dict())
    else:
        text = narrate.table(explanation)
    _emit(text, args.output, inputs)
    return left_out


def cmd_report(args: argparse.Namespace) -> int:
    import warnings

    from .output import pdf
    from .output.report import render as render_report

    inputs = _check_outputs(args)
    engine = _engine(args)
    _check_method_option(engine, args.method)
    try:
        fmt = engine.report_format(args.format or _format_for(engine, args.output))
    except ScenarioError as error:
        raise attrs.evolve(error, path=("--format",)) from None
    if pdf.wanted(args.output):  # a .pdf file: the html page, printed
        pdf.check_format(fmt.name)
    report = _report_data(
        engine, args, args.sensitivity, needs="with --sensitivity (it adds the SMAA-2 analysis)", instead="no --sensitivity"
    )
    left_out = _left_out(args, report.result.skipped)
    _warn(report.result.warnings, args.strict)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = render_report(fmt, report)
    _warn([str(w.message) for w in caught], args.strict)
    _emit(pdf.html_to_pdf(text) if pdf.wanted(args.output) else text, args.output, inputs)
    return left_out


def _format_for(engine: Engine, output: str | None) -> str:
    """The report format whose suffix `output` has; html otherwise."""
    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    for name, fmt in engine.reports.items():
        if suffix and suffix in fmt.suffixes:
            return name
    return "html"


@contextlib.contextmanager
def _progress(shown: bool) -> Iterator[Any]:
    """A progress bar on stderr for a run of samples (None when not `shown` or not a
    terminal), closed however the run ends."""
    bar = bar_for(sys.stderr) if shown else None
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def _report_data(engine: Engine, args: argparse.Namespace, sensitivity: bool, needs: str, instead: str) -> Any:
    """`Engine.report_data` of the scenario file (and --alternatives) with the
    command's SMAA-2 options; one of them given where no SMAA-2 runs is an error
    (`needs` says when one does, `instead` what the command was asked), not ignored."""
    given = [option for option in SMAA_OPTIONS if getattr(args, option) is not None]
    if given and not sensitivity:
        raise ScenarioError(path=(f"--{given[0]}",), expected=f"--{given[0]} only {needs}", found=instead)
    scenario = _load(args)
    chosen = {option: default if getattr(args, option) is None else getattr(args, option) for option, default in SMAA_OPTIONS.items()}
    with _progress(sensitivity) as bar, _rows_of(args):
        return engine.report_data(
            scenario, method=args.method, sensitivity=sensitivity, progress=bar, **chosen, **_table(args),
        )


def cmd_plot(args: argparse.Namespace) -> int:
    from .output import figures

    inputs = _check_outputs(args)
    engine = _engine(args)
    _check_method_option(engine, args.method)
    try:
        chart = engine.chart(args.kind)
    except ScenarioError as error:
        raise attrs.evolve(error, path=("KIND",)) from None
    suffix = figures.suffix_of(args.output)
    if suffix not in figures.SUFFIXES:
        raise ScenarioError(
            path=("-o",), expected="a file name ending in .svg or .png", found=f'"{args.output}"'
        )
    if not figures.available():
        raise figures.MissingExtra(f"tradeoff plot needs matplotlib, the optional extra 'report': {figures.EXTRA_HINT}")
    report = _report_data(
        engine, args, chart.sensitivity, needs="for a chart of the SMAA-2 analysis (acceptability, or a plugin's)",
        instead=f'the chart "{args.kind}"',
    )
    left_out = _left_out(args, report.result.skipped)
    figure, _ = figures.draw(chart, report)
    _emit(figures.image(figure, suffix), args.output, inputs)
    return left_out


def cmd_batch(args: argparse.Namespace) -> int:
    from . import batch  # only this command needs it: keeps start-up short

    engine = _engine(args)
    _check_method_option(engine, args.method)
    bar = bar_for(sys.stderr, "scenarios")
    try:
        report = batch.run_batch(
            engine, args.inputs, args.output, fmt=args.format, method=args.method,
            jobs=args.jobs, resume=args.resume, progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    for _, message, _ in report.errors:
        print(f"error: {render.printable(one_line(message), one_line=True)}", file=sys.stderr)
    total = len(report.records) + len(report.errors)
    skipped = f", {report.skipped} already done (--resume)" if report.skipped else ""

    # the folder as the user spelt it (os.path.join keeps "./" and "..", Path drops "./")
    failed = f", {len(report.errors)} with errors (see {shown_path(os.path.join(args.output, 'errors.txt'))})"
    summary = shown_path(os.path.join(args.output, "summary.csv"))
    print(f"{len(report.records)} of {total} scenarios ranked{skipped}{failed if report.errors else ''}; summary in {summary}")
    return report.exit_status


def cmd_weights(args: argparse.Namespace) -> int:
    _check_output(args.output, [args.scenario])
    engine = _engine(args)
    decision = engine.evaluate(scenario_file.load(args.scenario))
    _warn(render.weighting_warnings(decision))
    if args.format == "json":
        data = decision.weighting_dict()
        text = render.json_text(data)
    else:
        text = render.weights_table(decision)
    _emit(text, args.output, [args.scenario])
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    engine = _engine(args)
    worst = 0
    for name in args.scenarios:
        try:
            scenario = scenario_file.load(name, alternatives_optional=args.alternatives is not None)
            with _rows_of(args):
                result = engine.rank(scenario, **_table(args))
            _warn(result.warnings, args.strict)
        except TradeoffError as error:
            _report(error)
            worst = max(worst, error.exit_status)
            continue
        left_out = _left_out(args, result.skipped)
        worst = max(worst, left_out)
        print(
            f"ok: {shown_path(name)}: {len(result.names)} alternatives, "
            f"{len(scenario.criteria)} criteria, method {result.ranking.method}"
            + (f"; {len(result.skipped)} rows left out" if result.skipped else "")
        )
    return worst


def cmd_new(args: argparse.Namespace) -> int:
    stream = args.output in (None, "-") or writes_into(args.output)  # nothing there is replaced
    if not stream and Path(args.output).is_file() and not args.force:
        raise ScenarioError(
            path=("-o",),
            expected="a file that does not exist yet (or --force to replace it)",
            found=f'"{args.output}", which exists',
        )
    _check_outputs(args)
    engine = _engine(args)
    try:
        template = engine.template(args.template)
    except ScenarioError as error:
        raise attrs.evolve(error, path=("--template",)) from None
    shown = "scenario.toml" if stream else shown_path(args.output)  # one comment line
    scenario, left_out = None, 0
    if args.alternatives is not None:
        with _rows_of(args):
            scenario, skipped, said = engine.with_table(templates.without_alternatives(template), **_table(args))
        left_out = _left_out(args, skipped)
        _warn(said, args.strict)
    _emit(templates.text(template, shown, scenario), args.output, _inputs(args))
    return left_out


def cmd_plugins(args: argparse.Namespace) -> int:
    # json and every plugin's listing: only for this command, not at every start-up
    from .output import catalogue

    engine = _engine(args)
    if args.format == "json":
        _emit(render.json_text(catalogue.to_dict(engine)), None)
    else:
        _emit(catalogue.text(engine, criteria=args.criteria, methods=args.methods), None)
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, with a bad option reported as one line like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {one_line(message)} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tradeoff",
        description="Rank options (vendors, keeping it in-house...) against weighted criteria.",
    )
    parser.add_argument("--version", action="version", version=f"tradeoff {__version__}")
    parser.add_argument(
        "--no-entry-points",
        action="store_true",
        help=f"load no third-party plugins (also: {NO_ENTRY_POINTS_ENV}=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("rank", help="rank the options of a scenario file")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--method", help="rank with this method (and its defaults) instead")
    p.add_argument("--format", choices=render.FORMATS, default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    _table_options(p, "rank")
    p.add_argument("--top", type=int, metavar="K", help="show only the best K (all are ranked; 10 for a table read in chunks)")
    _engine_options(p, scores_out=True, dask=True)
    p.add_argument(
        "--scores-out", metavar="FILE.parquet",
        help="write every row's name, values and score here (reads the table in chunks)",
    )
    p.add_argument("--ranks", action="store_true", help="with --scores-out: every row's rank too, the rows best first (a sort on disk)")
    p.add_argument(
        "--compare-methods", action="store_true",
        help="instead of the ranking: rank with every built-in method and show whether they agree",
    )
    _strict_option(p)
    p.set_defaults(run=cmd_rank)

    p = sub.add_parser("batch", help="rank many scenario files: one result each, and a summary")
    p.add_argument("inputs", nargs="+", metavar="SCENARIO_OR_DIR_OR_GLOB")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder for the results (made if missing)")
    p.add_argument("--format", choices=render.FORMATS, default="json", help="each result's format (default json)")
    p.add_argument("--method", help="rank every scenario with this method (and its defaults) instead")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true", help="skip scenarios whose result an earlier run completed")
    p.set_defaults(run=cmd_batch)

    p = sub.add_parser("sensitivity", help="how far the ranking holds when the weights are uncertain (SMAA-2)")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--samples", type=int, default=SAMPLES, help=f"weight samples (default {SAMPLES})")
    p.add_argument("--seed", type=int, default=SEED, help="random seed, for reproducible numbers")
    p.add_argument(
        "--weights",
        default=WEIGHTS,
        help='"uniform" (default), "around:P%%", "order" (keep the order of importance) or "order:NAME" (a stakeholder\'s)',
    )
    p.add_argument("--method", help="analyse with this method (and its defaults) instead")
    p.add_argument("--reversal", action="store_true", help="check for rank reversal instead")
    p.add_argument(
        "--ranks", type=int, metavar="K",
        help="rank acceptability for the first K ranks (default: all up to 100 alternatives, else 10)",
    )
    p.add_argument(
        "--top", type=int, metavar="K",
        help="with --reversal, list the flips of the first K ranks (default: all up to 100 alternatives, else 10)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    _table_options(p, "analyse")
    _engine_options(p, dask=True)
    p.set_defaults(run=cmd_sensitivity)

    p = sub.add_parser("explain", help="why the ranking is what it is, and what would change it")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--alternative", metavar="NAME", help="the alternative to explain (default: the top choice)")
    p.add_argument("--vs", metavar="NAME", help="compare it with this one (default: the runner-up, or the top choice)")
    p.add_argument("--method", help="explain the ranking of this method (and its defaults) instead")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    _table_options(p, "explain")
    p.set_defaults(run=cmd_explain)

    p = sub.add_parser("report", help="a decision report to open, print and forward (HTML or Markdown)")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    p.add_argument(
        "--format", help="html (default) or markdown, or a plugin's; default: from FILE's suffix (.html, .md)"
    )
    p.add_argument("--method", help="report on this method's ranking (and its defaults) instead")
    p.add_argument("--sensitivity", action="store_true", help="add SMAA-2: rank acceptability under uncertain weights")
    _smaa_options(p)
    _table_options(p, "report on")
    _strict_option(p)
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("plot", help="draw one chart of a scenario to an SVG or PNG file")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("kind", metavar="KIND", help="scores, contributions, stability or acceptability (or a plugin's)")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the .svg or .png file to write")
    p.add_argument("--method", help="plot this method's ranking (and its defaults) instead")
    _smaa_options(p)
    _table_options(p, "plot")
    p.set_defaults(run=cmd_plot)

    p = sub.add_parser("weights", help="show just the weighting step of a scenario")
    p.add_argument("scenario", metavar="SCENARIO.toml")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    p.set_defaults(run=cmd_weights)

    p = sub.add_parser("validate", help="check scenario files without printing a ranking")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml")
    _table_options(p, "check", errors=False)
    _strict_option(p)
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("new", help="write a starter scenario")
    p.add_argument(
        "--template", default="it-outsourcing",
        help="it-outsourcing (default), inline, or a plugin's (tradeoff plugins lists them)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically), not stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--from", dest="alternatives", metavar="FILE.csv",
        help="the rows of this CSV (or Parquet) file as the options: a name column, then facts or values",
    )
    p.add_argument("--sheet", metavar="NAME", help="the spreadsheet's sheet (default: the first)")
    p.add_argument("--errors", metavar="FILE", help="with --from: also write the rows left out, and why, here")
    _strict_option(p)
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("plugins", help="list plugins, criteria and methods")
    p.add_argument("--criteria", action="store_true", help="each criterion's facts and formula")
    p.add_argument("--methods", action="store_true", help="each method and the normalizations")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=cmd_plugins)
    return parser


def _table_options(p: argparse.ArgumentParser, verb: str, *, errors: bool = True) -> None:
    """--alternatives, --sheet and --errors: one table of offers, for every command."""
    p.add_argument(
        "--alternatives", metavar="FILE.csv",
        help=f"{verb} the rows of this CSV (or Parquet, or .xlsx) file too: a name column, then facts or values"
        + (" (also a folder or a glob of CSV and Parquet files, read in chunks)" if verb in ("rank", "analyse") else ""),
    )
    p.add_argument("--sheet", metavar="NAME", help="the spreadsheet's sheet (default: the first)")
    if errors:
        p.add_argument(
            "--errors", metavar="FILE", help="with --alternatives: also write the rows left out, and why, here"
        )


def _engine_options(p: argparse.ArgumentParser, *, scores_out: bool = False, dask: bool = False) -> None:
    """--engine and --spill: how a table of offers is read (`scores_out`: the command
    has --scores-out, which reads in chunks; `dask`: it runs on a Dask cluster too)."""
    p.add_argument(
        "--engine", choices=("auto", "memory", "stream", *(("dask",) if dask else ())), default="auto",
        help="how the table is read: whole in memory, or in chunks on this machine (stream)"
        + ("; or its partitions on a Dask cluster (dask)" if dask else "")
        + "; auto: in chunks for a folder, a glob, a file of 512 MiB or more" + (", or --scores-out" if scores_out else ""),
    )
    if dask:
        p.add_argument(
            "--scheduler", metavar="ADDRESS",
            help="with --engine dask: the Dask scheduler to run on (tcp://HOST:PORT; default: a local cluster, a worker per core)",
        )
    p.add_argument("--spill", metavar="FOLDER", help="where a table read in chunks keeps its rows' values meanwhile (default: the system's temporary folder)")


def _strict_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="every warning is an error (exit status 2)")


#: A report's and a chart's SMAA-2 options, and their defaults.
SMAA_OPTIONS = {"samples": SAMPLES, "seed": SEED, "weights": WEIGHTS}


def _smaa_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--samples", type=int, help=f"SMAA-2 weight samples (default {SAMPLES})")
    p.add_argument("--seed", type=int, help=f"SMAA-2 random seed (default {SEED})")
    p.add_argument("--weights", help=f"SMAA-2 weight sampling, as for sensitivity (default {WEIGHTS})")


def _report(error: BaseException) -> None:
    """One line on stderr, whatever the names in it hold (no newline, no escape code)."""
    print(f"error: {render.printable(str(error), one_line=True)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except TradeoffError as error:
        _report(error)
        return error.exit_status
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - a bug: say so, with the traceback that helps fix it
        import traceback

        traceback.print_exc()
        print("error: unexpected failure (a bug in tradeoff or a plugin)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
