"""The markdown report's text: the html report's sections as text, for a wiki, a ticket or an email.

Markdown has no self-contained way to carry a chart, so each chart's numbers are its
table (the html report draws them).  User text goes through `render.markdown_text`,
the escaper ``rank --format markdown`` uses too, so that it stays text on one line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradeoff.report_kit import (
    GLOSSARY,
    Table,
    acceptability_rows,
    agreement_rows,
    agreement_text,
    answer,
    because,
    change_lines,
    column,
    compact_rows,
    contribution_rows,
    cover_items,
    fact_rows,
    fact_text,
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
    weighting_warnings,
    weights_line,
)
from tradeoff.report_kit import (
    markdown_text as md,
)

if TYPE_CHECKING:
    from tradeoff import Report


def table(heads: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    align = ["---:" if k in numeric else "---" for k in range(len(heads))]
    out = ["| " + " | ".join(heads) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out + [""]


def render(report: Report) -> str:
    """The cover, the body in plain words, then the technical appendix (as the html page)."""
    return "\n".join([*_cover(report), *_body(report), *_appendix(report)]) + "\n"


def _cover(report: Report) -> list[str]:
    scenario = report.result.scenario
    out = [f"# {md(scenario.title or 'Decision report')}", ""]
    if scenario.description:
        out += [md(scenario.description), ""]
    items = cover_items(report)
    out += [*(f"- {md(k)}: {md(v)}" for k, v in items), ""] if items else []
    out += [f"**Notes:** {md(scenario.notes)}", ""] if scenario.notes else []
    return out


def _body(report: Report) -> list[str]:
    r = report.result
    ex = report.explanation
    shown = listing(report)

    sentences = because(ex)
    out = ["## The answer", "", f"**{md(answer(report))}**", "", md(robustness(report).sentence), ""]
    out += [md(sentences[1]), ""] if len(sentences) > 1 else []

    out += ["## How to read this report", ""]
    out += [f"> - {md(text)}" for text in reading_guide(report)] + [""]

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
        ["Weight", "Criterion", "Direction", "Unit", "What it measures", "How it is worked out"],
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
    out += ["## Ranking", "", f"The options, best first: their score ({better} is better) and their value on each criterion.", ""]
    out += table(
        ["Rank", "Alternative", "Score"] + [md(head(c.title, c.unit)) for c in r.criteria],
        [[str(row.rank), md(row.name), score_text(row.score)] + [cells[i][k] for i in ids]
         for k, row in enumerate(shown.rows)],
        {0, 2, *range(3, 3 + len(ids))},
    )
    rest = compact_rows(report)
    if rest is not None:
        out += ["The options after those, by rank and score:", ""] + _table(rest)

    agreed = agreement_text(report)
    if agreed:
        out += ["## Do other ways of scoring agree?", "", md(agreed), ""]

    out += [
        "## Where each score comes from", "",
        ("How much each criterion adds to each option's score, or takes from it: the numbers are in the "
        "technical appendix (Each score split by criterion)."), "",
    ]

    given, shared = fact_rows(report)
    if given or shared:
        out += ["## The facts behind the values", ""]
    if given:
        out += table(
            ["Fact", "Unit"] + [md(row.name) for row in shown.rows],
            [[f"{md(f.label)} ({_code(f.name)})", md(f.unit)] + [_cell(v) for v in f.cells] for f in given],
            set(range(2, 2 + shown.full)),
        )
        out += [shown.only("Facts"), ""] if shown.long else []
    if shared:
        out += ["Shared by every option:", ""]
        out += [f"- {md(f.label)} ({_code(f.name)}): {_cell(f.cells[0])}{' ' + md(f.unit) if f.unit else ''}" for f in shared]
        out.append("")

    if ex.gap is not None:
        names = r.scenario.names
        a, b = names[ex.gap.above], names[ex.gap.below]
        found, missing = change_lines(report)
        out += [f"## Why {md(a)} ranks above {md(b)}, and what would change it", ""]
        out += [f"- {md(s)}" for s in sentences] + [""]
        out += [f"### One change that would let {md(b)} overtake {md(a)}", ""]
        out += ([f"- {md(c)}" for c in found] or ["- none within the scale"]) + [""]
        if missing:
            out += [f"Not reachable within the scale: {md(', '.join(missing))}.", ""]

    out += [
        "## How far the weights can move", "", md(robustness(report).sentence), "",
        ("Each weight moved on its own, the others rescaled in proportion: the range within which "
        "the top choice, and the whole ranking, stay the same."), "",
    ]
    out += _table(stability_rows(report))

    s = report.sensitivity
    if s is not None:
        uncertain = ", and the uncertain values drawn from their ranges" if s.uncertain else ""
        out += [
            "## If the weights were different", "",
            (f"The decision was made again with {s.samples:,} other sets of weights, drawn at random{uncertain}: "
            f"how often each option came first, second and so on. {md(shown.rows[0].name)} came first in "
            f"{share_text(first_share(report) or 0)} of them. The numbers are in the technical appendix."), "",
        ]

    views = report.result.stakeholders
    if views:
        dissent = [v.name for v in views if not v.agrees]
        out += ["## Stakeholders' views", ""]
        out += [
            f"Would not put the group's top choice first: {md(', '.join(dissent))}." if dissent
            else "Everyone's own weights put the group's top choice first.", "",
        ]
        out += _table(stakeholder_rows(report))
    return out


def _appendix(report: Report) -> list[str]:
    """The glossary, the rules of the words, the analysts' tables and the provenance."""
    out = ["## Technical appendix", "", "The terms, tables and settings behind the report, for whoever wants to check it.", ""]
    out += ["### Glossary", ""] + [f"- **{md(term)}**: {md(meaning)}" for term, meaning in GLOSSARY] + [""]
    how = "exact (a weighted sum)" if report.stability.exact else "found by bisection on the method"
    out += ["### How sure the answer is: the rules", ""]
    out += [f"- {md(text)}" for text in robustness_rules()] + ["", f"The weight ranges are {how}.", ""]

    split = report.explanation.breakdown
    out += ["### Each score split by criterion", ""]
    out += [
        "Each score is the sum of its criteria's shares (an additive method)." if split.exact else
        "Each score is the base (what an average option would score in its place) plus each "
        "criterion's Shapley share: its average effect on the score.",
        "",
    ]
    out += _table(contribution_rows(report))

    s, rows = report.sensitivity, acceptability_rows(report)
    if s is not None and rows is not None:
        values = ", values drawn from their intervals" if s.uncertain else ""
        out += [
            "### Rank acceptability (SMAA-2)", "",
            (f"{s.samples:,} weight samples ({md(s.weights)}){values}, seed {s.seed}: the share of samples in "
            "which each option takes each rank. Confidence: how often an option ranks first with its "
            "central weights (the average of the weights that made it first)."), "",
        ]
        out += _table(rows)

    agreed = agreement_rows(report)
    if agreed is not None and report.agreement is not None:
        out += ["### Method agreement", "", md(report.agreement.summary), ""] + _table(agreed)

    out += ["### Method and provenance", ""]
    out += [f"- {k}: {_code(v)}" for k, v in provenance_items(report)]
    return out


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
