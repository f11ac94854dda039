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
    from ..core.result import Result, Row
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


# -- how much of a long list a report shows ------------------------------------------

#: A report names at most this many options: the first `detailed(n)` in full (every
#: table and chart), the next ones in one short row each (rank, name, score); those
#: below are only counted, so that a report's size is bounded whatever the list.
LISTED = 1_000


class Listing(NamedTuple):
    """How much of a ranking a report shows, best first: `rows` in full (every one up
    to `ALL_UP_TO` options, else the first `SHOWN`, as the analyses detail them), the
    first `listed` at all (those after `rows` by rank and score only), the rest counted."""

    total: int  # the options ranked (that the result shows)
    rows: tuple[Row, ...]
    listed: int

    @property
    def full(self) -> int:
        return len(self.rows)

    @property
    def long(self) -> bool:
        """Whether some options are not shown in full."""
        return self.full < self.total

    @property
    def left_out(self) -> int:
        """How many options the report does not name at all."""
        return self.total - self.listed

    def note(self) -> str:
        """What the report leaves out, in one sentence; "" when it shows everything."""
        if not self.long:
            return ""
        first = f"The first {self.full:,} of {self.total:,} options are shown in full"
        if not self.left_out:
            return f"{first}, the other {self.total - self.full:,} by rank and score only."
        return (
            f"{first}, the next {self.listed - self.full:,} by rank and score only, and the other "
            f"{self.left_out:,} are left out (tradeoff rank --format csv lists every option)."
        )

    def only(self, what: str) -> str:
        """"<what>: the first 10 of 5,000 options only." for a long list, else ""."""
        return f"{what}: the first {self.full:,} of {self.total:,} options only." if self.long else ""


def listing(report: Report) -> Listing:
    """How much of `report`'s ranking its formats and charts show (see `Listing`)."""
    # the analyses' own rule, imported when first used
    from ..analyses.analysis import detailed

    result = report.result
    total = len(result.order)
    full = detailed(total)
    return Listing(total=total, rows=result.leaders(full), listed=min(total, max(full, LISTED)))


# -- what the formats share: the report's tables as plain rows -------------------------


class FactRow(NamedTuple):
    """One fact across the alternatives (best first): its cells as given, or None."""

    name: str
    unit: str
    description: str
    cells: tuple[Any, ...]


def fact_rows(report: Report) -> tuple[list[FactRow], list[FactRow]]:
    """The facts the alternatives shown in full give (one row per fact, a cell for each
    of `listing(report).rows`), and the scenario's shared ``[context]`` facts (one cell each)."""
    scenario = report.result.scenario
    declared: dict[str, Any] = {}
    for criterion in report.result.criteria:
        for fact in criterion.facts:
            declared.setdefault(fact.name, fact)
    by_name = {a.name: a for a in scenario.alternatives}
    shown = [by_name.get(row.name) for row in listing(report).rows]
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
    #: What the table leaves out of a long list, to show below it ("" when nothing).
    note: str = ""

    def escaped(self, escape: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
        """The heads and rows with `escape` applied to every head and text cell."""
        rows = [[c if k in self.numeric else escape(c) for k, c in enumerate(row)] for row in self.rows]
        return [escape(h) for h in self.heads], rows


def compact_rows(report: Report) -> Table | None:
    """The options after those shown in full, one short row each (rank, name, score),
    up to `LISTED`; its note says what the report leaves out.  None when every option
    is shown in full."""
    from .render import score_text

    shown = listing(report)
    if not shown.long:
        return None
    rows = [[str(row.rank), row.name, score_text(row.score)] for row in report.result.leaders(shown.listed)[shown.full :]]
    return Table(["Rank", "Alternative", "Score"], rows, frozenset({0, 2}), shown.note())


def contribution_rows(report: Report) -> Table:
    """Each score split by criterion (after a base, for Shapley shares), for the options
    shown in full whose score the explanation split (`Breakdown.split`)."""
    from .render import score_text

    r, split = report.result, report.explanation.breakdown
    shown = listing(report)
    index = {name: i for i, name in enumerate(r.scenario.names)}
    done = split.split
    heads = ["Rank", "Alternative", "Score"] + ([] if split.exact else ["Base"]) + [c.title for c in r.criteria]
    rows = []
    for row in shown.rows:
        i = index[row.name]
        if not done[i]:
            continue
        base = [] if split.exact else [score_text(split.baseline[i])]
        rows.append([str(row.rank), row.name, score_text(row.score), *base, *(f"{v:+.4f}" for v in split.shares[i])])
    return Table(heads, rows, frozenset(range(len(heads))) - {1}, shown.only("Scores split by criterion"))


def stability_rows(report: Report) -> Table:
    """Each criterion's weight and the ranges within which the decision holds."""
    st = report.stability
    rows = [
        [f"{w:.1%}", c.title, f"{lo:.1%} to {hi:.1%}", f"{olo:.1%} to {ohi:.1%}"]
        for c, w, (lo, hi), (olo, ohi) in zip(report.result.criteria, st.weights, st.top, st.order)
    ]
    return Table(["Weight", "Criterion", "Top choice holds", "Whole ranking holds"], rows, frozenset({0, 2, 3}))


def acceptability_ranks(report: Report) -> int:
    """How many ranks, from the first, a report shows SMAA-2's acceptability of: those
    the analysis kept (`Sensitivity.ranks`), at most `SHOWN` (a page of 100 x 100 cells
    took most of a minute to draw and is not read); 0 without SMAA-2."""
    from ..analyses.analysis import SHOWN

    s = report.sensitivity
    return 0 if s is None else min(s.ranks, SHOWN)


def acceptability_rows(report: Report) -> Table | None:
    """SMAA-2's share of samples for each alternative shown in full and each rank
    shown (`acceptability_ranks`), and its confidence; None without SMAA-2 figures."""
    s = report.sensitivity
    if s is None:
        return None
    r = report.result
    shown = listing(report)
    index = {name: i for i, name in enumerate(r.scenario.names)}
    ranks = acceptability_ranks(report)
    rows = [
        [str(row.rank), row.name, *(f"{s.acceptability[index[row.name], k]:.1%}" for k in range(ranks)),
         f"{s.confidence[index[row.name]]:.0%}"]
        for row in shown.rows
    ]
    heads = ["Rank", "Alternative", *(f"#{k + 1}" for k in range(ranks)), "Confidence"]
    notes = [shown.only("Rank acceptability")]
    if ranks < shown.total:
        notes.append(
            f"Ranks after #{ranks} are not shown (an option's share of them is 100 % less the sum of those "
            "shown); tradeoff sensitivity lists every rank SMAA-2 kept (--ranks K keeps the first K)."
        )
    return Table(heads, rows, frozenset(range(len(heads))) - {1}, " ".join(n for n in notes if n))


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
