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
from html import escape
from typing import TYPE_CHECKING, Any

from tradeoff import Chart
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
    fact_text,
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


def e(value: Any) -> str:
    return escape(str(value), quote=True)


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
        head = f'<figure class="chart" id="chart-{e(name)}">'
        caption = f"<figcaption><strong>{e(chart.title)}.</strong> {e(chart.description)}</figcaption>"
        if not self.can_draw:
            return (
                f'{head}<p class="missing">Chart left out: charts need matplotlib, the optional '
                f"extra <code>report</code> (<code>{e(EXTRA_HINT)}</code>).</p>{caption}</figure>"
            )
        figure, alt = draw(chart, self.report)
        image = svg(figure, f"{name}-svg")
        open_tag = image[: image.index(">")]
        image = (
            f'{open_tag} role="img" aria-label="{e(alt)}" class="plot">'
            f"<title>{e(alt)}</title>{image[len(open_tag) + 1 :]}"
        )
        # on a phone the chart keeps a readable size and scrolls sideways in its box
        return f'{head}<div class="plot-box">{image}</div>{caption}</figure>'

    def table(
        self, ident: str, caption: str, heads: list[str], rows: list[list[str]], numeric: set[int], key: int = 1
    ) -> str:
        """A real table, scrolling sideways on a narrow screen; cells already escaped;
        column `key` (the alternative's or the criterion's name) heads each row.

        Paper cannot scroll: a table of more than `PAPER_COLUMNS` columns after its first
        `LEAD` is printed instead as several, each with the first columns again and the
        next `PAPER_COLUMNS` (the screen shows the one table, the paper only the parts)."""
        whole = self.one_table(ident, caption, heads, rows, numeric, key)
        if len(heads) <= LEAD + PAPER_COLUMNS or key >= LEAD:
            return whole
        starts = range(LEAD, len(heads), PAPER_COLUMNS)
        parts = [
            self.one_table(
                f"{ident}-{n}", f"{caption} (part {n} of {len(starts)})", [heads[i] for i in cols],
                [[cells[i] for i in cols] for cells in rows], {j for j, i in enumerate(cols) if i in numeric}, key,
            )
            for n, cols in enumerate(
                ([*range(LEAD), *range(start, min(start + PAPER_COLUMNS, len(heads)))] for start in starts), 1
            )
        ]
        return f'<div class="on-screen">{whole}</div><div class="on-paper">{"".join(parts)}</div>'

    def one_table(
        self, ident: str, caption: str, heads: list[str], rows: list[list[str]], numeric: set[int], key: int
    ) -> str:
        """`table` as one table."""
        th = "".join(
            f'<th scope="col"{" class=num" if k in numeric else ""}>{h}</th>' for k, h in enumerate(heads)
        )
        body = []
        for cells in rows:
            tds = [
                f'<th scope="row">{c}</th>' if k == key else f'<td{" class=num" if k in numeric else ""}>{c}</td>'
                for k, c in enumerate(cells)
            ]
            body.append(f"<tr>{''.join(tds)}</tr>")
        return (
            f'<div class="scroll" role="region" aria-labelledby="{ident}-caption" tabindex="0">'
            f'<table id="{ident}"><caption id="{ident}-caption">{caption}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def rows_table(self, ident: str, caption: str, rows: Table, key: int = 1) -> str:
        """`table` of a report's shared rows, escaped here, and the note of what it leaves out."""
        return self.table(ident, caption, *rows.escaped(e), set(rows.numeric), key) + _note(rows.note)

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
            f"<title>{e(title)}: decision report</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
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
            note = _note(f"The {len(shown):,} best-ranked options; the other {len(every) - len(shown):,} are not described here.")
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
                e(c.unit) or "&ndash;", _wide(e(c.description) or "&ndash;"),
                _wide(f"<code>{e(c.formula)}</code>" if c.formula else "values given in the scenario"),
            ])
        table = self.table(
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
        table = self.table(
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
            rows = [[f'<span title="{e(f.description)}">{e(f.name)}</span>', e(f.unit)] + [_cell(v) for v in f.cells] for f in given]
            out.append(self.table("facts-table", "Facts each option gives (blank: the default or the shared value)",
                                  heads, rows, set(range(2, len(heads))), key=0))
            out.append(_note(self.listing.only("Facts")))
        if shared:
            items = "".join(
                f"<dt>{e(f.name)}</dt><dd>{_cell(f.cells[0])}{' ' + e(f.unit) if f.unit else ''}"
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


def _note(text: str) -> str:
    """A table's note of what a long list leaves out, or nothing."""
    return f'<p class="note">{e(text)}</p>' if text else ""


def _wide(html: str) -> str:
    """A cell of running text: it keeps a readable width and the table scrolls instead."""
    return f'<span class="text">{html}</span>'


def _cell(value: Any) -> str:
    return e(fact_text(value))


#: On paper a wide table is printed as parts: its first LEAD columns (the names) and
#: PAPER_COLUMNS more in each, so that each part fits an A4 page's width.
LEAD = 2
PAPER_COLUMNS = 8

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --band: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; }
h1 { margin: .2rem 0 .5rem; font-size: 1.9rem; line-height: 1.2; }
h2 { margin: 2rem 0 .6rem; font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: var(--accent); }
.lead { font-size: 1.1rem; color: var(--muted); margin-top: 0; }
.verdict { font-size: 1.15rem; font-weight: 600; background: var(--band); border-left: 4px solid #E69F00;
  padding: .6rem .8rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em;
  overflow-wrap: anywhere; }
dl.options dt, dl.facts dt { font-weight: 600; margin-top: .5rem; }
dl.options dd, dl.facts dd { margin-left: 1rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
/* Wide tables and charts scroll inside their box, never the page; shadows at the box's
   edges show that there is more to the side. */
.scroll, .plot-box { overflow-x: auto; margin: .8rem 0;
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left / 2rem 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right / 2rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.18), rgba(0,0,0,0)) left / .8rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.18), rgba(0,0,0,0)) right / .8rem 100% no-repeat scroll; }
.scroll:focus { outline: 2px solid var(--accent); }
table { border-collapse: collapse; font-size: .92rem; min-width: 100%; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; color: var(--muted);
  position: sticky; left: 0; max-width: calc(100vw - 2rem); }
th, td { padding: .35rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
thead th { background: var(--band); border-bottom: 2px solid var(--line); }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.text { display: block; min-width: 13rem; }
figure.chart { margin: 1rem 0; }
figure.chart svg { display: block; width: 100%; max-width: 48rem; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .3rem; }
.note { font-size: .9rem; color: var(--muted); }
.missing { border: 1px dashed var(--line); padding: .8rem; color: var(--muted); }
.warning { border-left: 4px solid #b35900; padding: .4rem .8rem; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2.5rem; padding-bottom: 2rem; }
@media (max-width: 600px) {
  body { font-size: 15px; }
  h1 { font-size: 1.5rem; }
  th, td { padding: .3rem .4rem; }
  figure.chart svg { min-width: 34rem; }
}
.on-paper { display: none; }
@page { margin: 14mm 12mm; }
/* Paper cannot scroll: every table fits the page's width (a wide one is printed in
   parts, see `table`; cells wrap, anywhere if they must), a long one goes on over the
   next pages under its header row again, and a heading or caption stays with what
   follows it. */
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  h1, h2, h3, caption, dt { break-after: avoid; break-inside: avoid; }
  figure.chart, tr, .verdict, dd { break-inside: avoid; }
  .scroll, .plot-box { overflow: visible; background: none; }
  table { font-size: 8pt; min-width: 0; width: 100%; }
  thead { display: table-header-group; }
  th, td { padding: 2pt 4pt; overflow-wrap: anywhere; }
  tbody th { overflow-wrap: break-word; }  /* a row's name breaks between its words first */
  h2 + p, h3 + p { break-after: avoid; break-inside: avoid; }  /* else split to keep the chart whole */
  .on-screen { display: none; }
  .on-paper { display: block; }
  .num { white-space: normal; }
  .text { min-width: 0; }
  caption { position: static; max-width: none; }
  figure.chart svg { min-width: 0; max-width: 16cm; }
  a { color: inherit; text-decoration: none; }
}
"""
