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
    GLOSSARY,
    Table,
    acceptability_rows,
    agreement_rows,
    agreement_text,
    answer,
    available,
    because,
    change_lines,
    column,
    compact_rows,
    contribution_rows,
    cover_items,
    draw,
    fact_rows,
    first_share,
    head,
    listing,
    provenance_items,
    reading_guide,
    robustness,
    robustness_rules,
    score_text,
    share_text,
    stability_rows,
    stakeholder_rows,
    svg,
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
        """The cover, the body in plain words, then the technical appendix."""
        title = self.result.scenario.title or "Decision report"
        sections = [
            self.summary(), self.guide(), self.options(), self.criteria(), self.ranking(), self.agreement(),
            self.contributions(), self.facts(), self.why(), self.stability(), self.sensitivity(),
            self.stakeholders(), self.other_charts(), self.appendix(),
        ]
        body = "\n".join(s for s in sections if s)
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="tradeoff {e(self.report.provenance.version)}">\n'
            f"<title>{e(title)}: decision report</title>\n<style>{parts.STYLE}</style>\n</head>\n<body>\n"
            f"{self.cover(title)}\n<main>\n{body}\n</main>\n"
            f'<footer><p>Made with tradeoff {e(self.report.provenance.version)} on '
            f"{e(self.report.provenance.date)}.</p></footer>\n</body>\n</html>\n"
        )

    def cover(self, title: str) -> str:
        """The header: the question, its description, who prepared it for whom, the notes."""
        scenario = self.result.scenario
        items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in cover_items(self.report))
        return (
            f'<header><p class="kicker">Decision report</p><h1>{e(title)}</h1>'
            + (f'<p class="lead">{e(scenario.description)}</p>' if scenario.description else "")
            + (f'<dl class="cover">{items}</dl>' if items else "")
            + (f'<p class="notes"><strong>Notes:</strong> {e(scenario.notes)}</p>' if scenario.notes else "")
            + "</header>"
        )

    def summary(self) -> str:
        sentences = because(self.report.explanation)
        reason = f"<p>{e(sentences[1])}</p>" if len(sentences) > 1 else ""
        more = '<p><a href="#why">Why, and what would change it</a></p>' if sentences else ""
        sure = robustness(self.report)
        return (
            '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">The answer</h2>'
            f'<p class="verdict">{e(answer(self.report))}</p>'
            f'<p class="robustness" data-kind="{e(sure.kind)}">{e(sure.sentence)}</p>{reason}{more}</section>'
        )

    def guide(self) -> str:
        """"How to read this report": a short box under the answer."""
        items = "".join(f"<li>{e(text)}</li>" for text in reading_guide(self.report))
        return (
            '<aside id="how-to-read" class="guide" aria-labelledby="how-to-read-h">'
            f'<h2 id="how-to-read-h">How to read this report</h2><ul>{items}</ul>'
            '<p><a href="#appendix">The technical appendix</a></p></aside>'
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
            ["Weight", "Criterion", "Direction", "Unit", "What it measures", "How it is worked out"], rows, {0},
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
        heads = ["Rank", "Alternative", "Score"] + [e(head(c.title, c.unit)) for c in r.criteria]
        shown = self.listing.rows
        cells = {i: column([row.values[i] for row in shown]) for i in ids}  # one format per column
        rows = [
            [str(row.rank), e(row.name), score_text(row.score)] + [cells[i][k] for i in ids]
            for k, row in enumerate(shown)
        ]
        better = "higher" if r.ranking.higher_is_better else "lower"
        table = parts.table(
            "ranking-table", f"The options, best first: their score ({better} is better) and their value on each criterion",
            heads, rows, {0, 2, *range(3, 3 + len(ids))},
        )
        rest = compact_rows(self.report)
        if rest is not None:
            table += self.rows_table("ranking-more-table", "The options after those, by rank and score", rest)
        return (
            '<section id="ranking" aria-labelledby="ranking-h"><h2 id="ranking-h">Ranking</h2>'
            f"{table}{self.charts('ranking')}</section>"
        )

    def agreement(self) -> str:
        """Whether other scoring methods agree, in words (their ranks: the appendix)."""
        text = agreement_text(self.report)
        if not text:
            return ""
        more = '<p><a href="#agreement-detail">Each method\'s ranks</a></p>' if self.report.agreement else ""
        return (
            '<section id="agreement" aria-labelledby="agreement-h"><h2 id="agreement-h">Do other ways of scoring agree?</h2>'
            f"<p>{e(text)}</p>{more}</section>"
        )

    def contributions(self) -> str:
        return (
            '<section id="contributions" aria-labelledby="contributions-h">'
            '<h2 id="contributions-h">Where each score comes from</h2>'
            "<p>How much each criterion adds to each option's score, or takes from it: the longer the bar, "
            'the more that criterion decides. <a href="#contributions-detail">The numbers</a> are in the '
            f"technical appendix.</p>{self.charts('contributions')}</section>"
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
            rows = [
                [f'<span title="{e(f.description)}">{e(f.label)}</span> <code class="fact-name">{e(f.name)}</code>', e(f.unit)]
                + [parts.cell(v) for v in f.cells]
                for f in given
            ]
            out.append(parts.table("facts-table", "Facts each option gives (blank: the default or the shared value)",
                                  heads, rows, set(range(2, len(heads))), key=0))
            out.append(parts.note(self.listing.only("Facts")))
        if shared:
            items = "".join(
                f"<dt>{e(f.label)} <code>{e(f.name)}</code></dt><dd>{parts.cell(f.cells[0])}{' ' + e(f.unit) if f.unit else ''}"
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
        found, missing = change_lines(self.report)
        sentences = "".join(f"<li>{e(s)}</li>" for s in because(ex))
        changes = "".join(f"<li>{e(c)}</li>" for c in found) or "<li>none within the scale</li>"
        return (
            '<section id="why" aria-labelledby="why-h">'
            f'<h2 id="why-h">Why {e(a)} ranks above {e(b)}, and what would change it</h2>'
            f"<ul>{sentences}</ul>"
            f"<h3>One change that would let {e(b)} overtake {e(a)}</h3><ul>{changes}</ul>"
            + (f"<p>Not reachable within the scale: {e(', '.join(missing))}.</p>" if missing else "")
            + "</section>"
        )

    def stability(self) -> str:
        table = self.rows_table(
            "stability-table", "Weight ranges within which the decision holds", stability_rows(self.report)
        )
        return (
            '<section id="stability" aria-labelledby="stability-h"><h2 id="stability-h">How far the weights can move</h2>'
            f"<p>{e(robustness(self.report).sentence)}</p>"
            "<p>Each weight moved on its own, the others rescaled in proportion: the range within "
            "which the top choice, and the whole ranking, stay the same.</p>"
            f"{self.charts('stability')}{table}</section>"
        )

    def sensitivity(self) -> str:
        s = self.report.sensitivity
        if s is None:
            return ""
        top, share = self.listing.rows[0].name, first_share(self.report)
        return (
            '<section id="sensitivity" aria-labelledby="sensitivity-h"><h2 id="sensitivity-h">If the weights were different</h2>'
            f"<p>The decision was made again with {s.samples:,} other sets of weights, drawn at random"
            f"{', and the uncertain values drawn from their ranges' if s.uncertain else ''}: how often each option "
            f"came first, second and so on. {e(top)} came first in {e(share_text(share or 0))} of them. "
            '<a href="#acceptability-detail">The numbers</a> are in the technical appendix.</p>'
            f"{self.charts('sensitivity')}</section>"
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

    # -- the technical appendix --------------------------------------------------------

    def appendix(self) -> str:
        """The analysts' terms and tables, after the body: glossary, the words' rules,
        the score split, SMAA-2, the methods compared, and the provenance."""
        parts_ = [self.glossary(), self.words(), self.split(), self.acceptability(), self.methods(), self.provenance()]
        return (
            '<section id="appendix" aria-labelledby="appendix-h"><h2 id="appendix-h">Technical appendix</h2>'
            "<p>The terms, tables and settings behind the report, for whoever wants to check it.</p>"
            + "".join(p for p in parts_ if p) + "</section>"
        )

    def glossary(self) -> str:
        dl = "".join(f"<dt>{e(term)}</dt><dd>{e(meaning)}</dd>" for term, meaning in GLOSSARY)
        return (
            '<section id="glossary" aria-labelledby="glossary-h"><h3 id="glossary-h">Glossary</h3>'
            f'<dl class="glossary">{dl}</dl></section>'
        )

    def words(self) -> str:
        """How "safe", "a close call" and "depends on" are chosen."""
        how = "exact (a weighted sum)" if self.report.stability.exact else "found by bisection on the method"
        rules = "".join(f"<li>{e(text)}</li>" for text in robustness_rules())
        return (
            '<section id="robustness-rules" aria-labelledby="robustness-rules-h">'
            '<h3 id="robustness-rules-h">How sure the answer is: the rules</h3>'
            f"<ul>{rules}</ul><p>The weight ranges are {e(how)}.</p></section>"
        )

    def split(self) -> str:
        split = self.report.explanation.breakdown
        how = (
            "Each score is the sum of its criteria's shares (an additive method)."
            if split.exact else
            "Each score is the base (what an average option would score in its place) plus "
            "each criterion's Shapley share: its average effect on the score."
        )
        table = self.rows_table("contributions-table", "Each score split by criterion", contribution_rows(self.report))
        return (
            '<section id="contributions-detail" aria-labelledby="contributions-detail-h">'
            f'<h3 id="contributions-detail-h">Each score split by criterion</h3><p>{e(how)}</p>{table}</section>'
        )

    def acceptability(self) -> str:
        s, rows = self.report.sensitivity, acceptability_rows(self.report)
        if s is None or rows is None:
            return ""
        table = self.rows_table("acceptability-table", "Share of samples in which each option takes each rank", rows)
        values = ", values drawn from their intervals" if s.uncertain else ""
        return (
            '<section id="acceptability-detail" aria-labelledby="acceptability-detail-h">'
            '<h3 id="acceptability-detail-h">Rank acceptability (SMAA-2)</h3>'
            f"<p>{s.samples:,} weight samples ({e(s.weights)}){e(values)}, seed {s.seed}. Confidence: how "
            "often an option ranks first with its central weights (the average of the weights that "
            "made it first); below 100 % only when some values are uncertain.</p>"
            f"{table}</section>"
        )

    def methods(self) -> str:
        rows = agreement_rows(self.report)
        if rows is None:
            return ""
        table = self.rows_table("agreement-table", "Each option's rank under each method", rows)
        return (
            '<section id="agreement-detail" aria-labelledby="agreement-detail-h">'
            '<h3 id="agreement-detail-h">Method agreement</h3>'
            f"<p>{e(self.report.agreement.summary)}</p>{table}</section>"
        )

    def provenance(self) -> str:
        items = provenance_items(self.report)
        dl = "".join(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>" for k, v in items)
        return (
            '<section id="provenance" aria-labelledby="provenance-h"><h3 id="provenance-h">Method and provenance</h3>'
            f'<dl class="provenance">{dl}</dl></section>'
        )

