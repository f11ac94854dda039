"""The Python API an app embeds: load, rank, rank_matrix, and the contract's edge cases."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import tradeoff
from tradeoff.core.normalize import normalize
from tradeoff.core.ranks import competition_ranks

from .scenarios import scenario_of


def test_three_lines_rank_the_example(example_path):
    result = tradeoff.rank(tradeoff.load(example_path))
    assert result.best.name == "BrightPath Managed IT"
    assert [r.rank for r in result.rows] == [1, 2, 3, 4]


X = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]])


@pytest.mark.parametrize(
    ("how", "benefit_col", "cost_col"),
    [
        ("vector", X[:, 0] / np.sqrt(21), 1 - X[:, 1] / np.sqrt(1400)),
        ("minmax", (X[:, 0] - 1) / 3, (30 - X[:, 1]) / 20),
        ("max", X[:, 0] / 4, 10 / X[:, 1]),
        ("sum", X[:, 0] / 7, (1 / X[:, 1]) / (1 / 10 + 1 / 30 + 1 / 20)),
        ("none", X[:, 0], -X[:, 1]),
    ],
)
def test_normalizations_follow_the_contract_table(how, benefit_col, cost_col):
    out = normalize(X, np.array([True, False]), how)
    np.testing.assert_allclose(out[:, 0], benefit_col, rtol=1e-12)
    np.testing.assert_allclose(out[:, 1], cost_col, rtol=1e-12)


@pytest.mark.parametrize("how", ["vector", "minmax", "max", "sum"])
def test_an_all_equal_column_normalises_to_one(how):
    out = normalize(np.array([[5.0, 1.0], [5.0, 2.0]]), np.array([True, False]), how)
    assert out[:, 0].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("how", ["vector", "minmax", "max", "sum", "none"])
def test_one_alternative_and_all_equal_alternatives_are_defined(method, how):
    one = tradeoff.rank_matrix([[3.0, 4.0]], [1, 1], ["max", "min"], method=method, normalization=how)
    assert np.isfinite(one.scores).all() and one.ranks.tolist() == [1]
    same = tradeoff.rank_matrix([[3.0, 4.0]] * 3, [1, 1], ["max", "min"], method=method, normalization=how)
    assert np.isfinite(same.scores).all() and same.ranks.tolist() == [1, 1, 1]


def test_topsis_of_all_equal_alternatives_is_one_half():
    assert tradeoff.rank_matrix([[1.0, 2.0]] * 2, [1, 1], ["max", "max"]).scores.tolist() == [0.5, 0.5]


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    assert competition_ranks(np.array([0.9, 0.5, 0.5, 0.1])).tolist() == [1, 2, 2, 4]
    assert competition_ranks(np.array([0.5, 0.5 * (1 + 1e-10), 0.4])).tolist() == [1, 1, 3]
    assert competition_ranks(np.array([0.5, 0.5 * (1 + 1e-8), 0.4])).tolist() == [2, 1, 3]
    assert competition_ranks(np.array([3.0, 1.0, 2.0]), higher_is_better=False).tolist() == [3, 1, 2]


def test_tied_alternatives_keep_the_scenarios_order(engine):
    scenario = scenario_of({"x": "max"}, {"b": {"x": 1}, "a": {"x": 2}, "c": {"x": 1}})
    assert [(r.name, r.rank) for r in engine.rank(scenario).rows] == [("a", 1), ("b", 2), ("c", 2)]


def test_rank_matrix_ranks_a_stack_member_by_member():
    stack = np.array([[[1.0, 5.0], [2.0, 4.0]], [[2.0, 4.0], [1.0, 5.0]]])
    out = tradeoff.rank_matrix(stack, [1, 1], ["max", "min"], method="wsm")
    assert out.scores.shape == (2, 2)
    assert out.ranks.tolist() == [[2, 1], [1, 2]]
    assert out.diagnostics["contributions"].shape == (2, 2, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(matrix=[1.0, 2.0]), r"^matrix: expected a matrix of shape \(\.\.\., n alternatives, m criteria\), got shape \(2,\)$"),
        (dict(matrix=[[1.0, np.nan]]), "^matrix: expected finite values, got NaN or infinity$"),
        (dict(weights=[1, -1]), r"^weights: expected 2 finite weights >= 0, got 2 weights: \[ 1\. -1\.\]$"),
        (dict(weights=[0, 0]), "^weights: expected at least one weight > 0, got all 0$"),
        (dict(directions=["max", "up"]), '^directions: expected "max" \\(more is better\\) or "min"'),
        (dict(directions=["max"]), "^directions: expected 2 directions"),
        (dict(method="electre"), r"^method: expected a registered method \(.*copras.*\), got \"electre\"$"),
        (dict(normalization="sum", matrix=[[1.0, 0.0], [2.0, 1.0]]), "^matrix: expected values > 0 for normalization 'sum'"),
    ],
)
def test_rank_matrix_rejects_bad_input_with_a_clear_error(kwargs, message):
    args = dict(matrix=[[1.0, 2.0], [2.0, 1.0]], weights=[1, 1], directions=["max", "min"]) | kwargs
    with pytest.raises(tradeoff.ScenarioError, match=message):
        tradeoff.rank_matrix(**args)


def test_positive_only_normalizations_name_the_criterion_and_an_alternative(engine):
    text = """
method = { name = "wsm", normalization = "max" }
[criteria.fee]
direction = "min"
[[alternatives]]
name = "Free tier"
values = { fee = 0 }
[[alternatives]]
name = "Paid"
values = { fee = 10 }
"""
    with pytest.raises(tradeoff.ScenarioError) as info:
        engine.rank(tradeoff.loads(text, file="s.toml"))
    assert str(info.value) == (
        "s.toml:7: alternatives[0] \"Free tier\".values.fee: expected values > 0 on criterion "
        "'fee' for normalization 'max' (or use 'minmax' or 'vector'), got 0"
    )


def test_the_nonpositive_value_reported_is_the_one_in_the_data(engine):
    text = """
method = { name = "wsm", normalization = "sum" }
[criteria.a]
direction = "max"
[criteria.b]
direction = "min"
[[alternatives]]
name = "P"
values = { a = 1, b = 2 }
[[alternatives]]
name = "Q"
values = { a = 2, b = 3 }
[[alternatives]]
name = "R"
values = { a = 3, b = -1 }
"""
    with pytest.raises(tradeoff.ScenarioError) as info:
        engine.rank(tradeoff.loads(text, file="s.toml"))
    assert str(info.value).startswith("s.toml:15: alternatives[2] \"R\".values.b: expected values > 0 on criterion 'b'")
    assert str(info.value).endswith("got -1")
    with pytest.raises(tradeoff.ScenarioError, match="got -1 in column 1$"):
        tradeoff.rank_matrix([[1, 2], [2, 3], [3, -1]], [1, 1], ["max", "min"], normalization="sum")


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("how", ["vector", "minmax", "max", "sum", "none"])
def test_values_near_the_float_limits_never_overflow(method, how):
    """A normalization rescales them; taken as they are (``none``) they are refused, as
    the same values in a scenario are."""
    x = [[1e300, 1e-300, 5.0], [1e308, 2e-300, 7.0], [3e307, 1e-290, 6.0]]
    rank = functools.partial(tradeoff.rank_matrix, x, [1e308, 1e308, 1.0], ["max", "min", "max"], method=method)
    if how == "none":
        with pytest.raises(tradeoff.ScenarioError, match=r"^matrix: expected a value of at most 1e\+100 in size, "
                           r"and 0 or at least 1e-100, got 1e\+300 in column 0$"):
            rank(normalization=how)
        return
    out = rank(normalization=how)
    assert np.isfinite(out.scores).all()
    assert sorted(out.ranks.tolist()) in ([1, 2, 3], [1, 1, 3], [1, 2, 2], [1, 1, 1])


def test_result_to_dict_has_plain_json_types(example_path, engine):
    import json

    data = engine.rank(tradeoff.load(example_path)).to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert all(type(a["score"]) is float and type(a["rank"]) is int for a in data["alternatives"])


def test_model_objects_are_frozen_and_evolve(example_path):
    import attrs

    scenario = tradeoff.load(example_path)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        scenario.title = "x"
    lighter = attrs.evolve(scenario, criteria=[attrs.evolve(c, weight=1) for c in scenario.criteria])
    assert lighter.weights == (1, 1, 1, 1, 1)
    assert scenario.weights == (30, 20, 20, 15, 15)


def test_the_library_never_prints(capsys, example_path, engine):
    engine.rank(tradeoff.load(example_path))
    assert capsys.readouterr() == ("", "")


def test_loads_and_dumps_round_trip(example_path):
    scenario = tradeoff.load(example_path)
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario


@pytest.mark.slow  # eight threads
def test_concurrent_rank_calls_on_one_engine_agree(engine, example_path):
    from concurrent.futures import ThreadPoolExecutor

    scenario = tradeoff.load(example_path)
    expected = engine.rank(scenario).to_dict()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: engine.rank(scenario).to_dict(), range(64)))
    assert all(r == expected for r in results)


def test_ranking_leaves_numpy_global_state_alone(engine, example_path):
    before = (np.geterr(), np.get_printoptions())
    engine.rank(tradeoff.load(example_path))
    tradeoff.rank_matrix([[1.0, 1.0], [1.0, 1.0]], [1, 1], ["max", "min"], normalization="sum")
    assert (np.geterr(), np.get_printoptions()) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(matrix=[["a", "b"]]), "^matrix: expected numbers in a regular array, got could not convert"),
        (dict(matrix=[[1.0, 2.0], [1.0]]), "^matrix: expected numbers in a regular array"),
        (
            dict(matrix=np.ones((2, 3, 2)), weights=np.ones((5, 2))),
            r"^weights: expected weights for one matrix, or one set per matrix of the stack \(2,\), got shape \(5, 2\)$",
        ),
    ],
)
def test_rank_matrix_rejects_what_is_not_a_regular_array(kwargs, message):
    args = dict(matrix=[[1.0, 2.0], [2.0, 1.0]], weights=[1, 1], directions=["max", "min"]) | kwargs
    with pytest.raises(tradeoff.ScenarioError, match=message):
        tradeoff.rank_matrix(**args)


def test_integers_too_large_for_a_float_are_a_clear_error():
    text = '[criteria.x]\ndirection = "max"\nweight = 1' + "0" * 400 + '\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n'
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.loads(text, file="h.toml")
    assert str(info.value).startswith("h.toml:3: criteria.x.weight: expected a weight that is a finite number >= 0, got 1000")
    assert str(info.value).endswith("0 (an integer)")


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("how", ["vector", "minmax", "max", "sum"])
def test_tiny_magnitudes_rank_like_ordinary_ones(method, how):
    x = np.array([[1.0, 3.0], [2.0, 1.0], [1.5, 2.0]])
    ordinary = tradeoff.rank_matrix(x, [1, 2], ["max", "min"], method=method, normalization=how)
    tiny = tradeoff.rank_matrix(x * 1e-200, [1, 2], ["max", "min"], method=method, normalization=how)
    np.testing.assert_allclose(tiny.scores, ordinary.scores, rtol=1e-12)


def test_topsis_without_normalization_is_scale_free_at_any_magnitude():
    """The kernel's own maths (rank_matrix refuses such values under ``none``, as a
    scenario does; the kernel still never overflows on them)."""
    from tradeoff.core.methods import check_inputs

    topsis = tradeoff.default_engine().methods["topsis"]
    x = np.array([[1.0, 3.0], [2.0, 1.0], [1.5, 2.0]])
    params = topsis.resolve_params("none")
    base = topsis.run_checked(*check_inputs(x, [1, 2], ["max", "min"]), params).scores
    for factor in (1e-250, 1e250):
        scaled = topsis.run_checked(*check_inputs(x * factor, [1, 2], ["max", "min"]), params).scores
        np.testing.assert_allclose(scaled, base, rtol=1e-12)


def test_settings_on_a_criterion_a_plugin_provides_are_refused(engine):
    text = '[criteria.cost]\nunit = "EUR"\n[[alternatives]]\nname = "A"\nfacts = { monthly_fee = 1 }\n'
    with pytest.raises(tradeoff.ScenarioError) as info:
        engine.rank(tradeoff.loads(text, file="s.toml"))
    assert str(info.value) == (
        "s.toml:2: criteria.cost.unit: expected no unit for criterion 'cost', which a plugin "
        'provides with its own (set direction to define a criterion here), got "EUR" (a string)'
    )


def test_weights_given_as_numpy_numbers_can_be_written(example_path):
    import attrs

    scenario = tradeoff.load(example_path)
    changed = attrs.evolve(scenario, criteria=[attrs.evolve(c, weight=np.int64(3)) for c in scenario.criteria])
    assert tradeoff.loads(tradeoff.dumps(changed)) == changed
    assert type(changed.criteria[0].weight) is int


#: As many alternatives as criteria: whether a diagnostic is per alternative or per
#: criterion cannot be told from its shape.
TWO_BY_TWO = {"a": "max", "b": "max"}
P_AND_Q = {"P": {"a": 1, "b": 3}, "Q": {"a": 2, "b": 1}}


def test_diagnostics_go_under_the_alternative_or_the_method_by_their_axis(engine):
    """With as many alternatives as criteria, the axis comes from the method's metadata."""
    scenario = scenario_of(TWO_BY_TWO, P_AND_Q, method=tradeoff.MethodChoice(name="topsis"))
    data = engine.rank(scenario).to_dict()
    assert set(data["method"]["diagnostics"]["ideal"]) == {"a", "b"}
    by_name = {a["name"]: a["diagnostics"] for a in data["alternatives"]}
    assert set(by_name["P"]) == {"distance_to_ideal", "distance_to_anti_ideal"}
    wsm = engine.rank(scenario, method="wsm").to_dict()
    assert {a["name"]: a["diagnostics"]["contributions"] for a in wsm["alternatives"]} == {
        "P": {"a": 0.0, "b": 0.5}, "Q": {"a": 0.5, "b": 0.0}
    }


def test_pairwise_diagnostics_are_keyed_by_alternative_even_when_n_equals_m(engine):
    if "skc.electre1" not in engine.methods:
        pytest.skip("scikit-criteria is not installed")
    scenario = scenario_of(TWO_BY_TWO, P_AND_Q)
    data = engine.rank(scenario, method="skc.electre1").to_dict()
    rows = {a["name"]: a["diagnostics"]["outranks"] for a in data["alternatives"]}
    assert set(rows["P"]) == {"P", "Q"}
