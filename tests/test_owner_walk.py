"""The owner's walk from the README, as written: a spreadsheet of quotes, a new
scenario, its ranking, explanation and sensitivity, and a PDF report to forward.

Slow (it prints a PDF with headless Chromium).  Skipped without openpyxl, Playwright,
Chromium or pdftotext, unless TRADEOFF_REQUIRE_BROWSER=1 (as .ci/run sets)."""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARK = "<!-- not run: tests/test_owner_walk.py runs these five"
NAMES = ["Keep it in-house", "BrightPath Managed IT", "Cloudwise Solutions", "TechNeighbor (freelancer)"]

pytestmark = pytest.mark.slow


def walk() -> list[list[str]]:
    """The commands of the README's block after `MARK`, one argument list each."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index(MARK) :].split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def test_the_readme_walk_is_the_five_commands_of_the_owners_path():
    assert [command[:2] for command in walk()] == [
        ["tradeoff", "new"], ["tradeoff", "rank"], ["tradeoff", "explain"], ["tradeoff", "sensitivity"], ["tradeoff", "report"],
    ]


def _missing() -> list[str]:
    missing = [m for m in ("openpyxl", "playwright", "matplotlib") if importlib.util.find_spec(m) is None]
    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        missing.append("chromium")
    if shutil.which("pdftotext") is None:
        missing.append("pdftotext")
    return missing


def test_from_the_quotes_spreadsheet_to_a_pdf_report(tmp_path):
    missing = _missing()
    if missing and os.environ.get("TRADEOFF_REQUIRE_BROWSER") != "1":
        pytest.skip(f"the walk needs {', '.join(missing)}")
    assert not missing, f"TRADEOFF_REQUIRE_BROWSER=1 but missing: {missing}"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    tradeoff = [sys.executable, "-c", "import sys; from tradeoff.cli import main; sys.exit(main(sys.argv[1:]))"]
    outputs = []
    for command in walk():
        done = subprocess.run(tradeoff + command[1:], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stderr)
        outputs.append(done.stdout)
    ranked = outputs[1]
    assert all(name[:15] in ranked for name in NAMES)  # a long name is cut to its column
    assert "Top choice: BrightPath Managed IT" in ranked
    assert "BrightPath Managed IT ranks above" in outputs[2]
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert all(name in flat for name in NAMES), flat[:500]
