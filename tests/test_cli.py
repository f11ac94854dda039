"""The command line: outputs, files written atomically, exact errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

import tradeoff
from tradeoff.cli import main
from tradeoff.model.errors import closest_first
from tradeoff.output import render


@pytest.fixture(autouse=True)
def _no_entry_points(monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_rank_table_fits_80_columns_and_shows_every_criterion(capsys, example_path):
    status, out, err = run(capsys, "rank", str(example_path))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("Rank"))
    assert header.split() == ["Rank", "Alternative", "Score", "cost", "expertise", "control", "lock_in", "morale"]
    first = lines[lines.index(header) + 2]
    assert first.split()[:4] == ["1", "BrightPath", "Managed", "IT"]
    assert "Top choice: BrightPath Managed IT" in out


def test_rank_json_is_the_contract_result(capsys, example_path, engine):
    status, out, _ = run(capsys, "rank", str(example_path), "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert list(data) == ["format", "title", "method", "weighting", "criteria", "alternatives"]
    assert data["weighting"] == {
        "scheme": "direct",
        "weights": {"cost": 0.3, "expertise": 0.2, "control": 0.2, "lock_in": 0.15, "morale": 0.15},
    }
    method = data["method"]
    assert {k: method[k] for k in ("name", "params", "higher_is_better")} == {
        "name": "topsis", "params": {"normalization": "vector"}, "higher_is_better": True
    }
    assert set(method["diagnostics"]) == {"ideal", "anti_ideal"}
    assert list(method["diagnostics"]["ideal"]) == ["cost", "expertise", "control", "lock_in", "morale"]
    assert [c["id"] for c in data["criteria"]] == ["cost", "expertise", "control", "lock_in", "morale"]
    assert sum(c["weight"] for c in data["criteria"]) == pytest.approx(1)
    assert [a["rank"] for a in data["alternatives"]] == [1, 2, 3, 4]
    assert set(data["alternatives"][0]) == {"name", "rank", "score", "values", "diagnostics"}
    assert set(data["alternatives"][0]["diagnostics"]) == {"distance_to_ideal", "distance_to_anti_ideal"}
    # the result, each number written to 15 significant digits (docs/scenario-file.md)
    assert data == render.plain_data(engine.rank(tradeoff.load(example_path)).to_dict())


def test_rank_csv_and_markdown(capsys, example_path):
    _, out, _ = run(capsys, "rank", str(example_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["rank", "name", "score", "cost", "expertise", "control", "lock_in", "morale"]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    _, out, _ = run(capsys, "rank", str(example_path), "--format", "markdown")
    assert "| Rank | Alternative | Score | cost | expertise | control | lock_in | morale |" in out


def test_method_option_overrides_the_scenarios(capsys, example_path):
    _, out, _ = run(capsys, "rank", str(example_path), "--method", "wsm", "--format", "json")
    assert json.loads(out)["method"]["params"] == {"normalization": "minmax"}
    status, out, err = run(capsys, "rank", str(example_path), "--method", "topsys")
    assert (status, out) == (2, "")
    known = closest_first("topsys", tradeoff.Engine(entry_points=False).methods)
    assert known.startswith("topsis, ")  # the closest first
    assert err == f'error: --method: expected a registered method ({known}) (did you mean "topsis"?), got "topsys"\n'


def test_output_file_is_written_and_never_over_an_input(capsys, tmp_path, example_path):
    scenario = tmp_path / "s.toml"
    shutil.copy(example_path, scenario)
    before = scenario.read_bytes()
    status, out, err = run(capsys, "rank", str(scenario), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert (status, out, err) == (0, "", "")
    assert json.loads((tmp_path / "r.json").read_text())["alternatives"][0]["rank"] == 1
    status, _, err = run(capsys, "rank", str(scenario), "-o", str(scenario))
    assert status == 2
    assert err == f'error: -o: expected an output file that is not an input, got "{scenario}"\n'
    assert scenario.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "s.toml"]


def test_a_user_mistake_is_one_line_and_status_2(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[criteria.cost]\nweight = "heavy"\n[[alternatives]]\nname = "A"\n')
    status, out, err = run(capsys, "rank", str(bad))
    assert (status, out) == (2, "")
    assert err == (
        f"error: {bad}:2: criteria.cost.weight: expected a weight that is a finite number >= 0, "
        'got "heavy" (a string)\n'
    )
    status, _, err = run(capsys, "rank", str(tmp_path / "nope.toml"))
    assert (status, err) == (2, f"error: {tmp_path / 'nope.toml'}: expected a scenario file, got no such file\n")


def test_validate_reports_each_file_and_exits_with_the_worst(capsys, tmp_path, example_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n")
    status, out, err = run(capsys, "validate", str(example_path), str(bad))
    assert status == 2
    assert out == f"ok: {example_path}: 4 alternatives, 5 criteria, method topsis\n"
    assert err == f"error: {bad}:1:9: expected valid TOML, got a syntax error: Invalid value\n"


def test_new_writes_a_starter_that_ranks(capsys, tmp_path):
    target = tmp_path / "start.toml"
    assert run(capsys, "new", "-o", str(target))[0] == 0
    scenario = tradeoff.load(target)
    assert [c.id for c in scenario.criteria] == ["cost", "expertise", "control", "lock_in", "morale"]
    assert [a.name for a in scenario.alternatives] == ["Keep it in-house", "Vendor A", "Vendor B", "Vendor C"]
    assert run(capsys, "rank", str(target))[0] == 0
    status, _, err = run(capsys, "new", "-o", str(target))
    assert status == 2
    assert err == f'error: -o: expected a file that does not exist yet (or --force to replace it), got "{target}", which exists\n'
    assert run(capsys, "new", "--template", "inline", "-o", str(target), "--force")[0] == 0
    assert tradeoff.load(target).title == "Which backup service?"


def test_new_to_stdout(capsys):
    status, out, _ = run(capsys, "new")
    assert status == 0
    assert tradeoff.loads(out).title == "Should we outsource our IT?"


def test_plugins_lists_providers_criteria_and_methods(capsys):
    _, out, _ = run(capsys, "plugins")
    assert "  tradeoff.criteria.cost (tradeoff " in out and "criterion cost" in out
    _, out, _ = run(capsys, "plugins", "--criteria")
    assert "formula: setup_fee + horizon_months * (monthly_fee + staff_it_hours * staff_hourly_cost)" in out
    _, out, _ = run(capsys, "plugins", "--methods")
    assert "topsis: TOPSIS (higher score is better)" in out
    _, out, _ = run(capsys, "plugins", "--format", "json")
    data = json.loads(out)
    assert {"topsis", "wsm", "vikor"} <= {m["name"] for m in data["methods"]}


def test_bad_options_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["rank"])
    assert info.value.code == 2


@pytest.mark.slow
def test_the_installed_console_script_runs(example_path):
    exe = shutil.which("tradeoff")
    argv = [exe] if exe else [sys.executable, "-m", "tradeoff.cli"]
    done = subprocess.run([*argv, "rank", str(example_path), "--format", "csv"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("1,BrightPath Managed IT,")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rank", "x.toml", "--format", "xml"], "error: tradeoff rank: argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'csv', 'markdown') (see 'tradeoff rank --help')\n"),
        ([], "error: tradeoff: the following arguments are required: COMMAND (see 'tradeoff --help')\n"),
    ],
)
def test_bad_options_are_one_line_and_status_2(capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().err == message


def test_unwritable_outputs_are_user_errors(capsys, tmp_path, example_path):
    status, _, err = run(capsys, "rank", str(example_path), "-o", f"{example_path}/x")
    assert (status, err) == (2, f'error: -o: expected a file in an existing folder, got "{example_path}/x"\n')
    status, _, err = run(capsys, "rank", str(example_path), "-o", str(tmp_path))
    assert (status, err) == (2, f'error: -o: expected a file to write, got a directory "{tmp_path}"\n')


def test_a_device_is_not_read(capsys):
    status, _, err = run(capsys, "rank", "/dev/zero")
    assert (status, err) == (2, "error: /dev/zero: expected a scenario file, got a device or pipe\n")


_TWO = (
    '[criteria.a]\ndirection = "max"\n[criteria.b]\ndirection = "max"\n'
    '[[alternatives]]\nname = "X"\nvalues = { a = 1, b = 2 }\n'
    '[[alternatives]]\nname = "Y"\nvalues = { a = 2, b = 1 }\n'
)


def test_weights_json_shows_a_blend_and_a_group_as_plain_json(tmp_path, capsys):
    # rank-order centroid of two: 3/4 and 1/4 (Barron & Barrett 1996); equal: 1/2 each
    blend = tmp_path / "blend.toml"
    blend.write_text(
        '[weights]\nscheme = "roc"\norder = ["a", "b"]\nblend = { scheme = "equal", share = 0.5 }\n' + _TWO,
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "weights", str(blend), "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["scheme"] == "roc"
    assert data["weights"] == pytest.approx({"a": 0.625, "b": 0.375})
    assert data["unblended"] == pytest.approx({"a": 0.75, "b": 0.25})
    assert data["blend"]["scheme"] == "equal" and data["blend"]["share"] == 0.5

    group = tmp_path / "group.toml"
    group.write_text(
        '[[stakeholders]]\nname = "Owner"\nweights = { scheme = "roc", order = ["a", "b"] }\n'
        '[[stakeholders]]\nname = "Staff"\ninfluence = 3\nweights = { scheme = "roc", order = ["b", "a"] }\n'
        + _TWO,
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "weights", str(group), "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["scheme"] == "stakeholders"
    assert data["weights"] == pytest.approx({"a": 0.375, "b": 0.625})  # (3/4 + 3 * 1/4) / 4
    assert [p["name"] for p in data["stakeholders"]] == ["Owner", "Staff"]
    assert data["stakeholders"][1]["weights"] == pytest.approx({"a": 0.25, "b": 0.75})
    assert data["spread"]["a"] == pytest.approx({"min": 0.25, "max": 0.75, "std": 0.25})


@pytest.mark.parametrize(
    "argv, option",
    [
        (["sensitivity", "--method", "nosuch"], "--method"),
        (["sensitivity", "--weights", "bogus", "--samples", "10"], "--weights"),
        (["explain", "--vs", "Nope"], "--vs"),
        (["explain", "--alternative", "Nope"], "--alternative"),
        # an SMAA-2 option where none runs is a mistake, not silently ignored
        (["report", "--weights", "bogus", "-o", "r.html"], "--weights"),
        (["report", "--samples", "100", "-o", "r.html"], "--samples"),
        (["plot", "scores", "--seed", "3", "-o", "s.svg"], "--seed"),
    ],
)
def test_an_option_s_mistake_is_the_command_line_s_not_the_file_s(argv, option, capsys, example_path):
    status, _, err = run(capsys, argv[0], str(example_path), *argv[1:])
    assert status == 2
    assert err.startswith(f"error: {option}: expected"), err
    assert example_path.name not in err
