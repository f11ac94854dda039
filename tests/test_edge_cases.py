"""Behaviour the coverage pass over engine/ found unchecked (docs/testing.md): ties for
first place, one option, identical options, huge numbers, a method running out of
memory on a large table, and plugin mistakes in the less used hooks."""

from __future__ import annotations

import numpy as np
import pytest

import tradeoff
from tradeoff import PluginError, ScenarioError
from tradeoff.cli import main
from tradeoff.output.render import column, number

from .scenarios import scenario_text

TWO_BEST = scenario_text(
    {"price": {"direction": "min", "weight": 1}, "speed": {"direction": "max", "weight": 1}},
    {"A": {"price": 10, "speed": 5}, "B": {"price": 10, "speed": 5}, "C": {"price": 20, "speed": 1}},
    head='method = "wsm"',
)


@pytest.fixture(scope="module")
def engine():
    return tradeoff.Engine(entry_points=False)


def test_a_tie_for_first_place_is_said_as_such(write_scenario, capsys):
    path = write_scenario(TWO_BEST)
    assert main(["rank", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Tie for first place: A, B (score 1.0000)." in out
    assert [line.split()[0] for line in out.splitlines()[2:5]] == ["1", "1", "3"]


def test_identical_options_are_explained_as_identical(engine):
    explanation = engine.explain(tradeoff.loads(TWO_BEST), alternative="A", vs="B")
    from tradeoff.output.narrate import because

    sentences = because(explanation)
    assert sentences[0] == "A and B tie (score 1.0000, wsm)."
    assert sentences[1] == "No criterion separates them: their values are the same."
    assert explanation.gap.gap == 0 and not explanation.gap.shares.any()


def test_one_option_has_nothing_to_compare_and_every_weight_keeps_it_first(engine):
    one = tradeoff.loads(scenario_text({"a": "max"}, {"Only": {"a": 1}}))
    assert engine.explain(one).gap is None
    with pytest.raises(ScenarioError, match=r'--alternative: .*got "Other"'):
        engine.explain(one, alternative="Other")
    stable = engine.stability(one)
    assert stable.top.tolist() == [[1.0, 1.0]] and stable.order.tolist() == [[1.0, 1.0]]


def test_weights_table_draws_each_direct_weight(write_scenario, capsys):
    path = write_scenario(TWO_BEST)
    assert main(["weights", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Weights: as given under [criteria], normalised to sum 1."
    assert lines[2:4] == ["  price   50.00%  " + "#" * 20, "  speed   50.00%  " + "#" * 20]


def test_the_rank_table_names_stakeholders_who_would_choose_otherwise(write_scenario, capsys):
    people = (
        'method = "wsm"\n'
        '[[stakeholders]]\nname = "Owner"\nweights = { scheme = "roc", order = ["price", "speed"] }\n'
        '[[stakeholders]]\nname = "Staff"\ninfluence = 2\nweights = { scheme = "roc", order = ["speed", "price"] }\n'
    )
    path = write_scenario(scenario_text(
        {"price": "min", "speed": "max"},
        {"Cheap": {"price": 10, "speed": 1}, "Fast": {"price": 11, "speed": 9}},
        head=people,
    ))
    assert main(["rank", str(path)]) == 0
    assert "Stakeholders whose own top choice differs: Owner." in capsys.readouterr().out


def test_huge_values_print_in_a_few_characters():
    assert number(1.234e12) == "1.23e+12"
    assert column([1.5e9, 2.0, 3.25e10]) == ["1.5e+09", "2", "3.25e+10"]
    assert number(700.0) == "700" and number(700.5) == "700.5"


def test_a_method_that_runs_out_of_memory_on_a_large_table_says_so(tmp_path):
    from tradeoff.core.table_input import read_alternatives

    class Greedy:
        @tradeoff.hookimpl
        def tradeoff_register_methods(self, registrar):
            def kernel(x, w, benefit, **params):
                raise MemoryError

            registrar.add(tradeoff.Method(name="greedy", kernel=kernel))

    engine = tradeoff.Engine(entry_points=False, plugins=[Greedy()])
    scenario = tradeoff.loads(scenario_text({"a": "max"}, {}, head='method = "greedy"'), alternatives_optional=True)
    table = tmp_path / "rows.csv"
    table.write_text("name,a\n" + "".join(f"r{i},{i + 1}\n" for i in range(50)), encoding="utf-8")
    columns = read_alternatives(table, scenario, engine)
    with pytest.raises(ScenarioError) as error:
        engine.rank(scenario, alternatives=columns)
    assert str(error.value) == (
        "<string>:1: method: expected a decision that fits in memory (fewer alternatives or samples, or a "
        "method that needs less), got not enough memory for 50 alternatives with greedy"
    )


def test_a_report_format_returning_no_text_is_named():
    class Silent:
        @tradeoff.hookimpl
        def tradeoff_register_reports(self, registrar):
            registrar.add(tradeoff.ReportFormat(name="silent", label="S", suffixes=(), render=lambda r: 42))

    engine = tradeoff.Engine(entry_points=False, plugins=[Silent()])
    with pytest.raises(PluginError, match=r"^plugin 'Silent': report format 'silent': returned int, not text$"):
        engine.report(tradeoff.loads(TWO_BEST), fmt="silent")


@pytest.mark.parametrize(
    ("utilities", "problem"),
    [
        (lambda x, b, **p: x[..., :1], "returned (3, 1) or non-finite values, expected finite (3, 2)"),
        (lambda x, b, **p: x * np.nan, "returned (3, 2) or non-finite values, expected finite (3, 2)"),
        (lambda x, b, **p: 1 / 0, "raised ZeroDivisionError('division by zero')"),
    ],
)
def test_an_additive_methods_bad_utilities_are_named(utilities, problem):
    method = tradeoff.Method(
        name="adds", kernel=lambda x, w, b, **p: ((x * w[..., None, :]).sum(-1), {}), utilities=utilities,
        provided_by="team_plugin",
    )
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    with pytest.raises(PluginError) as error:
        method.utilities_checked(x, np.array([True, True]), {})
    assert str(error.value) == f"plugin 'team_plugin': method 'adds' utilities: {problem}"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: tradeoff.Method(name="Bad Name", kernel=lambda *a, **k: None), "method name must be lowercase"),
        (lambda: tradeoff.Method(name="k", kernel="not callable"), "kernel must be callable"),
        (lambda: tradeoff.Method(name="u", kernel=lambda *a, **k: None, utilities=3), "utilities must be callable"),
        (lambda: tradeoff.Method(name="r", kernel=lambda *a, **k: None, reweigh=3), "reweigh must be callable"),
        (lambda: tradeoff.Method(name="i", kernel=lambda *a, **k: None, invariants={"magic"}), "unknown invariants ['magic']"),
    ],
)
def test_a_methods_declaration_mistakes_fail_when_it_is_built(make, message):
    with pytest.raises(ValueError) as error:
        make()
    assert message in str(error.value)


def test_rank_reversal_check_keeps_values_positive_for_methods_that_need_it(engine):
    checked = engine.reversals(tradeoff.load("examples/it-outsourcing.toml"), method="wpm")
    assert checked.result.ranking.method == "wpm"
    assert all(r.above != r.below for r in checked.found)


def test_sensitivity_needs_at_least_one_sample(engine):
    with pytest.raises(ScenarioError, match=r"^--samples: expected at least 1 sample, got 0$"):
        engine.sensitivity(tradeoff.loads(TWO_BEST), samples=0)
