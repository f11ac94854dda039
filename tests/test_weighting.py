"""Weighting schemes: published values, properties, and errors that name the place."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
from tradeoff import ScenarioError

from .strategies import rank_orders, swing_points

IDS = ("a", "b", "c", "d")


def derive(engine, scheme, **settings):
    return engine.weightings[scheme].derive(settings, IDS, np.ones((2, 4)), np.ones(4, bool))


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


def test_an_unknown_scheme_lists_the_known_ones_closest_first(engine):
    from tradeoff.model.errors import closest_first

    known = closest_first("rock", engine.weightings)
    assert known.startswith("roc, ")
    assert error(engine, 'scheme = "rock"') == (
        f'w.toml:2: weights.scheme: expected a registered weighting scheme ({known}) (did you mean "roc"?), got "rock"'
    )


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


# -- swing, AHP, entropy, CRITIC --------------------------------------------------------


def test_swing_points_are_normalised_and_every_swing_is_rated(engine):
    out = derive(engine, "swing", points={"a": 100, "b": 50, "c": 50, "d": 0})
    assert out.weights == (0.5, 0.25, 0.25, 0.0)
    with pytest.raises(ScenarioError, match="expected 100 points for the swing that matters most, got at most 90"):
        derive(engine, "swing", points={"a": 90, "b": 50, "c": 50, "d": 0})
    with pytest.raises(ScenarioError, match="expected points for every criterion's swing, got none for d"):
        derive(engine, "swing", points={"a": 100, "b": 50, "c": 50})


@given(true=st.lists(st.floats(0.05, 1.0), min_size=3, max_size=8))
def test_a_consistent_pairwise_matrix_has_cr_0_and_recovers_its_weights(true):
    engine = tradeoff.Engine(entry_points=False)
    w = np.array(true) / sum(true)
    ids = tuple(f"c{i}" for i in range(len(w)))
    pairwise = (w[:, None] / w[None, :]).tolist()
    out = engine.weightings["ahp"].derive({"pairwise": pairwise}, ids, None, None)
    np.testing.assert_allclose(out.weights, w, rtol=1e-9)
    assert out.details["consistency_ratio"] == pytest.approx(0, abs=1e-9)
    assert out.warnings == ()


def test_judgements_and_the_pairwise_matrix_agree(engine):
    ids = ("a", "b", "c")
    pairwise = engine.weightings["ahp"].derive({"pairwise": [[1, "1/3", 5], [3, 1, 7], ["1/5", "1/7", 1]]}, ids, None, None)
    judged = engine.weightings["ahp"].derive({"judgements": {"a < b": 3, "a > c": 5, "b > c": 7}}, ids, None, None)
    np.testing.assert_allclose(judged.weights, pairwise.weights)


def test_an_inconsistent_ahp_warns_naming_the_worst_judgements_or_fails_when_strict(engine):
    ids = ("a", "b", "c")
    cyclic = {"pairwise": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]}
    out = engine.weightings["ahp"].derive(cyclic, ids, None, None)
    assert out.details["consistency_ratio"] > 0.1
    assert out.warnings[0].startswith("AHP consistency ratio ")
    assert "a vs b: judged 9, weights imply 1" in out.warnings[0]
    with pytest.raises(ScenarioError, match=r"^expected consistent judgements \(CR <= 0.1\), got AHP consistency"):
        engine.weightings["ahp"].derive({**cyclic, "strict": True}, ids, None, None)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"pairwise": [[1, 3], ["1/3", 1]]}, r"^pairwise: expected a 3 x 3 matrix"),
        ({"pairwise": [[1, 3, 0], ["1/3", 1, 1], [1, 1, 1]]}, r"^pairwise\[0\]\[2\]: expected a number > 0"),
        ({"pairwise": [[1, 3, 1], [3, 1, 1], [1, 1, 1]]}, r"^pairwise\[1\]\[0\]: expected reciprocal entries"),
        ({"judgements": {"a > b": 3, "a > c": 2}}, r"^judgements: expected a judgement for every pair of criteria, got none for \(b, c\)"),
        ({"judgements": {"a > x": 3}}, r'^judgements."a > x": expected a criterion of the scenario'),
        ({"judgements": {"a >> b": 3}}, r'^judgements."a >> b": expected a judgement "a > b"'),
        ({}, r"^expected either pairwise"),
    ],
)
def test_bad_ahp_input_names_the_place(engine, settings, message):
    with pytest.raises(ScenarioError, match=message):
        engine.weightings["ahp"].derive(settings, ("a", "b", "c"), None, None)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning", "ignore::FutureWarning")
@given(problem=st.data())
def test_entropy_and_critic_agree_with_scikit_criteria(problem):
    """scikit-criteria's entropy_weights and critic_weights (rel 1e-9): same formulas
    on data without all-equal columns and with two criteria or more (where the
    conventions differ: scikit-criteria's CRITIC divides 0 by 0 for one criterion)."""
    from skcriteria.preprocessing.weighters import critic_weights, entropy_weights

    from .strategies import problems

    x, _, benefit = problem.draw(problems(min_n=2, min_m=2, constant_columns=False, duplicate_rows=False))
    engine = tradeoff.Engine(entry_points=False)
    ids = tuple(f"c{i}" for i in range(x.shape[1]))
    ours = engine.weightings["entropy"].derive({}, ids, x, benefit).weights
    np.testing.assert_allclose(ours, entropy_weights(x), rtol=1e-9, atol=1e-12)
    ours = engine.weightings["critic"].derive({}, ids, x, benefit).weights
    with np.errstate(invalid="ignore"):  # every criterion perfectly correlated: 0 / 0 there
        theirs = critic_weights(x, np.where(benefit, 1, -1))
    if np.isfinite(theirs).all():
        # CRITIC's 1 - r cancels digits when two criteria are almost perfectly correlated
        # (r = 0.99999...): the two libraries' roundings then differ by ~1e-9 relative.
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-12)
    else:  # our documented convention for no contrast-times-conflict at all: equal weights
        np.testing.assert_allclose(ours, np.full(len(ids), 1 / len(ids)))


def test_cli_weights_shows_the_weighting_step_and_warnings(tmp_path, capsys):
    from tradeoff.cli import main

    path = tmp_path / "w.toml"
    path.write_text(BASE.format(weights='scheme = "ahp"\npairwise = [[1, 3], ["1/3", 1]]'))
    assert main(["weights", str(path), "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["scheme"] == "ahp"
    assert data["weights"] == {"a": pytest.approx(0.75), "b": pytest.approx(0.25)}
    assert data["consistency_ratio"] == 0.0
    cyclic = tmp_path / "c.toml"
    cyclic.write_text(
        BASE.format(weights='scheme = "ahp"\npairwise = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]')
        .replace("[[alternatives]]", '[criteria.c]\ndirection = "max"\n[[alternatives]]', 1)
        .replace("b = 2 }", "b = 2, c = 1 }").replace("b = 3 }", "b = 3, c = 2 }")
    )
    assert main(["rank", str(cyclic)]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("warning: AHP consistency ratio ")
    assert "Warning: AHP consistency ratio" in out


# -- published examples ------------------------------------------------------------------


def test_ahp_saaty_2008_drinks(engine):
    """Saaty (2008), Decision making with the analytic hierarchy process, Int. J. of
    Services Sciences 1(1), 83-98: drink consumption in the US; as quoted in AHPy's
    tests (PhilipGriffith/AHPy, tests/test_ahp.py).  Published w to 3 decimals and
    CR = 0.022 (RI 1.32 for n = 7, Saaty 1980)."""
    ids = ("coffee", "wine", "tea", "beer", "soda", "milk", "water")
    pairwise = [
        [1, 9, 5, 2, 1, 1, "1/2"],
        ["1/9", 1, "1/3", "1/9", "1/9", "1/9", "1/9"],
        ["1/5", 3, 1, "1/3", "1/4", "1/3", "1/9"],
        ["1/2", 9, 3, 1, "1/2", 1, "1/3"],
        [1, 9, 4, 2, 1, 2, "1/2"],
        [1, 9, 3, 1, "1/2", 1, "1/3"],
        [2, 9, 9, 3, 2, 3, 1],
    ]
    out = engine.weightings["ahp"].derive({"pairwise": pairwise}, ids, None, None)
    np.testing.assert_allclose(out.weights, [.177, .019, .042, .116, .190, .129, .327], atol=5e-4)
    assert out.details["consistency_ratio"] == pytest.approx(0.022, abs=5e-4)


@pytest.mark.parametrize(
    ("matrix", "published"),
    [
        # Xu (2004), A note on the subjective and objective integrated approach to
        # determine attribute weights, EJOR 156(2), 530-532.
        ([[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]], [.4630, .3992, .1378, .0000]),
        # Zavadskas & Podvezko (2016), Integrated determination of objective criteria
        # weights in MCDM, Int. J. of Information Technology & Decision Making 15(2), 267-283.
        ([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]], [.1146, .1981, .4185, .2689]),
    ],
)
def test_entropy_published_examples(engine, matrix, published):
    """Both as quoted in the tests of crispyn / pyrepo-mcda (energyinpython)."""
    x = np.array(matrix, float)
    ids = tuple(f"c{i}" for i in range(x.shape[1]))
    out = engine.weightings["entropy"].derive({}, ids, x, np.ones(x.shape[1], bool))
    np.testing.assert_allclose(out.weights, published, atol=5e-5)


def test_critic_tus_aytac_adali_2019(engine):
    """Tus & Aytac Adali (2019), The new combination with CRITIC and WASPAS methods for
    the time and attendance software selection problem, Opsearch 56(2), 528-538; as
    quoted in crispyn's tests.  The paper min-max normalises every column as a benefit
    (its cost column is not reversed), so the example is run with all directions max."""
    x = np.array([[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3],
                  [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]], float)
    ids = tuple(f"c{i}" for i in range(6))
    out = engine.weightings["critic"].derive({}, ids, x, np.ones(6, bool))
    np.testing.assert_allclose(out.weights, [.157, .249, .168, .121, .154, .151], atol=5e-4)


def test_blending_a_subjective_and_an_objective_scheme(engine):
    text = BASE.format(
        weights='scheme = "rank_sum"\norder = ["a", "b"]\nblend = { scheme = "entropy", share = 0.25 }'
    )
    scenario = tradeoff.loads(text, file="w.toml")
    decision = engine.evaluate(scenario)
    x = decision.matrix
    entropy = engine.weightings["entropy"].derive({}, ("a", "b"), x, decision.benefit).weights
    expected = 0.75 * np.array([2 / 3, 1 / 3]) + 0.25 * np.array(entropy)
    np.testing.assert_allclose(decision.weights, expected / expected.sum())
    data = engine.rank(scenario).to_dict()["weighting"]
    assert data["scheme"] == "rank_sum"
    assert data["blend"]["scheme"] == "entropy" and data["blend"]["share"] == 0.25
    assert data["unblended"] == {"a": pytest.approx(2 / 3), "b": pytest.approx(1 / 3)}
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario


@pytest.mark.parametrize(
    ("blend", "message"),
    [
        ('{ scheme = "entropy", share = 1.5 }', "w.toml:4: weights.blend.share: expected a share from 0 to 1"),
        ('{ share = 0.5 }', 'w.toml:4: weights.blend: expected blend = { scheme = "...", share = 0 to 1, ... }'),
        ('{ scheme = "entropi", share = 0.5 }', "w.toml:4: weights.blend.scheme: expected a registered weighting scheme ("),
    ],
)
def test_bad_blends_name_the_place(engine, blend, message):
    assert error(engine, f'scheme = "equal"\nx = 1\nblend = {blend}'.replace("x = 1\n", "")).startswith(
        message.replace("w.toml:4", "w.toml:3")
    )


@given(points=swing_points(IDS))
def test_point_schemes_give_non_negative_weights_that_sum_to_1_in_the_points_order(points):
    engine = tradeoff.Engine(entry_points=False)
    values = [points[c] for c in IDS]
    for scheme in ("direct", "swing"):
        w = derive(engine, scheme, points=points).weights
        assert all(v >= 0 for v in w) and sum(w) == pytest.approx(1)
        assert [a < b for a, b in zip(values, values[1:])] == [x < y for x, y in zip(w, w[1:])]


class _Noted:
    """A scheme with a summary, and a detail named like AHP's that is only a detail."""

    @tradeoff.hookimpl
    def tradeoff_register_weightings(self, registrar):
        registrar.add(tradeoff.WeightingScheme(name="noted", derive=lambda s, ids, *_: tradeoff.Weighting(
            weights=(1.0,) * len(ids), summary="3 votes cast", details={"consistency_ratio": 0.5})))
        registrar.add(tradeoff.WeightingScheme(name="plain", derive=lambda s, ids, *_: tradeoff.Weighting(
            weights=(1.0,) * len(ids), details={"consistency_ratio": 0.5, "grid": [[1, 2], [3, 4]], "tied": [["a", "b"]]})))


def test_the_weights_heading_shows_the_schemes_summary_whatever_its_details():
    from tradeoff.output.render import weights_line, weights_table

    engine = tradeoff.Engine(entry_points=False, plugins=[_Noted()])
    noted = engine.evaluate(tradeoff.loads(BASE.format(weights='scheme = "noted"')))
    assert weights_line(noted) == "Weights: derived by the noted scheme, 3 votes cast."
    plain = engine.evaluate(tradeoff.loads(BASE.format(weights='scheme = "plain"')))
    assert weights_line(plain) == "Weights: derived by the plain scheme."
    lines = weights_table(plain).splitlines()
    assert "  consistency_ratio: 0.5" in lines and not any("grid" in line for line in lines)  # a matrix: JSON only
    assert '  tied: [["a", "b"]]' in lines
    assert engine.rank(plain.scenario).to_dict()["weighting"]["grid"] == [[1, 2], [3, 4]]


def test_the_weighting_step_as_plain_data_is_the_results_weighting(engine):
    """`DecisionMatrix.weighting_dict` is what `tradeoff weights --format json` needs:
    plain JSON data, the result's ``weighting`` without the stakeholders' rankings."""
    import json

    blend = 'blend = { scheme = "swing", points = { a = 25, b = 100 }, share = 0.5 }'
    text = BASE.format(weights=f'scheme = "rank_sum"\norder = ["a", "b"]\n{blend}')
    scenario = tradeoff.loads(text)
    data = engine.evaluate(scenario).weighting_dict()
    assert json.loads(json.dumps(data)) == data == engine.rank(scenario).to_dict()["weighting"]
    swing = {"weights": {"a": 0.2, "b": 0.8}, "points": {"a": 25, "b": 100}}  # 25 and 100 points
    assert data["blend"] == {"scheme": "swing", "share": 0.5, **swing}
