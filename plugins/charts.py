"""tradeoff's own charts: the four figures of a report, drawn with matplotlib.

A ranking is a list of numbers, and a list of numbers hides how far apart they are,
which criterion made them and how firmly they hold.  Each chart answers one of those
questions for the reader who looks before reading:

* ``scores``: how far apart the options are (one bar each, best at the top);
* ``contributions``: which criteria make each option's score (its score split by
  criterion, pushing right or left of the baseline);
* ``stability``: how far each criterion's weight may move before the top choice, or
  the whole ranking, changes;
* ``acceptability``: with uncertain weights (SMAA-2), how often each option takes each
  rank.

They are registered through ``tradeoff_register_charts`` like any plugin's, so a
team's own chart sits beside them.  Each ``draw_*(report, figure)`` draws on the
`Figure` it is given with matplotlib's object-oriented API only: no pyplot, no
``rcParams``, no other global state, so charts can be drawn in many threads and inside
an app that uses matplotlib itself.  matplotlib is imported when a chart is drawn,
never when the plugin is loaded (it is the optional extra ``report``).  Each returns
the chart's text alternative: what it shows, with the numbers that matter, naming
every option (or criterion) it draws.

A long list is drawn as the report shows it (`tradeoff.report_kit.listing`): every
option up to 100, else the first 10, with a line saying how many more are not drawn,
so that a chart's size is bounded whatever the list.

Every chart is drawn on the figure's width as `tradeoff.report_kit.draw` gives it
(4.8 in: narrow enough for a phone) with no text under `FONT` points, laid out for
that size: titles and axis labels wrap, legends take the columns that fit, the heat
map writes its numbers only in cells wide enough for them.  The html page shows a
chart at most at its natural size and shrinks it to a phone's width, so its text
stays at least 11 px there (docs/report.md); the same drawing serves every screen and
paper, and a page holds each chart once.

Colours are the Okabe-Ito palette, which stays distinguishable with every common
colour-vision deficiency; past eight criteria the colours repeat with hatching.  The
heat map uses ``cividis``, made for the same purpose.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from tradeoff import Chart, hookimpl
from tradeoff.plugin_kit import clip

if TYPE_CHECKING:
    from tradeoff import Report

#: Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green,
#: yellow, blue, vermillion, reddish purple, black.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Hatching of the second, third... round of the palette (more than 8 criteria).
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++")
#: The top choice's bar, and everyone else's.
TOP_COLOUR = PALETTE[0]
OTHER_COLOUR = PALETTE[1]
#: Stability: the interval the whole ranking holds in, the one the top choice holds in.
ORDER_COLOUR = "#A6D4F2"  # sky blue, lightened
TOP_INTERVAL_COLOUR = PALETTE[4]
#: Tick labels longer than this are clipped with an ellipsis (the alt text has them whole).
NAME_LIMIT = 26
#: Height (inches) per row of bars.
ROW = 0.3
#: Legend spacing (em): a key's length, the gap to its label and to the next column.
LEGEND = {"handlelength": 1.5, "handletextpad": 0.6, "columnspacing": 1.2}
#: Text size (points) of every label, number and legend entry, and of titles: on the
#: figure's 4.8 in shrunk to a phone's 358 px of content, 1 pt is 1.04 px.
FONT = 11.0
TITLE = 12.0


# --- the charts ---------------------------------------------------------------------


def draw_scores(report: Report, figure: Any) -> str:
    """One horizontal bar per option, best at the top, its score at the bar's end; the
    top choice (every option ranked first, with ties) in orange and named in bold."""
    from tradeoff.report_kit import listing

    result = report.result
    shown = listing(report)
    rows = shown.rows
    n = len(rows)
    higher = result.ranking.higher_is_better
    method = result.ranking.method
    scores = np.array([r.score for r in rows], dtype=float)
    top = np.array([r.rank == 1 for r in rows])
    fmt = _number_format(scores)

    _size(figure, 1.3 + ROW * n)
    ax = figure.add_subplot()
    y = np.arange(n)
    colours = [TOP_COLOUR if t else OTHER_COLOUR for t in top]
    bars = ax.barh(y, scores, height=0.7, color=colours, edgecolor="#333333", linewidth=0.5)
    ax.bar_label(bars, labels=[_minus(fmt(s)) for s in scores], padding=3, fontsize=FONT)
    ax.axvline(0, color="#333333", linewidth=0.8)
    _names_axis(ax, [r.name for r in rows], bold=top)
    ax.margins(x=0.22)
    _xlabel(ax, f"score by {method} ({_better(higher)})")
    _title(ax, "Score of each option, best first" + _not_drawn(n, shown.total))
    _tidy(ax, grid="x")

    listed = "; ".join(f"{r.rank}. {r.name} {fmt(r.score)}" for r in rows)
    firsts = _firsts(result)
    verdict = (
        f"Top choice: {firsts[0]}." if len(firsts) == 1 else f"Tied for first: {_and(firsts)}."
    )
    return f"Scores by {method} ({_better(higher)}), best first: {listed}. {verdict}" + _left_out(n, shown.total)


def draw_contributions(report: Report, figure: Any) -> str:
    """Each option's score split by criterion: stacked bars from the baseline, shares
    that raise the score to the right and those that lower it to the left; a black dot
    marks the score."""
    from tradeoff.report_kit import listing

    result = report.result
    breakdown = report.explanation.breakdown
    total = listing(report).total
    index = {name: i for i, name in enumerate(result.names)}
    split = breakdown.split
    rows = tuple(r for r in listing(report).rows if split[index[r.name]])  # the scores split
    order = np.array([index[r.name] for r in rows], dtype=np.intp)
    n = len(rows)
    criteria = result.criteria
    m = len(criteria)
    higher = result.ranking.higher_is_better
    method = result.ranking.method
    shares = np.asarray(breakdown.shares, dtype=float)[order]
    baseline = np.asarray(breakdown.baseline, dtype=float)[order]
    scores = np.array([r.score for r in rows], dtype=float)
    titles = [c.title for c in criteria]
    fmt = _number_format(np.concatenate([scores, baseline, shares.ravel()]))

    labels = [*titles, "score", *([] if breakdown.exact else ["average option's score"])]
    columns = _legend_columns(figure, labels)
    _size(figure, 1.9 + ROW * n + 0.24 * math.ceil(len(labels) / columns))
    ax = figure.add_subplot()
    y = np.arange(n)
    height = 0.7
    handles = []
    up = baseline.copy()  # where the next positive share starts, row by row
    down = baseline.copy()  # ... and the next negative one
    for j in range(m):
        colour, hatch = _criterion_style(j)
        style = {
            "height": height, "color": colour, "edgecolor": "white", "linewidth": 0.6,
            "hatch": hatch, "label": titles[j],
        }
        s = shares[:, j]
        handle = None
        for sign in (1, -1):
            picked = s > 0 if sign > 0 else s < 0
            if not picked.any():
                continue
            start = up if sign > 0 else down
            bars = ax.barh(y[picked], s[picked], left=start[picked], **style)
            if hatch:
                _hatch_contrast(bars, colour)
            start[picked] += s[picked]
            if handle is None:
                handle = bars
        if handle is None:  # every share zero: still in the legend
            handle = ax.barh([], [], **style)
        handles.append(handle)
    ax.plot(scores, y, linestyle="none", marker="o", markersize=4.5, color="black", zorder=4,
            label="score")
    handles.append(ax.lines[-1])
    if breakdown.exact:
        ax.axvline(0, color="#333333", linewidth=0.8)
    else:
        ax.plot(
            baseline, y, linestyle="none", marker="|", markersize=_row_points(height),
            markeredgewidth=2.0, color="#333333", zorder=3, label="average option's score",
        )
        handles.append(ax.lines[-1])
    _names_axis(ax, [r.name for r in rows], bold=[r.rank == 1 for r in rows])
    ax.margins(x=0.04)
    if breakdown.exact:
        xlabel = f"share of the score by {method} ({_better(higher)})"
    else:
        helps = "to the right helps" if higher else "to the left helps"
        xlabel = f"share of the score above or below an average option's (|), by {method}; {helps}"
    _xlabel(ax, xlabel)
    _title(ax, "What makes each score, criterion by criterion" + _not_drawn(n, total))
    _tidy(ax, grid="x")
    figure.legend(
        handles=handles, labels=[_clip(h.get_label()) for h in handles],
        loc="outside lower center", ncols=columns, frameon=False, fontsize=FONT, **LEGEND,
    )

    parts = []
    for k, row in enumerate(rows):
        s = shares[k] if higher else -shares[k]  # > 0: helps the option
        helping = [j for j in np.argsort(-s, kind="stable") if s[j] > 0][:2]
        hurting = [j for j in np.argsort(s, kind="stable") if s[j] < 0][:2]
        text = f"{row.name} {fmt(row.score)}"
        if not breakdown.exact:
            text += f" (average option {fmt(baseline[k])})"
        said = [
            f"{label}: " + ", ".join(f"{titles[j]} {_signed(fmt, shares[k, j])}" for j in which)
            for label, which in (("most for it", helping), ("most against it", hurting))
            if which
        ]
        parts.append(text + (": " + "; ".join(said) if said else ""))
    how = (
        "each criterion's share of the score (the shares add up to it)"
        if breakdown.exact
        else "each criterion's share (its average effect) of how far the score lies from an average "
        "option's (the shares add up to that difference)"
    )
    return (
        f"Scores by {method} ({_better(higher)}) split by criterion, best first, {how}. "
        + ". ".join(parts) + "." + _left_out(n, total)
    )


def draw_stability(report: Report, figure: Any) -> str:
    """One row per criterion: the weights at which the whole ranking holds (light, wide
    bar), those at which the top choice holds (dark, narrow bar), and the current
    weight (black diamond); the other weights rescaled in proportion."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    stability = report.stability
    criteria = report.result.criteria
    m = len(criteria)
    weights = np.asarray(stability.weights, dtype=float)
    top = np.asarray(stability.top, dtype=float)
    order = np.asarray(stability.order, dtype=float)
    titles = [c.title for c in criteria]

    legend = ("whole ranking holds", "top choice holds", "current weight")
    columns = _legend_columns(figure, legend)
    _size(figure, 1.9 + 0.36 * m + 0.24 * math.ceil(len(legend) / columns))
    ax = figure.add_subplot()
    y = np.arange(m)
    ax.barh(y, order[:, 1] - order[:, 0], left=order[:, 0], height=0.62, color=ORDER_COLOUR,
            label="whole ranking holds")
    ax.barh(y, top[:, 1] - top[:, 0], left=top[:, 0], height=0.2, color=TOP_INTERVAL_COLOUR,
            label="top choice holds")
    ax.plot(weights, y, linestyle="none", marker="D", markersize=6, color="black",
            markeredgecolor="white", markeredgewidth=0.8, zorder=4, label="current weight")
    _names_axis(ax, titles)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    _xlabel(ax, "weight of the criterion (the others rescaled in proportion)")
    _title(ax, "How far each weight can move before the decision changes")
    _tidy(ax, grid="x")
    handles = [
        Patch(color=ORDER_COLOUR, label=legend[0]),
        Patch(color=TOP_INTERVAL_COLOUR, label=legend[1]),
        Line2D([], [], linestyle="none", marker="D", markersize=6, color="black", label=legend[2]),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False, fontsize=FONT, **LEGEND)

    parts = []
    for j, title in enumerate(titles):
        parts.append(
            f"{title}: weight {_percent(weights[j])}; top choice holds {_interval(top[j])}; "
            f"whole ranking holds {_interval(order[j])}"
        )
    firsts = _firsts(report.result)
    choice = f"top choice ({firsts[0]})" if len(firsts) == 1 else f"top choice (tied: {_and(firsts)})"
    return (
        "How far each criterion's weight can move, the others rescaled in proportion, before "
        f"the {choice} or the whole ranking changes. " + ". ".join(parts) + "."
    )


def draw_acceptability(report: Report, figure: Any) -> str:
    """Heat map of rank acceptability: options (best-ranked first) by rank, each cell
    the share of SMAA-2 samples in which the option takes that rank."""
    import matplotlib
    from matplotlib.ticker import PercentFormatter
    from tradeoff.report_kit import acceptability_ranks, listing

    result = report.result
    sensitivity = report.sensitivity
    if sensitivity is None:
        raise ValueError("the acceptability chart needs a report with sensitivity (SMAA-2) figures")
    listed = listing(report)
    rows = listed.rows
    n_rows = len(rows)
    index = {name: i for i, name in enumerate(result.names)}
    ranks = acceptability_ranks(report)  # the first ones, as many as kept (at most 10)
    order = np.array([index[r.name] for r in rows], dtype=np.intp)
    acceptability = np.asarray(sensitivity.acceptability, dtype=float)[order, :ranks]
    cmap = matplotlib.colormaps["cividis"]

    _size(figure, 2.2 + max(ROW * n_rows, 1.0))
    ax = figure.add_subplot()
    image = ax.imshow(
        acceptability, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto", interpolation="nearest"
    )
    _names_axis(ax, [r.name for r in rows], bold=[r.rank == 1 for r in rows], invert=False)
    step = 1 if ranks <= 15 else 5
    shown = [0] + [k - 1 for k in range(step, ranks + 1, step) if k > 1]
    ax.set_xticks(shown, labels=[str(k + 1) for k in shown])
    ax.set_xlim(-0.5, ranks - 0.5)
    _xlabel(ax, "rank")
    ax.tick_params(length=0, labelsize=FONT)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = figure.colorbar(
        image, ax=ax, fraction=0.05, pad=0.02, format=PercentFormatter(xmax=1, decimals=0)
    )
    bar.ax.tick_params(labelsize=FONT)
    bar.outline.set_visible(False)
    ranks_note = f"; ranks 1 to {ranks} of {listed.total:,}" if ranks < listed.total else ""
    _title(
        ax,
        f"How often each option takes each rank, over {sensitivity.samples:,} plausible weightings (seed {sensitivity.seed})\n"
        f"{_sampling(sensitivity)}{ranks_note}" + _not_drawn(n_rows, listed.total),
    )
    cells = _cell_labels(figure, rows, ranks)
    if cells is not None:
        for i in range(n_rows):
            for k in range(ranks):
                a = acceptability[i, k]
                ax.text(k, i, _share(a, cells), ha="center", va="center", fontsize=FONT, color=_ink(cmap(a)))
    says = {True: "share of samples", False: "share of samples (cells in %)", None: "share of samples"}
    bar.set_label(says[cells], fontsize=FONT)

    parts = []
    for i, row in enumerate(rows):
        a = acceptability[i]
        likely = [k for k in np.argsort(-a, kind="stable")[:3] if a[k] > 0]
        common = ", ".join(f"rank {k + 1} {_share(a[k], True)}" for k in likely)
        parts.append(f"{row.name}: first in {_share(a[0], True)} of samples; most often {common}")
    ranks_said = f" (ranks 1 to {ranks} shown)" if ranks < listed.total else ""
    return (
        f"How often each option takes each rank over {sensitivity.samples:,} plausible weightings "
        f"({_sampling(sensitivity)}): "
        f"the share of them in which each option takes each rank{ranks_said}, options best-ranked first. "
        + ". ".join(parts) + "." + _left_out(n_rows, total=listed.total)
    )


@hookimpl
def tradeoff_register_charts(registrar):
    registrar.add(Chart(
        name="scores",
        title="Scores",
        description="Each option's score, best first; the top choice highlighted.",
        draw=draw_scores,
        section="ranking",
    ))
    registrar.add(Chart(
        name="contributions",
        title="What makes each score",
        description="Each option's score split by criterion: what raises it and what lowers it.",
        draw=draw_contributions,
        section="contributions",
    ))
    registrar.add(Chart(
        name="stability",
        title="Weight stability",
        description="How far each criterion's weight can move before the top choice, "
        "or the whole ranking, changes.",
        draw=draw_stability,
        section="stability",
    ))
    registrar.add(Chart(
        name="acceptability",
        title="How often each option takes each rank",
        description="How often each option takes each rank when the weights are uncertain: "
        "over many plausible weightings drawn at random.",
        draw=draw_acceptability,
        section="sensitivity",
        sensitivity=True,
    ))


# --- helpers ------------------------------------------------------------------------


def _size(figure: Any, height: float) -> None:
    """Size the figure to its content, on the width it came with (the page's: see the
    module's docstring); the layout engine keeps labels and legend in."""
    figure.set_size_inches(figure.get_figwidth(), max(2.2, height))
    if figure.get_layout_engine() is None:
        figure.set_layout_engine("constrained")


def _title(ax: Any, text: str) -> None:
    """The chart's title over the plot, from the figure's left edge (not the plot's, which
    the names push far right on a narrow figure), wrapped at its right edge."""
    from matplotlib.transforms import blended_transform_factory

    title = ax.set_title(text, loc="left", fontsize=TITLE, wrap=True)
    figure = ax.get_figure()
    title.set_transform(blended_transform_factory(figure.transSubfigure, ax.transAxes) + ax.titleOffsetTrans)
    title.set_x(4 / (72 * figure.get_figwidth()))  # 4 pt in


def _xlabel(ax: Any, text: str) -> None:
    ax.set_xlabel(text, fontsize=FONT, wrap=True)


def _cell_labels(figure: Any, rows: Sequence[Any], ranks: int) -> bool | None:
    """Which numbers fit the heat map's cells at `FONT`: with their " %" (True), without
    (False), or none (None: the colour bar and the table below give them).

    The cell's width is reckoned from the figure's, less the names, the colour bar (5 %
    and a 2 % gap of the plot's, its ticks and label) and the layout's pads, rather than
    by laying the figure out: a layout now would draw the text before
    `tradeoff.report_kit.draw` has made it literal (no TeX)."""
    names = max(_width(_clip(r.name), bold=r.rank == 1) for r in rows) + 3.5  # and the ticks' pad
    bar = _width("100%") + 7 + 1.4 * FONT  # its ticks' labels, pad and length, its label
    plot = (figure.get_figwidth() * 72 - names - bar - 2 * 3) / 1.07  # 3 pt pads
    room = 0.97 * plot / ranks - 3  # 1.5 pt each side of a number, 3 % for the estimate
    for sign in (True, False):
        if max(_width(_share(a, sign)) for a in (1.0, 0.999, 0.001)) <= room:  # "100", ">99", "<1"
            return sign
    return None


def _width(text: str, bold: bool = False) -> float:
    """`text`'s width in points at `FONT`, from its glyphs (no layout, no TeX)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(size=FONT, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(text, font, ismath=False)[0]


def _names_axis(
    ax: Any, names: Sequence[str], bold: Sequence[bool] = (), invert: bool = True
) -> None:
    """Row labels, the first row at the top; long names clipped, `bold` ones in bold."""
    n = len(names)
    ax.set_yticks(np.arange(n), labels=[_clip(name) for name in names], fontsize=FONT)
    for label, strong in zip(ax.get_yticklabels(), bold):
        if strong:
            label.set_fontweight("bold")
    if invert:
        ax.set_ylim(n - 0.5, -0.5)  # first row on top (a fixed range: no yaxis state flipped twice)
    ax.tick_params(axis="y", length=0)


def _not_drawn(drawn: int, total: int) -> str:
    """A title's second line for a long list: how many options the chart leaves out."""
    if drawn >= total:
        return ""
    return f"\n(the first {drawn:,} of {total:,} options; {total - drawn:,} more not drawn)"


def _left_out(drawn: int, total: int) -> str:
    """The same for the text alternative."""
    return f" {total - drawn:,} more options are not drawn." if drawn < total else ""


def _tidy(ax: Any, grid: str) -> None:
    ax.tick_params(labelsize=FONT)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _legend_columns(figure: Any, labels: Sequence[str]) -> int:
    """As many legend columns (at most 4) as the figure's width holds, each as wide as
    the widest (clipped) label at `FONT` with its key and the gap to the next."""
    column = max(_width(_clip(label)) for label in labels) + sum(LEGEND.values()) * FONT  # points
    return max(1, min(4, len(labels), int((figure.get_figwidth() * 72 - FONT) // column)))


def _row_points(height: float) -> float:
    """A bar's height in points, roughly (for a marker as tall as the bar)."""
    return max(4.0, ROW * height * 72 * 0.95)


def _criterion_style(j: int) -> tuple[str, str]:
    """Criterion j's colour and hatching: the palette, then again with hatching."""
    return PALETTE[j % len(PALETTE)], HATCHES[(j // len(PALETTE)) % len(HATCHES)]


def _hatch_contrast(bars: Any, colour: str) -> None:
    """Hatch lines that show on their bar: black on light colours, white on dark."""
    from matplotlib.colors import to_rgba

    contrast = _ink(to_rgba(colour))
    for patch in bars:
        if hasattr(patch, "set_hatchcolor"):  # matplotlib >= 3.10; before, the edge's white
            patch.set_hatchcolor(contrast)


def _ink(rgba: Sequence[float]) -> str:
    """Black or white, whichever contrasts more with the colour `rgba` (WCAG ratio)."""
    return "black" if _luminance(rgba) > 0.179 else "white"


def _luminance(rgba: Sequence[float]) -> float:
    """Relative luminance (WCAG) of an RGB(A) colour with channels in [0, 1]."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(float(c)) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _clip(name: str, limit: int = NAME_LIMIT) -> str:
    """A label from the scenario as the chart shows it: on one line, control characters
    (which no font draws) as U+FFFD, clipped to `limit` characters, and its ``$`` escaped
    so that matplotlib shows ``$x$`` as written, not as TeX math (a name such as
    ``$\\verb$`` would not even parse)."""
    name = _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else "\ufffd", str(name))
    name = clip(name, limit, tail=0, marker="…")
    return name.replace("$", "\\$")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _number_format(values: np.ndarray) -> Any:
    """A formatter showing the largest of `values` with about three significant digits,
    and every other value with as many decimals, so that they line up."""
    finite = np.abs(values[np.isfinite(values)])
    largest = float(finite.max()) if finite.size else 0.0
    magnitude = math.floor(math.log10(largest)) if largest > 0 else 0
    # 0.716, 1.000, 12.50, 1,450: three decimals up to 10, fewer above, more for tiny scores
    decimals = min(6, 2 - magnitude) if magnitude < 0 else max(0, 3 - magnitude)

    def fmt(x: float) -> str:
        text = f"{x:,.{decimals}f}"
        return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0.000"

    return fmt


def _firsts(result: Any) -> list[str]:
    """The names of every alternative ranked first (several when tied), in row order."""
    ranks = np.asarray(result.ranking.ranks)
    return [str(result.names[i]) for i in np.flatnonzero(ranks == ranks.min())]


def _minus(text: str) -> str:
    """A typographic minus sign, as matplotlib's own tick labels have."""
    return text.replace("-", "\u2212")


def _signed(fmt: Any, x: float) -> str:
    return fmt(x) if x < 0 else "+" + fmt(x)


def _better(higher: bool) -> str:
    return "higher is better" if higher else "lower is better"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _percent(x: float) -> str:
    text = f"{100 * x:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _interval(bounds: np.ndarray) -> str:
    low, high = float(bounds[0]), float(bounds[1])
    if low == high:
        return f"only at {_percent(low)}"
    return f"from {_percent(low)} to {_percent(high)}"


def _share(a: float, sign: bool) -> str:
    """A share of samples as a heat map's cell says it: "0", "<1", "37", ">99"..."""
    from tradeoff.report_kit import share_text

    return share_text(a, compact=True, sign=sign)


def _sampling(sensitivity: Any) -> str:
    """How the SMAA-2 weights were drawn, in words."""
    how = str(sensitivity.weights)
    if how == "uniform":
        text = "weights drawn uniformly from all weight vectors"
    elif how == "order":
        text = "weights drawn among those keeping the criteria's order of importance"
    elif how.startswith("order:"):
        text = f"weights drawn among those keeping {how[len('order:'):]}'s order of importance"
    elif how.startswith("around:"):
        text = f"each weight varied by up to ±{how[len('around:'):]} around the scenario's"
    else:
        text = f"weights {how}"
    if getattr(sensitivity, "uncertain", False):
        text += "; uncertain values drawn in their intervals"
    return text
