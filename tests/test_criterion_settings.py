"""Per-criterion settings in scenario files: SPOTIS bounds and PROMETHEE preferences."""

from __future__ import annotations

import pytest

import tradeoff

BASE = """\
method = "{method}"
[criteria.price]
direction = "min"
{price}
[criteria.speed]
direction = "max"
{speed}
[[alternatives]]
name = "A"
values = {{ price = 10, speed = 3 }}
[[alternatives]]
name = "B"
values = {{ price = 12, speed = 5 }}
"""


def ranked(engine, method="spotis", price="", speed=""):
    return engine.rank(tradeoff.loads(BASE.format(method=method, price=price, speed=speed), file="s.toml"))


def error(engine, **kw):
    with pytest.raises(tradeoff.ScenarioError) as info:
        ranked(engine, **kw)
    return str(info.value)


def test_bounds_and_preferences_round_trip(engine):
    text = BASE.format(method="promethee2", price="bounds = [0, 100]",
                       speed='preference = { function = "linear", q = 1, p = 3 }')
    scenario = tradeoff.loads(text)
    assert scenario.criteria[0].bounds == (0.0, 100.0)
    assert scenario.criteria[1].preference == {"function": "linear", "q": 1, "p": 3}
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario


def test_spotis_reads_bounds_from_the_file(engine):
    result = ranked(engine, price="bounds = [0, 100]", speed="bounds = [0, 10]")
    assert result.to_dict()["method"]["params"]["bounds"] == [[0.0, 100.0], [0.0, 10.0]]
    by_name = {r.name: r.score for r in result.rows}
    assert by_name["A"] == pytest.approx(0.5 * 10 / 100 + 0.5 * 7 / 10)


def test_a_value_outside_its_bounds_is_named(engine):
    assert error(engine, price="bounds = [0, 11]") == (
        "s.toml:13: alternatives[1] \"B\".values.price: expected a value within the "
        "criterion's bounds [0, 11], got 12"
    )


def test_bad_bounds_are_named(engine):
    assert error(engine, price="bounds = [5, 1]").startswith(
        "s.toml:4: criteria.price.bounds: expected bounds [low, high] with finite numbers, low < high"
    )


@pytest.mark.parametrize(
    ("speed", "message"),
    [
        ('preference = { function = "linaer", q = 1, p = 3 }',
         's.toml:7: criteria.speed.preference.function: expected a preference function (usual, u-shape, '
         "v-shape, level, linear, gaussian) (did you mean \"linear\"?), got 'linaer'"),
        ('preference = { function = "linear", q = 1 }',
         "s.toml:7: criteria.speed.preference.p: expected a threshold p >= 0 (in the criterion's unit), got nothing"),
        ('preference = { function = "usual", q = 1 }',
         "s.toml:7: criteria.speed.preference.q: expected the thresholds of usual (none), got 'q'"),
        ('preference = { function = "level", q = 3, p = 2 }',
         "s.toml:7: criteria.speed.preference.p: expected p > q (and p > 0), got p = 2"),
    ],
)
def test_bad_preferences_are_named(engine, speed, message):
    assert error(engine, method="promethee2", speed=speed) == message


def test_methods_that_do_not_read_a_setting_ignore_it(engine):
    result = ranked(engine, method="topsis", price="bounds = [0, 100]")
    assert "bounds" not in result.to_dict()["method"]["params"]


def test_bounds_given_through_the_api_are_checked_like_the_files(engine):
    with pytest.raises(tradeoff.ScenarioError) as info:
        engine.rank_matrix([[1, 2], [2, 1]], [1, 1], ["max", "min"], method="spotis", bounds=[[0, 5], [3, 1]])
    assert str(info.value) == "bounds[1]: expected bounds [low, high] with finite numbers, low < high, got [3, 1]"


def test_a_reference_is_read_written_and_checked(engine):
    """`reference = X` under [criteria.X]: balanced SPOTIS's expected solution point."""
    text = (
        'method = { name = "balanced_spotis", alpha = 1 }\n'
        '[criteria.price]\ndirection = "min"\nbounds = [0, 100]\nreference = 40\n'
        '[criteria.speed]\ndirection = "max"\nbounds = [0, 10]\n'
        '[[alternatives]]\nname = "A"\nvalues = { price = 40, speed = 10 }\n'
        '[[alternatives]]\nname = "B"\nvalues = { price = 10, speed = 10 }\n'
    )
    scenario = tradeoff.loads(text)
    assert scenario.criteria[0].reference == 40.0 and scenario.criteria[1].reference is None
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario
    result = engine.rank(scenario)
    assert result.best.name == "A"  # at the expected price: B's lower price is farther from it
    with pytest.raises(tradeoff.ScenarioError, match=r'criteria\.price\.reference: expected a reference value that is a finite number, got "forty"'):
        tradeoff.loads(text.replace("reference = 40", 'reference = "forty"'))
