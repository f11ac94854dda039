"""`tradeoff report` and `tradeoff plot`: what the report holds, in html and markdown.

The markdown is parsed by a CommonMark parser (markdown-it-py, tables on) and the html
by the standard library's parser, so the structure checked is what a reader's
software sees, and the escaping is checked by getting the user's text back out.
The page in a real browser: tests/test_report_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import tradeoff
from tradeoff.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
EVIL = "<script>alert(1)</script> & <img src=x onerror=alert(2)> | *x* [a](b) `c` # 1. \\"

HAS_MATPLOTLIB = True
try:
    import matplotlib  # noqa: F401
except ImportError:
    HAS_MATPLOTLIB = False
needs_matplotlib = pytest.mark.skipif(not HAS_MATPLOTLIB, reason="the report extra (matplotlib) is not installed")


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")


@pytest.fixture(scope="module")
def engine():
    return tradeoff.Engine(entry_points=False)


def evil_scenario(tmp_path: Path, stakeholders: bool = False) -> Path:
    """Every user text in the file is hostile; TOML literal strings keep it as is."""
    people = (
        f"""[[stakeholders]]
name = '''Owner {EVIL}'''
weights = {{ scheme = "roc", order = ["cost", "quality"] }}
[[stakeholders]]
name = "Staff"
weights = {{ scheme = "roc", order = ["quality", "cost"] }}
"""
        if stakeholders
        else ""
    )
    weights = "" if stakeholders else "weight = 1\n"
    text = f"""format = 1
title = '''Title {EVIL}'''
description = '''Description {EVIL}'''
method = "wsm"
{people}
[criteria.cost]
direction = "min"
unit = '''USD {EVIL}'''
{weights}
[criteria.quality]
direction = "max"
label = '''Quality {EVIL}'''
{weights}
[[alternatives]]
name = '''Vendor {EVIL}'''
description = '''Offer {EVIL}'''
values = {{ cost = 100, quality = 7 }}
[[alternatives]]
name = "Plain"
values = {{ cost = 80, quality = 5 }}
[[alternatives]]
name = "Third"
values = {{ cost = 120, quality = 6 }}
"""
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> int:
    return main([str(a) for a in args])


# -- markdown -----------------------------------------------------------------------------


def parse_md(text: str) -> list:
    return MarkdownIt("commonmark").enable("table").parse(text)


def headings(tokens: list) -> list[tuple[int, str]]:
    out = []
    for k, t in enumerate(tokens):
        if t.type == "heading_open":
            out.append((int(t.tag[1]), "".join(c.content for c in tokens[k + 1].children if c.type == "text")))
    return out


def tables(tokens: list) -> list[list[list[str]]]:
    """Each table as rows of cell texts (the header row first), as a reader sees them."""
    found, rows, row, cell = [], None, None, None
    for t in tokens:
        if t.type == "table_open":
            rows = []
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            cell = ""
        elif t.type == "inline" and cell is not None:
            cell += "".join(c.content for c in t.children if c.type in ("text", "code_inline"))
        elif t.type in ("th_close", "td_close"):
            row.append(cell)
            cell = None
        elif t.type == "tr_close":
            rows.append(row)
        elif t.type == "table_close":
            found.append(rows)
    return found


@pytest.mark.slow  # a fresh interpreter
def test_markdown_has_every_section_in_order_and_tables_a_parser_reads(engine, tmp_path):
    out = tmp_path / "report.md"
    assert run("report", EXAMPLE, "-o", out, "--sensitivity", "--samples", "500") == 0  # format from suffix
    tokens = parse_md(out.read_text(encoding="utf-8"))
    # the method comparison, when the engine's report data has it (Report.agreement)
    compared = engine.report_data(tradeoff.load(EXAMPLE)).agreement is not None
    assert headings(tokens) == [
        (1, "Should we outsource our IT?"),
        (2, "The answer"),
        (2, "How to read this report"),
        (2, "The options (4)"),
        (2, "What counts, and how much"),
        (2, "Ranking"),
        *([(2, "Do other ways of scoring agree?")] if compared else []),
        (2, "Where each score comes from"),
        (2, "The facts behind the values"),
        (2, "Why BrightPath Managed IT ranks above TechNeighbor (freelancer), and what would change it"),
        (3, "One change that would let TechNeighbor (freelancer) overtake BrightPath Managed IT"),
        (2, "How far the weights can move"),
        (2, "If the weights were different"),
        (2, "Technical appendix"),
        (3, "Glossary"),
        (3, "How sure the answer is: the rules"),
        (3, "Each score split by criterion"),
        (3, "Rank acceptability (SMAA-2)"),
        *([(3, "Method agreement")] if compared else []),
        (3, "Method and provenance"),
    ]
    found = tables(tokens)
    # criteria, ranking, facts, stability; in the appendix contributions, acceptability (and methods)
    assert len(found) == 6 + compared
    for rows in found:
        assert len({len(r) for r in rows}) == 1, rows  # every row as wide as the header
    ranked = json.loads(_stdout(["rank", EXAMPLE, "--format", "json"]))["alternatives"]
    ranking = found[1]
    assert ranking[0][:3] == ["Rank", "Alternative", "Score"]
    assert [r[1] for r in ranking[1:]] == [a["name"] for a in ranked]
    assert [float(r[2]) for r in ranking[1:]] == pytest.approx([a["score"] for a in ranked], abs=5e-5)
    acceptability = found[5]
    assert acceptability[0][:2] == ["Rank", "Alternative"]
    assert [r[0] for r in acceptability[0][2:-1]] == ["#"] * 4
    for r in acceptability[1:]:
        assert sum(float(c.rstrip("%")) for c in r[2:-1]) == pytest.approx(100, abs=0.3)


def _stdout(args: list) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tradeoff.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_markdown_keeps_hostile_text_as_text(engine, tmp_path):
    path = evil_scenario(tmp_path, stakeholders=True)
    text = engine.report(tradeoff.load(path), fmt="markdown")
    tokens = parse_md(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not [c for c in inline if c.type in ("html_inline", "link_open", "image", "em_open", "code_inline")
                and c.type != "code_inline"]
    assert headings(tokens)[0] == (1, f"Title {' '.join(EVIL.split())}")
    names = [row[1] for row in tables(tokens)[1][1:]]
    assert f"Vendor {' '.join(EVIL.split())}" in names
    stakeholders = next(t for t in tables(tokens) if t[0][0] == "Stakeholder")
    assert stakeholders[1][0] == f"Owner {' '.join(EVIL.split())}"


# -- html ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """The elements and the text of a page, as a browser's parser would find them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]


@needs_matplotlib
def test_html_is_one_self_contained_page_with_every_part(engine):
    report = engine.report_data(tradeoff.load(EXAMPLE), sensitivity=True, samples=500)
    text = engine.report_format("html").render(report)
    page = Page(text)
    ids = page.ids()
    for section in ["summary", "options", "criteria", "ranking", "contributions", "facts", "why",
                    "stability", "sensitivity", "provenance"]:
        assert section in ids
    assert "stakeholders" not in ids  # none in this scenario
    for chart in ["scores", "contributions", "stability", "acceptability"]:
        assert f"chart-{chart}" in ids
    assert len(ids) == len(set(ids)), "ids must be unique across the inline charts"
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) == 4 and all(a["role"] == "img" for a in svgs)
    assert all("top choice" in a["aria-label"].lower() for a in svgs[:1] + svgs[2:3])
    assert all("BrightPath Managed IT" in a["aria-label"] for a in svgs[:2] + svgs[3:])
    # nothing to fetch: no script, no external image, style sheet or font
    assert not [t for t, _ in page.tags if t in ("script", "img", "link", "iframe", "object")]
    assert "http://" not in text.replace('"http://www.w3.org/', "") and "https://" not in text
    assert "url(http" not in text and "@import" not in text
    words = " ".join(page.text)
    assert report.provenance.sha256 in words and "2026-01-01" in words


def test_html_escapes_every_user_text(engine, tmp_path):
    text = engine.report(tradeoff.load(evil_scenario(tmp_path, stakeholders=True)), fmt="html")
    page = Page(text)
    assert [t for t, _ in page.tags if t in ("script", "img")] == []
    words = "".join(page.text)
    for shown in [f"Title {EVIL}", f"Vendor {EVIL}", f"Offer {EVIL}", f"Owner {EVIL}", f"Quality {EVIL}"]:
        assert shown in words
    for _, attrs in page.tags:  # attribute values are escaped too (aria-label, title)
        assert not any(name.startswith("on") for name in attrs)


@pytest.mark.slow  # a fresh interpreter
def test_without_matplotlib_the_report_says_so_and_plot_stops(tmp_path):
    block = "import sys; sys.modules['matplotlib'] = None; from tradeoff.cli import main; sys.exit(main(sys.argv[1:]))"
    out = tmp_path / "r.html"
    done = subprocess.run([sys.executable, "-c", block, "report", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warning: the report has no charts" in done.stderr and 'pip install -e ".[report]"' in done.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert "Chart left out: charts need matplotlib" in " ".join(page.text)
    assert "ranking-table" in page.ids()
    done = subprocess.run([sys.executable, "-c", block, "plot", str(EXAMPLE), "scores", "-o", str(tmp_path / "s.png")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "error: tradeoff plot needs matplotlib, the optional extra 'report': "
        'python -m pip install -e ".[report]" in the tradeoff checkout\n'
    )
    assert not (tmp_path / "s.png").exists()


def test_provenance_lets_anyone_make_the_numbers_again(engine, tmp_path):
    report = engine.report_data(tradeoff.load(EXAMPLE), method="wsm", sensitivity=True, samples=300, seed=7)
    p = report.provenance
    assert p.sha256 == hashlib.sha256(EXAMPLE.read_text(encoding="utf-8").encode()).hexdigest()
    assert (p.method, p.normalization, p.samples, p.seed, p.weights, p.date) == ("wsm", "minmax", 300, 7, "uniform", "2026-01-01")
    assert p.version == tradeoff.__version__ and p.file == str(EXAMPLE)
    built = tradeoff.loads(EXAMPLE.read_text(encoding="utf-8"))  # no file: the canonical TOML's hash
    built = type(built)(**{**{f: getattr(built, f) for f in ("title", "description", "format", "context", "method",
                          "weighting", "stakeholders", "criteria", "alternatives")}})
    assert engine.report_data(built).provenance.file is None
    assert engine.report_data(built).provenance.sha256 == hashlib.sha256(tradeoff.dumps(built).encode()).hexdigest()


@pytest.mark.slow
@needs_matplotlib
def test_the_same_inputs_give_the_same_bytes_from_many_threads(engine):
    scenario = tradeoff.load(EXAMPLE)
    first = engine.report(scenario, fmt="html", sensitivity=True, samples=300)
    found: list[str] = []

    def again():
        found.append(engine.report(scenario, fmt="html", sensitivity=True, samples=300))

    workers = [threading.Thread(target=again) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert found == [first] * 4


@needs_matplotlib
def test_plot_writes_png_and_svg_and_sensitivity_charts_run_smaa(tmp_path):
    assert run("plot", EXAMPLE, "scores", "-o", tmp_path / "s.png") == 0
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run("plot", EXAMPLE, "acceptability", "-o", tmp_path / "a.svg", "--samples", "300") == 0
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


@pytest.mark.parametrize(
    "args, message",
    [
        (["plot", EXAMPLE, "score", "-o", "x.png"],
         'error: KIND: expected a registered chart (scores, contributions, acceptability, stability) (did you mean "scores"?), got "score"\n'),
        (["plot", EXAMPLE, "scores", "-o", "x.jpg"], 'error: -o: expected a file name ending in .svg or .png, got "x.jpg"\n'),
        (["report", EXAMPLE, "--format", "pdf"], 'error: --format: expected a registered report format (markdown, html), got "pdf"\n'),
        (["report", EXAMPLE, "--samples", "0", "--sensitivity"], "error: --samples: expected at least 1 sample, got 0\n"),
        (["report", EXAMPLE, "-o", EXAMPLE], f'error: -o: expected an output file that is not an input, got "{EXAMPLE}"\n'),
    ],
)
def test_bad_options_get_one_line_and_status_2(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = EXAMPLE.read_bytes()
    assert run(*args) == 2
    assert capsys.readouterr().err == message
    assert EXAMPLE.read_bytes() == before and list(tmp_path.iterdir()) == []


class BrokenFormat:
    @tradeoff.hookimpl
    def tradeoff_register_reports(self, registrar):
        def render(report):
            raise RuntimeError("boom")

        registrar.add(tradeoff.ReportFormat(name="broken", label="Broken", suffixes=(".bad",), render=render))


def test_a_failing_report_plugin_is_named_and_writes_nothing(tmp_path):
    engine = tradeoff.Engine(entry_points=False, plugins=[BrokenFormat()])
    with pytest.raises(tradeoff.PluginError, match=r"plugin 'BrokenFormat': report format 'broken': raised RuntimeError\('boom'\)"):
        engine.report(tradeoff.load(EXAMPLE), fmt="broken")


def test_reports_cover_ties_one_option_lower_is_better_and_stakeholders(engine, tmp_path):
    one = tradeoff.loads('[criteria.a]\ndirection = "max"\n[[alternatives]]\nname = "Only"\nvalues = { a = 1 }\n')
    for fmt in ("markdown", "html") if HAS_MATPLOTLIB else ("markdown",):
        assert "Only option: Only" in engine.report(one, fmt=fmt)
        text = engine.report(tradeoff.load(EXAMPLE), fmt=fmt, method="vikor", sensitivity=True, samples=200)
        assert "score (lower is better)" in text
        text = engine.report(tradeoff.load(evil_scenario(tmp_path, stakeholders=True)), fmt=fmt)
        assert "Stakeholders" in text and "(differs)" in text


@pytest.mark.slow  # a fresh interpreter
def test_the_report_example_runs_and_adds_its_own_chart(tmp_path):
    pytest.importorskip("matplotlib")
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "report.py"), str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Charts: scores, contributions, stability, acceptability, weights" in done.stdout
    page = Page((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert {"more-charts", "chart-weights"} <= set(page.ids())
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Should we outsource our IT?")


def test_the_docs_python_block_runs_and_prints_what_it_says(monkeypatch, capsys):
    from .test_docs import blocks

    monkeypatch.chdir(ROOT)
    (code,) = blocks((ROOT / "docs" / "report.md").read_text(encoding="utf-8"), "python")
    exec(compile(code, "docs/report.md", "exec"), {"__name__": "docs_report"})
    for claimed in re.findall(r"print\(.*\)\s+# (.+)", code):
        assert claimed.strip() in capsys.readouterr().out


class TeamCharts:
    """A team's own charts: one that draws, one that fails."""

    @tradeoff.hookimpl
    def tradeoff_register_charts(self, registrar):
        def weights(report, figure):
            figure.add_subplot().bar(range(len(report.result.criteria)), report.result.decision.weights)
            return "Weights of the criteria"

        def broken(report, figure):
            raise KeyError("no such column")

        registrar.add(tradeoff.Chart(name="weights", title="Weights", description="d", draw=weights))
        registrar.add(tradeoff.Chart(name="broken", title="Broken", description="d", draw=broken))


@needs_matplotlib
def test_a_plugins_chart_is_drawn_and_a_failing_one_is_named():
    from tradeoff.output import figures

    engine = tradeoff.Engine(entry_points=False, plugins=[TeamCharts()])
    report = engine.report_data(tradeoff.load(EXAMPLE))
    figure, alt = figures.draw(engine.chart("weights"), report)
    assert alt == "Weights of the criteria" and len(figure.axes[0].patches) == 5
    with pytest.raises(tradeoff.PluginError, match=r"^plugin 'TeamCharts': chart 'broken': raised KeyError\('no such column'\)$"):
        engine.report_format("html").render(report)
