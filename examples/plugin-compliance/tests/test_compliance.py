"""The plugin's own tests: what every criterion plugin should check about itself.

1. Conformance: ``tradeoff.testing.check_criterion`` runs tradeoff's checks on each
   criterion (declaration, vectorised scoring, finite values over the facts' ranges...).
2. Values: each formula worked out by hand from its text for a few fact sets, so the
   code is checked against the formula a reviewer reads, not against itself.
3. Monotonicity: more of a good fact never lowers the score, more of a bad one never
   raises it.
4. The starter: it builds afresh, ranks, and survives ``tradeoff new`` and loading back.

Runs here (``python -m pytest`` in this folder) and from the tradeoff project root, so
it imports nothing but tradeoff and the plugin, and uses no conftest.  When the plugin
is not installed the module is skipped, unless TRADEOFF_REQUIRE_EXAMPLE_PLUGIN=1 says
it must run (as in CI, where a skip would hide a broken install).
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import numpy as np
import pytest
import tradeoff

REQUIRED = os.environ.get("TRADEOFF_REQUIRE_EXAMPLE_PLUGIN") == "1"
if REQUIRED:
    import tradeoff_compliance  # an ImportError fails the run
else:
    tradeoff_compliance = pytest.importorskip(
        "tradeoff_compliance", reason="tradeoff-compliance is not installed"
    )

COMPLIANCE = tradeoff_compliance.COMPLIANCE
FEASIBILITY = tradeoff_compliance.FEASIBILITY
build = tradeoff_compliance.build

README = Path(__file__).resolve().parent.parent / "README.md"
ENGINE = tradeoff.Engine(entry_points=False, plugins=[tradeoff_compliance])


def columns(**facts: list) -> dict[str, np.ndarray]:
    """Facts as the engine passes them: bool arrays for booleans, float arrays else."""
    return {
        name: np.asarray(values, dtype=bool if isinstance(values[0], (bool, np.bool_)) else float)
        for name, values in facts.items()
    }


# -- 1. conformance ------------------------------------------------------------------


@pytest.mark.parametrize("criterion", [COMPLIANCE, FEASIBILITY], ids=lambda c: c.id)
def test_the_criterion_passes_tradeoffs_conformance_kit(criterion):
    from tradeoff.testing import check_criterion

    check_criterion(criterion)
    check_criterion(criterion, alternatives=1, seed=1)
    check_criterion(criterion, alternatives=500, seed=2)


def test_the_kit_would_catch_a_score_that_looks_at_the_other_alternatives():
    """Why the kit is worth running: scaling by the best offer in the scenario (a
    tempting way to get "0-10") makes one option's value depend on the others."""
    from tradeoff.testing import ConformanceError, check_criterion

    relative = attrs.evolve(COMPLIANCE, score=lambda facts: 10 * COMPLIANCE.score(facts) / COMPLIANCE.score(facts).max())
    with pytest.raises(ConformanceError, match="depends on the other alternatives"):
        check_criterion(relative)


def test_the_plugin_registers_both_criteria_and_the_starter():
    info = next(p for p in ENGINE.plugins if p.name == "tradeoff_compliance")
    assert info.criteria == ("compliance", "feasibility")
    assert info.templates == ("compliance",)
    for criterion in (COMPLIANCE, FEASIBILITY):
        registered = ENGINE.criteria[criterion.id]
        assert registered == criterion
        assert registered.provided_by == "tradeoff_compliance"
        assert registered.direction.benefit
        assert registered.unit == "points (0-10)"


# -- 2. values, worked out by hand from the formula text -----------------------------
#
# compliance = 3 * (1 - exp(-certifications / 2)) + 2 * data_processing_agreement
#              + 1.5 * audit_rights + 1.5 / (1 + breach_notice_hours / 24)
#              + 2 * regulated_experience
#
#   nothing, immediate notice:   0 + 0 + 0 + 1.5 / 1 + 0                       = 1.5
#   2 certs, all yes, 24 h:      3 * (1 - e^-1) = 3 * 0.632120559 = 1.896361677
#                                + 2 + 1.5 + 1.5 / 2 + 2                       = 8.146361677
#   4 certs, DPA only, 72 h:     3 * (1 - e^-2) = 3 * 0.864664717 = 2.593994150
#                                + 2 + 0 + 1.5 / 4 + 0                         = 4.968994150


def test_compliance_by_hand():
    facts = columns(
        certifications=[0, 2, 4],
        data_processing_agreement=[False, True, True],
        audit_rights=[False, True, False],
        breach_notice_hours=[0, 24, 72],
        regulated_experience=[False, True, False],
    )
    np.testing.assert_allclose(COMPLIANCE.score(facts), [1.5, 8.146361677, 4.968994150], rtol=1e-9)


# feasibility = 4 * functions_covered + 2 / (1 + transition_weeks / 4)
#               + 2 * exp(-legacy_systems / 2) + 2 * handover_plan
#
#   in-house (1, 0 weeks, 0, plan):  4 + 2 + 2 + 2                             = 10
#   half, 4 weeks, 2 new, no plan:   2 + 2 / 2 + 2 * e^-1 = 2 * 0.367879441 + 0 = 3.735758882
#   3/4, 12 weeks, 0 new, plan:      3 + 2 / 4 + 2 + 2                         = 7.5


def test_feasibility_by_hand():
    facts = columns(
        functions_covered=[1, 0.5, 0.75],
        transition_weeks=[0, 4, 12],
        legacy_systems=[0, 2, 0],
        handover_plan=[True, False, True],
    )
    np.testing.assert_allclose(FEASIBILITY.score(facts), [10, 3.735758882, 7.5], rtol=1e-9)


def test_the_engine_fills_in_defaults_and_agrees():
    """Through a scenario: facts left out take their defaults (false, 0 certifications)."""
    scenario = tradeoff.Scenario(
        method=tradeoff.MethodChoice(name="wsm"),
        criteria=[tradeoff.CriterionChoice(id="compliance"), tradeoff.CriterionChoice(id="feasibility")],
        alternatives=[
            tradeoff.Alternative(
                name="bare",
                facts=dict(breach_notice_hours=0, functions_covered=0.5, transition_weeks=4, legacy_systems=2),
            ),
            tradeoff.Alternative(
                name="full",
                facts=dict(
                    certifications=2, data_processing_agreement=True, audit_rights=True,
                    breach_notice_hours=24, regulated_experience=True,
                    functions_covered=1, transition_weeks=0, legacy_systems=0, handover_plan=True,
                ),
            ),
        ],
    )
    matrix = ENGINE.evaluate(scenario).matrix
    np.testing.assert_allclose(matrix, [[1.5, 3.735758882], [8.146361677, 10]], rtol=1e-9)


def test_the_readme_shows_the_formulas_and_facts_the_code_uses():
    text = " ".join(README.read_text(encoding="utf-8").split())
    for criterion in (COMPLIANCE, FEASIBILITY):
        assert f"{criterion.id} = {' '.join(criterion.formula.split())}" in text
        for fact in criterion.facts:
            assert f"`{fact.name}`" in text


# -- 3. monotonicity -----------------------------------------------------------------

N = 400


def random_compliance(rng):
    return columns(
        certifications=list(rng.integers(0, 20, N)),
        data_processing_agreement=list(rng.random(N) < 0.5),
        audit_rights=list(rng.random(N) < 0.5),
        breach_notice_hours=list(rng.uniform(0, 2000, N)),
        regulated_experience=list(rng.random(N) < 0.5),
    )


def random_feasibility(rng):
    return columns(
        functions_covered=list(rng.uniform(0, 0.9, N)),
        transition_weeks=list(rng.uniform(0, 100, N)),
        legacy_systems=list(rng.integers(0, 20, N)),
        handover_plan=list(rng.random(N) < 0.5),
    )


def changed(facts, name, change):
    out = dict(facts)
    out[name] = change(facts[name])
    return out


def MORE(a):
    return a + 1


def MORE_SHARE(a):
    return a + 0.1


def TRUE(a):
    return np.ones_like(a)


def monotone(criterion, make, name, change, sign):
    direction = "helps" if sign > 0 else "hurts"
    return pytest.param(criterion, make, name, change, sign, id=f"{criterion.id}-{name}-{direction}")


@pytest.mark.parametrize(
    ("criterion", "make", "name", "change", "sign"),
    [
        monotone(COMPLIANCE, random_compliance, "certifications", MORE, +1),
        monotone(COMPLIANCE, random_compliance, "data_processing_agreement", TRUE, +1),
        monotone(COMPLIANCE, random_compliance, "audit_rights", TRUE, +1),
        monotone(COMPLIANCE, random_compliance, "breach_notice_hours", MORE, -1),
        monotone(COMPLIANCE, random_compliance, "regulated_experience", TRUE, +1),
        monotone(FEASIBILITY, random_feasibility, "functions_covered", MORE_SHARE, +1),
        monotone(FEASIBILITY, random_feasibility, "transition_weeks", MORE, -1),
        monotone(FEASIBILITY, random_feasibility, "legacy_systems", MORE, -1),
        monotone(FEASIBILITY, random_feasibility, "handover_plan", TRUE, +1),
    ],
)
def test_more_of_a_good_fact_helps_and_more_of_a_bad_one_hurts(criterion, make, name, change, sign):
    facts = make(np.random.default_rng(0))
    before = criterion.score(facts)
    after = criterion.score(changed(facts, name, change))
    moved = facts[name] != changed(facts, name, change)[name]
    assert np.all(sign * (after - before)[moved] > 0)  # strictly, where the fact changed
    assert np.all(after[~moved] == before[~moved])


@pytest.mark.parametrize("criterion", [COMPLIANCE, FEASIBILITY], ids=lambda c: c.id)
def test_scores_stay_within_0_and_10_over_the_whole_ranges(criterion):
    """Every fact at its low end, its high end, and random values in between."""
    rng = np.random.default_rng(3)
    facts = {}
    for fact in criterion.facts:
        if fact.type is tradeoff.FactType.BOOLEAN:
            values = np.r_[False, True, rng.random(200) < 0.5]
        else:
            values = np.r_[fact.low, fact.high, rng.uniform(fact.low, fact.high, 200)]
            if fact.type is tradeoff.FactType.INTEGER:
                values = np.round(values)
        facts[fact.name] = rng.permutation(values)
    values = criterion.score(facts)
    assert values.shape == (202,)
    assert np.all((values >= 0) & (values <= 10))


# -- 4. the starter ------------------------------------------------------------------


def test_the_starter_builds_afresh_and_ranks_the_specialist_first():
    scenario = build()
    assert scenario == build() and scenario is not build()
    assert [c.id for c in scenario.criteria] == [
        "cost", "compliance", "control", "expertise", "feasibility", "lock_in", "morale"
    ]
    assert ENGINE.template("compliance").scenario() == scenario
    result = ENGINE.rank(scenario)
    assert [row.name for row in result.rows] == [
        "Dental IT specialist", "General MSP", "Keep it in-house", "National cloud IT service"
    ]
    # Nothing to hand over in-house: full feasibility, as its facts say.
    values = ENGINE.evaluate(scenario)
    inhouse = list(scenario.names).index("Keep it in-house")
    feasibility = [c.id for c in scenario.criteria].index("feasibility")
    assert values.matrix[inhouse, feasibility] == 10


def test_without_the_plugin_there_is_no_such_starter():
    with pytest.raises(tradeoff.ScenarioError, match="compliance"):
        tradeoff.Engine(entry_points=False).template("compliance")


def test_tradeoff_new_writes_a_file_that_loads_back_equal(tmp_path, monkeypatch):
    """Through the installed entry point, as a user runs it."""
    from importlib.metadata import entry_points

    if not REQUIRED and not entry_points(group="tradeoff", name="compliance"):
        pytest.skip("tradeoff_compliance is importable but not installed (no entry point)")
    from tradeoff.cli import main

    monkeypatch.delenv("TRADEOFF_NO_ENTRY_POINTS", raising=False)  # tradeoff's conftest sets it
    monkeypatch.setenv("TRADEOFF_PLUGINS", "compliance")  # this plugin, no other
    target = tmp_path / "s.toml"
    assert main(["new", "--template", "compliance", "-o", str(target)]) == 0
    assert tradeoff.load(target) == build()
    assert main(["rank", str(target)]) == 0
