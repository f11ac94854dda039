"""Uncertain criterion values: intervals and "X ± P%" in the scenario file, the
ranking by midpoints, and SMAA sampling inside the intervals."""

from __future__ import annotations

import pickle

import attrs
import numpy as np
import pytest
from hypothesis import given, settings

import tradeoff
from tradeoff import ScenarioError
from tradeoff.analyses.smaa import smaa, value_sampler
from tradeoff.model.scenario import Interval

from .prepared import prepared
from .scenarios import BASE, change
from .strategies import uncertain_problems, uncertain_scenarios

#: `BASE` ranked by "wsm", with A's price an interval and B's a percentage.
TEXT = change("price = 12,", 'price = "12 ± 10%",', change("price = 10,", "price = [8, 12],", 'method = "wsm"\n\n' + BASE))


def error_of(text: str, engine=None) -> str:
    with pytest.raises(ScenarioError) as info:
        scenario = tradeoff.loads(text, file="x.toml")
        (engine or tradeoff.Engine(entry_points=False)).rank(scenario)
    return str(info.value)


# -- the two forms -----------------------------------------------------------------------


def test_an_interval_and_a_percentage_are_read_as_intervals_whose_midpoint_is_the_value():
    scenario = tradeoff.loads(TEXT)
    a, b = scenario.alternatives
    assert a.values == {"price": 10.0, "speed": 3.0}
    assert a.spread == {"price": (8.0, 12.0)}
    assert b.spread == {"price": (10.8, 13.2)} and b.values["price"] == pytest.approx(12.0)


@pytest.mark.parametrize("text", ["1700 ± 10%", "1700±10%", "1700 +- 10%", "1700 +/- 10%", " 1.7e3 ± 10.0 % "])
def test_every_spelling_of_plus_minus_gives_the_same_interval(text):
    alt = tradeoff.Alternative(name="A", values={"cost": text})
    assert alt.spread == {"cost": (1530.0, 1870.0)}
    assert alt.values["cost"] == 1700.0


def test_a_negative_centre_spreads_by_its_magnitude():
    assert tradeoff.Alternative(name="A", values={"t": "-20 ± 5%"}).spread == {"t": (-21.0, -19.0)}


def test_the_api_takes_the_forms_of_the_file_and_a_plain_number_stays_exact():
    alt = tradeoff.Alternative(name="A", values={"a": [1, 3], "b": (2, 2), "c": 4, "d": np.float64(5)})
    assert alt.spread == {"a": (1.0, 3.0), "b": (2.0, 2.0)}
    assert type(alt.values["c"]) is float and alt.values == {"a": 2.0, "b": 2.0, "c": 4.0, "d": 5.0}


def test_an_interval_is_a_frozen_pair_of_ends_with_its_midpoint():
    value = Interval(1500, 1900)
    assert not isinstance(value, float)  # no number in disguise: the ranking reads values
    assert (value.low, value.high, value.midpoint) == (1500.0, 1900.0, 1700.0)
    assert value == Interval(1500.0, 1900.0) != Interval(1500, 1901)
    assert pickle.loads(pickle.dumps(value)) == value and hash(value) == hash(Interval(1500, 1900))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value.low = 0  # type: ignore[misc]
    with pytest.raises(ValueError):
        Interval(2, 1)
    assert Interval(-1e308, 1.7e308).midpoint == pytest.approx(3.5e307)  # no overflow


def test_an_alternative_takes_an_interval_and_keeps_values_plain_floats():
    alt = tradeoff.Alternative(name="A", values={"cost": Interval(1500, 1900), "speed": 3})
    assert alt.given == {"cost": Interval(1500, 1900), "speed": 3.0}
    assert alt.values == {"cost": 1700.0, "speed": 3.0}
    assert all(type(v) is float for v in alt.values.values())
    assert alt.spread == {"cost": (1500.0, 1900.0)}
    assert alt == tradeoff.Alternative(name="A", values={"cost": [1500, 1900], "speed": 3})
    assert pickle.loads(pickle.dumps(alt)) == alt and pickle.loads(pickle.dumps(alt)).spread == alt.spread


def test_equality_tells_an_interval_from_its_midpoint():
    exact = tradeoff.Alternative(name="A", values={"cost": 1700})
    uncertain = tradeoff.Alternative(name="A", values={"cost": [1500, 1900]})
    assert exact.values == uncertain.values  # the numbers the ranking uses
    assert exact != uncertain
    assert uncertain == tradeoff.Alternative(name="A", values={"cost": (1500.0, 1900.0)})


def test_evolve_keeps_or_replaces_an_interval_as_a_whole():
    alt = tradeoff.Alternative(name="A", values={"cost": [1500, 1900], "speed": 3})
    assert attrs.evolve(alt, name="B").spread == {"cost": (1500.0, 1900.0)}
    assert attrs.evolve(alt, values={"cost": 1700, "speed": 3}).spread == {}


# -- errors --------------------------------------------------------------------------------

WRONG = 'x.toml:16: alternatives[1] "B".values.price: expected '
FORMS = 'a number, an interval [low, high] with low <= high, or "X ± P%"'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[12, 10]", "an interval [low, high] of two finite numbers with low <= high, got [12, 10]"),
        ("[1, 2, 3]", "an interval [low, high] of two finite numbers with low <= high, got [1, 2, 3]"),
        ("[1, inf]", "an interval [low, high] of two finite numbers with low <= high, got [1, inf]"),
        ('[1, "2"]', "an interval [low, high] of two finite numbers with low <= high, got [1, '2']"),
        ("[]", "an interval [low, high] of two finite numbers with low <= high, got []"),
        ('"12 ± 100%"', '"X ± P%" with 0 < P < 100 and both ends finite, got "12 ± 100%" (a string)'),
        ('"12 ± 0%"', '"X ± P%" with 0 < P < 100 and both ends finite, got "12 ± 0%" (a string)'),
        ('"1e308 ± 90%"', '"X ± P%" with 0 < P < 100 and both ends finite, got "1e308 ± 90%" (a string)'),
        ('"12 ± 10"', f'{FORMS}, got "12 ± 10" (a string)'),
        ('"twelve"', f'{FORMS}, got "twelve" (a string)'),
        ("true", f"{FORMS}, got true (a boolean)"),
        ("{ low = 1 }", f"{FORMS}, got a table"),
        ("nan", "a finite number, got nan (a number)"),
    ],
)
def test_a_wrong_uncertain_value_names_file_line_place_and_the_forms(value, message):
    text = TEXT.replace('price = "12 ± 10%"', f"price = {value}")
    assert error_of(text) == WRONG + message


def test_a_fact_cannot_be_an_interval():
    text = TEXT.replace("speed = 5 }", "speed = 5 }\nfacts = { fee = [1, 2] }")
    assert error_of(text) == (
        'x.toml:17: alternatives[1] "B".facts.fee: expected a finite number, an integer, a boolean or a '
        "string (a fact cannot be an interval: give the criterion's value as one under values), got an array"
    )


def test_an_interval_must_fit_a_method_that_needs_positive_values_as_a_whole():
    text = TEXT.replace('method = "wsm"', 'method = { name = "wsm", normalization = "max" }')
    assert error_of(text.replace('"12 ± 10%"', "[-1, 25]")) == (
        "x.toml:16: alternatives[1] \"B\".values.price: expected values > 0 on criterion 'price' for "
        "normalization 'max' (or use 'minmax' or 'vector'), got [-1, 25] (an interval)"
    )
    tradeoff.Engine(entry_points=False).rank(tradeoff.loads(text.replace('"12 ± 10%"', "[1, 25]")))


def test_an_interval_must_lie_within_spotis_bounds_as_a_whole():
    text = TEXT.replace('method = "wsm"', 'method = "spotis"').replace('weight = 2', "weight = 2\nbounds = [5, 20]")
    assert error_of(text.replace('"12 ± 10%"', "[10, 25]")) == (
        'x.toml:17: alternatives[1] "B".values.price: expected a value within the criterion\'s bounds '
        "[5, 20], got [10, 25] (an interval)"
    )


# -- writing -------------------------------------------------------------------------------


def test_dumps_writes_an_uncertain_value_as_its_interval():
    scenario = tradeoff.loads(TEXT)
    text = tradeoff.dumps(scenario)
    assert "price = [\n    8.0,\n    12.0,\n]" in text  # tomli-w writes arrays one item a line
    assert "price = [\n    10.8,\n    13.2,\n]" in text  # "12 ± 10%"
    again = tradeoff.loads(text)
    assert again == scenario
    assert again.alternatives[1].spread == scenario.alternatives[1].spread


@given(uncertain_scenarios())
def test_any_scenario_with_uncertain_values_round_trips_through_toml(scenario):
    again = tradeoff.loads(tradeoff.dumps(scenario))
    assert again == scenario
    assert [a.spread for a in again.alternatives] == [a.spread for a in scenario.alternatives]


# -- ranking -----------------------------------------------------------------------------------


def test_the_ranking_uses_the_midpoints(engine):
    uncertain = tradeoff.loads(TEXT)
    exact = tradeoff.loads(TEXT.replace("[8, 12]", "10").replace('"12 ± 10%"', "12"))
    one, two = engine.rank(uncertain), engine.rank(exact)
    assert [(r.name, r.rank, r.score) for r in one.rows] == [(r.name, r.rank, r.score) for r in two.rows]
    assert one.to_dict()["alternatives"] == two.to_dict()["alternatives"]
    assert two.decision.low is None and two.decision.high is None and not two.decision.uncertain


def test_the_decision_matrix_holds_the_intervals_and_computed_values_are_exact(engine, example_path):
    scenario = tradeoff.load(example_path)
    first = scenario.alternatives[0]
    changed = attrs.evolve(first, values={"expertise": [2, 4]})
    scenario = attrs.evolve(scenario, alternatives=(changed, *scenario.alternatives[1:]))
    decision = engine.evaluate(scenario)
    assert decision.uncertain
    low, high, x = decision.low, decision.high, decision.matrix
    j = [c.id for c in decision.criteria].index("expertise")
    assert (low[0, j], x[0, j], high[0, j]) == (2.0, 3.0, 4.0)
    others = np.ones_like(x, dtype=bool)
    others[0, j] = False
    assert np.array_equal(low[others], x[others]) and np.array_equal(high[others], x[others])


# -- SMAA with uncertain values ------------------------------------------------------------


def spy_method():
    """A method that records every stack of matrices and weights its kernel gets."""
    seen: list[tuple[np.ndarray, np.ndarray]] = []

    def kernel(matrix, weights, benefit):
        seen.append((np.array(matrix), np.array(weights)))
        return np.einsum("...nm,...m->...n", np.where(benefit, matrix, -matrix), weights), {}

    return tradeoff.Method(name="spy", kernel=kernel, default_normalization=None, normalizations=()), seen


def test_every_sampled_matrix_stays_inside_the_intervals_and_exact_values_stay_put():
    low = np.array([[1.0, 5.0], [2.0, 0.0], [-3.0, 7.0]])
    high = np.array([[4.0, 5.0], [2.5, 1.0], [-3.0, 9.0]])
    x = 0.5 * low + 0.5 * high
    method, seen = spy_method()
    out = smaa(prepared(method, x, np.ones(2), np.array([True, False]), {}, low=low, high=high), samples=700, seed=4)
    stacks = np.concatenate([m for m, _ in seen if m.ndim == 3])  # not the ranking's own call
    assert len(stacks) > 700  # the acceptability samples, then the confidence step's
    assert (stacks >= low).all() and (stacks <= high).all()
    exact = low == high
    assert (stacks[:, exact] == x[exact]).all()
    varies = ~exact
    assert (stacks[:, varies].std(axis=0) > 0.1 * (high - low)[varies]).all()  # really drawn
    assert out.uncertain


def test_the_value_sampler_is_uniform_in_each_interval():
    low, high = np.array([[0.0, 10.0]]), np.array([[1.0, 30.0]])
    draws = value_sampler(0.5 * (low + high), low, high)(np.random.default_rng(0), 50_000)
    np.testing.assert_allclose(draws.mean(axis=0), [[0.5, 20.0]], rtol=0.01)
    np.testing.assert_allclose(draws.var(axis=0), [[1 / 12, 400 / 12]], rtol=0.02)
    assert abs(np.corrcoef(draws[:, 0, 0], draws[:, 0, 1])[0, 1]) < 0.02  # independent


def test_the_weights_drawn_are_the_same_with_and_without_uncertain_values():
    x = np.array([[1.0, 2.0], [2.0, 1.0]])
    method, seen = spy_method()
    smaa(prepared(method, x, np.ones(2), np.array([True, True]), {}), samples=300, seed=9)
    exact = seen[0][1]  # one chunk of 300 samples, then the confidence step
    seen.clear()
    smaa(prepared(method, x, np.ones(2), np.array([True, True]), {}, low=x - 0.5, high=x + 0.5), samples=300, seed=9)
    assert exact.shape == (300, 2) and np.array_equal(exact, seen[0][1])


def test_one_criterion_and_a_uniform_value_give_the_analytic_confidence(engine):
    """One criterion: the weight is always 1.  A is uniform on [0, 1], B is 0.5: each is
    first half the time, its central weight is [1], and under it each is first in half
    the value samples: confidence 0.5 (SMAA-2), not 0 or 1."""
    x, low, high = np.array([[0.5], [0.5]]), np.array([[0.0], [0.5]]), np.array([[1.0], [0.5]])
    job = prepared(engine.methods["wsm"], x, np.ones(1), np.array([True]), {"normalization": "none"}, low=low, high=high)
    out = smaa(job, samples=20_000, seed=2)
    np.testing.assert_allclose(out.acceptability, [[0.5, 0.5], [0.5, 0.5]], atol=0.015)
    np.testing.assert_allclose(out.central_weights, [[1.0], [1.0]])
    np.testing.assert_allclose(out.confidence, [0.5, 0.5], atol=0.015)


def test_an_alternative_that_dominates_in_every_sample_has_confidence_1(engine):
    low = np.array([[10.0, 10.0], [1.0, 4.0], [3.0, 1.0]])
    high = np.array([[12.0, 11.0], [6.0, 8.0], [8.0, 9.0]])
    x = 0.5 * low + 0.5 * high
    job = prepared(engine.methods["topsis"], x, np.ones(2), np.array([True, True]), {"normalization": "vector"},
                   low=low, high=high)
    out = smaa(job, samples=2000, seed=0)
    assert out.acceptability[0, 0] == 1.0
    assert out.confidence.tolist() == [1.0, 0.0, 0.0]
    assert np.isnan(out.central_weights[1:]).all()


def test_confidence_with_overlapping_intervals_is_a_fraction(engine):
    low = np.array([[1.0, 1.0], [1.5, 0.5], [0.5, 1.5]])
    high = low + 1.0
    job = prepared(engine.methods["wsm"], 0.5 * (low + high), np.ones(2), np.array([True, True]),
                   {"normalization": "none"}, low=low, high=high)
    out = smaa(job, samples=3000, seed=1)
    assert ((out.confidence >= 0) & (out.confidence <= 1)).all()
    assert ((out.confidence > 0) & (out.confidence < 1)).any()
    assert out.confidence.tolist() == [round(c * 3000) / 3000 for c in out.confidence]  # a share of samples


@settings(max_examples=25)
@given(problem=uncertain_problems(min_n=2, constant_columns=False, duplicate_rows=False))
def test_acceptabilities_sum_to_1_over_ranks_and_over_alternatives_with_uncertain_values(problem):
    engine = tradeoff.Engine(entry_points=False)
    x, w, benefit, low, high = problem
    exact_rows = [tuple(row) for row, fixed in zip(x.tolist(), (low == high).all(axis=1)) if fixed]
    distinct = len(set(exact_rows)) == len(exact_rows)  # rows with an interval never tie
    for name in ("wsm", "topsis", "vikor"):
        method = engine.methods[name]
        out = smaa(prepared(method, x, w, benefit, method.resolve_params(), low=low, high=high), samples=200, seed=1)
        np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)
        assert ((out.confidence >= 0) & (out.confidence <= 1)).all()
        # Ties share a rank (1, 1, 3): only tie-free cases.  Under WSM rows with an
        # interval never tie; under TOPSIS two rows that differ on one criterion only
        # can: their distances then differ in the second order (a + d**2 / 2a), within
        # the tie tolerance when that criterion's sampled weight is small.
        if name == "wsm" and distinct:
            np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0, atol=0.02)


def test_the_engine_samples_the_scenarios_intervals(engine):
    out = engine.sensitivity(tradeoff.loads(TEXT), samples=500, seed=3)
    assert out.uncertain
    assert ((out.confidence >= 0) & (out.confidence <= 1)).all()
    exact = engine.sensitivity(tradeoff.loads(TEXT.replace("[8, 12]", "10").replace('"12 ± 10%"', "12")),
                               samples=500, seed=3)
    assert not exact.uncertain and set(exact.confidence.tolist()) <= {0.0, 1.0}
