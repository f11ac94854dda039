"""Stakeholders: group weights from several people's, and who disagrees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
from tradeoff import ScenarioError

from .scenarios import GROUP_ROWS, group_text, person
from .strategies import rank_orders

#: `GROUP_ROWS` and a third alternative.
ROWS = {**GROUP_ROWS, "R": {"a": 2, "b": 3, "c": 2}}


def text(*people):
    return group_text(*people, rows=ROWS)


def load(*people):
    return tradeoff.loads(text(*people), file="s.toml")


ROC = '{ scheme = "roc", order = ["a", "b", "c"] }'
POINTS = '{ scheme = "direct", points = { c = 1 } }'


def test_group_weights_are_the_influence_weighted_mean(engine):
    decision = engine.evaluate(load(person("Owner", ROC, 3), person("Staff", POINTS, 1)))
    roc = np.array([11 / 18, 5 / 18, 2 / 18])
    np.testing.assert_allclose(decision.weights, 0.75 * roc + 0.25 * np.array([0, 0, 1]))


@given(order=rank_orders(("a", "b", "c")), influences=st.lists(st.floats(0.1, 10), min_size=2, max_size=4))
def test_stakeholders_with_identical_inputs_give_exactly_that_input(order, influences):
    engine = tradeoff.Engine(entry_points=False)
    weights = '{ scheme = "rank_sum", order = %s }' % str(order).replace("'", '"')
    group = engine.evaluate(load(*(person(f"p{i}", weights, f) for i, f in enumerate(influences))))
    alone = engine.evaluate(load(person("p", weights)))
    np.testing.assert_allclose(group.weights, alone.weights, rtol=1e-12)


def test_influence_0_removes_a_stakeholders_effect(engine):
    with_zero = engine.evaluate(load(person("Owner", ROC), person("Ghost", POINTS, 0)))
    alone = engine.evaluate(load(person("Owner", ROC)))
    np.testing.assert_allclose(with_zero.weights, alone.weights)


def test_ahp_judgements_are_aggregated_by_geometric_mean(engine):
    """Aczel & Saaty (1983), Procedures for synthesizing ratio judgements, J. of
    Mathematical Psychology 27(1), 93-102: the weighted geometric mean of the judgements
    keeps the reciprocal property; two people judging 4 and 1/4 meet at 1."""
    one = '{ scheme = "ahp", judgements = { "a > b" = 4, "a = c" = 1, "b = c" = 1 } }'
    two = '{ scheme = "ahp", judgements = { "a < b" = 4, "a = c" = 1, "b = c" = 1 } }'
    data = engine.rank(load(person("One", one), person("Two", two))).to_dict()["weighting"]
    assert data["aggregation"].startswith("weighted geometric mean of the judgements")
    assert list(data["weights"].values()) == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_the_result_reports_each_view_the_spread_and_who_disagrees(engine):
    result = engine.rank(load(person("Owner", ROC, 3), person("Staff", POINTS, 1)))
    data = result.to_dict()["weighting"]
    assert data["scheme"] == "stakeholders"
    assert [p["name"] for p in data["stakeholders"]] == ["Owner", "Staff"]
    staff = data["stakeholders"][1]
    assert staff["ranking"][0] == {"name": "Q", "rank": 1}  # only c counts for them: Q has c = 3
    assert data["spread"]["c"]["max"] == 1.0
    group_top = result.best.name
    assert ("Staff" in data["disagree_with_top"]) == (group_top != "Q")
    assert tradeoff.loads(tradeoff.dumps(load(person("Owner", ROC, 3)))) == load(person("Owner", ROC, 3))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('[weights]\nscheme = "equal"\n' + person("A", ROC), "s.toml:1: weights: expected either [weights] or [[stakeholders]]"),
        ('[[stakeholders]]\nname = "A"\n', 's.toml:1: stakeholders[0] "A".weights: expected weights = { scheme = "...", ... }'),
        (person("A", ROC, 0), "s.toml:1: stakeholders: expected at least one stakeholder with influence > 0, got all 0"),
        (person("A", ROC) + person("A", POINTS), 's.toml:6: stakeholders[1] "A".name: expected stakeholder names that are unique'),
        (person("A", ROC, -1), 's.toml:3: stakeholders[0] "A".influence: expected an influence that is a finite number >= 0'),
        (person("A", '{ scheme = "roc", order = ["a", "x", "b", "c"] }'),
         's.toml:4: stakeholders[0] "A".weights.order[1]: expected a criterion of the scenario'),
    ],
)
def test_bad_stakeholders_name_the_place(engine, bad, message):
    with pytest.raises(ScenarioError) as info:
        engine.rank(tradeoff.loads(text(bad), file="s.toml"))
    assert str(info.value).startswith(message)


def test_cli_weights_shows_the_group_next_to_each_stakeholder(tmp_path, capsys):
    from tradeoff.cli import main

    path = tmp_path / "s.toml"
    path.write_text(text(person("Owner", ROC, 3), person("Staff", POINTS, 1)))
    assert main(["weights", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == ["group", "Owner", "Staff"]
    assert lines[5].split() == ["c", "33.3%", "11.1%", "100.0%"]  # 0.75 * 2/18 + 0.25 * 1


@given(
    first=rank_orders(("a", "b", "c")),
    second=rank_orders(("a", "b", "c")),
    influence=st.floats(0.01, 100),
)
def test_a_stakeholder_with_influence_0_changes_nothing(first, second, influence):
    engine = tradeoff.Engine(entry_points=False)
    as_text = lambda order: '{ scheme = "roc", order = %s }' % str(order).replace("'", '"')  # noqa: E731
    alone = engine.evaluate(load(person("p", as_text(first), influence)))
    with_ghost = engine.evaluate(load(person("p", as_text(first), influence), person("ghost", as_text(second), 0)))
    np.testing.assert_allclose(with_ghost.weights, alone.weights, rtol=1e-12)


def test_the_group_is_typed_and_the_json_only_serialises_it(engine):
    """Hand-worked: ROC for (a, b, c) is (11, 5, 2) / 18, Staff's points give (0, 0, 1)."""
    result = engine.rank(load(person("Owner", ROC, 3), person("Staff", POINTS, 1)))
    group = result.decision.group
    assert [(p.name, p.influence, p.scheme) for p in group.members] == [("Owner", 3, "roc"), ("Staff", 1, "direct")]
    np.testing.assert_allclose(group.weights, [[11 / 18, 5 / 18, 2 / 18], [0, 0, 1]])
    c = group.spread[2]
    assert (c.min, c.max, c.std) == pytest.approx((2 / 18, 1.0, (1 - 2 / 18) / 2))
    owner, staff = result.stakeholders
    assert staff.top == ("Q",) and staff.weights == {"a": 0.0, "b": 0.0, "c": 1.0}
    assert staff.ranks.tolist()[1] == 1  # only c counts for them: Q has c = 3
    assert owner.top == tuple(name for name, r in zip("PQR", owner.ranks) if r == 1)
    assert [p.agrees for p in result.stakeholders] == [p.top[0] == result.best.name for p in (owner, staff)]
    data = result.to_dict()["weighting"]
    assert data["disagree_with_top"] == [p.name for p in result.stakeholders if not p.agrees]
    assert data["spread"]["c"] == {"min": c.min, "max": c.max, "std": c.std}
    assert result.decision.stakeholder_weights["Staff"].tolist() == [0.0, 0.0, 1.0]


class _Votes:
    """A third-party scheme with its own group combination: the most influential
    stakeholder decides (a rule easy to check by hand)."""

    @staticmethod
    def derive(settings, criteria, *_):
        return tradeoff.Weighting(weights=tuple(float(settings["points"].get(c, 0)) for c in criteria))

    @staticmethod
    def combine(each, shares, criteria, *_):
        if shares.max() == 1.0:
            raise RuntimeError("no one to outvote")
        return tradeoff.Weighting(weights=each[int(np.argmax(shares))].weights, warnings=("outvoted someone",))

    @tradeoff.hookimpl
    def tradeoff_register_weightings(self, registrar):
        registrar.add(tradeoff.WeightingScheme(
            name="votes", derive=self.derive, combine=self.combine, combination="the most influential one's weights",
        ))


def votes(points):
    return '{ scheme = "votes", points = %s }' % points


def test_a_scheme_combines_a_group_that_uses_it_through_its_own_hook():
    engine = tradeoff.Engine(entry_points=False, plugins=[_Votes()])
    decision = engine.evaluate(load(person("Small", votes("{ a = 1 }"), 1), person("Big", votes("{ c = 1 }"), 3)))
    assert decision.weights.tolist() == [0.0, 0.0, 1.0]
    assert decision.group.aggregation == "the most influential one's weights"
    assert decision.weighting.warnings == ("group: outvoted someone",)
    mixed = engine.evaluate(load(person("Small", votes("{ a = 1 }"), 1), person("Big", ROC, 3)))
    assert mixed.group.aggregation == "weighted arithmetic mean of the normalised weights"
    np.testing.assert_allclose(mixed.weights, 0.25 * np.array([1, 0, 0]) + 0.75 * np.array([11, 5, 2]) / 18)


def test_a_failing_combine_is_the_plugins_fault():
    engine = tradeoff.Engine(entry_points=False, plugins=[_Votes()])
    with pytest.raises(tradeoff.PluginError) as info:
        engine.evaluate(load(person("Only", votes("{ a = 1 }"))))
    assert "weighting scheme 'votes': raised RuntimeError('no one to outvote')" in str(info.value)


def test_the_geometric_mean_of_judgements_belongs_to_the_scheme_not_its_name():
    """The same AHP functions under another name combine the same way (Aczel & Saaty
    1983: judgements of 4 and 1/4 meet at 1)."""
    from tradeoff.plugins import weights_ahp

    class Saaty:
        @tradeoff.hookimpl
        def tradeoff_register_weightings(self, registrar):
            registrar.add(tradeoff.WeightingScheme(
                name="saaty", derive=weights_ahp.ahp, combine=weights_ahp.combine, combination="geometric",
            ))

    engine = tradeoff.Engine(entry_points=False, plugins=[Saaty()])
    one = '{ scheme = "saaty", judgements = { "a > b" = 4, "a = c" = 1, "b = c" = 1 } }'
    two = '{ scheme = "saaty", judgements = { "a < b" = 4, "a = c" = 1, "b = c" = 1 } }'
    decision = engine.evaluate(load(person("One", one), person("Two", two)))
    assert decision.weights.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3])
    assert decision.group.aggregation == "geometric"
    assert decision.weighting.summary == "consistency ratio 0.000"


INCONSISTENT = '"a > b" = 3, "b > c" = 3, "a > c" = 1'  # consistency ratio 0.48


@pytest.mark.parametrize(
    "limits",
    [
        ("max_cr = 0.9", "max_cr = 0.9"),  # both members accept it: so does the group
        ("max_cr = 0.9", ""),  # the most lenient member's limit
        ("max_cr = 0.9, strict = true", "max_cr = 0.9, strict = true"),  # not refused either
    ],
)
def test_an_ahp_group_is_checked_against_its_members_own_limits(engine, limits):
    one, two = (f'{{ scheme = "ahp", judgements = {{ {INCONSISTENT} }}{", " * bool(x)}{x} }}' for x in limits)
    warnings = engine.rank(load(person("One", one), person("Two", two))).decision.weighting.warnings
    assert not [w for w in warnings if w.startswith("group:")]
