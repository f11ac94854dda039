"""An explanation in words and tables: what `tradeoff explain` prints.  The sentences
on why (`because`) belong to the explanation and its JSON, so they live with it in
`tradeoff.analyses.explain`."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..analyses.analysis import ALL_UP_TO, SHOWN
from ..analyses.explain import because
from ..model.numerals import number_toward, score_text, unit_text
from .render import fit, grid, terminal_width

if TYPE_CHECKING:
    from ..analyses.explain import Explanation
    from ..analyses.whatif import Change


def _figure(value: float, integer: bool, side: float = 0) -> str:
    return f"{value:,.0f}" if integer else number_toward(value, side)


def change_text(change: Change, titles: dict[str, str], facts: dict[str, str] | None = None) -> str:
    """'cost from 44,640 to 34,340 USD (-10,300)', or a fact's, or a flag's; `facts`
    names facts as a report does ("Monthly fee"), else they go by their names."""
    name = titles[change.criterion].lower() if change.criterion else (facts or {}).get(change.fact, change.fact)
    if isinstance(change.current, bool):
        return f"{name} {str(change.needed).lower()} instead of {str(change.current).lower()}"
    assert change.needed is not None and not isinstance(change.needed, bool)
    step = change.needed - change.current
    whole = change.integer
    moves = f", moves {', '.join(change.criteria)}" if change.fact else ""
    return (
        f"{name} from {_figure(change.current, whole)} to {_figure(change.needed, whole, step)}"
        f"{unit_text(change.unit)} ({'+' if step > 0 else '-'}{_figure(abs(step), whole)}{moves})"
    )


def table(ex: Explanation) -> str:
    result = ex.result
    split = ex.breakdown
    index = {name: i for i, name in enumerate(result.scenario.names)}
    kept = split.split  # a long list splits only some scores
    rows = [r for r in result.rows if kept[index[r.name]]]
    ids = [c.id for c in result.criteria]
    how = "exact shares (additive method)" if split.exact else "Shapley shares (see docs/analysis.md)"
    out = []
    cols = terminal_width()
    if result.scenario.title:
        out += [*textwrap.wrap(result.scenario.title, cols), ""]
    out += textwrap.wrap(
        f"Each score split by criterion, {result.ranking.method}: {how}. "
        + ("Score = sum of the shares." if split.exact else "Score = base + the shares; "
           "base is what an average option would score in its place."),
        cols,
    )
    out.append("")
    left = [
        ("Rank", [str(r.rank) for r in rows], ">"),
        ("Alternative", [fit(r.name, 24) for r in rows], "<"),
        ("Score", [score_text(r.score) for r in rows], ">"),
    ]
    if not split.exact:
        left.append(("Base", [score_text(split.baseline[index[r.name]]) for r in rows], ">"))
    right = [(fit(cid, 12), [f"{split.shares[index[r.name], j]:+.4f}" for r in rows]) for j, cid in enumerate(ids)]
    out += grid(left, right, cols)
    if len(rows) < len(result.rows):
        out += textwrap.wrap(
            f"{len(result.rows) - len(rows):,} more alternatives not split: beyond {ALL_UP_TO}, only the "
            f"first {SHOWN} ranks and the two compared are (the JSON holds every score).",
            cols,
        )
    if ex.gap is not None:
        names = result.scenario.names
        a, b = names[ex.gap.above], names[ex.gap.below]
        out += ["", "Why:"]
        for sentence in because(ex):
            out += textwrap.wrap(sentence, cols, initial_indent="  ", subsequent_indent="    ")
        titles = {c.id: c.title for c in result.criteria}
        found = [c for c in ex.changes if c.reachable]
        missing = [titles[c.criterion].lower() if c.criterion else c.fact for c in ex.changes if not c.reachable]
        out += ["", f"What one change would let {b} overtake {a}:"]
        out += [f"  {change_text(c, titles)}" for c in found] or ["  none within the scale"]
        if missing:
            out += textwrap.wrap(
                "Not reachable within the scale: " + ", ".join(str(m) for m in missing) + ".",
                cols, initial_indent="  ", subsequent_indent="    ",
            )
    return "\n".join(out) + "\n"
