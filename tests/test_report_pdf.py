"""`tradeoff report SCENARIO -o report.pdf`: the html page printed to PDF, nothing lost.

A report on 21 options is written by the real CLI and read back with poppler's
``pdftotext`` and ``pdftoppm``: every option and fact of the facts table is on paper
(a table too wide for A4 used to lose its right-hand columns), every page draws, and
no page ends on a heading.  Those tests start Chromium through Playwright and are
skipped without playwright, chromium, pdftotext or pdftoppm, unless
TRADEOFF_REQUIRE_BROWSER=1 (as .ci/run sets), when they fail and say what is missing.
The errors (the missing extra, a format that is not html) need no browser.
"""

from __future__ import annotations

import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib
from pathlib import Path

import pytest

from tradeoff.cli import main
from tradeoff.model.errors import install_hint
from tradeoff.output import pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
#: Short single-word names, so that each fits its narrow column on paper whole.
NAMES = ("Alder", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Larch", "Maple", "Oak", "Pine", "Rowan", "Yew",
         "Ash", "Beech", "Cherry", "Holly", "Lime", "Poplar", "Spruce", "Willow", "Aspen")


def _missing() -> list[str]:
    try:
        pdf.sync_playwright()
    except pdf.MissingExtra:
        missing = ["the Python package playwright"]
    else:
        missing = []
    if pdf.system_chromium() is None:
        missing.append("a chromium executable (apt-get install chromium)")
    return missing + [f"{tool} (apt-get install poppler-utils)" for tool in ("pdftotext", "pdftoppm")
                      if shutil.which(tool) is None]


def need_browser() -> None:
    missing = _missing()
    if missing and os.environ.get("TRADEOFF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRADEOFF_REQUIRE_BROWSER=1 but the PDF tests cannot run: missing {', '.join(missing)}",
                    pytrace=False)
    if missing:
        pytest.skip(f"the PDF tests need {', '.join(missing)}")


def many_options(folder: Path) -> tuple[Path, list[str]]:
    """The example with its four options' facts given again to 21 options; and the facts' names."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, *options = text.split("[[alternatives]]")
    out = [head]
    for k, name in enumerate(NAMES):
        option = re.sub(r'name = "[^"]*"', f'name = "{name}"', options[k % len(options)], count=1)
        out.append("[[alternatives]]" + option)
    path = folder / "many.toml"
    path.write_text("".join(out), encoding="utf-8")
    facts = sorted({f for a in tomllib.loads(text)["alternatives"] for f in a["facts"]})
    return path, facts


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The 21 options' report as PDF and as html, and the names of the facts."""
    need_browser()
    folder = tmp_path_factory.mktemp("pdf")
    scenario, facts = many_options(folder)
    for suffix in (".pdf", ".html"):
        assert main(["report", str(scenario), "-o", str(folder / f"report{suffix}")]) == 0
    return folder / "report.pdf", folder / "report.html", facts


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def text(path: Path, page: int | None = None) -> str:
    where = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *where, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_the_report_is_a_pdf_whose_facts_table_keeps_every_column(printed):
    out, _, facts = printed
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    whole = text(out)
    start, end = whole.index("The facts behind the values"), whole.index("Shared by every option")
    table = set(whole[start:end].split())
    assert {"Fact", "Unit"} <= table
    assert [n for n in NAMES if n not in table] == []
    assert [f for f in facts if f not in table] == []


@pytest.mark.slow
def test_every_page_draws(printed, tmp_path):
    from PIL import Image

    out, _, _ = printed
    count = pages(out)
    assert count > 1
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == count
    for image in images:
        with Image.open(image) as picture:
            low, high = picture.convert("L").getextrema()
        assert low < 128 < high, f"{image.name} is blank"


class _Headings(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in, self.found = True, [*self.found, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.found[-1] += data


@pytest.mark.slow
def test_no_page_ends_on_a_heading(printed):
    out, page_html, _ = printed
    parser = _Headings()
    parser.feed(page_html.read_text(encoding="utf-8"))
    headings = [" ".join(h.split()) for h in parser.found]
    assert "The facts behind the values" in headings
    for page in range(1, pages(out) + 1):
        lines = [line.strip() for line in text(out, page).splitlines() if line.strip()]
        assert lines, f"page {page} has no text"
        last = lines[-1]
        assert not [h for h in headings if h.endswith(last)], f"page {page} ends on a heading: {last!r}"


@pytest.mark.slow
def test_the_printed_page_fetches_nothing_and_runs_no_script():
    need_browser()
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        page = (f'<html><head><link rel="stylesheet" href="{url}/style.css"></head><body>'
                f'<p id="p">static</p><img src="{url}/image.png">'
                f"<script>document.getElementById('p').textContent = 'script ran'</script></body></html>")
        data = pdf.html_to_pdf(page)
    finally:
        server.shutdown()
        server.server_close()
    assert data.startswith(b"%PDF-")
    assert asked == []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        printed = text(Path(file.name))
    assert "static" in printed and "script ran" not in printed


def test_a_wide_table_is_printed_in_parts_that_repeat_the_names(tmp_path):
    """On screen one facts table; on paper 21 options in parts of 8, 8 and 5, each with
    the columns Fact and Unit first (no browser: the html page itself)."""
    scenario, _ = many_options(tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(scenario), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    screen = re.search(r'<div class="on-screen">.*?id="facts-table".*?</table></div></div>', page, re.S)
    assert screen is not None
    parts = re.findall(r'<table id="facts-table-(\d)"><caption[^>]*>([^<]*)</caption><thead><tr>(.*?)</tr>', page)
    assert [(n, caption.endswith(f"(part {n} of 3)")) for n, caption, _ in parts] == [
        ("1", True), ("2", True), ("3", True)]
    heads = [re.findall(r"<th[^>]*>([^<]*)</th>", row) for *_, row in parts]
    assert [h[:2] for h in heads] == [["Fact", "Unit"]] * 3
    assert [len(h) - 2 for h in heads] == [8, 8, 5]
    assert sorted(name for h in heads for name in h[2:]) == sorted(NAMES)
    assert ".on-paper { display: none; }" in page


def test_without_playwright_one_line_says_how_to_install_it_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playwright", None)  # `import playwright...` raises ImportError
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    out = tmp_path / "report.pdf"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: a PDF report needs Playwright and Chromium, the optional extra 'pdf': {install_hint('pdf')}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_chromium_path_that_is_no_executable_is_an_error(tmp_path, monkeypatch, capsys):
    if _missing()[:1] == ["the Python package playwright"]:
        pytest.skip("needs the Python package playwright")
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(tmp_path / "nowhere"))
    out = tmp_path / "report.pdf"
    assert main(["report", str(EXAMPLE), "-o", str(out)]) == 2
    assert f"{pdf.CHROMIUM_ENV}=" in capsys.readouterr().err
    assert not out.exists()


def test_a_pdf_of_another_format_than_html_is_refused(tmp_path, capsys):
    out = tmp_path / "report.pdf"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--format", "markdown"]) == 2
    assert capsys.readouterr().err == (
        'error: --format: expected html for a .pdf file (the PDF is the html page, printed), got "markdown"\n'
    )
    assert not out.exists()
