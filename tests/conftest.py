"""Shared fixtures and Hypothesis profiles.

Tests never see whatever plugins happen to be installed: the `engine` fixture loads
tradeoff's built-ins only.  Hypothesis runs a quick profile by default (20 examples a
property: drawing an example costs far more than ranking it, and the fast tier runs
about 300 of them) and a thorough one when HYPOTHESIS_PROFILE=ci (as .ci/run sets
it).  A failure found by either is saved in .hypothesis/ and replayed first next time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import tradeoff

settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The default engine (tradeoff.rank, tradeoff.rank_matrix) and the CLI then load no
# third-party plugin; tests that want entry points build an Engine() that asks for them.
os.environ["TRADEOFF_NO_ENTRY_POINTS"] = "1"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def engine() -> tradeoff.Engine:
    """Built-in plugins only, no entry points."""
    return tradeoff.Engine(entry_points=False)


@pytest.fixture
def example_path() -> Path:
    return EXAMPLES / "it-outsourcing.toml"


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """`write_scenario(text, name="s.toml")`: `text` (tests/scenarios.py builds it) as a
    UTF-8 file in the test's own folder; its path."""

    def write(text: str, name: str = "s.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
