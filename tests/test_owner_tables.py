"""The owner's path: a spreadsheet of offers, through every command, to a report.

Every command that analyses a scenario takes ``--alternatives FILE`` (``--sheet``,
``--errors``) as ``rank`` does; a table of bad rows only reports each row's error;
``tradeoff new --from`` starts a scenario from a table; facts nobody reads warn.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import tradeoff
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.core.pipeline import NoneLeft
from tradeoff.files import scenario_file

#: Two inline criteria and no alternatives of its own: the table gives them.
SCENARIO = """\
format = 1
method = "wsm"
[criteria.price]
direction = "min"
weight = 1
[criteria.uptime]
direction = "max"
weight = 1
"""
#: A beats B beats D on both criteria (cheaper and more uptime), whatever the
#: normalization; C's price is not a number (line 4).
OFFERS = "name,price,uptime\nA,10,99\nB,20,98\nC,oops,97\nD,30,97\n"
BAD_ROW = 'price: expected a number, got "oops"'


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    return write(tmp_path, "s.toml", SCENARIO), write(tmp_path, "offers.csv", OFFERS)


def engine() -> tradeoff.Engine:
    return tradeoff.Engine(entry_points=False)


# -- A: every command takes the table ------------------------------------------------


COMMANDS = [
    (["explain"], "A"),
    (["sensitivity", "--samples", "50"], "A"),
    (["sensitivity", "--reversal"], "Rank reversal"),
    (["report", "--format", "markdown"], "A"),
]


@pytest.mark.parametrize("command, shown", COMMANDS, ids=lambda c: " ".join(c) if isinstance(c, list) else c)
def test_every_analysis_takes_a_table_reports_its_bad_rows_and_writes_them(files, tmp_path, capsys, command, shown):
    scenario, offers = files
    errors, out = tmp_path / "errors.txt", tmp_path / "out.txt"
    argv = [command[0], scenario, *command[1:], "--alternatives", offers, "--errors", str(errors), "-o", str(out)]
    assert main(argv) == 2  # a row left out: as rank's status
    assert capsys.readouterr().err.splitlines()[:1] == [f"error: {offers}:4: {BAD_ROW}"]
    assert errors.read_text() == f"error: {offers}:4: {BAD_ROW}\n"
    assert shown in out.read_text()


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib")
def test_plot_takes_a_table(files, tmp_path, capsys):
    scenario, offers = files
    svg = tmp_path / "scores.svg"
    assert main(["plot", scenario, "scores", "-o", str(svg), "--alternatives", offers]) == 2
    assert capsys.readouterr().err.startswith(f"error: {offers}:4: {BAD_ROW}\n")
    assert svg.read_text().lstrip().startswith("<?xml")


def test_the_analyses_rank_the_table_rows_and_return_the_rows_left_out(files):
    scenario, offers = files
    sc = scenario_file.load(scenario, alternatives_optional=True)
    e = engine()
    analyses = [
        e.explain(sc, alternatives=offers, on_error="collect"),
        e.stability(sc, alternatives=offers, on_error="collect"),
        e.sensitivity(sc, samples=20, alternatives=offers, on_error="collect"),
        e.reversals(sc, alternatives=offers, on_error="collect"),
        e.report_data(sc, alternatives=offers, on_error="collect"),
    ]
    for analysis in analyses:
        result = analysis.result
        assert [row.name for row in result.rows] == ["A", "B", "D"]  # dominance: A > B > D
        assert [(error.file, error.line) for error in result.skipped] == [(offers, 4)]
    with pytest.raises(ScenarioError, match=r"offers\.csv:4: price: expected a number"):
        e.explain(sc, alternatives=offers)  # on_error="raise" by default
    assert "The options (3)</h2><dl class=\"options\"><dt>A</dt>" in e.report(sc, alternatives=offers, on_error="collect")


def test_validate_checks_a_table_and_reports_every_bad_row(tmp_path, capsys):
    scenario = write(tmp_path, "s.toml", SCENARIO)
    offers = write(tmp_path, "offers.csv", "name,price,uptime\nA,10,99\nB,x,98\nC,20,y\n")
    assert main(["validate", scenario, "--alternatives", offers]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f'error: {offers}:3: price: expected a number, got "x"',
        f'error: {offers}:4: uptime: expected a number, got "y"',
    ]
    assert captured.out == f"ok: {scenario}: 1 alternatives, 2 criteria, method wsm; 2 rows left out\n"
    good = write(tmp_path, "good.csv", "name,price,uptime\nA,10,99\n")
    assert main(["validate", scenario, "--alternatives", good]) == 0


def test_sheet_reaches_the_reader_only_when_given(files, monkeypatch):
    from tradeoff.core import table_input

    seen = []
    real = table_input.read_alternatives

    def reader(path, scenario, catalogue, **options):
        seen.append(sorted(options))
        options.pop("sheet", None)
        return real(path, scenario, catalogue, **options)

    monkeypatch.setattr(table_input, "read_alternatives", reader)
    scenario, offers = files
    sc = scenario_file.load(scenario, alternatives_optional=True)
    engine().rank(sc, alternatives=offers, on_error="collect")
    engine().explain(sc, alternatives=offers, on_error="collect", sheet="Offers")
    assert seen == [["on_error"], ["on_error", "sheet"]]


# -- B: a table of bad rows only -----------------------------------------------------


def test_a_table_of_bad_rows_only_reports_each_row_then_that_none_is_left(tmp_path, capsys):
    scenario = write(tmp_path, "s.toml", SCENARIO)
    offers = write(tmp_path, "offers.csv", "name,price,uptime\nA,x,99\nB,20,y\n")
    errors = tmp_path / "errors.txt"
    rows = [f'error: {offers}:2: price: expected a number, got "x"', f'error: {offers}:3: uptime: expected a number, got "y"']
    none_left = (
        f"error: {offers}: expected at least one alternative (a row without errors, or one in the scenario), "
        "got none left: all 2 rows have errors"
    )
    for command in (["rank"], ["explain"], ["report"]):
        assert main([*command, scenario, "--alternatives", offers, "--errors", str(errors)]) == 2
        assert capsys.readouterr().err.splitlines() == [*rows, none_left]
        assert errors.read_text().splitlines() == rows
        errors.unlink()
    sc = scenario_file.load(scenario, alternatives_optional=True)
    with pytest.raises(NoneLeft) as caught:
        engine().rank(sc, alternatives=offers, on_error="collect")
    assert isinstance(caught.value, ScenarioError)
    assert [(e.line, e.path) for e in caught.value.rows] == [(2, ("price",)), (3, ("uptime",))]
    assert [f"error: {e}" for e in caught.value.rows] == rows
