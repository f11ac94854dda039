"""Reports and charts on long lists: the first options in full, the next by rank and
score, a note of the rest, so that their size stays bounded (what the command line
prints of long lists: test_long_lists.py)."""

from __future__ import annotations

import re
import struct

import numpy as np
import pytest

import tradeoff
from tradeoff.analyses.analysis import ALL_UP_TO, SHOWN
from tradeoff.output import narrate, render
from tradeoff.output.report import LISTED, compact_rows, contribution_rows, listing

LONG = 5_000


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")


@pytest.fixture(scope="module")
def engine():
    return tradeoff.Engine(entry_points=False)


def scenario_of(n: int, method: str = "topsis") -> tradeoff.Scenario:
    """n random options on three inline criteria (the second a cost), each with a fact."""
    x = np.random.default_rng(5).uniform(1, 100, size=(n, 3)).round(3)
    ids = ("a", "b", "c")
    return tradeoff.Scenario(
        method=tradeoff.MethodChoice(name=method),
        criteria=[tradeoff.CriterionChoice(id=c, direction="min" if c == "b" else "max") for c in ids],
        alternatives=[
            tradeoff.Alternative(name=f"option {i}", description=f"about {i}", values=dict(zip(ids, map(float, row))),
                                 facts={"site": f"s{i}"})
            for i, row in enumerate(x)
        ],
    )


@pytest.fixture(scope="module")
def long_report(engine):
    return engine.report_data(scenario_of(LONG), sensitivity=True, samples=50)


def test_report_data_uses_the_analyses_bounded_forms(engine):
    """Past ALL_UP_TO options a report holds SMAA-2's first ranks only and the split of
    the first options (the runner-up among them), not n^2 figures."""
    n = ALL_UP_TO + 5
    report = engine.report_data(scenario_of(n), sensitivity=True, samples=20)
    assert report.sensitivity.ranks == SHOWN
    split = report.explanation.breakdown.split
    assert split.sum() == SHOWN
    shown = listing(report)
    assert (shown.total, shown.full, shown.listed, shown.left_out) == (n, SHOWN, n, 0)
    index = {name: i for i, name in enumerate(report.result.names)}
    assert all(split[index[row.name]] for row in shown.rows)


def test_a_short_list_is_shown_whole(engine):
    report = engine.report_data(scenario_of(ALL_UP_TO), sensitivity=True, samples=20)
    shown = listing(report)
    assert shown.full == ALL_UP_TO and not shown.long and shown.note() == ""
    assert compact_rows(report) is None
    assert len(contribution_rows(report).rows) == ALL_UP_TO and contribution_rows(report).note == ""
    text = engine.report_format("markdown").render(report)
    assert "left out" not in text and "options only" not in text
    assert "| 100 | option " in text or text.count("| option ") >= ALL_UP_TO


def test_markdown_of_5000_options_is_small_and_says_what_it_leaves_out(engine, long_report):
    from markdown_it import MarkdownIt

    text = engine.report_format("markdown").render(long_report)
    assert len(text.encode()) < 200_000
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    bodies, rows = [], 0
    for token in tokens:
        if token.type == "tbody_open":
            rows = 0
        elif token.type == "tr_open":
            rows += 1
        elif token.type == "tbody_close":
            bodies.append(rows)
    # criteria, ranking (first 10), the next ones, facts (one row), stability; in the technical
    # appendix contributions and acceptability
    assert bodies == [3, SHOWN, LISTED - SHOWN, 1, 3, SHOWN, SHOWN]
    assert (
        f"The first {SHOWN} of {LONG:,} options are shown in full, the next {LISTED - SHOWN:,} by rank and score "
        f"only, and the other {LONG - LISTED:,} are left out" in text
    )
    assert f"Scores split by criterion: the first {SHOWN} of {LONG:,} options only." in text
    assert f"Rank acceptability: the first {SHOWN} of {LONG:,} options only." in text
    assert f"the other {LONG - SHOWN:,} are not described here" in text
    assert text.count("- **option ") == SHOWN
    # the compact table ends with the LISTED-th option in rank order
    last = long_report.result.leaders(LISTED)[-1]
    assert f"| {last.rank} | {last.name} |" in text
    assert f"| {long_report.result.leaders(LISTED + 1)[-1].name} |" not in text


def test_html_of_5000_options_stays_under_a_megabyte(engine, long_report):
    text = engine.report_format("html").render(long_report)
    assert len(text.encode()) < 1_000_000
    assert ">nan<" not in text.lower()
    ranking = re.search(r'<table id="ranking-table">.*?</table>', text, re.DOTALL).group()
    more = re.search(r'<table id="ranking-more-table">.*?</table>', text, re.DOTALL).group()
    accept = re.search(r'<table id="acceptability-table">.*?</table>', text, re.DOTALL).group()
    assert ranking.count("<tr>") == SHOWN + 1 and more.count("<tr>") == LISTED - SHOWN + 1
    assert accept.count("<tr>") == SHOWN + 1 and accept.count('<th scope="col"') == 2 + SHOWN + 1
    assert text.count("<dt>option ") == SHOWN
    assert text.count('<p class="note">') == 5  # options, ranking, contributions, facts, acceptability
    if tradeoff.output.figures.available():
        assert f"{LONG - SHOWN:,} more options are not drawn." in text


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_charts_of_5000_options_draw_the_first_ones_and_say_how_many_are_not(engine, long_report):
    pytest.importorskip("matplotlib")
    from tradeoff.output import figures

    for name in ("scores", "contributions", "acceptability"):
        figure, alt = figures.draw(engine.chart(name), long_report)
        width, height = png_size(figures.image(figure, ".png"))
        assert height < 1_200 and width < 1_500, name
        assert alt.endswith(f" {LONG - SHOWN:,} more options are not drawn."), name
        title = figure.axes[0].get_title(loc="left")
        assert f"(the first {SHOWN} of {LONG:,} options; {LONG - SHOWN:,} more not drawn)" in title, name
        labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
        assert labels == [row.name for row in listing(long_report).rows], name
        assert not re.search(r"\bnan\b", alt, re.IGNORECASE)
    figure, _ = figures.draw(engine.chart("acceptability"), long_report)
    assert len(figure.axes[0].get_images()[0].get_array()[0]) == SHOWN  # the ranks kept


def test_explain_shows_only_the_scores_it_split_and_says_so(engine):
    """TOPSIS past ALL_UP_TO options splits the first SHOWN and the pair compared: the
    table shows those rows, no NaN."""
    n = ALL_UP_TO + 50
    scenario = scenario_of(n)
    result = engine.rank(scenario)
    far, farther = result.rows[-2].name, result.rows[-1].name
    text = narrate.table(engine.explain(scenario, alternative=far, vs=farther))
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    lines = [line for line in text.splitlines() if re.match(r"\s*\d+\s+option ", line)]
    assert len(lines) == SHOWN + 2
    assert f"{n - SHOWN - 2:,} more alternatives not split" in " ".join(text.split())
    additive = narrate.table(engine.explain(scenario_of(n, "wsm")))  # every score split
    assert "not split" not in additive and len(re.findall(r"(?m)^\s*\d+\s+option ", additive)) == n


def test_sensitivity_table_reads_the_ranks_kept(engine):
    small = render.sensitivity_table(engine.sensitivity(scenario_of(4), samples=50))
    assert re.search(r"#4\s+confidence", small)
    n = ALL_UP_TO + 20
    long = render.sensitivity_table(engine.sensitivity(scenario_of(n), samples=50))
    assert re.search(r"#6\s+confidence", long)
    few = render.sensitivity_table(engine.sensitivity(scenario_of(n), samples=50, ranks=3))
    assert re.search(r"#3\s+confidence", few) and "#4" not in few
