"""Weighting schemes: published values, properties, and errors that name the place."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
from tradeoff import ScenarioError

from .strategies import rank_orders

IDS = ("a", "b", "c", "d")


def derive(engine, scheme, **settings):
    return engine.weightings[scheme].derive(settings, IDS)


@pytest.mark.parametrize(
    ("scheme", "published"),
    [
        # Barron & Barrett (1996), Decision quality using ranked attribute weights,
        # Management Science 42(11), 1515-1523: ROC weights for n = 4.
        ("roc", [0.5208, 0.2708, 0.1458, 0.0625]),
        # Stillwell, Seaver & Edwards (1981), A comparison of weight approximation
        # techniques in multiattribute utility decision making, Organizational Behavior
        # and Human Performance 28(1), 62-77: rank sum and rank reciprocal for n = 4.
        ("rank_sum", [0.4, 0.3, 0.2, 0.1]),
        ("rank_reciprocal", [0.48, 0.24, 0.16, 0.12]),
    ],
)
def test_rank_schemes_match_published_weights(engine, scheme, published):
    out = derive(engine, scheme, order=list(IDS))
    np.testing.assert_allclose(out.weights, published, atol=5e-5)


def test_ties_share_the_mean_of_their_positions(engine):
    tied = derive(engine, "rank_sum", order=["a", ["b", "c"], "d"]).weights
    np.testing.assert_allclose(tied, [0.4, 0.25, 0.25, 0.1])


def test_direct_points_and_equal(engine):
    assert derive(engine, "direct", points={"a": 3, "b": 1}).weights == (0.75, 0.25, 0.0, 0.0)
    assert derive(engine, "equal").weights == (0.25, 0.25, 0.25, 0.25)


@pytest.mark.parametrize("scheme", ["roc", "rank_sum", "rank_reciprocal"])
@given(order=rank_orders(IDS))
def test_rank_schemes_give_weights_that_sum_to_1_and_keep_the_order(scheme, order):
    engine = tradeoff.Engine(entry_points=False)
    w = dict(zip(IDS, derive(engine, scheme, order=order).weights))
    assert all(v >= 0 for v in w.values())
    assert sum(w.values()) == pytest.approx(1)
    groups = [g if isinstance(g, list) else [g] for g in order]
    for earlier, later in zip(groups, groups[1:]):
        assert min(w[c] for c in earlier) > max(w[c] for c in later)
    for group in groups:
        assert max(w[c] for c in group) == pytest.approx(min(w[c] for c in group))


BASE = """\
[weights]
{weights}
[criteria.a]
direction = "max"
[criteria.b]
direction = "min"
[[alternatives]]
name = "P"
values = {{ a = 1, b = 2 }}
[[alternatives]]
name = "Q"
values = {{ a = 2, b = 3 }}
"""


def error(engine, weights):
    with pytest.raises(ScenarioError) as info:
        engine.rank(tradeoff.loads(BASE.format(weights=weights), file="w.toml"))
    return str(info.value)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ('scheme = "rock"\norder = ["a", "b"]',
         'w.toml:2: weights.scheme: expected a weighting scheme (roc, direct, rank_sum, rank_reciprocal, equal) (did you mean "roc"?), got "rock"'),
        ('scheme = "roc"\norder = ["a", "bb"]',
         'w.toml:3: weights.order[1]: expected a criterion of the scenario (a, b) (did you mean "b"?), got "bb" (a string)'),
        ('scheme = "roc"\norder = ["a"]',
         "w.toml:3: weights.order: expected every criterion in the order, got no b"),
        ('scheme = "roc"\norder = ["a", ["b", "a"]]',
         'w.toml:3: weights.order[1][1]: expected each criterion once, got "a" again'),
        ('scheme = "direct"\npoints = { a = 0 }',
         "w.toml:3: weights.points: expected at least one criterion with points > 0, got all 0"),
        ('scheme = "direct"\npoints = { a = -1 }',
         "w.toml:3: weights.points.a: expected points >= 0, got -1 (an integer)"),
        ('scheme = "roc"\nordre = ["a", "b"]',
         'w.toml:3: weights.ordre: expected a setting of scheme roc (order) (did you mean "order"?), got "ordre"'),
    ],
)
def test_bad_weight_settings_name_the_place(engine, weights, message):
    assert error(engine, weights).startswith(message)


def test_weights_in_criteria_and_a_scheme_conflict():
    text = BASE.format(weights='scheme = "equal"').replace('direction = "min"', 'direction = "min"\nweight = 3')
    with pytest.raises(ScenarioError) as info:
        tradeoff.loads(text, file="w.toml")
    assert str(info.value) == (
        'w.toml:7: criteria.b.weight: expected no weight here: [weights] scheme "equal" derives them, '
        "got 3 (an integer)"
    )


def test_the_result_says_which_scheme_gave_which_weights(engine):
    scenario = tradeoff.loads(BASE.format(weights='scheme = "rank_sum"\norder = ["b", "a"]'))
    data = engine.rank(scenario).to_dict()
    assert data["weighting"] == {
        "scheme": "rank_sum",
        "weights": {"a": pytest.approx(1 / 3), "b": pytest.approx(2 / 3)},
        "order": ["b", "a"],
    }
    assert [c["weight"] for c in data["criteria"]] == [pytest.approx(1 / 3), pytest.approx(2 / 3)]
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario
