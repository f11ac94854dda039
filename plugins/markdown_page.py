"""The markdown report's text: the html report's sections as text, for a wiki, a ticket or an email.

Markdown has no self-contained way to carry a chart, so each chart's numbers are its
table (the html report draws them).  User text goes through `render.markdown_text`,
the escaper ``rank --format markdown`` uses too, so that it stays text on one line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradeoff.report_kit import (
    Table,
    acceptability_rows,
    because,
    change_text,
    column,
    compact_rows,
    contribution_rows,
    fact_rows,
    fact_text,
    listing,
    markdown_text as md,
    provenance_items,
    score_text,
    stability_rows,
    stakeholder_rows,
    verdict,
    weighting_warnings,
    weights_line,
)

if TYPE_CHECKING:
    from tradeoff import Report


def table(heads: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    align = ["---:" if k in numeric else "---" for k in range(len(heads))]
    out = ["| " + " | ".join(heads) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out + [""]


def render(report: Report) -> str:
    r = report.result
    ex = report.explanation
    shown = listing(report)
    out = [f"# {md(r.scenario.title or 'Decision report')}", ""]
    if r.scenario.description:
        out += [md(r.scenario.description), ""]

    sentences = because(ex)
    out += ["## The answer", "", f"**{md(verdict(r))}**", ""]
    out += [md(sentences[1]), ""] if len(sentences) > 1 else []

    every = r.scenario.alternatives
    described = every
    if shown.long:  # the first ones in rank order, not the file's
        by_name = {a.name: a for a in every}
        described = [by_name[row.name] for row in shown.rows if row.name in by_name]
    out += [f"## The options ({len(every):,})", ""]
    out += [f"- **{md(a.name)}**" + (f": {md(a.description)}" if a.description else "") for a in described]
    out.append("")
    if len(described) < len(every):
        out += [f"The {len(described):,} best-ranked options; the other {len(every) - len(described):,} are not described here.", ""]

    out += ["## What counts, and how much", "", md(weights_line(r.decision)), ""]
    out += [line for text in weighting_warnings(r.decision) for line in (f"**Warning:** {md(text)}", "")]
    out += table(
        ["Weight", "Criterion", "Direction", "Unit", "What it captures", "Formula"],
        [
            [f"{w:.0%}", f"{md(c.title)} (`{c.id}`)", "more is better" if c.direction.benefit else "less is better",
             md(c.unit) or "-", md(c.description) or "-", _code(c.formula) if c.formula else "values given"]
            for c, w in zip(r.criteria, r.decision.weights)
        ],
        {0},
    )

    ids = [c.id for c in r.criteria]
    cells = {i: column([row.values[i] for row in shown.rows]) for i in ids}  # one format per column
    better = "higher" if r.ranking.higher_is_better else "lower"
    out += ["## Ranking", "", f"By {md(r.ranking.method)}; {better} score is better.", ""]
    out += table(
        ["Rank", "Alternative", "Score"] + [md(c.title) for c in r.criteria],
        [[str(row.rank), md(row.name), score_text(row.score)] + [cells[i][k] for i in ids]
         for k, row in enumerate(shown.rows)],
        {0, 2, *range(3, 3 + len(ids))},
    )
    rest = compact_rows(report)
    if rest is not None:
        out += ["The options after those, by rank and score:", ""] + _table(rest)

    split = ex.breakdown
    out += ["## Where each score comes from", ""]
    out += [
        "Each score is the sum of its criteria's shares (an additive method)." if split.exact else
        "Each score is the base (what an average option would score in its place) plus each "
        "criterion's Shapley share: its average effect on the score.",
        "",
    ]
    out += _table(contribution_rows(report))

    given, shared = fact_rows(report)
    if given or shared:
        out += ["## The facts behind the values", ""]
    if given:
        out += table(
            ["Fact", "Unit"] + [md(row.name) for row in shown.rows],
            [[md(f.name), md(f.unit)] + [_cell(v) for v in f.cells] for f in given],
            set(range(2, 2 + shown.full)),
        )
        out += [shown.only("Facts"), ""] if shown.long else []
    if shared:
        out += ["Shared by every option:", ""]
        out += [f"- {md(f.name)}: {_cell(f.cells[0])}{' ' + md(f.unit) if f.unit else ''}" for f in shared]
        out.append("")

    if ex.gap is not None:
        names = r.scenario.names
        a, b = names[ex.gap.above], names[ex.gap.below]
        titles = {c.id: c.title for c in r.criteria}
        out += [f"## Why {md(a)} ranks above {md(b)}, and what would change it", ""]
        out += [f"- {md(s)}" for s in sentences] + [""]
        out += [f"### One change that would let {md(b)} overtake {md(a)}", ""]
        found = [f"- {md(change_text(c, titles))}" for c in ex.changes if c.reachable]
        out += (found or ["- none within the scale"]) + [""]
        missing = [titles[c.criterion].lower() if c.criterion else str(c.fact) for c in ex.changes if not c.reachable]
        if missing:
            out += [f"Not reachable within the scale: {md(', '.join(missing))}.", ""]

    st = report.stability
    how = "exact (additive method)" if st.exact else "found by bisection on the method"
    out += [
        "## How far the weights can move", "",
        f"Each weight moved on its own, the others rescaled in proportion: the range within which "
        f"the top choice, and the whole ranking, stay the same ({how}).", "",
    ]
    out += _table(stability_rows(report))

    s = report.sensitivity
    if s is not None:
        values = ", values drawn from their intervals" if s.uncertain else ""
        out += [
            "## If the weights were different (SMAA-2)", "",
            f"{s.samples:,} weight samples ({md(s.weights)}){values}, seed {s.seed}: the share of samples in "
            "which each option takes each rank. Confidence: how often an option ranks first with its "
            "central weights (the average of the weights that made it first).", "",
        ]
        out += _table(acceptability_rows(report))

    views = report.result.stakeholders
    if views:
        dissent = [v.name for v in views if not v.agrees]
        out += ["## Stakeholders' views", ""]
        out += [
            f"Would not put the group's top choice first: {md(', '.join(dissent))}." if dissent
            else "Everyone's own weights put the group's top choice first.", "",
        ]
        out += _table(stakeholder_rows(report))

    out += ["## Method and provenance", ""]
    items = provenance_items(report)
    out += [f"- {k}: {_code(v)}" for k, v in items]
    return "\n".join(out) + "\n"


def _code(value: Any) -> str:
    """Inline code that no backtick inside can end early."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(rows: Table) -> list[str]:
    """A report's shared rows as a table, then the note of what it leaves out."""
    return table(*rows.escaped(md), rows.numeric) + ([md(rows.note), ""] if rows.note else [])


def _cell(value: Any) -> str:
    return md(fact_text(value))
