"""The built-in criteria: declared metadata, documented formulas, checked facts."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
from tradeoff import Direction, FactType

from .strategies import fact_columns

BUILTINS = ("cost", "expertise", "control", "lock_in", "morale")


@pytest.mark.parametrize("cid", BUILTINS)
def test_each_criterion_declares_what_it_measures(engine, cid):
    c = engine.criteria[cid]
    assert engine.criteria[cid].provided_by == f"tradeoff.criteria.{cid}"
    assert c.label and c.unit and c.formula and c.facts
    # what it measures in plain words, without the article's numbering a reader never saw
    assert len(c.description.split()) >= 12 and not re.search(r"\b(rewards?|risks?) \d", c.description, re.I)
    for fact in c.facts:
        assert fact.description and fact.label, fact.name
        if fact.type is not FactType.BOOLEAN:
            assert fact.unit and fact.low is not None, fact.name


@pytest.mark.parametrize("cid", BUILTINS)
@given(data=st.data())
def test_any_facts_within_the_declared_ranges_score_finite_values(cid, data):
    criterion = tradeoff.Engine(entry_points=False).criteria[cid]
    n = data.draw(st.integers(1, 20))
    out = np.asarray(criterion.score(data.draw(fact_columns(criterion, n))))
    assert out.shape == (n,)
    assert np.isfinite(out).all()
    if criterion.unit == "points (0-10)":
        assert ((out >= -1e-12) & (out <= 10 + 1e-12)).all()


def test_directions_follow_the_article(engine):
    directions = {cid: engine.criteria[cid].direction for cid in BUILTINS}
    assert directions == {
        "cost": Direction.MIN,
        "expertise": Direction.MAX,
        "control": Direction.MAX,
        "lock_in": Direction.MIN,
        "morale": Direction.MAX,
    }


# Each formula written out by hand, one alternative at a time, from the documentation.
def cost(f):
    return f["setup_fee"] + f["horizon_months"] * (f["monthly_fee"] + f["staff_it_hours"] * f["staff_hourly_cost"])


def expertise(f):
    return 10 * (
        0.4 * (1 - math.exp(-f["certified_staff"] / 3))
        + 0.2 * min(f["years_in_business"], 10) / 10
        + 0.4 * (f["reference_rating"] / 5) * (1 - math.exp(-f["references"] / 2))
    )


def control(f):
    return 10 * (0.4 / (1 + f["response_hours"] / 4) + 0.2 * (f["nda"] + f["data_on_premises"] + f["admin_access"]))


def lock_in(f):
    return 4 * min(f["contract_months"], 36) / 36 + 3 * (1 - f["documented_share"]) + 3 * f["proprietary_software"]


def morale(f):
    return 10 - 6 * min(1, 4 * f["layoffs"] / f["headcount"]) - 4 * min(1, f["staff_it_hours"] / 40)


FORMULAS = {"cost": cost, "expertise": expertise, "control": control, "lock_in": lock_in, "morale": morale}


def test_example_values_match_the_documented_formulas(engine, example_path):
    scenario = tradeoff.load(example_path)
    dm = engine.evaluate(scenario)
    for i, alt in enumerate(scenario.alternatives):
        facts = {**scenario.context, **alt.facts}
        for j, c in enumerate(dm.criteria):
            assert dm.matrix[i, j] == pytest.approx(FORMULAS[c.id](facts), rel=1e-12), (alt.name, c.id)


def test_documented_anchor_points(engine):
    """The round numbers the docstrings promise."""
    score = {cid: engine.criteria[cid].score for cid in BUILTINS}
    col = lambda **kw: {k: np.asarray([v], dtype=bool if isinstance(v, bool) else float) for k, v in kw.items()}
    no = False
    # A 4-hour response scores half of control's 4 response points.
    assert score["control"](col(response_hours=4, nda=no, data_on_premises=no, admin_access=no))[0] == pytest.approx(2)
    # Three years or more of contract, nothing documented, proprietary: the full 10 lock-in points.
    assert score["lock_in"](col(contract_months=48, documented_share=0, proprietary_software=True))[0] == pytest.approx(10)
    # A quarter of the staff laid off and 40 hours of IT on the side: morale 0.
    assert score["morale"](col(layoffs=3, headcount=12, staff_it_hours=40))[0] == pytest.approx(0)


def test_criteria_score_a_million_rows_in_one_vectorised_call(engine):
    rng = np.random.default_rng(7)
    n = 1_000_000
    facts = {
        "layoffs": rng.integers(0, 3, n).astype(float),
        "headcount": rng.integers(5, 50, n).astype(float),
        "staff_it_hours": rng.uniform(0, 60, n),
    }
    out = engine.criteria["morale"].score(facts)
    assert out.shape == (n,)
    k = 12345
    assert out[k] == pytest.approx(morale({name: v[k] for name, v in facts.items()}))


SCENARIO = """\
title = "facts"
[context]
headcount = 10
[criteria.cost]
[criteria.lock_in]
[[alternatives]]
name = "Acme"
facts = {{ monthly_fee = {fee}, contract_months = {months} }}
[[alternatives]]
name = "In-house"
facts = {{ monthly_fee = 900, contract_months = 0 }}
"""


def rank_text(engine, text):
    return engine.rank(tradeoff.loads(text, file="s.toml"))


@pytest.mark.parametrize(
    ("fee", "months", "message"),
    [
        (
            "-5",
            "12",
            's.toml:8: alternatives[0] "Acme".facts.monthly_fee: expected a number from 0 '
            "to 1e12 (USD/month) for criterion 'cost' (the vendor's monthly fee, or in-house IT "
            "salaries and tools), got -5 (an integer)",
        ),
        (
            '"cheap"',
            "12",
            's.toml:8: alternatives[0] "Acme".facts.monthly_fee: expected a number from 0 '
            "to 1e12 (USD/month) for criterion 'cost' (the vendor's monthly fee, or in-house IT "
            'salaries and tools), got "cheap" (a string)',
        ),
        (
            "100",
            "12.5",
            's.toml:8: alternatives[0] "Acme".facts.contract_months: expected an integer '
            "from 0 to 120 (months) for criterion 'lock_in' (minimum contract term (0 for "
            "none)), got 12.5 (a number)",
        ),
    ],
)
def test_bad_facts_name_the_alternative_the_criterion_and_the_fact(engine, fee, months, message):
    with pytest.raises(tradeoff.ScenarioError) as info:
        rank_text(engine, SCENARIO.format(fee=fee, months=months))
    assert str(info.value) == message


def test_a_missing_required_fact_is_an_error(engine):
    text = SCENARIO.format(fee=100, months=12).replace(", contract_months = 0", "")
    with pytest.raises(tradeoff.ScenarioError) as info:
        rank_text(engine, text)
    assert str(info.value) == (
        's.toml:11: alternatives[1] "In-house".facts.contract_months: expected an integer '
        "from 0 to 120 (months) for criterion 'lock_in' (minimum contract term (0 for none)), got nothing"
    )


def test_a_missing_context_fact_points_at_the_context(engine):
    text = SCENARIO.format(fee=100, months=12).replace("[criteria.lock_in]", "[criteria.morale]")
    text = text.replace("headcount = 10\n", "")
    with pytest.raises(tradeoff.ScenarioError) as info:
        rank_text(engine, text)
    assert str(info.value).startswith("s.toml:2: context.headcount: expected an integer from 1 to 1e7 (people)")


def test_context_facts_and_defaults_fill_in(engine):
    text = SCENARIO.format(fee=100, months=12).replace("headcount = 10", "horizon_months = 12\nsetup_fee = 50")
    result = rank_text(engine, text)
    values = {r.name: r.values["cost"] for r in result.rows}
    assert values == {"Acme": 50 + 12 * 100, "In-house": 50 + 12 * 900}


def test_an_alternatives_fact_overrides_the_context(engine):
    text = SCENARIO.format(fee=100, months=12).replace(
        "contract_months = 12 }", "contract_months = 12, horizon_months = 24 }"
    )
    values = {r.name: r.values["cost"] for r in rank_text(engine, text).rows}
    assert values == {"Acme": 24 * 100, "In-house": 36 * 900}


def test_a_fact_that_looks_like_a_typo_is_an_error(engine):
    text = SCENARIO.format(fee=100, months=12).replace("contract_months = 12", "contract_months = 12, setup_fe = 9")
    with pytest.raises(tradeoff.ScenarioError) as info:
        rank_text(engine, text)
    assert str(info.value) == (
        's.toml:8: alternatives[0] "Acme".facts.setup_fe: expected a fact a criterion reads '
        '(did you mean "setup_fee"?), got "setup_fe"'
    )


def test_facts_no_criterion_reads_are_ignored(engine):
    text = SCENARIO.format(fee=100, months=12).replace("contract_months = 12", "contract_months = 12, website_rating = 3")
    assert rank_text(engine, text).best.name == "Acme"


def test_a_value_given_directly_wins_over_facts(engine):
    text = SCENARIO.format(fee=100, months=12).replace('name = "Acme"', 'name = "Acme"\nvalues = { cost = 99999 }')
    values = {r.name: r.values["cost"] for r in rank_text(engine, text).rows}
    assert values["Acme"] == 99999


def test_inline_criteria_need_no_plugin():
    engine = tradeoff.Engine(builtins=False, entry_points=False, plugins=[__import__("tradeoff.plugins.wsm").plugins.wsm])
    text = """
method = "wsm"
[criteria.uptime]
direction = "max"
unit = "%"
[[alternatives]]
name = "A"
values = { uptime = 99.9 }
[[alternatives]]
name = "B"
values = { uptime = 99.0 }
"""
    result = engine.rank(tradeoff.loads(text))
    assert [(r.name, r.rank) for r in result.rows] == [("A", 1), ("B", 2)]
    assert result.to_dict()["criteria"][0] == {
        "id": "uptime", "label": "uptime", "direction": "max", "weight": 1.0, "unit": "%",
    }
