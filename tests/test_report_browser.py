"""The html report in a real browser: it renders, it is self-contained, it escapes.

Reports are written by the real CLI (`tradeoff report ...`) into a temporary folder and
opened headless in the system's Chromium through Playwright (`playwright.sync_api`;
Playwright's own browser downloads are not needed).  Every request the page makes goes
through a route that lets only the report's own file:// URL through; each visit fails
if the page tried to fetch anything else.

Needs the Python package ``playwright`` and a ``chromium`` executable (on PATH or at
/usr/bin/chromium).  Without them the module is skipped, unless
TRADEOFF_REQUIRE_BROWSER=1 (as .ci/run sets), in which case every test fails and says
what is missing.  The chart checks need matplotlib (the extra ``report``); without it
they are skipped unless TRADEOFF_REQUIRE_MATPLOTLIB=1.

Screenshots and the printed PDF land in each test's ``tmp_path``; set
TRADEOFF_SCREENSHOTS=/some/folder to get copies there too, to look at:
``report-desktop.png``, ``report-phone.png``, ``report-escaping.png``,
``report-stakeholders.png`` and ``report-print.pdf``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from tradeoff.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
pytestmark = pytest.mark.slow  # drives a real browser
CHARTS = ("scores", "contributions", "stability", "acceptability")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def _chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None

CHROMIUM = _chromium()
MISSING = [
    *(["the Python package playwright (python -m pip install playwright)"] if sync_playwright is None else []),
    *(["a chromium executable (apt-get install chromium)"] if CHROMIUM is None else []),
]
REQUIRED = os.environ.get("TRADEOFF_REQUIRE_BROWSER") == "1"
if MISSING and not REQUIRED:
    pytest.skip(f"the browser tests need {' and '.join(MISSING)}", allow_module_level=True)


def need_matplotlib() -> None:
    """Charts are drawn with matplotlib; .ci/run installs it and sets the variable."""
    if os.environ.get("TRADEOFF_REQUIRE_MATPLOTLIB") != "1" and importlib.util.find_spec("matplotlib") is None:
        pytest.skip("charts need matplotlib, the optional extra 'report'")


# -- fixtures: one browser, the reports written once ---------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if MISSING:
        pytest.fail(
            f"TRADEOFF_REQUIRE_BROWSER=1 but the browser tests cannot run: missing {' and '.join(MISSING)}",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def cli(*argv: str) -> None:
    status = main([str(a) for a in argv])
    assert status == 0, f"tradeoff {' '.join(map(str, argv))} exited with {status}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="module")
def example_report(reports: Path) -> Path:
    out = reports / "example.html"
    cli("report", EXAMPLE, "-o", out, "--sensitivity", "--samples", 2000, "--seed", 1)
    return out


@pytest.fixture(scope="module")
def ranking(reports: Path) -> list[tuple[str, str]]:
    """(rank, name) best first, as `tradeoff rank --format json` gives them."""
    out = reports / "ranking.json"
    cli("rank", EXAMPLE, "--format", "json", "-o", out)
    rows = [(row["rank"], row["name"]) for row in json.loads(out.read_text(encoding="utf-8"))["alternatives"]]
    assert rows == sorted(rows, key=lambda row: row[0])
    return [(str(rank), name) for rank, name in rows]


@pytest.fixture(scope="module")
def ranked_names(ranking: list[tuple[str, str]]) -> list[str]:
    return [name for _, name in ranking]


STAKEHOLDERS = """
[[stakeholders]]
name = "Owner"
influence = 2
weights = { scheme = "roc", order = ["cost", "control", "expertise", "lock_in", "morale"] }

[[stakeholders]]
name = "Office manager"
weights = { scheme = "swing", points = { morale = 100, control = 60, cost = 50, expertise = 40, lock_in = 20 } }
"""


@pytest.fixture(scope="module")
def stakeholder_report(reports: Path) -> Path:
    """The shipped example with the two stakeholders of docs/scenario-file.md instead of
    its own weights (the two cannot be combined)."""
    text = re.sub(r"(?m)^weight = .*\n", "", EXAMPLE.read_text(encoding="utf-8"))
    assert "weight =" not in text
    scenario = reports / "stakeholders.toml"
    scenario.write_text(text.replace("\n[context]", STAKEHOLDERS + "\n[context]", 1), encoding="utf-8")
    out = reports / "stakeholders.html"
    cli("report", scenario, "-o", out)
    return out


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII text is a TOML basic string


HOSTILE = f"""
format = 1
title = {toml_string(f"Vendors {SCRIPT} and {IMG}")}
description = {toml_string(f"Description {SCRIPT} {IMG}")}

[[stakeholders]]
name = {toml_string(f"Owner {SCRIPT} {IMG}")}
weights = {{ scheme = "roc", order = ["price", "quality"] }}

[[stakeholders]]
name = "Staff"
weights = {{ scheme = "roc", order = ["quality", "price"] }}

[criteria.price]
direction = "min"
unit = "USD"

[criteria.quality]
direction = "max"
label = {toml_string(f"Quality {IMG}")}

[[alternatives]]
name = {toml_string(SCRIPT)}
description = {toml_string(f"It says {IMG}")}
values = {{ price = 100, quality = 7 }}

[[alternatives]]
name = {toml_string(f"Plain {IMG}")}
description = {toml_string(f"It says {SCRIPT}")}
values = {{ price = 80, quality = 5 }}

[[alternatives]]
name = "Third"
values = {{ price = 120, quality = 9 }}
"""


@pytest.fixture(scope="module")
def hostile_report(reports: Path) -> Path:
    scenario = reports / "hostile.toml"
    scenario.write_text(HOSTILE, encoding="utf-8")
    out = reports / "hostile.html"
    cli("report", scenario, "-o", out, "--sensitivity", "--samples", 300)
    return out


# -- a visit: the page, with everything it tried recorded -----------------------------


@attrs.define
class Visit:
    page: Any
    uri: str
    elsewhere: list[str] = attrs.Factory(list)  # requests for anything but the report itself
    console: list[tuple[str, str]] = attrs.Factory(list)
    errors: list[str] = attrs.Factory(list)
    dialogs: list[str] = attrs.Factory(list)


@contextlib.contextmanager
def visit(browser: Any, path: Path, viewport: dict[str, int] = DESKTOP, **context: Any) -> Iterator[Visit]:
    """Open `path` in a fresh browser context; every request other than the page itself
    is aborted and recorded, and leaving checks that there was none."""
    ctx = browser.new_context(viewport=viewport, **context)
    try:
        page = ctx.new_page()
        v = Visit(page, path.as_uri())

        def route(route: Any) -> None:
            if route.request.url == v.uri:
                route.continue_()
            else:
                v.elsewhere.append(route.request.url)
                route.abort()

        def dialog(d: Any) -> None:
            v.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.route("**/*", route)
        page.on("console", lambda m: v.console.append((m.type, m.text)))
        page.on("pageerror", lambda error: v.errors.append(str(error)))
        page.on("dialog", dialog)
        response = page.goto(v.uri, wait_until="load")
        assert response is not None and response.ok
        yield v
        assert v.elsewhere == [], "the page is not self-contained: it tried to fetch these"
    finally:
        ctx.close()


def keep(path: Path) -> None:
    """Copy a screenshot or PDF to $TRADEOFF_SCREENSHOTS, when set, to look at."""
    folder = os.environ.get("TRADEOFF_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(folder) / path.name)


def screenshot(page: Any, path: Path, width: int) -> tuple[int, int]:
    """A full-page PNG screenshot; returns its size in pixels, after checking it is one."""
    page.screenshot(path=str(path), full_page=True)
    keep(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    w, h = struct.unpack(">II", data[16:24])
    assert w == width  # device scale factor 1
    assert 10_000 < len(data) < 50_000_000
    return w, h


# -- the tests -----------------------------------------------------------------------


def test_the_recorders_see_requests_dialogs_and_console_errors(browser, tmp_path):
    """The checks below assert that nothing was recorded; this shows they would record."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><body><img src="https://example.invalid/x.png">'
        '<link rel="stylesheet" href="style.css"><script>alert(3)</script></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="not self-contained"), visit(browser, page) as v:
        pass
    assert sorted(v.elsewhere) == sorted(["https://example.invalid/x.png", (tmp_path / "style.css").as_uri()])
    assert v.dialogs == ["alert: 3"]
    assert ("error", "Failed to load resource: net::ERR_FAILED") in v.console


def test_example_report_renders_cleanly_with_the_cli_ranking(browser, example_report, ranking, tmp_path):
    with visit(browser, example_report) as v:
        page = v.page
        sections = page.eval_on_selector_all("body section[id]", "s => s.map(e => e.id)")
        assert sections == [
            "summary", "options", "criteria", "ranking", "agreement", "contributions", "facts", "why", "stability",
            "sensitivity", "appendix", "glossary", "robustness-rules", "contributions-detail", "acceptability-detail",
            "agreement-detail", "provenance",
        ]
        table = page.locator("#ranking-table")
        assert table.is_visible()
        rows = table.locator("tbody tr")
        assert rows.count() == len(ranking) == 4
        shown = zip(rows.locator("td:first-child").all_inner_texts(), rows.locator("th").all_inner_texts())
        assert [(rank.strip(), name.strip()) for rank, name in shown] == ranking
        assert ranking[0][1] in page.locator("#summary .verdict").inner_text()
        for ident in ("criteria", "contributions", "facts", "stability", "acceptability"):
            assert page.locator(f"#{ident}-table").is_visible()
        shot = tmp_path / "report-desktop.png"
        _, height = screenshot(page, shot, DESKTOP["width"])
        assert height > 3 * DESKTOP["height"]  # the whole page, not the viewport
        assert [m for m in v.console if m[0] in ("error", "warning")] == []
        assert v.errors == []
        assert v.dialogs == []


def test_the_four_charts_are_drawn_visible_and_labelled(browser, example_report, ranked_names):
    need_matplotlib()
    top = ranked_names[0]
    with visit(browser, example_report) as v:
        page = v.page
        assert page.locator("figure.chart .missing").count() == 0
        for name in CHARTS:
            figure = page.locator(f"figure.chart#chart-{name}")
            assert figure.count() == 1, f"chart {name} is missing"
            svg = figure.locator("svg")
            assert svg.count() == 1
            assert svg.is_visible()
            box = svg.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 50, (name, box)
            assert svg.get_attribute("role") == "img"
            label = (svg.get_attribute("aria-label") or "").strip()
            assert label, f"chart {name} has no aria-label"
            assert top in label, f"chart {name}'s aria-label does not name the top choice {top!r}: {label!r}"
        assert v.errors == []


# -- a phone: nothing scrolls sideways, tables are cards, chart text >= 11 px -----------

UNBROKEN = "Option0" + "x" * 70  # no break anywhere: it must wrap, not widen the page


@pytest.fixture(scope="module")
def wide_report(reports: Path) -> Path:
    """150 options (a long list: the first 10 in full, then by rank and score, the rest
    a note) on 12 criteria with long labels, units and descriptions (wide tables), the
    top choice's name 77 letters with no break, a fact each (the facts table)."""
    rng = __import__("random").Random(3)
    lines = ["format = 1", 'title = "Many options, many criteria"']
    for j in range(12):
        lines += [
            f"[criteria.c{j}]", f'direction = "{"min" if j % 3 == 0 else "max"}"', f"weight = {rng.randint(1, 9)}",
            f'label = "Criterion number {j} with a rather long label"', 'unit = "units per month"',
            f'description = "What criterion {j} captures, said at some length so that it wraps."',
        ]
    for i in range(150):  # the one with the unbroken name first on every criterion: in headings too
        values = ", ".join(f"c{j} = {(1 if j % 3 == 0 else 100) if i == 0 else rng.uniform(2, 99):.3f}" for j in range(12))
        name = UNBROKEN if i == 0 else f"Option {i}"
        lines += ["[[alternatives]]", f"name = {toml_string(name)}", f"values = {{ {values} }}",
                  "[alternatives.facts]", f"site_code = {toml_string(f'SITE-{i:04d}-' + 'Q' * 30)}"]
    scenario = reports / "wide.toml"
    scenario.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = reports / "wide.html"
    cli("report", scenario, "-o", out, "--sensitivity", "--samples", 300, "--seed", 2)
    return out


PHONE_REPORTS = ["example_report", "wide_report", "hostile_report", "stakeholder_report"]
#: Every element of the page (an SVG's insides apart: `chart_texts` measures those)
#: that has a box, with its box.
BOXES = """() => [...document.body.querySelectorAll('*')]
    .filter(e => !(e.closest('svg') && e.localName !== 'svg'))
    .map(e => ({what: e.localName + (e.id ? '#' + e.id : ''), r: e.getBoundingClientRect()}))
    .filter(b => b.r.width > 0 || b.r.height > 0)
    .map(b => ({what: b.what, left: b.r.left, right: b.r.right}))"""


def on_a_phone(browser: Any, path: Path) -> Any:
    return visit(browser, path, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("which", PHONE_REPORTS)
def test_on_a_phone_nothing_is_wider_than_the_screen(browser, which, request, tmp_path):
    """No sideways scrolling at 390 px: the document is no wider than the screen and no
    element's box (tables, cells, figures, SVGs, code, the provenance list, captions,
    headings with a long unbroken name) reaches past either edge."""
    with on_a_phone(browser, request.getfixturevalue(which)) as v:
        page = v.page
        width = page.evaluate("window.innerWidth")
        assert width == PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        boxes = page.evaluate(BOXES)
        assert len(boxes) > 100
        outside = [b for b in boxes if b["left"] < -0.5 or b["right"] > width + 0.5]
        assert outside == [], outside[:10]
        if which == "example_report":
            screenshot(page, tmp_path / "report-phone.png", PHONE["width"])
        assert v.errors == []


CARDS = """() => [...document.querySelectorAll('table')].filter(t => t.offsetParent !== null).map(t => {
    const heads = [...t.tHead.rows[0].cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim());
    const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
    return {
        id: t.id, display: getComputedStyle(t).display, head: getComputedStyle(t.tHead).display, heads,
        rows: [...t.tBodies[0].rows].map(row => ({
            display: getComputedStyle(row).display,
            cells: [...row.cells].map(c => ({
                kind: c.localName, label: c.dataset.label, before: getComputedStyle(c, '::before').content,
                box: box(c), clipped: c.scrollWidth > c.clientWidth + 1,
                inside: [...c.querySelectorAll('*')].every(d => d.getBoundingClientRect().right <= c.getBoundingClientRect().right + 0.5),
            })),
        })),
    };
})"""


@pytest.mark.parametrize("which", PHONE_REPORTS)
def test_on_a_phone_each_table_row_is_a_card_headed_by_its_name(browser, which, request):
    """At 390 px a table of four columns or more is read down the screen: each row a
    card (a block, not a table row), its name (the row's th) on top, every other cell
    labelled by its column's head (``data-label``, shown by ``td::before``); a narrower
    table (rank, name, score) stays a table.  Every cell is inside the screen and none
    is clipped (its content no wider than its box, every element in it inside it)."""
    with on_a_phone(browser, request.getfixturevalue(which)) as v:
        tables = v.page.evaluate(CARDS)
        assert len(tables) >= 5
        for t in tables:
            cards = len(t["heads"]) >= 4
            assert (t["display"], t["head"]) == (("block", "none") if cards else ("table", "table-header-group")), t["id"]
            assert t["rows"], t["id"]
            for row in t["rows"]:
                assert row["display"] == ("flex" if cards else "table-row"), t["id"]
                cells = row["cells"]
                assert len(cells) == len(t["heads"])
                names = [c for c in cells if c["kind"] == "th"]
                assert len(names) == 1, t["id"]
                if cards:
                    assert all(names[0]["box"]["top"] < c["box"]["top"] for c in cells if c["kind"] == "td"), t["id"]
                for head, c in zip(t["heads"], cells):
                    assert 0 <= c["box"]["left"] and c["box"]["right"] <= PHONE["width"], (t["id"], head, c)
                    assert not c["clipped"] and c["inside"], (t["id"], head, c)
                    if c["kind"] == "td":
                        assert c["label"] == head, (t["id"], head, c)
                        assert c["before"] == (json.dumps(head) if cards else "none"), (t["id"], head, c)
        ids = {t["id"] for t in tables if t["display"] == "block"}
        assert {"criteria-table", "ranking-table", "contributions-table", "stability-table"} <= ids
        if which == "wide_report":  # the options after the first ten: rank, name and score
            assert ("ranking-more-table", "table") in {(t["id"], t["display"]) for t in tables}
        assert v.errors == []


#: Each text of each chart: matplotlib writes a text as glyph outlines (no <text>
#: element, no font to fetch) in a group ``translate(x y) [rotate(a)] scale(s -s)``
#: whose glyphs are 100 units to the em, the comment before it saying what it reads.
CHART_TEXTS = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('g[transform*="scale("]')].filter(g => g.querySelector(':scope > use'))
        .map(g => {
            const m = g.getScreenCTM(), r = g.getBoundingClientRect();
            let said = g.previousSibling;
            while (said && said.nodeType !== Node.COMMENT_NODE) said = said.previousSibling;
            return {text: said ? said.textContent.trim() : '', scale: Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
                    turned: Math.abs(m.b) > Math.abs(m.a), left: r.left, right: r.right, top: r.top,
                    bottom: r.bottom, width: r.width, height: r.height};
        });
    return {chart: svg.closest('figure').id, left: frame.left, right: frame.right, top: frame.top,
            bottom: frame.bottom, texts};
})"""


@pytest.mark.parametrize("which", ["example_report", "wide_report"])
def test_on_a_phone_chart_text_is_at_least_11_px(browser, which, request):
    """Every text of every chart, as rendered at 390 px, is at least 11 px.

    The honest measure is the text's font size on screen: its glyph group's scale to
    the screen (the square root of the determinant of ``getScreenCTM()``, which holds
    the SVG's shrinking to the screen by its viewBox and the text's own scale, whatever
    its rotation) times the 100 units of its glyphs' em.  A text's box alone would not
    do: "0.716" is shorter than "Expertise" in the same font.  The box keeps the
    measure honest: no text is taller than 1.3 em and one with a digit or a capital
    letter is at least 0.65 em tall (cap height 0.73 em); and every text lies inside
    its SVG, which lies inside the screen."""
    need_matplotlib()
    with on_a_phone(browser, request.getfixturevalue(which)) as v:
        charts = v.page.evaluate(CHART_TEXTS)
        assert len(charts) == 4
        for chart in charts:
            assert 0 <= chart["left"] and chart["right"] <= PHONE["width"], chart["chart"]
            texts = chart["texts"]
            assert len(texts) >= 15, chart["chart"]
            for t in texts:
                size = 100 * t["scale"]
                assert size >= 11, (chart["chart"], t["text"], size)
                tall = t["width"] if t["turned"] else t["height"]
                assert tall <= 1.3 * size, (chart["chart"], t)
                if re.search(r"[0-9A-Z]", t["text"]):
                    assert tall >= 0.65 * size, (chart["chart"], t)
                for side, sign in (("left", 1), ("top", 1), ("right", -1), ("bottom", -1)):
                    assert sign * (t[side] - chart[side]) >= -0.5, (chart["chart"], side, t)
        assert v.errors == []


def test_on_a_desktop_tables_are_tables_and_charts_their_natural_size(browser, wide_report):
    with visit(browser, wide_report) as v:
        page = v.page
        tables = page.eval_on_selector_all(
            "table",
            """ts => ts.filter(t => t.offsetParent !== null).map(t => [getComputedStyle(t).display,
                    getComputedStyle(t.tHead).display, getComputedStyle(t.tBodies[0].rows[0]).display,
                    getComputedStyle(t.closest('.scroll')).overflowX])""",
        )
        assert len(tables) >= 6
        assert set(map(tuple, tables)) == {("table", "table-header-group", "table-row", "auto")}
        widths = page.eval_on_selector_all("figure.chart svg", "ss => ss.map(s => s.getBoundingClientRect().width)")
        if widths:  # with matplotlib: 4.8 in at 96 px an inch
            assert widths == [pytest.approx(4.8 * 96, abs=1)] * len(widths)
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        assert v.errors == []


def test_printed_from_a_phone_tables_stay_tables(browser, wide_report):
    """The cards are for screens: print media at a phone's width still has tables, the
    wide ones as their printed parts."""
    with on_a_phone(browser, wide_report) as v:
        page = v.page
        assert page.evaluate("getComputedStyle(document.querySelector('table')).display") == "block"
        page.emulate_media(media="print")
        shown = page.eval_on_selector_all(
            "table", "ts => ts.filter(t => t.offsetParent !== null).map(t => [t.id, getComputedStyle(t).display])"
        )
        assert shown and {display for _, display in shown} == {"table"}
        ids = {ident for ident, _ in shown}
        assert "ranking-table-1" in ids and "ranking-table" not in ids  # 15 columns: printed in parts
        assert v.errors == []


def test_it_prints_to_pdf_with_the_print_style(browser, example_report, tmp_path):
    with visit(browser, example_report) as v:
        page = v.page
        assert page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowX") == "auto"
        page.emulate_media(media="print")
        # The @media print block applies: wrappers stop scrolling, the page uses the full width.
        assert page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowX") == "visible"
        assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "none"
        margins = {side: "12mm" for side in ("top", "right", "bottom", "left")}
        pdf = page.pdf(format="A4", print_background=True, margin=margins)
        out = tmp_path / "report-print.pdf"
        out.write_bytes(pdf)
        keep(out)
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        assert len(pdf) > 20_000
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert 2 <= pages <= 30, pages
        assert v.errors == []


def test_user_text_is_shown_as_text_never_run(browser, hostile_report, tmp_path):
    with visit(browser, hostile_report) as v:
        page = v.page
        assert v.dialogs == []
        assert v.errors == []
        assert page.evaluate("document.getElementsByTagName('script').length") == 0
        assert page.evaluate("document.getElementsByTagName('img').length") == 0
        assert page.evaluate("document.images.length") == 0
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.localName + ' ' + a.name))"
        )
        assert handlers == []
        text = page.locator("body").inner_text()
        assert SCRIPT in text and IMG in text
        assert page.locator("h1").inner_text() == f"Vendors {SCRIPT} and {IMG}"
        assert SCRIPT in page.title()
        assert f"Owner {SCRIPT} {IMG}" in page.locator("#stakeholders-table").inner_text()
        assert SCRIPT in page.locator("#ranking-table tbody").inner_text()
        screenshot(page, tmp_path / "report-escaping.png", DESKTOP["width"])
        page.wait_for_timeout(200)  # a late onerror would have fired by now
        assert v.dialogs == []


def test_a_stakeholders_scenario_shows_their_table(browser, stakeholder_report, example_report, tmp_path):
    with visit(browser, stakeholder_report) as v:
        page = v.page
        assert page.locator("section#stakeholders").is_visible()
        table = page.locator("#stakeholders-table")
        assert table.is_visible()
        assert [t.strip() for t in table.locator("tbody tr th").all_inner_texts()] == ["Owner", "Office manager"]
        influence = [t.strip() for t in table.locator("tbody tr td:nth-of-type(1)").all_inner_texts()]
        assert influence == ["2", "1"]
        heads = [t.strip() for t in table.locator("thead th").all_inner_texts()]
        assert heads[:3] == ["Stakeholder", "Influence", "Own top choice"] and len(heads) == 3 + 5
        # Without --sensitivity there is no SMAA-2 section and no acceptability chart.
        assert page.locator("#sensitivity, #acceptability-table, #chart-acceptability").count() == 0
        screenshot(page, tmp_path / "report-stakeholders.png", DESKTOP["width"])
        assert v.errors == []
    with visit(browser, example_report) as v:
        assert v.page.locator("#stakeholders, #stakeholders-table").count() == 0


@pytest.mark.parametrize("which", ["example_report", "stakeholder_report", "hostile_report"])
def test_accessibility_basics(browser, which, request):
    path = request.getfixturevalue(which)
    with visit(browser, path) as v:
        page = v.page
        assert page.evaluate("document.documentElement.lang").strip()
        assert page.locator("h1").count() == 1
        tables = page.eval_on_selector_all(
            "table",
            """ts => ts.map(t => ({
                id: t.id,
                caption: t.caption ? t.caption.textContent.trim() : '',
                heads: t.querySelectorAll(':scope > thead th').length,
                cells: t.tHead ? t.tHead.querySelectorAll('td').length : -1,
                columns: [...t.tBodies].flatMap(b => [...b.rows]).map(r => r.cells.length),
            }))""",
        )
        assert len(tables) >= 6
        for t in tables:
            assert t["caption"], f"table {t['id']} has no caption"
            assert t["heads"] > 0 and t["cells"] == 0, f"table {t['id']} has no header row of th cells"
            assert t["columns"] and set(t["columns"]) == {t["heads"]}, t
        svgs = page.eval_on_selector_all(
            "figure.chart svg", "ss => ss.map(s => [s.getAttribute('role'), s.getAttribute('aria-label')])"
        )
        assert len(svgs) == page.locator("figure.chart").count() - page.locator("figure.chart .missing").count()
        for role, label in svgs:
            assert role == "img" and label and label.strip()
