"""The wheel holds the one import package `tradeoff` and nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_wheel(tmp_path: Path) -> tuple[Path, str]:
    """Build from a copy, so no build/ or egg-info left in the checkout gets in: the
    wheel, and what the build printed (verbose: the backend's warnings show)."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "build", "dist", "*.egg-info", ".hypothesis", ".pytest_cache", "__pycache__", ".venv"
        ),
    )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = tmp_path.glob("tradeoff-*.whl")
    return wheel, done.stdout + done.stderr


@pytest.mark.slow
def test_wheel_contains_only_the_tradeoff_package(tmp_path):
    wheel, printed = build_wheel(tmp_path)
    assert "DeprecationWarning" not in printed  # e.g. a license table instead of the SPDX string
    names = zipfile.ZipFile(wheel).namelist()
    stray = [n for n in names if not re.match(r"^(tradeoff/|tradeoff-[^/]+\.dist-info/)", n)]
    assert stray == []
    for module in (
        "tradeoff/__init__.py",
        "tradeoff/host/hookspecs.py",
        "tradeoff/criteria/cost.py",
        "tradeoff/criteria/lock_in.py",
        "tradeoff/plugins/topsis.py",
        "tradeoff/plugins/wsm.py",
    ):
        assert module in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "tradeoff = tradeoff.cli:main" in text


def test_sources_import_only_through_tradeoff():
    """A stray `import engine` would work in the checkout and nowhere else."""
    pattern = re.compile(r"^\s*(from|import)\s+(engine|plugins|criteria)\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("engine", "plugins", "criteria", "tests", "examples")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_install_hints_name_a_command_that_works_from_the_checkout():
    """tradeoff is not on the package index: no message or doc says `tradeoff[extra]`."""
    from tradeoff.model.errors import install_hint
    from tradeoff.output import figures

    assert install_hint("report") == 'python -m pip install -e ".[report]" in the tradeoff checkout'
    assert figures.EXTRA_HINT == install_hint("report")
    offenders = [
        str(path.relative_to(ROOT))
        for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "engine").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]
        if "tradeoff[" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
