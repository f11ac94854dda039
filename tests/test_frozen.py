"""What a frozen scenario holds cannot change: `FrozenMap`, tuples, read-only arrays."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given

import tradeoff
from tradeoff.model.frozen import FrozenMap, freeze, thaw

from .scenarios import GROUP_ROWS, group_text, person
from .strategies import plain_data, scenarios

TEXT = """\
context = { horizon_months = 36 }
method = { name = "promethee2" }

[weights]
scheme = "rank_sum"
order = [["price", "speed"], "support"]
blend = { scheme = "entropy", share = 0.25 }

[criteria.price]
direction = "min"
preference = { function = "linear", q = 1, p = 5 }

[criteria.speed]
direction = "max"

[criteria.support]
direction = "max"

[[alternatives]]
name = "A"
values = { price = [8, 12], speed = 3, support = 1 }
facts = { nda = true }

[[alternatives]]
name = "B"
values = { price = 11, speed = 5, support = 2 }
"""

PLAIN = (dict, list, set, bytearray)


def reachable(value, seen=None):
    """Every value inside `value`: attrs fields, mapping items, sequence members."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    fields = getattr(type(value), "__attrs_attrs__", None)
    if fields is not None:
        for field in fields:
            yield from reachable(getattr(value, field.name), seen)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from reachable(key, seen)
            yield from reachable(item, seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from reachable(item, seen)


def test_nothing_mutable_is_reachable_through_a_loaded_scenario(engine):
    scenario = tradeoff.loads(TEXT)
    engine.rank(scenario)  # the pipeline reads these as mappings and tuples
    mutable = [v for v in reachable(scenario) if isinstance(v, PLAIN)]
    mutable += [v for v in reachable(scenario) if isinstance(v, np.ndarray) and v.flags.writeable]
    assert mutable == []
    assert scenario.weighting.settings["order"] == (("price", "speed"), "support")
    with pytest.raises(TypeError):
        scenario.context["horizon_months"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        scenario.criteria[0].preference["q"] = 2  # type: ignore[index]


def test_a_frozen_scenario_hashes_pickles_and_dumps():
    scenario = tradeoff.loads(TEXT)
    again = pickle.loads(pickle.dumps(scenario))
    assert again == scenario and hash(again) == hash(scenario)
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario


@given(scenarios())
def test_any_scenario_is_hashable_and_survives_pickle(scenario):
    assert hash(pickle.loads(pickle.dumps(scenario))) == hash(scenario)


def test_a_frozen_map_is_a_read_only_mapping_equal_to_its_dict():
    m = FrozenMap({"b": 1, "a": [1, {"x": 2}]})
    assert list(m) == ["b", "a"] and len(m) == 2 and "a" in m and m.get("z") is None
    assert m == {"b": 1, "a": [1, {"x": 2}]} and FrozenMap(b=1) != m
    assert FrozenMap({"a": 1, "b": 2}) == FrozenMap({"b": 2, "a": 1})
    assert hash(FrozenMap({"a": 1, "b": 2})) == hash(FrozenMap({"b": 2, "a": 1}))
    assert (m | {"c": 3})["c"] == 3 and "c" not in m
    assert pickle.loads(pickle.dumps(m)) == m and copy.deepcopy(m) == m
    for change in (lambda: m.__setitem__("b", 2), lambda: m.__delitem__("b"), lambda: m.pop("b")):
        with pytest.raises((TypeError, AttributeError)):
            change()
    with pytest.raises(AttributeError):
        m._items = {}  # type: ignore[misc]


@given(plain_data)
def test_freeze_then_thaw_gives_the_data_back_and_frozen_data_hashes(value):
    frozen = freeze(value)
    assert thaw(frozen) == value
    hash(frozen)  # every level is immutable
    assert freeze(frozen) == frozen


def test_freeze_makes_an_array_a_read_only_copy():
    a = np.arange(3.0)
    frozen = freeze({"a": a})["a"]
    a[0] = 9
    assert frozen[0] == 0 and not frozen.flags.writeable
    with pytest.raises(ValueError):
        frozen[0] = 1


GROUP = group_text(
    person("One", '{ scheme = "ahp", judgements = { "a > b" = 4, "a = c" = 1, "b = c" = 1 } }', 2),
    person("Two", '{ scheme = "direct", points = { c = 1, a = 2 } }'),
    rows={**GROUP_ROWS, "Q": {"a": 1, "b": 1, "c": [2, 3]}},
)


def mutable_inside(value):
    found = [v for v in reachable(value) if isinstance(v, PLAIN)]
    return found + [v for v in reachable(value) if isinstance(v, np.ndarray) and v.flags.writeable]


@pytest.mark.parametrize("text", [TEXT, GROUP], ids=["blend-promethee", "stakeholders"])
def test_nothing_mutable_is_reachable_through_a_result(engine, text):
    """A Result, its Ranking and DecisionMatrix hold FrozenMaps, tuples and read-only
    arrays only, down to the weighting's details and each stakeholder's view."""
    result = engine.rank(tradeoff.loads(text))
    shown = (result, result.rows, result.decision.group, engine.prepare(result.scenario))
    assert mutable_inside(shown) == []
    assert (result.stakeholders != ()) == (text is GROUP)
    with pytest.raises(ValueError):
        result.ranking.scores[0] = 1.0
    with pytest.raises(TypeError):
        result.ranking.params["normalization"] = "sum"  # type: ignore[index]


def test_a_result_does_not_share_the_arrays_it_was_built_from(engine):
    """The decision matrix and the ranking keep read-only copies of writeable arrays."""
    scores, ranks = np.array([0.2, 0.8]), np.array([2, 1])
    ranking = tradeoff.Ranking(method="m", params={"p": [1, 2]}, higher_is_better=True, scores=scores, ranks=ranks)
    scores[0] = 0.9
    assert ranking.scores[0] == 0.2 and ranking.params == {"p": (1, 2)}
    decision = engine.evaluate(tradeoff.loads(TEXT))
    assert not decision.matrix.flags.writeable and not decision.low.flags.writeable


def test_to_dict_thaws_what_the_result_holds_into_plain_json_data(engine):
    data = engine.rank(tradeoff.loads(TEXT)).to_dict()
    assert type(data["method"]["params"]) is dict
    assert data["weighting"]["order"] == [["price", "speed"], "support"]
    assert type(data["weighting"]["blend"]) is dict


def test_a_ranking_holds_what_the_kernel_handed_over_read_only_without_copying_it():
    """A kernel's new arrays are made read-only where they are (the array they view
    too); one that hands back a view of its input gets a copy, the caller's stays."""
    kept = {}

    def kernel(matrix, weights, benefit, normalization="vector"):
        block = matrix @ np.ones((matrix.shape[-1], 2))
        kept.update(block=block, scores=block[..., 0])
        return kept["scores"], {"second": block[..., 1], "given": matrix[..., 0], "listed": [1.0, 2.0]}

    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    ranking = tradeoff.Method(name="handed", kernel=kernel).run(x, [1, 1], ["max", "max"])
    assert ranking.scores is kept["scores"] and not kept["block"].flags.writeable
    held = [ranking.scores, *ranking.diagnostics.values(), *(getattr(a, "base", None) for a in ranking.diagnostics.values())]
    assert [a for a in held if isinstance(a, np.ndarray) and a.flags.writeable] == []
    assert ranking.diagnostics["listed"] == (1.0, 2.0) and x.flags.writeable
    assert ranking.diagnostics["given"].base is not x
    assert list(ranking.ranks) == [2, 1]
