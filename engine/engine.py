"""The `Engine`: one set of plugins, and everything done with them.

An engine owns its plugin manager and the catalogue built from it; nothing is kept at
module level, so two engines with different plugins can live in one process.  Once
built an engine does not change, so one engine can serve many threads at once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .analyses import SAMPLES, SEED, WEIGHTS
from .core import pipeline
from .core.facts import Columns, OnError
from .core.methods import Method, Ranking
from .core.result import DecisionMatrix, Result
from .core.weighting import WeightingScheme
from .files.places import located
from .host import registry
from .host.registry import PLUGINS_ENV, PluginInfo
from .model.errors import ScenarioError, memory_for
from .model.scenario import Criterion, Direction, Scenario

#: A table of alternatives: its file, or the columns read from it.
Alternatives = str | os.PathLike[str] | Columns

if TYPE_CHECKING:  # the analyses are imported when first used, not at start-up
    from .analyses.agreement import Agreement
    from .analyses.explain import Explanation
    from .analyses.reversal import Reversals
    from .analyses.smaa import Progress, Sensitivity
    from .analyses.smaa_table import TableSensitivity
    from .analyses.stability import Stability
    from .core.chunks import Plan
    from .core.stream import Streamed
    from .host.plugin_types import Chart, ReportFormat, Template
    from .output.report import Report


class Engine:
    """Criteria and methods from plugins, and the calls that use them.

    :param plugins: extra plugin objects or modules to register (after the
        built-ins, before entry points), e.g. a test's or an app's own.
    :param builtins: register tradeoff's own criteria and methods.
    :param entry_points: load third-party plugins from the ``tradeoff`` entry-point
        group: ``True`` for all, ``False`` for none, or a collection of entry-point
        names to load only those.
    :param block: plugin names (a built-in module such as
        ``"tradeoff.criteria.morale"``, an entry-point name, or the name of one of
        `plugins`) never to register; a blocked built-in or entry point is not imported.
    """

    def __init__(
        self,
        *,
        plugins: Iterable[object] = (),
        builtins: bool = True,
        entry_points: bool | Collection[str] = True,
        block: Collection[str] = (),
    ) -> None:
        self._options = dict(
            plugins=tuple(plugins), builtins=builtins, entry_points=entry_points, block=tuple(block)
        )
        self._registry = registry.load(**self._options)

    def __reduce__(self) -> tuple[Any, ...]:
        """An engine travels to worker processes (a process pool, a Dask cluster) as the
        options that build it; the worker builds its own, with the same plugins."""
        return (_rebuild, (self._options,))

    # -- what the engine knows -------------------------------------------------------

    @property
    def criteria(self) -> Mapping[str, Criterion]:
        return self._registry.criteria

    @property
    def methods(self) -> Mapping[str, Method]:
        return self._registry.methods

    @property
    def weightings(self) -> Mapping[str, WeightingScheme]:
        return self._registry.weightings

    @property
    def reports(self) -> Mapping[str, ReportFormat]:
        return self._registry.reports

    @property
    def charts(self) -> Mapping[str, Chart]:
        return self._registry.charts

    @property
    def templates(self) -> Mapping[str, Template]:
        return self._registry.templates

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        return self._registry.plugins

    # -- what it does ----------------------------------------------------------------

    def evaluate(self, scenario: Scenario, *, alternatives: Alternatives | None = None) -> DecisionMatrix:
        """Every alternative's value on every criterion: all checks but ranking.  With
        `alternatives` (a table's file, or its `read_alternatives` columns), its rows
        follow the scenario's own."""
        with located(scenario):
            return pipeline.evaluate(scenario, self._registry, self._table(scenario, alternatives, "raise"))

    def rank(
        self,
        scenario: Scenario,
        method: str | None = None,
        *,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        top: int | None = None,
        sheet: str | None = None,
    ) -> Result:
        """Rank a scenario with its method, or with `method` (and that one's defaults).

        `alternatives` adds a table's rows (a CSV or Parquet file, or the columns
        `tradeoff.core.table_input.read_alternatives` gave) after the scenario's own; with
        ``on_error="collect"`` its bad rows, and the rows with values the method cannot
        take, are left out and listed in `Result.skipped`.  `top` keeps only the best
        K in the result's rows and JSON (a large table's others are not even sorted).
        `sheet` names a spreadsheet's sheet (default: the first).
        """
        with located(scenario):
            table = self._table(scenario, alternatives, on_error, sheet)
            return pipeline.rank(scenario, self._registry, method, table=table, top=top, on_error=on_error)

    def rank_stream(
        self,
        scenario: Scenario,
        alternatives: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        method: str | None = None,
        top: int = 10,
        on_error: OnError = "raise",
        on_skip: Callable[[ScenarioError], None] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        scores_out: str | os.PathLike[str] | None = None,
        ranks: bool = False,
        spill: str | os.PathLike[str] | None = None,
    ) -> Streamed:
        """Rank the scenario's own alternatives and the rows of a table too big for
        memory: a CSV or Parquet file, a folder of them or a glob (or a list of
        those), read in chunks, in bounded memory (docs/scale.md).  Returns a
        `tradeoff.core.stream.Streamed`: its `result` holds the best `top` (and their
        ties), ranked among every row, as `rank(..., top=top)` would.

        The method and the weighting scheme must declare passes over chunks
        (`Method.passes`): anything else is refused before a row is read.  Each bad
        row's error goes to `on_skip` as it is found (``on_error="collect"``);
        `progress(what, done, total)` follows each pass; `scores_out` writes every
        row's name, values and score to a Parquet file, in the table's order, or with
        `ranks` best first with each row's rank (a sort on disk); `spill` is the folder of the
        temporary copy of the rows' values (default: the system's temporary folder).
        """
        from .core import stream

        with located(scenario), memory_for(None, _chunked_rows(alternatives)):
            plan, tables = self._in_chunks(scenario, alternatives, method, progress)
            with stream.scores_writer(scores_out, plan, ranks=ranks) as write:
                return stream.rank_stream(
                    plan, tables, top=top, on_error=on_error, on_skip=on_skip, progress=progress,
                    scores_out=write, ranks=ranks, spill=spill,
                )

    def sensitivity_stream(
        self,
        scenario: Scenario,
        alternatives: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        method: str | None = None,
        samples: int = SAMPLES,
        seed: int = SEED,
        weights: str = WEIGHTS,
        ranks: int = 10,
        top: int = 10,
        on_error: OnError = "raise",
        on_skip: Callable[[ScenarioError], None] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        spill: str | os.PathLike[str] | None = None,
    ) -> TableSensitivity:
        """SMAA-2 of a table too big for memory, read in chunks as `rank_stream`
        reads it: a `tradeoff.analyses.smaa_table.TableSensitivity` holding each row
        that takes one of the first `ranks` ranks in some sample (its acceptability
        of each, central weights and confidence factor) and the ranking's best `top`
        (``.result``).  The weight samples are those `sensitivity` draws for the same
        rows read whole (same seed), so the figures are its figures; the cost is a
        pass per sample for a method that is not additive (docs/scale.md).
        """
        from .analyses.smaa import check_settings
        from .analyses.smaa_table import exact_values, smaa_table
        from .core import stream

        check_settings(samples, seed, ranks)  # the options' fault, before any row is read
        with located(scenario):
            exact_values(scenario)
            plan, tables = self._in_chunks(scenario, alternatives, method, progress)
            with memory_for(None, _chunked_rows(alternatives)), stream.spilled(plan, tables, on_error=on_error, on_skip=on_skip, progress=progress, spill=spill) as rows:
                streamed = stream.ranked(rows, top=top)
                base = np.asarray(streamed.result.decision.weights, dtype=float)
                return smaa_table(rows, streamed.result, base, samples=samples, seed=seed, weights=weights, ranks=ranks)

    def _in_chunks(
        self, scenario: Scenario, alternatives: Any, method: str | None, progress: Callable[[str, int, int], None] | None
    ) -> tuple[Plan, Iterator[Any]]:
        """The plan of a table read in chunks (checked before any row is read), and
        its chunks' tables, each read said to `progress`."""
        from .core.table_input import names_header
        from .files import table_stream

        plan = self.chunk_plan(scenario, method=method)
        specs = [alternatives] if isinstance(alternatives, (str, os.PathLike)) else list(alternatives)
        files = tuple(f for spec in specs for f in table_stream.table_files(spec))
        name = names_header(scenario)

        def tables() -> Iterator[Any]:
            for chunk in table_stream.read_chunks(files, name=name):
                if progress is not None:
                    progress(f"{chunk.unit} read", chunk.done, chunk.total)
                yield chunk.table

        return plan, tables()

    def chunk_plan(self, scenario: Scenario, *, method: str | None = None) -> Plan:
        """The scenario checked for ranking a table in chunks (its method's and
        weighting scheme's passes), before any row is read: what every engine that
        reads a table in pieces (`rank_stream`, `tradeoff.dask`) starts from."""
        from .core import chunks

        return chunks.plan(scenario, self._registry, method)

    def _table(
        self, scenario: Scenario, alternatives: Alternatives | None, on_error: OnError, sheet: str | None = None
    ) -> Columns | None:
        """The table's checked rows: `alternatives` as given, or read from its file
        (`sheet`, a spreadsheet's, goes to the reader only when given)."""
        if isinstance(alternatives, Columns):
            mine = alternatives.checked_for
            if mine is not None and mine is not scenario and mine != scenario:
                raise ScenarioError(
                    path=("alternatives",),
                    expected="a table checked for this scenario (read_alternatives(path, scenario, engine))",
                    found=f"one checked for another scenario{f' ({mine.title!r})' if mine.title else ''}",
                )
            return alternatives
        if alternatives is None:
            return None
        from .core.table_input import read_alternatives

        options: dict[str, Any] = {"on_error": on_error}
        if sheet is not None:
            options["sheet"] = sheet
        with memory_for(None, f"the rows of {os.fspath(alternatives)}"):
            return read_alternatives(alternatives, scenario, self, **options)

    def with_table(
        self,
        scenario: Scenario,
        alternatives: Alternatives,
        *,
        method: str | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> pipeline.Joined:
        """The scenario with the table's rows that rank (for its method, or `method`)
        as alternatives of its own, after its own; the rows left out, as `rank`'s
        `Result.skipped`; and its warnings, as `Result.warnings` (a column no criterion
        reads is not kept).  It ranks as `rank(scenario, alternatives=...)` does, and
        `tradeoff.files.scenario_file.dumps` writes it (``tradeoff new --from``)."""
        with located(scenario):
            table = self._table(scenario, alternatives, on_error, sheet)
            assert table is not None
            return pipeline.with_rows(scenario, self._registry, method, table, on_error)

    def prepare(self, scenario: Scenario, *, method: str | None = None) -> pipeline.Prepared:
        """The scenario evaluated and checked for its method, or `method`: what the
        analyses (`tradeoff.analyses.smaa.smaa`, `tradeoff.analyses.explain.explain`...) take."""
        with located(scenario):
            return pipeline.prepare(scenario, self._registry, method)

    def _prepared(
        self,
        scenario: Scenario,
        method: str | None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> tuple[pipeline.Prepared, Result]:
        """The scenario (and a table's rows, as `rank` takes them) prepared for `method`
        and ranked once, for the analyses of one call; the table's rows left out are
        the result's `skipped`, as in `rank`.  The rows kept join the scenario's own
        alternatives (`pipeline.with_rows`), as the analyses read an alternative's facts
        from its scenario."""
        from .analyses.analysis import ranked

        skipped: tuple[ScenarioError, ...] = ()
        said = None
        if alternatives is not None:  # the analyses read an alternative's facts: the rows become the scenario's
            with located(scenario):
                table = self._table(scenario, alternatives, on_error, sheet)
                assert table is not None
                scenario, skipped, said = pipeline.with_rows(scenario, self._registry, method, table, on_error)
        job = pipeline.prepare(scenario, self._registry, method)
        if said is None:
            said = pipeline.warnings(job.decision)
        return job, attrs.evolve(ranked(job), skipped=skipped, warnings=said)

    def sensitivity(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        samples: int = SAMPLES,
        seed: int = SEED,
        weights: str = WEIGHTS,
        ranks: int | None = None,
        progress: Progress | None = None,
        stability: bool = False,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Sensitivity:
        """SMAA-2 of the ranking under uncertain weights and, where the scenario gives
        intervals, uncertain values (see `tradeoff.analyses.smaa`); ``.result`` is the ranking.

        `weights` is "uniform", "around:P%", "order" (the scenario's order of
        importance) or "order:NAME" (stakeholder NAME's); `ranks` is how many ranks,
        from the first, the rank acceptability keeps (default: all up to 100
        alternatives, else the first 10); `progress(done, total)` is called after
        each chunk of samples.  With `stability`, the weight stability
        of the same ranking comes with it (``.stability``), as the command shows both.
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.smaa import check_settings, smaa
        from .analyses.stability import weight_stability

        check_settings(samples, seed, ranks)  # the options' fault, not the scenario file's
        with located(scenario), memory_for(len(scenario.alternatives), f"sensitivity analysis of {samples:,} samples"):
            job, result = self._prepared(scenario, method, alternatives, on_error, sheet)
            out = smaa(job, result, samples=samples, seed=seed, weights=weights, ranks=ranks, progress=progress)
            return attrs.evolve(out, stability=weight_stability(job, result)) if stability else out

    def stability(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Stability:
        """For each criterion, the interval of its weight (others rescaled in
        proportion) within which the top choice, and the whole ranking, stay the same
        (see `tradeoff.analyses.stability`); ``.result`` is the ranking.
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.stability import weight_stability

        with located(scenario), memory_for(len(scenario.alternatives), "weight stability"):
            return weight_stability(*self._prepared(scenario, method, alternatives, on_error, sheet))

    def explain(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        alternative: str | None = None,
        vs: str | None = None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Explanation:
        """The ranking explained: scores split by criterion, why `alternative` (default
        the top choice) ranks above or below `vs` (default the runner-up, or the top
        choice), and the single changes that would turn them round (see
        `tradeoff.analyses.explain`); ``.result`` is the ranking.  Beyond 100
        alternatives a method that is not additive gets the scores of the first 10
        and of the pair compared split, not all (``.breakdown.split``).
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.explain import explain

        with located(scenario), memory_for(len(scenario.alternatives), "an explanation"):
            return explain(*self._prepared(scenario, method, alternatives, on_error, sheet), alternative=alternative, vs=vs)

    def reversals(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        top: int | None = None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Reversals:
        """Every pair whose order flips when another option is removed or a dominated
        one is added (see `tradeoff.analyses.reversal`); ``.result`` is the ranking.
        Every change's flips are counted; listed are all of them, or with `top` those
        whose higher one has rank <= top (default: all up to 100 alternatives, else
        the first 10 ranks').
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.reversal import rank_reversals

        with located(scenario), memory_for(len(scenario.alternatives), "rank reversal"):
            return rank_reversals(*self._prepared(scenario, method, alternatives, on_error, sheet), top=top)

    def agreement(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Agreement:
        """The same decision ranked with every one of tradeoff's own methods that can
        take its values (each with its defaults; the skipped ones say why): how many
        put each option first, its best and worst rank, and a sentence on whether the
        choice of method matters (see `tradeoff.analyses.agreement`); ``.result`` is
        the ranking under the scenario's method, or `method`.
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.agreement import agreement

        with located(scenario), memory_for(len(scenario.alternatives), "a comparison of methods"):
            job, result = self._prepared(scenario, method, alternatives, on_error, sheet)
            return agreement(job, result, self._registry, self._native_methods())

    def _native_methods(self) -> list[str]:
        """tradeoff's own methods, those `agreement` compares (not scikit-criteria's)."""
        bridged = "tradeoff.plugins.skcriteria_bridge"
        return [
            name for name, m in self._registry.methods.items()
            if m.provided_by in registry.BUILTIN_PLUGINS and m.provided_by != bridged
        ]

    def report_data(
        self,
        scenario: Scenario,
        *,
        method: str | None = None,
        sensitivity: bool = False,
        samples: int = SAMPLES,
        seed: int = SEED,
        weights: str = WEIGHTS,
        progress: Progress | None = None,
        alternatives: Alternatives | None = None,
        on_error: OnError = "raise",
        sheet: str | None = None,
    ) -> Report:
        """Everything a report shows: the ranking, its explanation (top choice against
        the runner-up), weight stability and, with `sensitivity`, SMAA-2 (`samples`,
        `seed`, `weights`, `progress` as in `sensitivity`, checked even without it);
        see `tradeoff.output.report`.
        A table's rows (`alternatives`, `on_error`, `sheet`) join as in `rank`; those
        left out are ``.result.skipped``.
        """
        from .analyses.explain import explain
        from .analyses.smaa import check_settings, smaa
        from .analyses.stability import weight_stability
        from .output.report import Report, compared

        check_settings(samples, seed)  # the options' fault, not the scenario file's
        with located(scenario), memory_for(len(scenario.alternatives), "a report"):
            job, result = self._prepared(scenario, method, alternatives, on_error, sheet)
            analysis = None
            if sensitivity:
                analysis = smaa(job, result, samples=samples, seed=seed, weights=weights, progress=progress)
            return Report.of(  # the analyses' bounded forms: a report details the first 10 of a long list
                explain(job, result), weight_stability(job, result), analysis,
                charts=tuple(self._registry.charts.values()),
                agreement=compared(job, result, self._registry, self._native_methods()),
            )

    def report(self, scenario: Scenario, *, fmt: str = "html", **options: Any) -> str:
        """A whole report on `scenario` as text in format `fmt` ("html", "markdown" or
        a plugin's); `options` are those of `report_data` (`method=` included)."""
        from .output.report import render

        return render(self.report_format(fmt), self.report_data(scenario, **options))

    def report_format(self, name: str) -> ReportFormat:
        """The registered report format `name`, or a `ScenarioError` listing them."""
        return pipeline.find(self._registry.reports, name, "report format", ("format",))

    def template(self, name: str) -> Template:
        """The registered starter scenario `name`, or a `ScenarioError` listing them."""
        return pipeline.find(self._registry.templates, name, "template", ("template",))

    def chart(self, name: str) -> Chart:
        """The registered chart `name`, or a `ScenarioError` listing them."""
        return pipeline.find(self._registry.charts, name, "chart", ("chart",))

    def rank_matrix(
        self,
        matrix: Any,
        weights: Any,
        directions: Sequence[Direction | str] | np.ndarray,
        method: str = "topsis",
        **params: Any,
    ) -> Ranking:
        """Rank a decision matrix ``(..., n, m)`` an app already holds.

        `weights` are any non-negative numbers (normalised to sum 1); `directions`
        gives "max" or "min" per criterion; `params` are the method's, including
        ``normalization``.  Stacks rank each member independently in one call.
        """
        chosen = self._registry.methods.get(method) if isinstance(method, str) else None
        return (chosen or self.method(method)).run(matrix, weights, directions, **params)

    def method(self, name: str) -> Method:
        """The registered method `name`, or a `ScenarioError` listing the known ones."""
        return pipeline.find(self._registry.methods, name, "method", ("method",))


def _rebuild(options: dict[str, Any]) -> Engine:
    return Engine(**options)


#: Set to 1 to load no third-party plugin in the default engine and the CLI.
NO_ENTRY_POINTS_ENV = "TRADEOFF_NO_ENTRY_POINTS"


def entry_points_setting() -> bool | frozenset[str]:
    """Which third-party plugins the default engine and the CLI load: none when
    TRADEOFF_NO_ENTRY_POINTS=1, only the entry points named in TRADEOFF_PLUGINS
    (comma-separated) when it is set, else all of them."""
    if os.environ.get(NO_ENTRY_POINTS_ENV, "") not in ("", "0"):
        return False
    named = os.environ.get(PLUGINS_ENV, "").strip()
    if named:
        return frozenset(name.strip() for name in named.split(",") if name.strip())
    return True


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine behind `tradeoff.rank` and `tradeoff.rank_matrix`.

    Built-ins plus entry points (see `entry_points_setting`), built on first
    use and never changed afterwards, so sharing it is safe.  Apps that need other
    plugins build their own `Engine`.
    """
    return Engine(entry_points=entry_points_setting())


def _chunked_rows(alternatives: Any) -> str:
    """What runs out of memory when a table read in chunks does: its rows."""
    specs = [alternatives] if isinstance(alternatives, (str, os.PathLike)) else list(alternatives)
    return "the rows of " + ", ".join(os.fspath(spec) for spec in specs) + " read in chunks"
