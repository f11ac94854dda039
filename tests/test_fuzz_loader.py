"""Fuzzing the scenario loader: whatever a file holds, the answer is a scenario and a
ranking, or one clear line.

A TOML document of any shape, any bytes, and every valid scenario written and read
back: nothing but a `Scenario`, a `Result` or a `tradeoff.TradeoffError` may come out
(no KeyError, TypeError, RecursionError, numpy warning...), and an error is one line.
The strategies live in tests/strategies.py (project rule).
"""

from __future__ import annotations

import contextlib
import io
import math

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff import Result, Scenario, ScenarioError, TradeoffError
from tradeoff.cli import main

from .strategies import rich_scenarios, scenario_bytes, scenario_documents, scenarios, uncertain_scenarios

#: An error line is short enough to read, whatever the file holds.
LONGEST_ERROR = 1200


def check_error(error: TradeoffError) -> None:
    """A user's mistake (built-in plugins only: none of them is at fault), said in one
    readable line."""
    assert isinstance(error, ScenarioError), f"{type(error).__name__}: {error}"
    text = str(error)
    assert text.splitlines() == [text], repr(text)
    assert text.isprintable(), repr(text)
    assert len(text) <= LONGEST_ERROR, text


def check_result(result: Result, scenario: Scenario) -> None:
    assert isinstance(result, Result)
    assert sorted(row.name for row in result.rows) == sorted(scenario.names)
    assert all(math.isfinite(row.score) for row in result.rows)
    assert min(row.rank for row in result.rows) == 1


@given(doc=scenario_documents())
def test_any_toml_document_loads_and_ranks_or_says_why(engine, doc):
    text = tomli_w.dumps(doc)
    try:
        scenario = tradeoff.loads(text, file="s.toml")
        assert isinstance(scenario, Scenario)
        result = engine.rank(scenario)
    except TradeoffError as error:
        check_error(error)
        return
    check_result(result, scenario)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def validate(path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["validate", str(path)])
    return status, out.getvalue(), err.getvalue()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=scenario_bytes())
def test_any_bytes_load_or_say_why_and_validate_answers_in_its_lines(folder, data):
    path = folder / "s.toml"
    path.write_bytes(data)
    try:
        assert isinstance(tradeoff.load(path), Scenario)
    except TradeoffError as error:
        check_error(error)
    status, out, err = validate(path)
    assert status in (0, 2, 3)
    assert all(line.startswith("ok: ") for line in out.splitlines()), out
    warned = [line for line in err.splitlines() if line.startswith("warning: ")]
    answers = [line for line in err.splitlines() if not line.startswith("warning: ")]
    assert all(line.startswith("error: ") for line in answers), err
    assert all(line.startswith(f"warning: {path}:") for line in warned), err  # placed in the file
    assert len(out.splitlines() + answers) == 1  # one answer, after any warnings
    assert (status == 0) == bool(out)


@given(scenario=st.one_of(scenarios(), uncertain_scenarios(), rich_scenarios()))
def test_valid_scenarios_round_trip_and_dump_the_same_text(scenario):
    text = tradeoff.dumps(scenario)
    again = tradeoff.loads(text)
    assert again == scenario
    assert tradeoff.dumps(again) == text
    assert tradeoff.dumps(scenario) == text


def test_a_scenario_a_file_cannot_hold_is_refused_rather_than_written_lossily():
    """Derived weights (a scheme, stakeholders) and criteria's own weights: a file holds
    one or the other, so `dumps` left the weights out and the scenario read back was
    another.  The model refuses both, as the file does."""
    choice = tradeoff.CriterionChoice(id="x", direction="max", weight=5)
    with pytest.raises(ScenarioError) as info:
        tradeoff.Scenario(
            weighting=tradeoff.WeightsChoice(scheme="equal"),
            criteria=[choice],
            alternatives=[tradeoff.Alternative(name="A", values={"x": 1})],
        )
    assert str(info.value) == (
        'criteria.x.weight: expected no weight here: [weights] scheme "equal" derives them, got 5 (an integer)'
    )


# -- found by fuzzing ------------------------------------------------------------------

TWO = """\
[criteria.x]
direction = "max"
[criteria.y]
direction = "min"
[[alternatives]]
name = "A"
values = {{ x = {a}, y = {b} }}
[[alternatives]]
name = "B"
values = {{ x = {c}, y = {d} }}
"""


@pytest.mark.parametrize("method", ["wsm", "topsis", "wpm"])
def test_sum_normalization_of_a_cost_column_of_zeros_ranks_without_a_warning(engine, method):
    text = f'method = {{ name = "{method}", normalization = "sum" }}\n' + TWO.format(a=1, b=0, c=2, d=0)
    check_result(engine.rank(tradeoff.loads(text)), tradeoff.loads(text))


@pytest.mark.parametrize(
    ("method", "values"),
    [
        ("aras", dict(a=1e308, b=1, c=1.7e308, d=2)),
        ("aras", dict(a=1, b=5e-324, c=2, d=1e-308)),
        ("copras", dict(a=1, b=1e308, c=2, d=1.7e308)),
        ("edas", dict(a=1, b=1e308, c=2, d=1.7e308)),
        ("promethee2", dict(a=0, b=-1e308, c=0, d=1e308)),
        ("spotis", dict(a=0, b=-1e308, c=0, d=1e308)),
    ],
)
def test_values_near_the_float_limits_are_refused_before_a_method_overflows(engine, method, values):
    text = f'method = "{method}"\n' + TWO.format(**values)
    with pytest.raises(ScenarioError, match=r"expected a value of at most 1e\+100 in size, and 0 or at least 1e-100, got "):
        engine.rank(tradeoff.loads(text))


def test_a_cost_column_of_zeros_is_the_users_error_for_aras_through_the_api_too():
    """ARAS inverts a cost: 0 is refused; a benefit column of zeros adds nothing."""
    with pytest.raises(ScenarioError, match="expected values > 0"):
        tradeoff.rank_matrix([[1.0, 0.0], [2.0, 0.0]], [1, 1], ["max", "min"], method="aras")
    ranked = tradeoff.rank_matrix([[0.0, 1.0], [0.0, 2.0]], [1, 1], ["max", "min"], method="aras")
    assert ranked.ranks.tolist() == [1, 2]
