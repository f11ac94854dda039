"""The html page's building blocks: its tables, its figures and its style sheet.

How the page looks on a screen, a phone and paper lives here, apart from what it says
(`html_page`).  Nothing on a phone scrolls sideways:

* a table is a real table on a wide screen (scrolling in its box if it must) and on
  paper (printed in parts if wide, see `table`); on a screen up to 600 px wide, a
  table of `CARDS` columns or more shows each row as a card headed by its name (the
  `key` column), each cell labelled by its column's head (``data-label``), so a table
  of any width reads down the screen (a narrower one, such as rank, name and score,
  fits as it is);
* a chart is an inline SVG in a figure with its caption, shown at most at its natural
  size and shrunk to fit a narrow screen: charts are drawn for a phone's width (see
  `tradeoff.output.figures`), so their text stays readable when shrunk.

Cells and SVGs come escaped.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from tradeoff.report_kit import EXTRA_HINT, fact_text


def e(value: Any) -> str:
    return escape(str(value), quote=True)


def figure(name: str, title: str, description: str, image: str | None, alt: str) -> str:
    """A chart's figure: its SVG `image` (None: matplotlib is missing, said in its place)
    labelled by `alt`, and its caption."""
    head = f'<figure class="chart" id="chart-{e(name)}">'
    caption = f"<figcaption><strong>{e(title)}.</strong> {e(description)}</figcaption>"
    if image is None:
        return (
            f'{head}<p class="missing">Chart left out: charts need matplotlib, the optional '
            f"extra <code>report</code> (<code>{e(EXTRA_HINT)}</code>).</p>{caption}</figure>"
        )
    open_tag = image[: image.index(">")]
    image = (
        f'{open_tag} role="img" aria-label="{e(alt)}" class="plot">'
        f"<title>{e(alt)}</title>{image[len(open_tag) + 1 :]}"
    )
    return f'{head}<div class="plot-box">{image}</div>{caption}</figure>'


def table(
    ident: str, caption: str, heads: list[str], rows: list[list[str]], numeric: set[int], key: int = 1
) -> str:
    """A real table (cards on a phone: see the module's docstring); cells already
    escaped; column `key` (the alternative's or the criterion's name) heads each row.

    Paper cannot scroll: a table of more than `PAPER_COLUMNS` columns after its first
    `LEAD` is printed instead as several, each with the first columns again and the
    next `PAPER_COLUMNS` (the screen shows the one table, the paper only the parts)."""
    whole = one_table(ident, caption, heads, rows, numeric, key)
    if len(heads) <= LEAD + PAPER_COLUMNS or key >= LEAD:
        return whole
    starts = range(LEAD, len(heads), PAPER_COLUMNS)
    parts = [
        one_table(
            f"{ident}-{n}", f"{caption} (part {n} of {len(starts)})", [heads[i] for i in cols],
            [[cells[i] for i in cols] for cells in rows], {j for j, i in enumerate(cols) if i in numeric}, key,
        )
        for n, cols in enumerate(
            ([*range(LEAD), *range(start, min(start + PAPER_COLUMNS, len(heads)))] for start in starts), 1
        )
    ]
    return f'<div class="on-screen">{whole}</div><div class="on-paper">{"".join(parts)}</div>'

def one_table(
    ident: str, caption: str, heads: list[str], rows: list[list[str]], numeric: set[int], key: int
) -> str:
    """`table` as one table."""
    labels = [_label(h) for h in heads]
    th = "".join(
        f'<th scope="col"{" class=num" if k in numeric else ""}>{h}</th>' for k, h in enumerate(heads)
    )
    body = []
    for cells in rows:
        tds = [
            f'<th scope="row">{c}</th>' if k == key
            else f'<td{" class=num" if k in numeric else ""} data-label="{labels[k]}">{c}</td>'
            for k, c in enumerate(cells)
        ]
        body.append(f"<tr>{''.join(tds)}</tr>")
    return (
        f'<div class="scroll{" cards" if len(heads) >= CARDS else ""}" role="region" '
        f'aria-labelledby="{ident}-caption" tabindex="0">'
        f'<table id="{ident}"><caption id="{ident}-caption">{caption}</caption>'
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _label(head: str) -> str:
    """A column's head (html) as the text of an attribute, for its cells' ``data-label``."""
    return e(" ".join(unescape(re.sub(r"<[^>]*>", "", head)).split()))


def note(text: str) -> str:
    """A table's note of what a long list leaves out, or nothing."""
    return f'<p class="note">{e(text)}</p>' if text else ""


def wide(html: str) -> str:
    """A cell of running text: on a wide screen it keeps a readable width and the table
    scrolls instead; in a phone's card it takes the card's width."""
    return f'<span class="text">{html}</span>'


def cell(value: Any) -> str:
    return e(fact_text(value))


#: On a phone a table of this many columns or more is shown as cards.
CARDS = 4
#: On paper a wide table is printed as parts: its first LEAD columns (the names) and
#: PAPER_COLUMNS more in each, so that each part fits an A4 page's width.
LEAD = 2
PAPER_COLUMNS = 8

STYLE = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --band: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word; }  /* a long unbroken name breaks rather than widen the page */
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
/* A wide table scrolls inside its box on a wide screen, never the page; shadows at the
   box's edges show that there is more to the side.  (On a phone: cards, below.) */
.scroll { overflow-x: auto; margin: .8rem 0;
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
.plot-box { margin: .8rem 0; }
/* A chart at most at its natural size (it is drawn for a phone's width, its text at
   11 pt), shrunk to fit a narrower screen. */
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .3rem; }
.note { font-size: .9rem; color: var(--muted); }
.missing { border: 1px dashed var(--line); padding: .8rem; color: var(--muted); }
.warning { border-left: 4px solid #b35900; padding: .4rem .8rem; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2.5rem; padding-bottom: 2rem; }
/* The cover, the reading guide and the glossary. */
dl.cover { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0; }
dl.cover dt { font-weight: 600; color: var(--muted); }
dl.cover dd { margin: 0; }
.notes { border-left: 4px solid var(--line); padding: .2rem .8rem; }
.robustness { font-weight: 600; }
aside.guide { border: 1px solid var(--line); background: var(--band); padding: .2rem 1rem; margin: 1.2rem 0;
  border-radius: 4px; }
aside.guide h2 { border: 0; margin-top: .6rem; font-size: 1.1rem; }
dl.glossary dt { font-weight: 600; margin-top: .4rem; }
/* a fact's label, its name under it: the column no wider than the longer of the two */
code.fact-name { display: block; font-weight: normal; color: var(--muted); }
dl.glossary dd { margin-left: 1rem; }
#appendix { margin-top: 3rem; }
/* A phone: each row of a table of CARDS columns or more is a card headed by its name
   (the row's th), each cell beside its column's head (data-label), so that no table
   scrolls sideways.  Screen only: printed tables stay tables. */
@media screen and (max-width: 600px) {
  body { font-size: 15px; }
  h1 { font-size: 1.5rem; }
  dl.provenance { display: block; }
  dl.provenance dd { margin-left: 1rem; }
  .scroll th, .scroll td { overflow-wrap: anywhere; }
  .cards { overflow: visible; background: none; }
  .cards table, .cards caption, .cards tbody, .cards th, .cards td { display: block; }
  .cards table { min-width: 0; }
  .cards caption { position: static; max-width: none; }
  .cards thead { display: none; }
  .cards tr { display: flex; flex-direction: column; margin: 0 0 .6rem; padding-bottom: .2rem;
    border: 1px solid var(--line); border-radius: 4px; }
  .cards th, .cards td { border: 0; padding: .15rem .6rem; white-space: normal; text-align: left; }
  .cards tbody th { order: -1; background: var(--band); padding: .3rem .6rem; margin-bottom: .2rem; }
  /* the label hangs in the cell's left padding, the value's lines all beside it */
  .cards td { display: flow-root; padding-left: 9.6rem; }
  .cards td::before { content: attr(data-label); float: left; box-sizing: border-box; width: 9rem;
    margin-left: -9rem; padding-right: .6rem; color: var(--muted); font-weight: 600; }
  .text { min-width: 0; }
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
  aside.guide { break-inside: avoid; }
  #appendix { break-before: page; }
}
"""
