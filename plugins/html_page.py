"""The html report's page: one self-contained file to open, print and forward.

Everything is inside the file: the style sheet, the charts as inline SVG, no script,
no font, no link to fetch.  Every text that comes from the user (titles, names,
descriptions, facts) goes through `html.escape`, so a vendor called
``<script>alert(1)</script>`` is shown as text.  Charts need matplotlib (the extra
``report``); without it the page says so where each chart would be, and a
`ChartsMissing` warning is issued.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from tradeoff import Chart
from tradeoff.plugins import html_parts as parts
from tradeoff.plugins.html_parts import e
from tradeoff.report_kit import (
    EXTRA_HINT,
    Table,
    acceptability_rows,
    available,
    because,
    change_text,
    column,
    compact_rows,
    contribution_rows,
    draw,
    fact_rows,
    listing,
    provenance_items,
    score_text,
    stability_rows,
    stakeholder_rows,
    svg,
    verdict,
    weighting_warnings,
    weights_line,
)

if TYPE_CHECKING:
    from tradeoff import Report


class ChartsMissing(UserWarning):
    """The report was written without charts: matplotlib is not installed."""


def render(report: Report) -> str:
    page = _Page(report)
    return page.document()


class _Page:
    """The page, section by section; charts are drawn once, where they belong."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.result = report.result
        self.listing = listing(report)
        self.can_draw = available()
        if not self.can_draw and any(c.applies(report) for c in report.charts):
            warnings.warn(
                f"the report has no charts: they need matplotlib, the optional extra 'report' ({EXTRA_HINT})",
                ChartsMissing,
                stacklevel=4,
            )
        self.drawn: set[str] = set()

    # -- pieces ------------------------------------------------------------------------

    def charts(self, section: str) -> str:
        """The charts that belong in `section` (`Chart.section`), in registration order;
        the rest go under "More charts"."""
        return "".join(self.chart(c) for c in self.report.charts if c.section == section)

    def chart(self, chart: Chart) -> str:
        name = chart.name
        if not chart.applies(self.report) or name in self.drawn:
            return ""
        self.drawn.add(name)
        if not self.can_draw:
            return parts.figure(name, chart.title, chart.description, None, "")
        drawn, alt = draw(chart, self.report)
        return parts.figure(name, chart.title, chart.description, svg(drawn, f"{name}-svg"), alt)

    def rows_table(self, ident: str, caption: str, rows: Table, key: int = 1) -> str:
        """`table` of a report's shared rows, escaped here, and the note of what it leaves out."""
        return parts.table(ident, caption, *rows.escaped(e), set(rows.numeric), key) + parts.note(rows.note)

    # -- sections ----------------------------------------------------------------------

    def document(self) -> str:
        r = self.result
        title = r.scenario.title or "Decision report"
        sections = [
            self.summary(), self.options(), self.criteria(), self.ranking(), self.contributions(),
            self.facts(), self.why(), self.stability(), self.sensitivity(), self.stakeholders(),
            self.other_charts(), self.provenance(),
        ]
        body = "\n".join(s for s in sections if s)
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="tradeoff {e(self.report.provenance.version)}">\n'
            f"<title>{e(title)}: decision report</title>\n<style>{parts.STYLE}</style>\n</head>\n<body>\n"
            f'<header><p class="kicker">Decision report</p><h1>{e(title)}</h1>'
            + (f'<p class="lead">{e(r.scenario.description)}</p>' if r.scenario.description else "")
            + f"</header>\n<main>\n{body}\n</main>\n"
            f'<footer><p>Made with tradeoff {e(self.report.provenance.version)} on '
            f"{e(self.report.provenance.date)}.</p></footer>\n</body>\n</html>\n"
        )

    def summary(self) -> str:
        sentences = because(self.report.explanation)
        reason = f"<p>{e(sentences[1])}</p>" if len(sentences) > 1 else ""
        more = '<p><a href="#why">Why, and what would change it</a></p>' if sentences else ""
        return (
            '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">The answer</h2>'
            f'<p class="verdict">{e(verdict(self.result))}</p>{reason}{more}</section>'
        )

    def options(self) -> str:
        every = self.result.scenario.alternatives
        shown, note = every, ""
        if self.listing.long:  # the first ones in rank order, not the file's
            by_name = {a.name: a for a in every}
            shown = [by_name[row.name] for row in self.listing.rows if row.name in by_name]
            note = parts.note(f"The {len(shown):,} best-ranked options; the other {len(every) - len(shown):,} are not described here.")
        items = "".join(
            f"<dt>{e(a.name)}</dt><dd>{e(a.description) if a.description else '<em>no description</em>'}</dd>"
            for a in shown
        )
        return (
            '<section id="options" aria-labelledby="options-h">'
            f'<h2 id="options-h">The options ({len(every):,})</h2><dl class="options">{items}</dl>{note}</section>'
        )

    def criteria(self) -> str:
        r = self.result
        rows = []
        for c, w in zip(r.criteria, r.decision.weights):
            rows.append([
                f"{w:.0%}", f"{e(c.title)} <code>{e(c.id)}</code>",
                "more is better" if c.direction.benefit else "less is better",
                e(c.unit) or "&ndash;", parts.wide(e(c.description) or "&ndash;"),
                parts.wide(f"<code>{e(c.formula)}</code>" if c.formula else "values given in the scenario"),
            ])
        table = parts.table(
            "criteria-table", "Criteria, their weights and what they measure",
            ["Weight", "Criterion", "Direction", "Unit", "What it captures", "Formula"], rows, {0},
        )
        # the weighting's warnings (AHP judgements that contradict each other...) as the CLI gives them
        warned = "".join(
            f'<p class="warning"><strong>Warning:</strong> {e(text)}</p>' for text in weighting_warnings(r.decision)
        )
        return (
            '<section id="criteria" aria-labelledby="criteria-h"><h2 id="criteria-h">What counts, and how much</h2>'
            f"<p>{e(weights_line(r.decision))}</p>{warned}{table}</section>"
        )

    def ranking(self) -> str:
        r = self.result
        ids = [c.id for c in r.criteria]
        heads = ["Rank", "Alternative", "Score"] + [e(c.title) for c in r.criteria]
        shown = self.listing.rows
        cells = {i: column([row.values[i] for row in shown]) for i in ids}  # one format per column
        rows = [
            [str(row.rank), e(row.name), score_text(row.score)] + [cells[i][k] for i in ids]
            for k, row in enumerate(shown)
        ]
        better = "higher" if r.ranking.higher_is_better else "lower"
        table = parts.table(
            "ranking-table", f"Ranking by {e(r.ranking.method)} ({better} score is better), with each criterion's value",
            heads, rows, {0, 2, *range(3, 3 + len(ids))},
        )
        rest = compact_rows(self.report)
        if rest is not None:
            table += self.rows_table("ranking-more-table", "The options after those, by rank and score", rest)
        return (
            '<section id="ranking" aria-labelledby="ranking-h"><h2 id="ranking-h">Ranking</h2>'
            f"{table}{self.charts('ranking')}</section>"
        )

    def contributions(self) -> str:
        split = self.report.explanation.breakdown
        how = (
            "Each score is the sum of its criteria's shares (an additive method)."
            if split.exact else
            "Each score is the base (what an average option would score in its place) plus "
            "each criterion's Shapley share: its average effect on the score."
        )
        table = self.rows_table("contributions-table", "Each score split by criterion", contribution_rows(self.report))
        return (
            '<section id="contributions" aria-labelledby="contributions-h">'
            f'<h2 id="contributions-h">Where each score comes from</h2><p>{e(how)}</p>'
            f"{self.charts('contributions')}{table}</section>"
        )

    def facts(self) -> str:
        given, shared = fact_rows(self.report)
        if not given and not shared:
            return ""
        out = [
            '<section id="facts" aria-labelledby="facts-h"><h2 id="facts-h">The facts behind the values</h2>'
        ]
        if given:
            heads = ["Fact", "Unit"] + [e(row.name) for row in self.listing.rows]
            rows = [[f'<span title="{e(f.description)}">{e(f.name)}</span>', e(f.unit)] + [parts.cell(v) for v in f.cells] for f in given]
            out.append(parts.table("facts-table", "Facts each option gives (blank: the default or the shared value)",
                                  heads, rows, set(range(2, len(heads))), key=0))
            out.append(parts.note(self.listing.only("Facts")))
        if shared:
            items = "".join(
                f"<dt>{e(f.name)}</dt><dd>{parts.cell(f.cells[0])}{' ' + e(f.unit) if f.unit else ''}"
                f"{' &mdash; ' + e(f.description) if f.description else ''}</dd>"
                for f in shared
            )
            out.append(f'<h3>Shared by every option</h3><dl class="facts">{items}</dl>')
        out.append("</section>")
        return "".join(out)

    def why(self) -> str:
        ex = self.report.explanation
        if ex.gap is None:
            return ""
        names = self.result.scenario.names
        a, b = names[ex.gap.above], names[ex.gap.below]
        titles = {c.id: c.title for c in self.result.criteria}
        found = [c for c in ex.changes if c.reachable]
        missing = [titles[c.criterion].lower() if c.criterion else c.fact for c in ex.changes if not c.reachable]
        sentences = "".join(f"<li>{e(s)}</li>" for s in because(ex))
        changes = "".join(f"<li>{e(change_text(c, titles))}</li>" for c in found) or "<li>none within the scale</li>"
        return (
            '<section id="why" aria-labelledby="why-h">'
            f'<h2 id="why-h">Why {e(a)} ranks above {e(b)}, and what would change it</h2>'
            f"<ul>{sentences}</ul>"
            f"<h3>One change that would let {e(b)} overtake {e(a)}</h3><ul>{changes}</ul>"
            + (f"<p>Not reachable within the scale: {e(', '.join(str(m) for m in missing))}.</p>" if missing else "")
            + "</section>"
        )

    def stability(self) -> str:
        how = "exact (additive method)" if self.report.stability.exact else "found by bisection on the method"
        table = self.rows_table(
            "stability-table", f"Weight ranges within which the decision holds ({how})", stability_rows(self.report)
        )
        return (
            '<section id="stability" aria-labelledby="stability-h"><h2 id="stability-h">How far the weights can move</h2>'
            "<p>Each weight moved on its own, the others rescaled in proportion: the range within "
            "which the top choice, and the whole ranking, stay the same.</p>"
            f"{self.charts('stability')}{table}</section>"
        )

    def sensitivity(self) -> str:
        s, rows = self.report.sensitivity, acceptability_rows(self.report)
        if rows is None:
            return ""
        table = self.rows_table("acceptability-table", "Share of samples in which each option takes each rank", rows)
        values = ", values drawn from their intervals" if s.uncertain else ""
        return (
            '<section id="sensitivity" aria-labelledby="sensitivity-h"><h2 id="sensitivity-h">If the weights were different (SMAA-2)</h2>'
            f"<p>{s.samples:,} weight samples ({e(s.weights)}){e(values)}, seed {s.seed}. Confidence: how "
            "often an option ranks first with its central weights (the average of the weights that "
            "made it first); below 100 % only when some values are uncertain.</p>"
            f"{self.charts('sensitivity')}{table}</section>"
        )

    def stakeholders(self) -> str:
        views, rows = self.report.result.stakeholders, stakeholder_rows(self.report)
        if rows is None:
            return ""
        dissent = [v.name for v in views if not v.agrees]
        text = (
            f"Would not put the group's top choice first: {e(', '.join(dissent))}." if dissent
            else "Everyone's own weights put the group's top choice first."
        )
        table = self.rows_table("stakeholders-table", "Each stakeholder's weights and own top choice", rows, key=0)
        return (
            '<section id="stakeholders" aria-labelledby="stakeholders-h"><h2 id="stakeholders-h">Stakeholders\' views</h2>'
            f"<p>{text}</p>{table}</section>"
        )

    def other_charts(self) -> str:
        extra = [self.chart(c) for c in self.report.charts]  # those not drawn in a section
        extra = [x for x in extra if x]
        if not extra:
            return ""
        return '<section id="more-charts" aria-labelledby="more-h"><h2 id="more-h">More charts</h2>' + "".join(extra) + "</section>"

    def provenance(self) -> str:
        items = provenance_items(self.report)
        dl = "".join(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>" for k, v in items)
        return (
            '<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Method and provenance</h2>'
            f'<dl class="provenance">{dl}</dl></section>'
        )


