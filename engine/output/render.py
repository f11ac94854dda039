"""Results as text: a table as wide as the terminal, JSON, CSV and Markdown.

Columns are measured in the cells a terminal gives a character (`text_width`: East-Asian
wide characters two, combining marks none), and a cell cut to its column's width ends
in ".." (`fit`).  CSV and JSON write each number as `plain_number` does."""

from __future__ import annotations

import csv
import itertools
import math
import re
import shutil
import textwrap
import types
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..core.result import DecisionMatrix, Result
from ..model.errors import clip
from ..model.frozen import thaw
from ..model.numerals import number, score_text  # number: report.py and report_kit import it from here


def text_width(text: str) -> int:
    """The terminal cells `text` takes: two for an East-Asian wide or fullwidth
    character ("株"), none for a combining mark or a format character, one otherwise.
    The one measure of every column of a text table."""
    if text.isascii():
        return len(text)
    return sum(_cells(c) for c in text)


def _cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """`text` cut to a column `width` cells wide, ending in ".." where cut: the start of
    a name tells it apart better than its end."""
    if text.isascii():
        return clip(text, width, tail=0, marker="..")
    if text_width(text) <= width:
        return text
    used, keep = 0, []
    for char in text:
        used += _cells(char)
        if used > width - 2:
            break
        keep.append(char)
    return "".join(keep).rstrip() + ".."


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded with spaces to `width` cells, on the right ("<") or the left (">")."""
    space = " " * max(0, width - text_width(text))
    return text + space if align == "<" else space + text


#: The width of a text table when the terminal's is not known (shutil's fallback).
WIDTH = 80
#: The narrowest table drawn, however narrow the terminal says it is.
NARROWEST = 40


def terminal_width() -> int:
    """The terminal's width in cells (``COLUMNS`` first, as `shutil.get_terminal_size`
    reads it; `WIDTH` when output goes to a file or a pipe), at least `NARROWEST`."""
    return max(NARROWEST, shutil.get_terminal_size((WIDTH, 24)).columns)


def plain_number(value: float) -> float | int:
    """A number as CSV and JSON write it: rounded to 15 significant digits, then the
    shortest form that reads back as that (0.1 * 60 is 6.000000000000001: it writes 6.0,
    15 digits being what a float holds exactly).  Integers and booleans stay as they are."""
    if isinstance(value, (bool, int)) or not math.isfinite(value):
        return value
    return float(f"{value:.15g}")


def plain_text(value: float) -> str:
    """``repr(plain_number(value))`` of a float, in half its time (CSV and JSON write
    millions): ``%.15g`` holds the digits of the rounded number, and a float's repr
    writes the same digits (any decimal of 15 digits reads back as itself) in the same
    form, but for an exponent of 15 (repr writes those positionally), a whole number
    (repr adds ".0"), and the float's limits, where the rounding reaches infinity or
    the subnormals, which hold fewer digits: those go the long way."""
    text = "%.15g" % value
    if "e" in text:
        exponent = int(text[text.index("e") + 1 :])
        return text if -308 < exponent < 308 and exponent != 15 else repr(float(text))
    if "." in text or text[-1] in "fn":  # inf, nan
        return text
    return text + ".0"


def plain_data(data: Any) -> Any:
    """`data` (JSON's dicts, lists and scalars) with every float as `plain_number` writes it."""
    if isinstance(data, float):
        return plain_number(data)
    if isinstance(data, dict):
        return {k: plain_data(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [plain_data(v) for v in data]
    return data

FORMATS = ("table", "json", "csv", "markdown")


#: Control characters a terminal would obey (colours, cursor moves, a title change...):
#: C0 but tab and newline, DEL, and C1.
_CONTROL = {c: "\ufffd" for c in [*range(0, 9), *range(11, 32), 127, *range(128, 160)]}


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` safe to show on a terminal: every control character a name or a
    description could smuggle in becomes U+FFFD; with `one_line`, newlines and tabs too."""
    return text.translate({**_CONTROL, 9: "\ufffd", 10: "\ufffd"} if one_line else _CONTROL)


def render(result: Result, fmt: str) -> str:
    return {"table": table, "json": to_json, "csv": to_csv, "markdown": markdown}[fmt](result)


def column(values: list[float]) -> list[str]:
    """A column of numbers with one number of decimals, chosen from its largest value."""
    peak = max((abs(v) for v in values), default=0.0)
    if peak >= 1e9:
        return [f"{v:.3g}" for v in values]
    if peak >= 1000:
        return [f"{v:,.0f}" for v in values]
    decimals = 1 if peak >= 100 else 2 if peak >= 1 or peak == 0 else 2 - math.floor(math.log10(peak))
    return [f"{v:.{min(decimals, 12)}f}" for v in values]


def _direction_words(result: Result) -> str:
    return "higher is better" if result.ranking.higher_is_better else "lower is better"


def method_line(result: Result) -> str:
    params = ", ".join(f"{k} {thaw(v)}" for k, v in result.ranking.params.items())
    name = result.ranking.method
    return f"Method: {name} ({params}); score: {_direction_words(result)}."


def verdict(result: Result) -> str:
    """One sentence on the top choice and its margin over the runner-up."""
    rows = result.leaders(2)
    best = rows[0]
    if len(rows) == 1:
        return f"Only option: {best.name} (score {score_text(best.score)})."
    second = rows[1]
    if second.rank == best.rank:
        names = result.names
        tied = [str(names[i]) for i in np.flatnonzero(result.ranking.ranks == 1)]
        return f"Tie for first place: {', '.join(tied)} (score {score_text(best.score)})."
    margin = abs(best.score - second.score)
    return (
        f"Top choice: {best.name} (score {score_text(best.score)}, "
        f"{score_text(margin)} ahead of {second.name})."
    )


def shown_line(result: Result) -> str:
    """What a cut list leaves out (see `Result.top`)."""
    return (
        f"Showing the best {len(result.order):,} of {result.total:,} alternatives; "
        "every one was ranked."
    )


def weights_line(decision: DecisionMatrix) -> str:
    if decision.scheme == "direct" and decision.scenario.weighting is None:
        return "Weights: as given under [criteria], normalised to sum 1."
    summary = decision.weighting.summary if decision.weighting else ""
    return f"Weights: derived by the {decision.scheme} scheme{', ' + summary if summary else ''}."


def weighting_warnings(decision: DecisionMatrix) -> tuple[str, ...]:
    return decision.weighting.warnings if decision.weighting else ()


def _matrix(value: Any) -> bool:
    """Whether a detail is rows of numbers (a judgement matrix): too wide for a line."""
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(row, list) and all(isinstance(v, (int, float)) for v in row) for row in value)
    )


def weights_table(decision: DecisionMatrix) -> str:
    """The weighting step alone: each criterion's weight and the scheme's details (but
    matrices, which only JSON shows)."""
    cols = terminal_width()
    out = [weights_line(decision), ""]
    id_w = max(len(c.id) for c in decision.criteria)
    held = thaw(decision.weighting.details) if decision.weighting else {}
    details = {k: v for k, v in held.items() if not _matrix(v)}
    group = decision.group
    if group is not None:  # one column per stakeholder, the group first
        people = group.members
        heads = [fit(p.name, 10) for p in people]
        out.append(f"  {'':<{id_w}}  {'group':>7}" + "".join(f"  {h:>10}" for h in heads))
        for j, (c, w) in enumerate(zip(decision.criteria, decision.weights)):
            own = "".join(f"  {p.weighting.weights[j]:>10.1%}" for p in people)
            out.append(fit(f"  {c.id:<{id_w}}  {w:7.1%}{own}", cols))
        out.append("")
        for p in people:
            out.append(f"  {p.name}: {p.scheme}, influence {p.influence:g}")
        details["aggregation"] = group.aggregation
    else:
        for c, w in zip(decision.criteria, decision.weights):
            out.append(f"  {c.id:<{id_w}}  {w:7.2%}  {'#' * round(w * 40)}")
    if details:
        import json

        out.append("")
        for key, value in details.items():
            shown = f"{value:.4g}" if isinstance(value, float) else json.dumps(value)
            out.append(fit(f"  {key}: {shown}", cols))
    for warning in weighting_warnings(decision):
        out += ["", *textwrap.wrap(f"Warning: {warning}", cols)]
    return "\n".join(out) + "\n"


def table(result: Result, width: int | None = None) -> str:
    """A plain-text table as wide as the terminal (or `width` cells), with a legend of
    the criteria."""
    cols = width or terminal_width()
    rows = result.rows
    ids = [c.id for c in result.criteria]
    heads = {cid: fit(cid, 14) for cid in ids}
    cells = {cid: column([r.values[cid] for r in rows]) for cid in ids}
    widths = {cid: max(len(heads[cid]), *(len(v) for v in cells[cid])) for cid in ids}
    scores = [score_text(r.score) for r in rows]
    score_w = max(5, *(len(s) for s in scores))
    fixed = 4 + 2 + 2 + score_w
    natural = max(11, *(text_width(r.name) for r in rows))
    room = cols - fixed - sum(2 + widths[cid] for cid in ids)
    name_w = max(min(natural, 16), min(natural, room, max(32, cols // 3)))
    out = []
    if result.scenario.title:
        out += [*textwrap.wrap(result.scenario.title, cols), ""]
    left = [
        ("Rank", [str(r.rank) for r in rows], ">"),
        ("Alternative", [fit(r.name, name_w) for r in rows], "<"),
        ("Score", scores, ">"),
    ]
    out += grid(left, [(heads[cid], cells[cid]) for cid in ids], cols)
    if result.cut:
        out += ["", *textwrap.wrap(shown_line(result), cols)]
    out += ["", *textwrap.wrap(verdict(result), cols), *textwrap.wrap(method_line(result), cols)]
    out += textwrap.wrap(weights_line(result.decision), cols)
    if result.stakeholders:
        dissent = [p.name for p in result.stakeholders if not p.agrees]
        text = ", ".join(dissent) if dissent else "none"
        out += textwrap.wrap(f"Stakeholders whose own top choice differs: {text}.", cols)
    for warning in weighting_warnings(result.decision):
        out += textwrap.wrap(f"Warning: {warning}", cols)
    out += ["", "Criteria:"]
    weights = result.decision.weights
    label_w = min(24, max(text_width(c.title) for c in result.criteria))
    id_w = min(14, max(len(c.id) for c in result.criteria))
    for c, w in zip(result.criteria, weights):
        better = "more is better" if c.direction.benefit else "less is better"
        unit = f", {c.unit}" if c.unit else ""
        cid, title = fit(c.id, id_w), fit(c.title, label_w)
        line = f"  {cid:<{id_w}}  {pad(title, label_w)}  {w:>4.0%}  {better}{unit}"
        out.append(fit(line, cols))
    return "\n".join(out) + "\n"


def grid(
    left: list[tuple[str, list[str], str]], right: list[tuple[str, list[str]]], cols: int = WIDTH
) -> list[str]:
    """Lines of a table: `left` columns (head, cells, "<" or ">") repeated on every
    block, `right` columns (right-aligned) split into blocks that fit in `cols` cells."""

    def width(head: str, cells: list[str]) -> int:
        return max(text_width(head), *(text_width(c) for c in cells)) if cells else text_width(head)

    fixed = [(head, cells, align, width(head, cells)) for head, cells, align in left]
    used0 = sum(w for *_, w in fixed) + 2 * (len(fixed) - 1)
    blocks: list[list[tuple[str, list[str], int]]] = [[]]
    used = used0
    for head, cells in right:
        w = width(head, cells)
        if blocks[-1] and used + 2 + w > cols:
            blocks.append([])
            used = used0
        blocks[-1].append((head, cells, w))
        used += 2 + w
    rows = len(fixed[0][1]) if fixed else 0
    out: list[str] = []
    for b, block in enumerate(blocks):
        head = "  ".join(pad(h, w, a) for h, _, a, w in fixed)
        head += "".join(f"  {pad(h, w, '>')}" for h, _, w in block)
        out += [head, "-" * text_width(head)]
        for k in range(rows):
            line = "  ".join(pad(c[k], w, a) for _, c, a, w in fixed)
            out.append(line + "".join(f"  {pad(c[k], w, '>')}" for _, c, w in block))
        if b < len(blocks) - 1:
            out.append("")
    return out


def json_text(data: Any) -> str:
    """The one JSON the command line writes: `plain_data`'s numbers, names as written
    (not \\u escapes), never NaN."""
    import json  # the JSON formats only: not at every start-up

    from . import indented_json

    fast = indented_json.dumps(data, plain_text)  # the same text, for JSON's own types
    if fast is None:
        fast = json.dumps(plain_data(data), indent=2, allow_nan=False, ensure_ascii=False)
    return fast + "\n"


def to_json(result: Result) -> str:
    return json_text(result.to_dict())


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text, one record a line: the one CSV writer of every output.

    The csv module quotes a field only for the delimiter, the quote and the characters
    of its line terminator, so the writer is given CR LF (a field with a bare CR is
    quoted too: a spreadsheet would split the row there), and each record, written
    with one `write`, ends in a plain LF instead."""
    records: list[str] = []
    sink = types.SimpleNamespace(write=lambda record: records.append(record[:-2] + "\n"))
    csv.writer(sink, lineterminator="\r\n").writerows(rows)
    return "".join(records)


#: What makes the csv module quote a field (its delimiter, its quote, its line ends).
_QUOTED = re.compile(r'[,"\r\n]')


def csv_columns(header: Sequence[str], columns: Sequence[Sequence[str]]) -> str:
    """`csv_text` of a table given as columns of text of equal length (a million rows
    of a ranking), the same text: where no field holds what the csv module would quote
    (each column's text searched at once), each record is its fields joined by commas,
    else the csv module writes the records."""
    if len(columns) < 2 or any(_QUOTED.search("".join(part)) for part in (header, *columns)):
        return csv_text(itertools.chain([header], zip(*columns)))  # a lone empty field is quoted too
    return "\n".join(itertools.chain([",".join(header)], map(",".join, zip(*columns)), [""]))


def to_csv(result: Result) -> str:
    ids = [c.id for c in result.criteria]
    order = result.order  # columns, not Row objects: a table may hold a million rows
    names = result.names
    columns = [
        list(map(str, result.ranking.ranks[order].tolist())),
        np.asarray(names, dtype=object)[order].tolist(),
        *(list(map(plain_text, column[order].tolist())) for column in (result.ranking.scores, *result.decision.matrix.T)),
    ]
    return csv_columns(["rank", "name", "score", *ids], columns)


#: Characters with a meaning anywhere in a line of Markdown (links, emphasis, code, tables...).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
#: What makes a line a block when it starts one: a list item ("- ", "+ ", "1. ", "2) "),
#: a thematic break or a heading's underline ("---", "===").
_MD_LEADING = re.compile(r"^(?:\d+(?=[.)](?:\s|$))|(?=[-+=]))")


def markdown_text(value: Any) -> str:
    """User text as literal Markdown on one line, the same in a table cell and in running
    text: every run of white space (CR, CRLF, blank lines, tabs...) becomes one space, so
    it can neither end a row nor start a block; ``&``, ``<`` and ``>`` become entities,
    so no html reaches a renderer that passes it through; the characters Markdown gives
    a meaning to, and a leading list or heading marker, get a backslash."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_LEADING.sub(r"\g<0>\\", _MD_SPECIAL.sub(r"\\\1", text))


def markdown(result: Result) -> str:
    md = markdown_text
    ids = [c.id for c in result.criteria]
    out = []
    if result.scenario.title:
        out += [f"# {md(result.scenario.title)}", ""]
    out.append("| Rank | Alternative | Score | " + " | ".join(ids) + " |")
    out.append("|---:|---|---:|" + "---:|" * len(ids))
    cells = {c: column([row.values[c] for row in result.rows]) for c in ids}
    for k, row in enumerate(result.rows):
        values = " | ".join(cells[c][k] for c in ids)
        out.append(f"| {row.rank} | {md(row.name)} | {score_text(row.score)} | {values} |")
    if result.cut:
        out += ["", shown_line(result)]
    out += ["", md(verdict(result)), "", md(method_line(result)), ""]
    out.append("| Criterion | Label | Weight | Direction | Unit |")
    out.append("|---|---|---:|---|---|")
    for c, w in zip(result.criteria, result.decision.weights):
        out.append(
            f"| {c.id} | {md(c.title)} | {w:.0%} | {c.direction.value} | {md(c.unit)} |"
        )
    return "\n".join(out) + "\n"


def sensitivity_table(analysis: Any) -> str:
    """An SMAA-2 run's rank acceptabilities as percentages, best-ranked alternative first."""
    result = analysis.result
    index = {name: i for i, name in enumerate(result.scenario.names)}
    settings = f"{analysis.samples:,} weight samples ({analysis.weights})" + (
        ", values drawn from their intervals" if analysis.uncertain else ""
    ) + f", seed {analysis.seed}."
    rows = [(f"{row.rank:>4}  ", row.name, index[row.name]) for row in result.rows]
    shown = min(len(index), 6, analysis.acceptability.shape[-1])  # the first ranks kept; JSON has them all
    return _acceptability(analysis, settings, "Share of samples in which each alternative takes each rank:", f"{'Rank':>4}  ", rows, shown)


def table_sensitivity_table(analysis: Any) -> str:
    """SMAA-2 of a table read in chunks: the rows that take one of the first ranks in
    some sample, by their acceptability of the first rank, then the second..."""
    settings = (
        f"{analysis.samples:,} weight samples ({analysis.weights}), seed {analysis.seed},"
        f" over {analysis.result.total:,} alternatives read in chunks."
    )
    what = (
        f"Share of samples in which each alternative takes each of the first {analysis.ranks} ranks"
        " (those that take none are not shown):"
    )
    rows = [("", name, i) for i, name in enumerate(analysis.names)]
    table = _acceptability(analysis, settings, what, "", rows, min(6, analysis.acceptability.shape[-1]))
    return table + "\nWeight stability needs the table in memory (--engine memory).\n"


def _acceptability(analysis: Any, settings: str, what: str, lead: str, rows: list[tuple[str, str, int]], shown: int) -> str:
    """The table of rank acceptabilities: each of `rows` (its leading cell under the
    heading `lead`, its name, its index in the analysis' arrays) with its share of
    the first `shown` ranks and its confidence factor."""
    name_w = min(28, max(11, *(text_width(name) for _, name, _ in rows))) if rows else 11
    head = f"{lead}{'Alternative':<{name_w}}" + "".join(f"  {'#' + str(k + 1):>6}" for k in range(shown)) + "  confidence"
    out = [f"SMAA-2: {settings}", what, "", head, "-" * len(head)]
    for first, name, i in rows:
        cells = "".join(f"  {analysis.acceptability[i, k]:>6.1%}" for k in range(shown))
        out.append(f"{first}{pad(fit(name, name_w), name_w)}{cells}  {analysis.confidence[i]:>10.0%}")
    return "\n".join(out) + "\n"


def stability_table(stable: Any) -> str:
    """Per criterion: its weight and the ranges within which the decision holds."""
    result = stable.result
    how = "exact (additive method)" if stable.exact else "found by bisection on the method"
    cols = terminal_width()
    out = textwrap.wrap(
        f"Weight stability, {how}: how far each weight can move, the others rescaled "
        "in proportion, before the top choice or the whole ranking changes.",
        cols,
    )
    out.append("")
    left = [
        ("Criterion", [fit(c.id, 20) for c in result.criteria], "<"),
        ("Weight", [f"{w:.1%}" for w in stable.weights], ">"),
    ]
    right = [
        ("Top choice holds", [f"{lo:.1%} to {hi:.1%}" for lo, hi in stable.top]),
        ("Ranking holds", [f"{lo:.1%} to {hi:.1%}" for lo, hi in stable.order]),
    ]
    out += grid(left, right, cols)
    return "\n".join(out) + "\n"


def agreement_table(agreed: Any) -> str:
    """Per option: how many methods put it first, its rank range over them and its rank
    under the scenario's own method; then the methods skipped and the summary."""
    result, total = agreed.result, len(agreed.methods)
    cols = terminal_width()
    out = textwrap.wrap(
        f"The same decision ranked with {total} methods, each with its defaults "
        f"(own method: {result.ranking.method}).",
        cols,
    )
    out.append("")
    order = [int(i) for i in np.argsort(result.ranking.ranks, kind="stable")]
    firsts, best, worst, own = agreed.firsts, agreed.best, agreed.worst, result.ranking.ranks
    width = min(28, max(6, *(text_width(str(result.names[i])) for i in order)))
    left = [("Option", [fit(str(result.names[i]), width) for i in order], "<")]
    right = [
        ("First under", [f"{firsts[i]} of {total}" for i in order]),
        ("Rank range", [f"{best[i]}" if best[i] == worst[i] else f"{best[i]} to {worst[i]}" for i in order]),
        ("Own method", [str(own[i]) for i in order]),
    ]
    out += grid(left, right, cols)
    out.append("")
    for s in agreed.skipped:
        out += textwrap.wrap(f"Skipped {s.method}: {s.reason}", cols)
    out += textwrap.wrap(agreed.summary, cols)
    return "\n".join(out) + "\n"
