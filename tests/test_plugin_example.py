"""The example plugin distribution (examples/plugin-compliance) as users get it:
installed, found through its ``tradeoff`` entry point, chosen or left out by the
engine's options and the CLI's environment variables.

Skipped when tradeoff-compliance is not installed (``python -m pip install -e
./examples/plugin-compliance``), unless TRADEOFF_REQUIRE_EXAMPLE_PLUGIN=1 says it must
run.  tests/conftest.py sets TRADEOFF_NO_ENTRY_POINTS=1 for every test; the CLI tests
here unset it, since entry points are what they test.
"""

from __future__ import annotations

import importlib.metadata
import json
import os

import pytest
import tradeoff
from tradeoff.cli import main

DIST = "tradeoff-compliance"
PLUGIN = "compliance"  # the entry point's name, which is the plugin's name

if os.environ.get("TRADEOFF_REQUIRE_EXAMPLE_PLUGIN") == "1":
    import tradeoff_compliance  # an ImportError fails the run
else:
    tradeoff_compliance = pytest.importorskip("tradeoff_compliance", reason=f"{DIST} is not installed")
    try:
        importlib.metadata.distribution(DIST)
    except importlib.metadata.PackageNotFoundError:
        pytest.skip(f"{DIST} is importable but not installed", allow_module_level=True)

#: What the starter's facts imply, ranked in-process without entry points.
EXPECTED_TOP = (
    tradeoff.Engine(entry_points=False, plugins=[tradeoff_compliance])
    .rank(tradeoff_compliance.build())
    .best.name
)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def entry_points_on(monkeypatch):
    """The CLI as a user runs it: every entry point, unless TRADEOFF_PLUGINS says."""
    monkeypatch.delenv("TRADEOFF_NO_ENTRY_POINTS", raising=False)
    monkeypatch.delenv("TRADEOFF_PLUGINS", raising=False)


def test_the_starter_implies_the_dental_specialist():
    assert EXPECTED_TOP == "Dental IT specialist"


def test_the_entry_point_brings_both_criteria_named_by_its_distribution():
    engine = tradeoff.Engine(entry_points=True)
    info = next(p for p in engine.plugins if p.name == PLUGIN)
    assert (info.distribution, info.version) == (DIST, "0.1.0")
    assert info.criteria == ("compliance", "feasibility")
    assert info.templates == ("compliance",)
    for cid in ("compliance", "feasibility"):
        assert engine.criteria[cid].provided_by == PLUGIN
    assert engine.template("compliance").provided_by == PLUGIN


def test_the_entry_point_is_loaded_by_name_and_only_when_asked():
    chosen = tradeoff.Engine(entry_points=[PLUGIN])
    assert {"compliance", "feasibility"} <= set(chosen.criteria)
    assert [p.name for p in chosen.plugins if p.distribution == DIST] == [PLUGIN]

    for engine in (
        tradeoff.Engine(entry_points=False),
        tradeoff.Engine(entry_points=["other"]),
        tradeoff.Engine(entry_points=True, block=[PLUGIN]),
    ):
        assert not {"compliance", "feasibility"} & set(engine.criteria)
        assert "compliance" not in engine.templates
        assert all(p.distribution != DIST for p in engine.plugins)


def test_cli_writes_the_starter_and_ranks_it(capsys, tmp_path, entry_points_on):
    target = tmp_path / "practice.toml"
    assert run(capsys, "new", "--template", "compliance", "-o", str(target)) == (0, "", "")
    assert tradeoff.load(target) == tradeoff_compliance.build()
    status, out, err = run(capsys, "rank", str(target), "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert [c["id"] for c in data["criteria"]] == [
        "cost", "compliance", "control", "expertise", "feasibility", "lock_in", "morale"
    ]
    top = data["alternatives"][0]
    assert (top["name"], top["rank"]) == (EXPECTED_TOP, 1)
    assert top["values"]["compliance"] == pytest.approx(
        3 * (1 - 2.718281828459045**-1.5) + 2 + 1.5 + 1.5 / 2 + 2  # its facts, by the formula
    )


def test_tradeoff_plugins_env_chooses_it(capsys, tmp_path, monkeypatch, entry_points_on):
    target = tmp_path / "practice.toml"
    monkeypatch.setenv("TRADEOFF_PLUGINS", PLUGIN)
    assert run(capsys, "new", "--template", "compliance", "-o", str(target))[0] == 0
    status, out, _ = run(capsys, "rank", str(target), "--format", "json")
    assert status == 0 and json.loads(out)["alternatives"][0]["name"] == EXPECTED_TOP

    monkeypatch.setenv("TRADEOFF_PLUGINS", "other")
    status, out, err = run(capsys, "rank", str(target), "--format", "json")
    assert (status, out) == (2, "")
    assert err.startswith("error: ") and "criteria.compliance" in err
    status, _, err = run(capsys, "new", "--template", "compliance")
    assert status == 2 and '"compliance"' in err


def test_no_entry_points_leaves_it_out(capsys, tmp_path, monkeypatch, entry_points_on):
    target = tmp_path / "practice.toml"
    target.write_text(tradeoff.dumps(tradeoff_compliance.build()), encoding="utf-8")
    assert run(capsys, "rank", str(target))[0] == 0
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    status, _, err = run(capsys, "rank", str(target))
    assert status == 2 and "compliance" in err
    assert run(capsys, "--no-entry-points", "rank", str(target))[0] == 2


def test_tradeoff_plugins_lists_it_with_distribution_and_version(capsys, entry_points_on):
    status, out, err = run(capsys, "plugins", "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    mine = [p for p in data["plugins"] if p["name"] == PLUGIN]
    assert len(mine) == 1
    assert mine[0]["distribution"] == DIST and mine[0]["version"] == "0.1.0"
    assert mine[0]["criteria"] == ["compliance", "feasibility"]
    by_id = {c["id"]: c for c in data["criteria"]}
    assert by_id["compliance"]["formula"] == tradeoff_compliance.COMPLIANCE.formula
    assert by_id["feasibility"]["formula"] == tradeoff_compliance.FEASIBILITY.formula

    status, out, _ = run(capsys, "plugins")
    assert status == 0
    assert f"  {PLUGIN} ({DIST} 0.1.0): criterion compliance, criterion feasibility" in out
