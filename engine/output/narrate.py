"""An explanation in words and tables: what `tradeoff explain` prints, and the
sentences and changes its JSON (`Explanation.to_dict`) holds."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from .render import WIDTH, _clip, grid, number, score_text

if TYPE_CHECKING:
    from ..analyses.explain import Explanation
    from ..analyses.whatif import Change

#: Shares smaller than this part of the largest one are not worth a sentence.
NEGLIGIBLE = 0.01


def _unit(unit: str) -> str:
    """A unit worth printing after a number: "USD", not a scale such as "points (0-10)"."""
    scale = unit.startswith("points") or re.fullmatch(r"[\d.]+\s*-\s*[\d.]+", unit)
    return "" if not unit or scale else f" {unit}"


def _amount(value: float, unit: str) -> str:
    return number(value) + _unit(unit)


def _figure(value: float, integer: bool) -> str:
    return f"{value:,.0f}" if integer else number(value)


def because(ex: Explanation) -> list[str]:
    """A few plain sentences on why one alternative ranks above the other."""
    g = ex.gap
    if g is None:
        return []
    result = ex.result
    names, crit, x = result.scenario.names, result.criteria, result.decision.matrix
    a, b = names[g.above], names[g.below]
    scores = result.ranking.scores
    better = "higher" if result.ranking.higher_is_better else "lower"
    out = []
    tie = ex.tie
    if tie:
        out.append(f"{a} and {b} tie (score {score_text(scores[g.above])}, {result.ranking.method}).")
    else:
        out.append(
            f"{a} ranks above {b}: score {score_text(scores[g.above])} against "
            f"{score_text(scores[g.below])} ({result.ranking.method}, {better} is better)."
        )
    top = float(np.abs(g.shares).max()) if len(g.shares) else 0.0
    order = np.argsort(-g.shares, kind="stable")
    pro = [j for j in order if g.shares[j] > NEGLIGIBLE * top]
    con = [j for j in order[::-1] if g.shares[j] < -NEGLIGIBLE * top]

    def versus(j: int, first: int, second: int) -> str:
        return f"{_amount(x[first, j], crit[j].unit)} against {_amount(x[second, j], crit[j].unit)}"

    if pro:
        j = pro[0]
        share = g.shares[j] / g.shares[pro].sum()
        word = "less" if not crit[j].direction.benefit else "more"
        out.append(
            f"{crit[j].title} counts most ({versus(j, g.above, g.below)}, {word} is better): "
            f"{share:.0%} of {a}'s lead."
        )
        if len(pro) > 1:
            also = [f"{crit[j].title.lower()} ({versus(j, g.above, g.below)})" for j in pro[1:3]]
            out.append(f"Also in its favour: {_and(also)}.")
    if con:
        them = [f"{crit[j].title.lower()} ({versus(j, g.below, g.above)})" for j in con[:3]]
        out.append(f"{b} does better on {_and(them)}, which {'keeps it level' if tie else 'narrows the gap'}.")
    if not pro and not con:
        out.append("No criterion separates them: their values are the same.")
    if abs(g.residual) > 1e-9 * max(1.0, abs(g.gap)):
        out.append(
            f"The method scores identical options unequally here; {score_text(g.residual)} "
            "of the gap is not due to any criterion."
        )
    return out


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def change_text(change: Change, titles: dict[str, str]) -> str:
    """'cost from 44,640 to 34,340 USD (-10,300)', or a fact's, or a flag's."""
    name = titles[change.criterion].lower() if change.criterion else change.fact
    if isinstance(change.current, bool):
        return f"{name} {str(change.needed).lower()} instead of {str(change.current).lower()}"
    assert change.needed is not None and not isinstance(change.needed, bool)
    step = change.needed - change.current
    whole = change.integer
    moves = f", moves {', '.join(change.criteria)}" if change.fact else ""
    return (
        f"{name} from {_figure(change.current, whole)} to {_figure(change.needed, whole)}"
        f"{_unit(change.unit)} ({'+' if step > 0 else '-'}{_figure(abs(step), whole)}{moves})"
    )


def table(ex: Explanation) -> str:
    result = ex.result
    split = ex.breakdown
    rows = result.rows
    index = {name: i for i, name in enumerate(result.scenario.names)}
    ids = [c.id for c in result.criteria]
    how = "exact shares (additive method)" if split.exact else "Shapley shares (see docs/analysis.md)"
    out = []
    if result.scenario.title:
        out += [*textwrap.wrap(result.scenario.title, WIDTH), ""]
    out += textwrap.wrap(
        f"Each score split by criterion, {result.ranking.method}: {how}. "
        + ("Score = sum of the shares." if split.exact else "Score = base + the shares; "
           "base is what an average option would score in its place."),
        WIDTH,
    )
    out.append("")
    left = [
        ("Rank", [str(r.rank) for r in rows], ">"),
        ("Alternative", [_clip(r.name, 24) for r in rows], "<"),
        ("Score", [score_text(r.score) for r in rows], ">"),
    ]
    if not split.exact:
        left.append(("Base", [score_text(split.baseline[index[r.name]]) for r in rows], ">"))
    right = [(_clip(cid, 12), [f"{split.shares[index[r.name], j]:+.4f}" for r in rows]) for j, cid in enumerate(ids)]
    out += grid(left, right)
    if ex.gap is not None:
        names = result.scenario.names
        a, b = names[ex.gap.above], names[ex.gap.below]
        out += ["", "Why:"]
        for sentence in because(ex):
            out += textwrap.wrap(sentence, WIDTH, initial_indent="  ", subsequent_indent="    ")
        titles = {c.id: c.title for c in result.criteria}
        found = [c for c in ex.changes if c.found]
        missing = [titles[c.criterion].lower() if c.criterion else c.fact for c in ex.changes if not c.found]
        out += ["", f"What one change would let {b} overtake {a}:"]
        out += [f"  {change_text(c, titles)}" for c in found] or ["  none found"]
        if missing:
            out += textwrap.wrap(
                "Nothing within the allowed range for: " + ", ".join(str(m) for m in missing) + ".",
                WIDTH, initial_indent="  ", subsequent_indent="    ",
            )
    return "\n".join(out) + "\n"
