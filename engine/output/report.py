"""A decision report: the ranking and its analyses gathered once, for every format.

`Engine.report_data` ranks a scenario, explains it, measures its weight stability and,
when asked, runs SMAA-2; the result is a `Report`.  How a report looks is a plugin's
business: a `ReportFormat` (registered through ``tradeoff_register_reports``) turns a
`Report` into text, and a `Chart` (``tradeoff_register_charts``) draws one figure of it
on a matplotlib `Figure`.  tradeoff's own html and markdown formats and its four charts
are registered that way, so a team's own format or chart sits beside them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ..model.frozen import FrozenMap, freeze, thaw

if TYPE_CHECKING:
    from ..analyses.explain import Explanation
    from ..analyses.smaa import Sensitivity
    from ..analyses.stability import Stability
    from ..core.result import Result
    from ..host.plugin_types import Chart, ReportFormat


@attrs.frozen(kw_only=True)
class Provenance:
    """Where a report's numbers come from, so that anyone can make them again."""

    version: str  # tradeoff's
    file: str | None  # the scenario file, as given; None for a scenario built in code
    sha256: str  # of the scenario file's text (of its canonical TOML when built in code)
    method: str
    normalization: str | None
    params: FrozenMap[str, Any] = attrs.field(converter=freeze)
    samples: int | None = None  # SMAA-2 settings, when the report has them
    seed: int | None = None
    weights: str | None = None
    date: str  # YYYY-MM-DD (UTC); SOURCE_DATE_EPOCH, when set, fixes it


@attrs.frozen(kw_only=True)
class Report:
    """Everything a report shows, computed once: the formats only lay it out."""

    result: Result
    explanation: Explanation
    stability: Stability
    sensitivity: Sensitivity | None  # None unless sensitivity was asked for
    provenance: Provenance
    #: The engine's charts in registration order, for formats that draw them.
    charts: tuple[Chart, ...] = ()

    @classmethod
    def of(
        cls,
        explanation: Explanation,
        stability: Stability,
        sensitivity: Sensitivity | None = None,
        *,
        charts: tuple[Chart, ...] = (),
    ) -> Report:
        """The report of analyses of one ranking (`explanation.result`), with their provenance."""
        result = explanation.result
        return cls(
            result=result,
            explanation=explanation,
            stability=stability,
            sensitivity=sensitivity,
            provenance=provenance(result, sensitivity),
            charts=charts,
        )


def render(fmt: ReportFormat, report: Report) -> str:
    """`fmt.render(report)`: a plugin's failure there is a `PluginError` naming it."""
    return _guarded(fmt.provided_by, f"report format {fmt.name!r}", fmt.render, report)


def _guarded(plugin: str, what: str, call: Callable[..., Any], *args: Any) -> Any:
    """`call(*args)`, a report format's or a chart's hook, returning text."""
    from ..model.errors import PluginError, plugin_fault

    with plugin_fault(plugin, what, user_errors=True):
        value = call(*args)
    if not isinstance(value, str):
        raise PluginError(plugin=plugin, hook=what, problem=f"returned {type(value).__name__}, not text")
    return value


def provenance(result: Result, sensitivity: Sensitivity | None) -> Provenance:
    import hashlib

    from ..files import scenario_file
    from ..version import __version__

    scenario = result.scenario
    text = scenario.source.text if scenario.source is not None else scenario_file.dumps(scenario)
    params = dict(result.ranking.params)
    return Provenance(
        version=__version__,
        file=scenario.source.file if scenario.source is not None else None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        method=result.ranking.method,
        normalization=params.pop("normalization", None),
        params=params,
        samples=sensitivity.samples if sensitivity is not None else None,
        seed=sensitivity.seed if sensitivity is not None else None,
        weights=sensitivity.weights if sensitivity is not None else None,
        date=today(),
    )


def today() -> str:
    """Today's date (UTC), or that of SOURCE_DATE_EPOCH for reproducible builds."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    else:
        moment = datetime.datetime.now(datetime.timezone.utc)
    return moment.date().isoformat()


# -- what the formats share: the report's tables as plain rows -------------------------


class FactRow(NamedTuple):
    """One fact across the alternatives (best first): its cells as given, or None."""

    name: str
    unit: str
    description: str
    cells: tuple[Any, ...]


def fact_rows(report: Report) -> tuple[list[FactRow], list[FactRow]]:
    """The facts the alternatives give (one row per fact, cells in ranking order), and
    the scenario's shared ``[context]`` facts (one cell each)."""
    scenario = report.result.scenario
    declared: dict[str, Any] = {}
    for criterion in report.result.criteria:
        for fact in criterion.facts:
            declared.setdefault(fact.name, fact)
    by_name = {a.name: a for a in scenario.alternatives}
    shown = [by_name.get(row.name) for row in report.result.rows]
    names: dict[str, None] = {}
    for alternative in shown:
        if alternative is not None:
            names.update(dict.fromkeys(alternative.facts))
    order = [n for n in declared if n in names] + [n for n in names if n not in declared]

    def row(name: str, cells: tuple[Any, ...]) -> FactRow:
        fact = declared.get(name)
        return FactRow(name, fact.unit if fact else "", fact.description if fact else "", cells)

    given = [row(n, tuple(a.facts.get(n) if a is not None else None for a in shown)) for n in order]
    shared = [row(n, (v,)) for n, v in scenario.context.items()]
    return given, shared


def provenance_items(report: Report) -> list[tuple[str, str]]:
    """The provenance as (label, value) lines, in the order every format shows them
    (the file's name escaped where it is not printable, as the command line shows it)."""
    from ..files.places import shown_path

    p = report.provenance
    items = [
        ("tradeoff", p.version),
        ("Scenario file", shown_path(p.file) if p.file else "built in code"),
        ("SHA-256 of the scenario", p.sha256),
        ("Method", p.method),
        ("Normalization", p.normalization or "the method's own"),
        ("Parameters", ", ".join(f"{k} = {thaw(v)}" for k, v in p.params.items()) or "none"),
        ("Attribution", "exact shares" if report.explanation.breakdown.exact else "Shapley shares"),
    ]
    if p.samples is not None:
        items.append(("SMAA-2", f"{p.samples:,} samples, weights {p.weights}, seed {p.seed}"))
    items.append(("Date", p.date))
    return items


def fact_text(value: Any) -> str:
    """A fact as a report's table shows it: yes/no, 1,450, 4.50, the text as given, or
    "" when the option does not give it (the format escapes the result)."""
    from .render import number

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return number(value)
    return str(value)


class Table(NamedTuple):
    """One of a report's tables as plain text, for every format to escape and lay out:
    the heads and the text cells (the columns not in `numeric`) come from the user."""

    heads: list[str]
    rows: list[list[str]]
    numeric: frozenset[int]  # columns of formatted numbers, aligned right

    def escaped(self, escape: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
        """The heads and rows with `escape` applied to every head and text cell."""
        rows = [[c if k in self.numeric else escape(c) for k, c in enumerate(row)] for row in self.rows]
        return [escape(h) for h in self.heads], rows


def contribution_rows(report: Report) -> Table:
    """Each alternative's score split by criterion (after a base, for Shapley shares)."""
    from .render import score_text

    r, split = report.result, report.explanation.breakdown
    index = {name: i for i, name in enumerate(r.scenario.names)}
    heads = ["Rank", "Alternative", "Score"] + ([] if split.exact else ["Base"]) + [c.title for c in r.criteria]
    rows = []
    for row in r.rows:
        i = index[row.name]
        base = [] if split.exact else [score_text(split.baseline[i])]
        rows.append([str(row.rank), row.name, score_text(row.score), *base, *(f"{v:+.4f}" for v in split.shares[i])])
    return Table(heads, rows, frozenset(range(len(heads))) - {1})


def stability_rows(report: Report) -> Table:
    """Each criterion's weight and the ranges within which the decision holds."""
    st = report.stability
    rows = [
        [f"{w:.1%}", c.title, f"{lo:.1%} to {hi:.1%}", f"{olo:.1%} to {ohi:.1%}"]
        for c, w, (lo, hi), (olo, ohi) in zip(report.result.criteria, st.weights, st.top, st.order)
    ]
    return Table(["Weight", "Criterion", "Top choice holds", "Whole ranking holds"], rows, frozenset({0, 2, 3}))


def acceptability_rows(report: Report) -> Table | None:
    """SMAA-2's share of samples for each alternative and rank, and its confidence;
    None without SMAA-2 figures."""
    s = report.sensitivity
    if s is None:
        return None
    r = report.result
    index = {name: i for i, name in enumerate(r.scenario.names)}
    n = len(index)
    rows = [
        [str(row.rank), row.name, *(f"{s.acceptability[index[row.name], k]:.1%}" for k in range(n)),
         f"{s.confidence[index[row.name]]:.0%}"]
        for row in r.rows
    ]
    heads = ["Rank", "Alternative", *(f"#{k + 1}" for k in range(n)), "Confidence"]
    return Table(heads, rows, frozenset(range(len(heads))) - {1})


def stakeholder_rows(report: Report) -> Table | None:
    """Each stakeholder's influence, own top choice and weights; None without any."""
    views = report.result.stakeholders
    if not views:
        return None
    criteria = report.result.criteria
    rows = [
        [v.name, f"{v.influence:g}", ", ".join(v.top) + ("" if v.agrees else " (differs)"),
         *(f"{v.weights[c.id]:.0%}" for c in criteria)]
        for v in views
    ]
    heads = ["Stakeholder", "Influence", "Own top choice", *(c.title for c in criteria)]
    return Table(heads, rows, frozenset({1, *range(3, len(heads))}))
