"""A decision report: the ranking and its analyses gathered once, for every format.

`Engine.report_data` ranks a scenario, explains it, measures its weight stability and,
when asked, runs SMAA-2; the result is a `Report`.  How a report looks is a plugin's
business: a `ReportFormat` (registered through ``tradeoff_register_reports``) turns a
`Report` into text, and a `Chart` (``tradeoff_register_charts``) draws one figure of it
on a matplotlib `Figure`.  tradeoff's own html and markdown formats and its four charts
are registered that way, so a team's own format or chart sits beside them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ..model.frozen import FrozenMap, freeze, thaw

if TYPE_CHECKING:
    from ..analyses.agreement import Agreement
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
    #: The same decision under tradeoff's other methods (`compared`); None when not compared.
    agreement: Agreement | None = None

    @classmethod
    def of(
        cls,
        explanation: Explanation,
        stability: Stability,
        sensitivity: Sensitivity | None = None,
        *,
        charts: tuple[Chart, ...] = (),
        agreement: Agreement | None = None,
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
            agreement=agreement,
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
    #: What the report calls it: the fact's `label`, else its name in words.
    label: str = ""


def fact_rows(report: Report) -> tuple[list[FactRow], list[FactRow]]:
    """The facts the alternatives shown in full give (one row per fact, a cell for each
    of `listing(report).rows`), and the scenario's shared ``[context]`` facts (one cell each)."""
    scenario = report.result.scenario
    declared = declared_facts(report)
    by_name = {a.name: a for a in scenario.alternatives}
    shown = [by_name.get(row.name) for row in listing(report).rows]
    names: dict[str, None] = {}
    for alternative in shown:
        if alternative is not None:
            names.update(dict.fromkeys(alternative.facts))
    order = [n for n in declared if n in names] + [n for n in names if n not in declared]

    def row(name: str, cells: tuple[Any, ...]) -> FactRow:
        fact = declared.get(name)
        return FactRow(
            name, fact.unit if fact else "", fact.description if fact else "", cells, fact_label(name, declared)
        )

    given = [row(n, tuple(a.facts.get(n) if a is not None else None for a in shown)) for n in order]
    shared = [row(n, (v,)) for n, v in scenario.context.items()]
    return given, shared


def declared_facts(report: Report) -> dict[str, Any]:
    """The facts the report's criteria read, by name (the first declaration of each)."""
    declared: dict[str, Any] = {}
    for criterion in report.result.criteria:
        for fact in criterion.facts:
            declared.setdefault(fact.name, fact)
    return declared


def fact_label(name: str, declared: dict[str, Any]) -> str:
    """A fact as a reader sees it: its declared `Fact.title` ("Monthly fee"), else its
    name in words, for a fact no criterion declares."""
    from ..model.scenario import name_in_words

    fact = declared.get(name)
    return fact.title if fact is not None else name_in_words(name)


def change_lines(report: Report) -> tuple[list[str], list[str]]:
    """The single changes that would let the runner-up overtake, in words, and the
    criteria and facts no change within their scale reaches (facts by their labels)."""
    from .narrate import change_text

    titles = {c.id: c.title for c in report.result.criteria}
    declared = declared_facts(report)
    labels = {name: _in_sentence(fact_label(name, declared)) for name in {c.fact for c in report.explanation.changes if c.fact}}
    changes = report.explanation.changes
    found = [change_text(c, titles, labels) for c in changes if c.reachable]
    missing = [_in_sentence(titles[c.criterion]) if c.criterion else labels[c.fact] for c in changes if not c.reachable]
    return found, missing


def _in_sentence(label: str) -> str:
    """A label inside a sentence, as the criteria's titles are: "monthly fee" (an
    acronym such as "NDA signed" is left as it is)."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


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


# -- the report in plain words: the answer, how sure it is, other methods -----------------

#: Currency symbols and ISO 4217 codes that make a criterion's unit money: the unit's
#: first word (before a space or "/", so "USD/month" counts) is one of them.  A unit is
#: only a label: values are compared within one criterion and never converted.
CURRENCY_SYMBOLS = frozenset({
    "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "฿", "₫", "₱", "₦", "₴", "₲", "₵", "₡", "₸", "₼",
    "₾", "¢", "R$", "A$", "C$", "NZ$", "HK$", "S$", "CHF", "Fr", "kr", "zł"
})
CURRENCY_CODES = frozenset({
    "AED", "ARS", "AUD", "BDT", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK",
    "EGP", "EUR", "GBP", "HKD", "HRK", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES", "KRW",
    "LKR", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR", "PLN", "QAR", "RON",
    "RSD", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "UYU", "VND", "ZAR"
})


def currency(unit: str) -> str | None:
    """The currency a unit is in ("$", "USD"), or None when it is not money."""
    first = unit.strip().replace("/", " ").split(" ", 1)[0]
    return first if first in CURRENCY_SYMBOLS or first in CURRENCY_CODES else None


def money_text(value: float, unit: str) -> str:
    """A sum in its unit: a symbol before it ("$60,180", "€1,450/month"), a code or
    any other unit after it ("60,180 USD"); whole sums without decimals."""
    from ..model.numerals import number, unit_text

    whole = float(value).is_integer() and abs(value) < 1e15
    sign, figure = ("-" if value < 0 else ""), f"{abs(value):,.0f}" if whole else number(abs(value))
    symbol = currency(unit)
    if symbol is not None and symbol in CURRENCY_SYMBOLS and not symbol.isalpha():
        return f"{sign}{symbol}{figure}{unit.strip()[len(symbol):]}"
    return sign + figure + unit_text(unit)


def money_criterion(report: Report) -> int | None:
    """The criterion the answer speaks of in money: of those whose unit is a currency
    (`currency`), the one with the largest weight (the first of equal ones); None
    when no criterion is in money."""
    r = report.result
    money = [j for j, c in enumerate(r.criteria) if currency(c.unit)]
    return max(money, key=lambda j: (r.decision.weights[j], -j)) if money else None


def head(title: str, unit: str) -> str:
    """A criterion's column head with its unit: "Total cost (USD)"; a unit in brackets
    already goes after a comma ("Expertise, points (0-10)")."""
    if not unit:
        return title
    return f"{title}, {unit}" if "(" in unit else f"{title} ({unit})"


def share_text(p: float, *, compact: bool = False, sign: bool = True) -> str:
    """A share of samples as a reader takes it: "64%", never a rounded "100%" or "0%"
    that is not exactly so ("more than 99%", "less than 1%").  `compact` is a heat
    map cell's form (">99 %", "<1 %"; without `sign`, ">99")."""
    if 0 < p < 0.005:
        text = "<1" if compact else "less than 1"
    elif 0.995 <= p < 1:
        text = ">99" if compact else "more than 99"
    else:
        text = f"{100 * p:.0f}"
    return text + ((" %" if compact else "%") if sign else "")


def first_share(report: Report) -> float | None:
    """The share of SMAA-2's plausible weightings in which the top choice ranks first;
    None without SMAA-2."""
    s = report.sensitivity
    if s is None:
        return None
    top = report.result.leaders(1)[0].name
    return float(s.acceptability[list(report.result.names).index(top), 0])


def answer(report: Report) -> str:
    """The answer in one plain sentence: the top choice, its value on the money
    criterion (`money_criterion`) against the runner-up's and the best one's, and in
    how many of SMAA-2's weightings it wins; a tie or a single option is
    `render.verdict`'s sentence, which says just that."""
    from .render import verdict

    r = report.result
    rows = r.leaders(2)
    if len(rows) < 2 or rows[1].rank == rows[0].rank:
        return verdict(r)
    best, second = rows
    j = money_criterion(report)
    share = first_share(report)
    wins = f"wins in {share_text(share)} of the plausible weightings" if share is not None else ""
    if j is None:
        return f"Choose {best.name}: it {wins or f'ranks first of the {r.total:,} options'}."
    return f"Choose {best.name}: {_money_clause(report, j, best.name, second.name)}" + (
        f", and it {wins}." if wins else "."
    )


def _money_clause(report: Report, j: int, best: str, second: str) -> str:
    """"its total cost is 60,180 USD, 15,540 USD more than the runner-up, TechNeighbor"
    and, when a third option is the best on that criterion, how far it is from that one."""
    import numpy as np

    r = report.result
    c, column, names = r.criteria[j], r.decision.matrix[:, j], list(r.names)
    mine, theirs = float(column[names.index(best)]), float(column[names.index(second)])
    out = f"its {_in_sentence(c.title)} is {money_text(mine, c.unit)}, {_versus(mine, theirs, c.unit)} the runner-up, {second}"
    k = int(np.argmax(column) if c.direction.benefit else np.argmin(column))  # the first of equal ones
    if names[k] not in (best, second) and float(column[k]) != mine:
        word = "highest" if c.direction.benefit else "lowest"
        out += f", and {_versus(mine, float(column[k]), c.unit)} the {word}, {names[k]}"
    return out


def _versus(mine: float, other: float, unit: str) -> str:
    """"15,540 USD more than" / "less than" / "the same as"."""
    if mine == other:
        return "the same as"
    return f"{money_text(abs(mine - other), unit)} {'more' if mine > other else 'less'} than"


#: How sure the answer is, in words (`robustness`): "safe" when the top choice wins in
#: at least SAFE_SHARE of SMAA-2's weightings (when it ran) and no single weight
#: changes it unless it moves by SAFE_MOVE (10 points of 100) or more; "a close call"
#: when the first two tie, it wins in less than CLOSE_SHARE, or a weight moved by less
#: than CLOSE_MOVE changes it; otherwise "depends on how much you care about X", X the
#: criterion whose weight changes the top choice after the smallest move.
SAFE_SHARE = 0.75
CLOSE_SHARE = 0.50
SAFE_MOVE = 0.10
CLOSE_MOVE = 0.02


class Robustness(NamedTuple):
    """How sure the answer is: `kind` "safe", "close" or "depends", the criterion it
    depends on most (its index; None when no single weight changes the top choice), and
    the sentence that says so."""

    kind: str
    criterion: int | None
    sentence: str


def tipping(report: Report) -> tuple[int, float, float] | None:
    """The criterion whose weight changes the top choice after the smallest move (from
    the weight stability: each weight moved on its own), that move and the weight at
    which it happens; None when no single weight, moved anywhere, changes it."""
    st = report.stability
    best: tuple[int, float, float] | None = None
    for j, (w, (lo, hi)) in enumerate(zip(st.weights, st.top)):
        for move, bound in ((w - lo, lo), (hi - w, hi)):
            if 0 < bound < 1 and (best is None or move < best[1]):
                best = (j, float(move), float(bound))
    return best


def robustness(report: Report) -> Robustness:
    """"safe", "a close call" or "depends on how much you care about X" (the rule:
    `SAFE_SHARE`), with the sentence that says why in plain words."""
    r = report.result
    rows = r.leaders(2)
    if len(rows) < 2:
        return Robustness("safe", None, "There is only one option, so nothing can change the answer.")
    if rows[1].rank == rows[0].rank:
        return Robustness("close", None, f"A close call: {rows[0].name} and {rows[1].name} tie for first place.")
    top, share, tip = rows[0].name, first_share(report), tipping(report)
    low = share is not None and share < CLOSE_SHARE
    wins = "" if share is None else (
        f"{top} comes first in {'only ' if low else ''}{share_text(share)} of the plausible weightings"
    )
    if tip is None:
        if share is not None and share < SAFE_SHARE:  # no single weight changes it, yet many weightings do
            return Robustness("close", None, f"A close call: {wins}, though no single weight changes it.")
        return Robustness("safe", None, f"A safe choice: {_clauses(wins, 'no single weight, however far it moved, would change the top choice')}.")
    j, step, bound = tip
    c, w = r.criteria[j], float(report.stability.weights[j])
    past, now = _past(bound, w)
    move = (
        f"if the weight of {_in_sentence(c.title)} {'rose above' if bound > w else 'fell below'} {past} "
        f"(it is {now} now), {top} would no longer come first"
    )
    if low or step < CLOSE_MOVE:
        return Robustness("close", j, f"A close call: {_clauses(wins, move)}.")
    if step < SAFE_MOVE or (share is not None and share < SAFE_SHARE):
        again = wins.replace(top, "it", 1)  # after the clause that names it
        return Robustness("depends", j, f"It depends on how much you care about {_in_sentence(c.title)}: {_clauses(move, again)}.")
    steady = f"no weight would change the top choice unless it moved by {step * 100:.0f} points (of 100) or more"
    return Robustness("safe", None, f"A safe choice: {_clauses(wins, steady)}.")


def _past(bound: float, now: float) -> tuple[str, str]:
    """A weight's tipping point and its value now as percentages: the point rounded away
    from now (a weight past the figure shown is past the point), with a decimal more
    while the two would read the same."""
    away = math.ceil if bound > now else math.floor
    for digits in range(3):
        scale = 10**digits
        shown = away(round(bound * 100 * scale, 6)) / scale
        past, current = f"{shown:.{digits}f}%", f"{now * 100:.{digits}f}%"
        if past != current:
            break
    return past, current


def _clauses(*parts: str) -> str:
    """A sentence's non-empty clauses, joined by "; "."""
    return "; ".join(p for p in parts if p)


# -- other methods: does the choice of method change the answer? --------------------------

#: A report ranks the decision again with tradeoff's other methods (`Engine.agreement`)
#: up to this many options: PROMETHEE II compares every pair, n^2 cells (5,000 options
#: take some 20 seconds); and says in a sentence why a method prefers another option
#: (a split of that lead, 2^m runs of a method that is not a weighted sum) up to
#: `ALL_UP_TO` options and `EXACT_MAX` criteria.
COMPARED_UP_TO = LISTED


def method_comparison(n: int, m: int) -> tuple[bool, bool]:
    """Whether a report on n options and m criteria compares methods, and whether it
    says why one prefers another option (see `COMPARED_UP_TO`)."""
    from ..analyses.analysis import ALL_UP_TO
    from ..analyses.explain import EXACT_MAX

    return n <= COMPARED_UP_TO, n <= ALL_UP_TO and m <= EXACT_MAX


def compared(job: Any, result: Result, catalogue: Any, methods: Any) -> Agreement | None:
    """`agreement` of the prepared decision `job` (ranked as `result`) under `methods`
    of `catalogue`, bounded as `method_comparison` says; None past `COMPARED_UP_TO`
    options, or when no method can take the values."""
    from ..analyses.agreement import agreement
    from ..model.errors import ScenarioError

    compare, reasons = method_comparison(len(result.names), len(result.criteria))
    if not compare:
        return None
    try:
        return agreement(job, result, catalogue, methods, reasons=reasons)
    except ScenarioError:  # no other method takes these values: nothing to compare
        return None


def agreement_text(report: Report) -> str:
    """The method comparison in plain words, or why there is none ("" when the
    report was made without it)."""
    a = report.agreement
    if a is None:
        if report.result.total > COMPARED_UP_TO:
            return (
                f"Not compared with other methods: past {COMPARED_UP_TO:,} options that takes too long for a "
                "report (tradeoff rank --compare-methods does it)."
            )
        return ""
    skipped = f" {len(a.skipped)} more could not take these values." if a.skipped else ""
    return (
        f"The same options and weights were also ranked by {len(a.methods)} standard ways of combining the "
        f"criteria into one score (the report's own among them). {a.summary}{skipped}"
    )


def agreement_rows(report: Report) -> Table | None:
    """Per option shown in full: its rank here, under how many methods it is first,
    its best and worst rank and its rank under each method; None without a comparison."""
    a = report.agreement
    if a is None:
        return None
    index = {name: i for i, name in enumerate(report.result.names)}
    shown = listing(report)
    rows = [
        [str(row.rank), row.name, f"{a.firsts[i]} of {len(a.methods)}", f"{a.best[i]} to {a.worst[i]}",
         *(str(a.ranks[k, i]) for k in range(len(a.methods)))]
        for row in shown.rows
        for i in (index[row.name],)
    ]
    heads = ["Rank", "Alternative", "First under", "Rank range", *a.methods]
    notes = [shown.only("Ranks under other methods")]
    notes += [f"Not compared: {s.method}, {s.reason}." for s in a.skipped]
    if not a.reasons:
        notes.append(
            "Why a method prefers another option is not worked out for a list this long (tradeoff rank "
            "--compare-methods says it)."
        )
    return Table(heads, rows, frozenset(range(len(heads))) - {1}, " ".join(n for n in notes if n))


# -- for a reader who does not know the methods -------------------------------------------


def cover_items(report: Report) -> list[tuple[str, str]]:
    """The report's cover beyond its title and description, as (label, text): who
    prepared it, for whom, and the date (the notes are `Scenario.notes`, a paragraph)."""
    scenario = report.result.scenario
    items = [("Prepared by", scenario.author), ("For", scenario.organisation), ("Date", report.provenance.date)]
    return [(k, v) for k, v in items if v]


def reading_guide(report: Report) -> list[str]:
    """"How to read this report": what the ranking and the percentages mean, where the
    details are, in a few plain sentences."""
    r = report.result
    better = "higher" if r.ranking.higher_is_better else "lower"
    out = [(
        f"The ranking puts the options in order, best first, by the criteria and weights under \"What counts, "
        f"and how much\". The score ({better} is better) only orders them: it is not money or a percentage."
    )]
    s = report.sensitivity
    if s is not None:
        out.append(
            f"\"Wins in N% of the plausible weightings\": the decision was made again with {s.samples:,} other "
            "sets of weights drawn at random, and N% of them put the option first."
        )
    out.append(
        "\"Safe\", \"a close call\" or \"depends on how much you care about ...\" says how easily other "
        "weights would change the answer (the rules are in the technical appendix)."
    )
    out.append("Every number behind the report, the terms used and how it was worked out are in the technical appendix.")
    return out


def robustness_rules() -> list[str]:
    """How `robustness` picks its words, for the technical appendix."""
    return [
        (f"Safe: the top choice comes first in at least {SAFE_SHARE:.0%} of the SMAA-2 samples (when they were "
         f"run), and no single weight changes it unless it moves by {SAFE_MOVE * 100:.0f} points (of 100) or more."),
        (f"A close call: the first two tie, or the top choice comes first in less than {CLOSE_SHARE:.0%} of the "
         f"samples (or less than {SAFE_SHARE:.0%} while no single weight changes it), or a weight moved by less "
         f"than {CLOSE_MOVE * 100:.0f} points changes it."),
        ("Depends on how much you care about X: anything in between; X is the criterion whose weight changes the "
         "top choice after the smallest move (each weight moved on its own, the others rescaled in proportion)."),
    ]


#: The analysts' terms the technical appendix uses, in plain words: (term, meaning).
GLOSSARY = tuple(
    tuple(line.split(": ", 1))
    for line in """
Score: One number per option that combines its values on every criterion with the weights; it only orders the
  options.
Method: The rule that turns values and weights into scores (TOPSIS, weighted sum, VIKOR...); each weighs
  the same facts a little differently.
Normalization: Putting criteria in different units (dollars, hours, points) on one scale before they are
  combined.
Weight: How much a criterion counts; the weights add up to 100%.
Exact shares: For a weighted sum, each criterion's part of a score, which add up to the score.
Shapley share: For other methods, a criterion's average effect on a score, over every order in which the
  criteria could be added; the base is what an average option would score in its place.
Stability range: How far one weight can move (the others rescaled in proportion) before the top choice, or the
  whole order, changes.
Bisection: Finding such a limit by halving the interval it lies in until it is precise enough.
SMAA-2: Stochastic multicriteria acceptability analysis: the ranking redone with many weights drawn at random,
  to see how often each option takes each place.
Acceptability: The share of those random weightings in which an option takes a given rank; the first rank's is
  "wins in N% of the plausible weightings".
Central weights: The average of the weights under which an option came first.
Confidence: How often an option comes first with its central weights (below 100% only when some values are
  uncertain).
Samples, seed: How many random weightings were drawn, and the number that makes the same draw again.
Method agreement: The same decision ranked by each of tradeoff's methods, to see whether the choice of method
  changes the answer.
SHA-256: A fingerprint of the scenario file: the same fingerprint means the same file.
""".strip().replace("\n  ", " ").splitlines()
)
