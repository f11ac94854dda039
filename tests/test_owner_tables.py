"""The owner's path: a spreadsheet of offers, through every command, to a report.

Every command that analyses a scenario takes ``--alternatives FILE`` (``--sheet``,
``--errors``) as ``rank`` does; a table of bad rows only reports each row's error;
``tradeoff new --from`` starts a scenario from a table; facts nobody reads warn.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import attrs
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


# -- C: a scenario from a spreadsheet ------------------------------------------------


def _ranking(argv: list[str], capsys) -> list[tuple[str, int, float]]:
    """The command's ranking, best first: (name, rank, score)."""
    import json

    main([*argv, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    return [(row["name"], row["rank"], row["score"]) for row in data["alternatives"]]


@pytest.mark.parametrize("template, table", [
    ("inline", "name,price,uptime,restore_hours\nA,10,99.9,4\nB,20,99.5,8\nC,x,99,8\nD,30,99,24\n"),
    ("it-outsourcing", None),  # facts, integers, booleans, [context] and defaults
])
def test_new_from_a_table_writes_a_scenario_that_ranks_as_the_template_with_the_table(tmp_path, capsys, template, table):
    offers = write(tmp_path, "offers.csv", table) if table else str(Path(__file__).parents[1] / "examples/batch/vendors.csv")
    out, errors = tmp_path / "scenario.toml", tmp_path / "errors.txt"
    status = main(["new", "--from", offers, "--template", template, "-o", str(out), "--errors", str(errors)])
    err = capsys.readouterr().err
    written = scenario_file.load(out)
    if table:  # C's price is not a number: left out, and said so
        assert status == 2 and err == f'error: {offers}:4: price: expected a number, got "x"\n'
        assert errors.read_text() == err
        assert written.names == ("A", "B", "D")  # the template's own examples are gone
    else:
        unread = 'uptime: expected a criterion of the scenario or a fact a criterion reads, got the column "uptime"'
        assert status == 0 and err == f"warning: {offers}:1: {unread}, which no criterion reads\n"  # the template has none
        assert len(written.alternatives) == 20
        brightpath = written.alternatives[0].facts  # the first row of vendors.csv, as written there
        assert (brightpath["monthly_fee"], brightpath["nda"], brightpath["reference_rating"]) == (1450, True, 4.5)
        assert "data_on_premises" not in brightpath  # false, its default: still taken from there
    stripped = scenario_file.dumps(attrs.evolve(written, alternatives=(), alternatives_optional=True))
    bare = write(tmp_path, "bare.toml", stripped)
    assert main(["validate", bare, "--alternatives", offers]) == status
    capsys.readouterr()
    ours = _ranking(["rank", str(out)], capsys)
    assert ours == _ranking(["rank", bare, "--alternatives", offers], capsys)
    if table:  # A is cheapest, most available and quickest to restore: A > B > D
        assert [name for name, _, _ in ours] == ["A", "B", "D"]


def test_new_from_a_table_of_bad_rows_only_writes_nothing(tmp_path, capsys):
    offers = write(tmp_path, "offers.csv", "name,price,uptime,restore_hours\nA,x,99,4\n")
    out = tmp_path / "scenario.toml"
    assert main(["new", "--from", offers, "--template", "inline", "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f'error: {offers}:2: price: expected a number, got "x"',
        f"error: {offers}: expected at least one alternative (a row without errors, or one in the scenario), "
        "got none left: all 1 rows have errors",
    ]
    assert not out.exists()


# -- D: facts nobody reads -----------------------------------------------------------


def _misspelt(tmp_path: Path) -> tuple[str, int]:
    """examples/it-outsourcing.toml with one setup_fee misspelt setup_cost: that fee is
    then its default, 0, and the ranking changes without a word."""
    text = (Path(__file__).parents[1] / "examples/it-outsourcing.toml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("setup_fee = 1500"))
    lines[at] = lines[at].replace("setup_fee", "setup_cost")
    return write(tmp_path, "s.toml", "".join(lines)), at + 1


def test_a_fact_no_criterion_reads_is_a_warning_naming_the_closest_and_strict_makes_it_an_error(tmp_path, capsys):
    scenario, line = _misspelt(tmp_path)
    sc = scenario_file.load(scenario)
    name = sc.alternatives[1].name
    said = (
        f'{scenario}:{line}: alternatives[1] "{name}".facts.setup_cost: expected a fact a criterion reads '
        '(did you mean "setup_fee"?), got "setup_cost", which no criterion reads'
    )
    for command in (["rank"], ["validate"], ["report", "--format", "markdown"]):
        assert main([command[0], scenario, *command[1:]]) == 0
        assert capsys.readouterr().err.splitlines()[:1] == [f"warning: {said}"]
        assert main([command[0], scenario, *command[1:], "--strict"]) == 2
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [f"error: {said}", "error: --strict: a warning taken as an error"]
        assert captured.out == ""
    assert engine().rank(sc).warnings == (said,)
    assert main(["validate", "--strict", str(Path(__file__).parents[1] / "examples/it-outsourcing.toml")]) == 0


def test_a_table_column_no_criterion_reads_is_a_warning(files, capsys):
    from tradeoff.core.table_input import read_alternatives

    scenario, _ = files
    sc = scenario_file.load(scenario, alternatives_optional=True)
    path = write(Path(scenario).parent, "extra.csv", "name,price,uptime,prize\nA,10,99,3\n")
    said = (
        f'{path}:1: prize: expected a criterion of the scenario or a fact a criterion reads (did you mean "price"?), '
        'got the column "prize", which no criterion reads',
    )
    assert engine().rank(sc, alternatives=path).warnings == said
    assert engine().explain(sc, alternatives=path).result.warnings == said
    assert engine().rank(sc, alternatives=read_alternatives(path, sc, engine())).warnings == said
    assert main(["rank", scenario, "--alternatives", path]) == 0
    assert f"warning: {said[0]}" in capsys.readouterr().err.splitlines()
    no_prize = write(Path(scenario).parent, "plain.csv", "name,price,uptime\nA,10,99\n")
    assert engine().rank(sc, alternatives=no_prize).warnings == ()
    assert engine().with_table(sc, path).warnings == said
    # the scenario `new --from` writes keeps no "prize": it says so, and --strict refuses
    path = write(Path(scenario).parent, "quotes.csv", "name,price,uptime,restore_hours,prize\nA,10,99,4,3\n")
    out = Path(scenario).parent / "new.toml"
    assert main(["new", "--from", path, "--template", "inline", "-o", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"warning: {said[0].replace('extra.csv', 'quotes.csv')}"]
    assert "prize" not in out.read_text()
    out.unlink()
    assert main(["new", "--from", path, "--template", "inline", "-o", str(out), "--strict"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "error: --strict: a warning taken as an error"
    assert not out.exists()
