"""tradeoff's four charts (plugins/charts.py), read back from the figures they draw.

matplotlib is the optional extra ``report``: without it these tests are skipped,
unless TRADEOFF_REQUIRE_MATPLOTLIB=1 (CI installs it and sets this), when its absence
is a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import tradeoff
from tradeoff.output import figures
from tradeoff.report_kit import acceptability_ranks

if os.environ.get("TRADEOFF_REQUIRE_MATPLOTLIB") != "1":
    pytest.importorskip("matplotlib")
import matplotlib
from matplotlib.colors import to_hex
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
NAMES = ("scores", "contributions", "stability", "acceptability")
ORANGE, SKY_BLUE = "#e69f00", "#56b4e9"
SAMPLES = 500


def random_scenario(n: int, m: int, seed: int = 7, method: str = "topsis") -> tradeoff.Scenario:
    """n alternatives with random values on m inline criteria (every third a cost)."""
    rng = np.random.default_rng(seed)
    lines = ["format = 1", f'method = "{method}"']
    for j in range(m):
        direction = "min" if j % 3 == 0 else "max"
        lines += [f"[criteria.c{j}]", f'direction = "{direction}"', f"weight = {rng.integers(1, 10)}",
                  f'label = "Criterion {j}"']
    for i in range(n):
        values = ", ".join(f"c{j} = {rng.uniform(1, 100):.3f}" for j in range(m))
        name = f"Option {i} whose name is far too long for a tick label" if i == 0 else f"Option {i}"
        lines += ["[[alternatives]]", f'name = "{name}"', f"values = {{ {values} }}"]
    return tradeoff.loads("\n".join(lines))


@pytest.fixture(scope="module")
def report(engine):
    return engine.report_data(tradeoff.load(EXAMPLE), sensitivity=True, samples=SAMPLES)


@pytest.fixture(scope="module")
def vikor(engine):
    return engine.report_data(tradeoff.load(EXAMPLE), method="vikor", sensitivity=True, samples=SAMPLES)


@pytest.fixture(scope="module")
def additive(engine):
    return engine.report_data(tradeoff.load(EXAMPLE), method="wsm", sensitivity=True, samples=SAMPLES)


@pytest.fixture(scope="module")
def large(engine):
    return engine.report_data(random_scenario(30, 12), sensitivity=True, samples=SAMPLES)


def draw(report, name):
    chart = next(c for c in report.charts if c.name == name)
    return figures.draw(chart, report)


def bars(ax):
    return [patch for container in ax.containers for patch in container]


def top_to_bottom(ax, ys):
    """`ys` (data coordinates) in the order they appear on screen, top first."""
    screen = [ax.transData.transform((0.0, y))[1] for y in ys]
    return [y for _, y in sorted(zip(screen, ys), key=lambda pair: -pair[0])]


def luminance(rgba):
    """WCAG relative luminance."""
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def clip(name):
    """A tick label as drawn: at most 26 characters (charts.NAME_LIMIT), with its ellipsis."""
    return name if len(name) <= 26 else name[:25].rstrip() + "…"


def contrast(a, b):
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def row_indices(report):
    return [int(i) for i in report.result.order]


# --- registration ---------------------------------------------------------------------


def test_the_four_charts_are_registered_in_order(report):
    charts = [c for c in report.charts if c.name in NAMES]
    assert [c.name for c in charts] == list(NAMES)
    assert [c.sensitivity for c in charts] == [False, False, False, True]
    assert [c.section for c in charts] == ["ranking", "contributions", "stability", "sensitivity"]
    assert all(c.title and c.description for c in charts)


def test_acceptability_applies_only_with_sensitivity(engine):
    plain = engine.report_data(tradeoff.load(EXAMPLE))
    applies = {c.name: c.applies(plain) for c in plain.charts if c.name in NAMES}
    assert applies == {"scores": True, "contributions": True, "stability": True, "acceptability": False}


def _blank(report, figure):
    figure.set_size_inches(2, 1)
    return "an empty chart"


class PlacedCharts:
    """Charts of a plugin that say where they go, not which built-in they sit beside."""

    @tradeoff.hookimpl
    def tradeoff_register_charts(self, registrar):
        for name, section in [("mine_ranking", "ranking"), ("mine_smaa", "sensitivity"), ("mine_loose", "")]:
            registrar.add(tradeoff.Chart(name=name, title=name, description="x", draw=_blank, section=section))


def page_sections(text: str) -> dict[str, list[str]]:
    """Each section of the html page and the charts in it, in page order."""
    parts = re.findall(r'<section id="([\w-]+)"(.*?)</section>', text, flags=re.DOTALL)
    return {ident: re.findall(r'<figure class="chart" id="chart-([\w-]+)"', body) for ident, body in parts}


def test_the_page_places_any_chart_by_its_section():
    engine = tradeoff.Engine(entry_points=False, plugins=[PlacedCharts()])
    html = engine.report_format("html")
    plain = page_sections(html.render(engine.report_data(tradeoff.load(EXAMPLE))))
    assert plain["ranking"] == ["scores", "mine_ranking"]
    assert "sensitivity" not in plain  # no SMAA-2 section to hold it: its chart goes with the rest
    assert plain["more-charts"] == ["mine_smaa", "mine_loose"]
    smaa = page_sections(html.render(engine.report_data(tradeoff.load(EXAMPLE), sensitivity=True, samples=200)))
    assert smaa["sensitivity"] == ["acceptability", "mine_smaa"]
    assert smaa["more-charts"] == ["mine_loose"]
    assert [smaa[s] for s in ("contributions", "stability")] == [["contributions"], ["stability"]]


# --- scores -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["report", "vikor"])
def test_scores_one_bar_per_alternative_best_at_the_top(which, request):
    report = request.getfixturevalue(which)
    result = report.result
    figure, alt = draw(report, "scores")
    ax = figure.axes[0]
    patches = bars(ax)
    assert len(patches) == len(result.rows)
    centres = [p.get_y() + p.get_height() / 2 for p in patches]
    by_screen = {c: p for c, p in zip(centres, patches)}
    shown = [by_screen[c] for c in top_to_bottom(ax, centres)]
    expected = [result.ranking.scores[i] for i in row_indices(report)]
    np.testing.assert_allclose([p.get_width() for p in shown], expected, rtol=1e-12)
    np.testing.assert_allclose([p.get_x() for p in shown], 0.0)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [r.name for r in result.rows]  # tick k labels bar k, top first
    colours = [to_hex(p.get_facecolor()) for p in shown]
    assert colours == [ORANGE if r.rank == 1 else SKY_BLUE for r in result.rows]
    # the score printed at each bar's end
    printed = [t.get_text().replace("\u2212", "-") for t in ax.texts]
    assert len(printed) == len(result.rows)
    np.testing.assert_allclose([float(t) for t in printed], expected, atol=5e-4)
    better = "higher is better" if result.ranking.higher_is_better else "lower is better"
    assert result.ranking.method in ax.get_xlabel() and better in ax.get_xlabel()
    assert better in alt and all(r.name in alt for r in result.rows)
    assert f"Top choice: {result.best.name}" in alt


def test_vikor_is_lower_is_better(vikor):
    assert vikor.result.ranking.higher_is_better is False
    for name in NAMES:
        figure, alt = draw(vikor, name)
        assert figure.axes and alt


def test_tied_top_choices_are_all_highlighted(engine):
    scenario = tradeoff.loads(
        'format = 1\n[criteria.speed]\ndirection = "max"\n[criteria.price]\ndirection = "min"\n'
        '[[alternatives]]\nname = "A"\nvalues = { speed = 3, price = 2 }\n'
        '[[alternatives]]\nname = "B"\nvalues = { speed = 3, price = 2 }\n'
        '[[alternatives]]\nname = "C"\nvalues = { speed = 1, price = 5 }\n'
    )
    report = engine.report_data(scenario, sensitivity=True, samples=100)
    assert [r.rank for r in report.result.rows] == [1, 1, 3]
    figure, alt = draw(report, "scores")
    ax = figure.axes[0]
    patches = sorted(bars(ax), key=lambda p: p.get_y())
    assert [to_hex(p.get_facecolor()) for p in patches] == [ORANGE, ORANGE, SKY_BLUE]
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["A", "B"]
    assert "Tied for first: A and B" in alt
    assert "top choice (tied: A and B)" in draw(report, "stability")[1]
    for name in NAMES[1:]:
        assert draw(report, name)[1]


# --- contributions ------------------------------------------------------------------------


def segments_by_row(ax, n):
    rows = {k: [] for k in range(n)}
    for patch in bars(ax):
        rows[round(patch.get_y() + patch.get_height() / 2)].append(patch)
    return rows


@pytest.mark.parametrize("which", ["report", "vikor", "additive"])
def test_contributions_stack_from_the_baseline_to_the_score(which, request):
    report = request.getfixturevalue(which)
    result, split = report.result, report.explanation.breakdown
    order = row_indices(report)
    figure, alt = draw(report, "contributions")
    ax = figure.axes[0]
    rows = segments_by_row(ax, len(order))
    assert top_to_bottom(ax, list(range(len(order)))) == list(range(len(order)))  # row 0 on top
    for k, i in enumerate(order):
        baseline, shares, score = split.baseline[i], split.shares[i], result.ranking.scores[i]
        widths = np.array([p.get_width() for p in rows[k]])
        # signed segments add up to score - baseline, each side to its own shares
        assert widths.sum() == pytest.approx(score - baseline, abs=1e-9)
        assert widths[widths > 0].sum() == pytest.approx(shares[shares > 0].sum(), abs=1e-12)
        assert widths[widths < 0].sum() == pytest.approx(shares[shares < 0].sum(), abs=1e-12)
        # positive segments run rightwards from the baseline, end to end; negative ones
        # (negative widths) leftwards
        for sign in (1, -1):
            chain = sorted((p for p in rows[k] if sign * p.get_width() > 0), key=lambda p: sign * p.get_x())
            start = baseline
            for patch in chain:
                assert patch.get_x() == pytest.approx(start, abs=1e-12)
                start = patch.get_x() + patch.get_width()
            assert start == pytest.approx(baseline + shares[sign * shares > 0].sum(), abs=1e-12)
    dots = next(line for line in ax.lines if line.get_label() == "score")
    np.testing.assert_allclose(dots.get_xdata(), [result.ranking.scores[i] for i in order])
    np.testing.assert_allclose(dots.get_ydata(), np.arange(len(order)))
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert [c.title for c in result.criteria] == legend[: len(result.criteria)]
    if split.exact:
        assert "share of the score" in ax.get_xlabel() and "average" not in ax.get_xlabel()
        np.testing.assert_allclose(split.baseline, 0.0)
    else:
        assert "share of the score above or below an average option's" in ax.get_xlabel()
        marks = next(line for line in ax.lines if line.get_label() == "average option's score")
        np.testing.assert_allclose(marks.get_xdata(), split.baseline[order])
    assert all(r.name in alt for r in result.rows)


def test_contributions_colours_cycle_with_hatching_past_eight_criteria(large):
    figure, _ = draw(large, "contributions")
    ax = figure.axes[0]
    by_label = {}
    for container in ax.containers:
        for patch in container:
            by_label.setdefault(container.get_label(), set()).add((to_hex(patch.get_facecolor()), patch.get_hatch() or ""))
    titles = [c.title for c in large.result.criteria]
    assert len(titles) == 12
    styles = [by_label[t] for t in titles if t in by_label]
    assert all(len(s) == 1 for s in styles)  # one style per criterion, whether pushing up or down
    first, second = by_label[titles[0]].pop(), by_label[titles[8]].pop()
    assert first[0] == second[0] == ORANGE and first[1] == "" and second[1] != ""


# --- stability ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["report", "vikor", "large"])
def test_stability_bars_span_the_intervals(which, request):
    report = request.getfixturevalue(which)
    stability, criteria = report.stability, report.result.criteria
    figure, alt = draw(report, "stability")
    ax = figure.axes[0]
    containers = {c.get_label(): list(c) for c in ax.containers}
    for label, intervals in (("whole ranking holds", stability.order), ("top choice holds", stability.top)):
        patches = containers[label]
        assert len(patches) == len(criteria)
        ys = [p.get_y() + p.get_height() / 2 for p in patches]
        assert top_to_bottom(ax, ys) == ys  # first criterion on top
        spans = np.array([[p.get_x(), p.get_x() + p.get_width()] for p in patches])
        np.testing.assert_allclose(spans, intervals, atol=1e-12)
    assert containers["top choice holds"][0].get_height() < containers["whole ranking holds"][0].get_height()
    marker = next(line for line in ax.lines if line.get_label() == "current weight")
    np.testing.assert_allclose(marker.get_xdata(), stability.weights)
    low, high = ax.get_xlim()
    assert low <= 0 and high >= 1
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0].startswith("0") and ticks[-1].startswith("100") and all(t.endswith("%") for t in ticks)
    assert [t.get_text() for t in ax.get_yticklabels()] == [clip(c.title) for c in criteria]
    assert {"whole ranking holds", "top choice holds", "current weight"} <= {t.get_text() for t in figure.legends[0].get_texts()}
    assert all(c.title in alt for c in criteria)
    assert f"top choice ({report.result.best.name})" in alt


# --- acceptability ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["report", "vikor", "large"])
def test_acceptability_heat_map_holds_the_smaa_figures(which, request):
    report = request.getfixturevalue(which)
    result, sensitivity = report.result, report.sensitivity
    figure, alt = draw(report, "acceptability")
    ax = figure.axes[0]
    (image,) = ax.get_images()
    expected = sensitivity.acceptability[result.order][:, : acceptability_ranks(report)]  # at most the first 10
    assert expected.shape[1] == min(len(result.rows), 10)
    np.testing.assert_array_equal(np.asarray(image.get_array()), expected)
    assert image.get_cmap().name == "cividis"
    assert image.get_clim() == (0.0, 1.0)
    n = len(result.rows)
    assert [t.get_text() for t in ax.get_yticklabels()] == [clip(r.name) for r in result.rows]
    # every cell annotated, in ink that contrasts with the cell, when its numbers fit
    # the cells (four ranks: wide cells); else none (ten ranks of 30 options, see
    # test_every_text_is_at_least_11_pt_and_inside_the_figure)
    assert len(ax.texts) == n * expected.shape[1] or (n > 10 and not ax.texts)
    cmap = matplotlib.colormaps["cividis"]
    for text in ax.texts:
        x, y = (round(v) for v in text.get_position())
        value = expected[y, x]
        shown = text.get_text().rstrip(" %")
        if shown.isdigit():
            assert int(shown) == pytest.approx(100 * value, abs=0.5 + 1e-9)
        else:
            assert (shown, value > 0) in {("<1", True), (">99", True)}
        cell = luminance(cmap(value))
        ink = luminance(matplotlib.colors.to_rgba(text.get_color()))
        other = 1.0 - ink  # black's luminance is 0, white's 1
        assert contrast(cell, ink) >= contrast(cell, other)
    assert len(figure.axes) == 2  # the colour bar
    assert ax.get_xlabel() == "rank"
    title = ax.get_title(loc="left")
    assert f"{SAMPLES:,} plausible weightings" in title and "uniformly" in title
    assert all(r.name in alt for r in result.rows)


# --- every chart ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_names_everyone_and_sizes_grow_with_content(name, report, large):
    small_figure, small_alt = draw(report, name)
    large_figure, large_alt = draw(large, name)
    for rep, alt in ((report, small_alt), (large, large_alt)):
        names = [c.title for c in rep.result.criteria] if name == "stability" else [r.name for r in rep.result.rows]
        assert all(n in alt for n in names)
    small_w, small_h = small_figure.get_size_inches()
    large_w, large_h = large_figure.get_size_inches()
    assert small_w == large_w == figures.WIDTH == 4.8  # drawn for a phone's width, whatever the list
    assert large_h > small_h


def drawn_texts(figure):
    """Every text the figure draws once laid out: visible, not empty, and (a tick label)
    on a tick within its axis's view (matplotlib keeps spare ticks that it does not draw)."""
    figure.draw_without_rendering()
    spare = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    spare.update((tick.label1, tick.label2))
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip() and t not in spare]


@pytest.mark.parametrize("which", ["report", "vikor", "additive", "large"])
@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_at_least_11_pt_and_inside_the_figure(name, which, request):
    """What keeps a chart readable on a phone: the page shrinks its 4.8 in (345.6 pt) to
    the 358 px of content a 390 px screen has, 1.04 px a point, so 11 pt text is 11.4
    px there (tests/test_report_browser.py measures it in the browser).  And no text
    sticks out of the figure (it would be cut off), no heat-map number out of its cell."""
    figure, _ = draw(request.getfixturevalue(which), name)
    texts = drawn_texts(figure)
    assert len(texts) >= 8  # titles, ticks, names... the filter kept what is drawn
    box = figure.bbox
    for text in texts:
        assert text.get_fontsize() >= 11, (text.get_text(), text.get_fontsize())
        extent = text.get_window_extent()
        assert box.x0 - 0.5 <= extent.x0 and extent.x1 <= box.x1 + 0.5, (text.get_text(), extent, box)
        assert box.y0 - 0.5 <= extent.y0 and extent.y1 <= box.y1 + 0.5, (text.get_text(), extent, box)
    if name == "acceptability":
        ax = figure.axes[0]
        cell = ax.get_window_extent().width / len(ax.get_images()[0].get_array()[0])
        assert all(t.get_window_extent().width <= cell for t in ax.texts)


def test_long_names_are_clipped_in_tick_labels(large):
    figure, alt = draw(large, "scores")
    long_name = next(r.name for r in large.result.rows if len(r.name) > 26)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    clipped = [t for t in labels if t.endswith("…")]
    assert len(clipped) == 1 and len(clipped[0]) <= 26 and long_name.startswith(clipped[0][:-1])
    assert long_name in alt


@pytest.mark.parametrize("name", NAMES)
def test_same_chart_same_svg(name, report):
    assert figures.svg(draw(report, name)[0], "c") == figures.svg(draw(report, name)[0], "c")


def test_charts_on_one_page_share_no_id(report):
    pages = [figures.svg(draw(report, name)[0], f"c{k}") for k, name in enumerate(NAMES[:2], 1)]
    ids = [set(re.findall(r'\bid="([^"]+)"', page)) for page in pages]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_drawing_changes_no_matplotlib_setting(report, large):
    before = dict(matplotlib.rcParams)
    for name in NAMES:
        draw(report, name)
        draw(large, name)
    figures.svg(draw(report, "contributions")[0], "x")  # the layout runs when drawn to a file
    assert dict(matplotlib.rcParams) == before


@pytest.mark.slow
def test_charts_draw_in_threads_like_in_sequence(report):
    names = ("contributions", "acceptability")
    expected = {name: figures.svg(draw(report, name)[0], "t") for name in names}
    got: dict[tuple[str, int], str] = {}

    def work(name, k):
        got[name, k] = figures.svg(draw(report, name)[0], "t")

    threads = [threading.Thread(target=work, args=(name, k)) for name in names for k in range(2)]
    # (four figures drawn at once: two of each chart)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == {(name, k): expected[name] for name in names for k in range(2)}


@pytest.mark.slow
def test_no_pyplot_and_no_matplotlib_until_drawn():
    code = (
        "import sys, tradeoff\n"
        "from tradeoff.output import figures\n"
        f"r = tradeoff.Engine(entry_points=False).report_data(tradeoff.load({str(EXAMPLE)!r}), "
        "sensitivity=True, samples=50)\n"
        "assert 'matplotlib' not in sys.modules, 'imported before drawing'\n"
        "for c in r.charts: figures.svg(figures.draw(c, r)[0], 'c')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_smallest_cases_draw(engine):
    scenario = tradeoff.loads(
        'format = 1\n[criteria.speed]\ndirection = "max"\n'
        '[[alternatives]]\nname = "A"\nvalues = { speed = 3 }\n'
        '[[alternatives]]\nname = "B"\nvalues = { speed = 1 }\n'
    )
    report = engine.report_data(scenario, sensitivity=True, samples=50)
    for name in NAMES:
        figure, alt = draw(report, name)
        assert ("speed" in alt) if name == "stability" else ("A" in alt and "B" in alt)
        figures.image(figure, ".png")
