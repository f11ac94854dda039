"""Building a scenario from plain Python data (docs/embedding.md): the same scenario as
the file's, and a wrong type named by its place, never a raw AttributeError."""

from __future__ import annotations

import pytest

import tradeoff
from tradeoff.files.scenario_file import TOP_KEYS

GOOD = {
    "title": "Offers",
    "method": "wsm",
    "criteria": {"price": {"direction": "min", "weight": 2}, "uptime": {"direction": "max"}},
    "alternatives": [
        {"name": "A", "values": {"price": 10, "uptime": 99.0}},
        {"name": "B", "values": {"price": 20, "uptime": 99.9}},
    ],
}

TOML = """
title = "Offers"
method = "wsm"
[criteria.price]
direction = "min"
weight = 2
[criteria.uptime]
direction = "max"
[[alternatives]]
name = "A"
values = { price = 10, uptime = 99.0 }
[[alternatives]]
name = "B"
values = { price = 20, uptime = 99.9 }
"""


def test_plain_data_gives_the_files_scenario_and_ranks():
    scenario = tradeoff.from_dict(GOOD)
    assert scenario == tradeoff.loads(TOML)
    # wsm, minmax by default: A = 2/3 * 1 + 1/3 * 0, B = 2/3 * 0 + 1/3 * 1
    result = tradeoff.Engine(entry_points=False).rank(scenario)
    assert [(r.name, r.rank) for r in result.rows] == [("A", 1), ("B", 2)]
    assert [r.score for r in result.rows] == pytest.approx([2 / 3, 1 / 3])


#: A value of the wrong type for each top-level key (each key expects another type).
WRONG = {
    "format": "1",
    "title": 3,
    "description": ["x"],
    "author": 1.5,
    "organisation": True,
    "notes": {"x": 1},
    "context": [1, 2],
    "method": 3,
    "weights": "roc",
    "stakeholders": {"name": "x"},
    "criteria": ["price"],
    "alternatives": {"name": "A"},
    "columns": ["Fee"],
    "table": "decimal",
}


def test_the_wrong_cases_cover_every_top_level_key():
    assert set(WRONG) == set(TOP_KEYS)


#: None for `method` or `weights` means not given (the default method, the weights as given).
CASES = [
    (key, kind)
    for key in sorted(WRONG)
    for kind in ["wrong", None, 1.5, True, object()]
    if not (kind is None and key in ("method", "weights"))
]


@pytest.mark.parametrize(("key", "kind"), CASES)
def test_a_wrong_type_at_the_top_names_the_key(key, kind):
    value = WRONG[key] if kind == "wrong" else kind
    with pytest.raises(tradeoff.ScenarioError) as caught:
        tradeoff.from_dict({**GOOD, key: value})
    assert str(caught.value).startswith(f"{key}: expected "), str(caught.value)


@pytest.mark.parametrize("data", [None, [GOOD], "title = 'x'", 3])
def test_data_that_is_not_a_dict_is_named(data):
    with pytest.raises(tradeoff.ScenarioError, match=r"^expected a dict of the scenario's keys"):
        tradeoff.from_dict(data)


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (lambda d: d["criteria"].update(price=3), "criteria.price: expected"),
        (lambda d: d["criteria"]["price"].update(weight="high"), "criteria.price.weight: expected"),
        (lambda d: d["alternatives"].append(3), "alternatives[2]: expected"),
        (lambda d: d["alternatives"][0].update(values=[10]), 'alternatives[0] "A".values: expected'),
        (lambda d: d["alternatives"][0].update(name=None), "alternatives[0].name: expected"),
    ],
)
def test_a_wrong_type_inside_names_its_place(change, place):
    data = {**GOOD, "criteria": {k: dict(v) for k, v in GOOD["criteria"].items()},
            "alternatives": [dict(a) for a in GOOD["alternatives"]]}
    change(data)
    with pytest.raises(tradeoff.ScenarioError) as caught:
        tradeoff.from_dict(data)
    assert str(caught.value).startswith(place), str(caught.value)
