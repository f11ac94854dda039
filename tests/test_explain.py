"""Explanations: shares that add up, sentences that name the deciding criteria, and
what-if changes that really let the lower alternative overtake."""

from __future__ import annotations

import json

import attrs
import numpy as np
import pytest
from hypothesis import given, settings

import tradeoff
from tradeoff.analyses import explain as ex
from tradeoff.cli import main
from tradeoff.output import narrate

from .prepared import prepared
from .strategies import problems

ENGINE = tradeoff.Engine(entry_points=False)
NATIVE = sorted(name for name in ENGINE.methods if not name.startswith("skc."))


def scenario_of(x, w, benefit, method="topsis", **method_params):
    """A scenario with inline criteria c0.. and alternatives a0.. holding `x`."""
    m = x.shape[1]
    return tradeoff.Scenario(
        criteria=[
            tradeoff.CriterionChoice(id=f"c{j}", weight=float(w[j]), direction="max" if benefit[j] else "min")
            for j in range(m)
        ],
        alternatives=[
            tradeoff.Alternative(name=f"a{i}", values={f"c{j}": float(v) for j, v in enumerate(row)})
            for i, row in enumerate(x)
        ],
        method=tradeoff.MethodChoice(name=method, params=method_params),
    )


def explained(scenario, method=None, alternative=None, vs=None):
    return ENGINE.explain(scenario, method=method, alternative=alternative, vs=vs)


def rerank(explanation, column, value):
    """Ranks after the lower alternative's value on `column` becomes `value`."""
    result = explanation.result
    x = result.decision.matrix.copy()
    x[explanation.gap.below, column] = value
    method = ENGINE.method(result.ranking.method)
    return method.run_checked(x, result.decision.weights, result.decision.benefit, result.ranking.params).ranks


# -- shares add up -------------------------------------------------------------------


@pytest.mark.parametrize("name", [*NATIVE, "skc.mairca"])
def test_every_methods_shares_add_up_to_its_scores_on_the_example(name, example_path):
    result = ENGINE.rank(tradeoff.load(example_path), method=name)
    d, method = result.decision, ENGINE.method(name)
    job = prepared(method, d.matrix, d.weights, d.benefit, dict(result.ranking.params))
    split = ex.breakdown(job)
    np.testing.assert_allclose(split.baseline + split.shares.sum(axis=1), result.ranking.scores, atol=1e-12)
    assert split.exact == method.additive
    for a in range(len(d.matrix)):
        for b in range(len(d.matrix)):
            g = ex.gap(job, a, b)
            sign = 1 if method.higher_is_better else -1
            lead = sign * (result.ranking.scores[a] - result.ranking.scores[b])
            assert g.gap == pytest.approx(lead, abs=1e-12)
            assert g.shares.sum() == pytest.approx(g.gap - g.residual, abs=1e-12)
            if "identical_tie" in method.invariants:
                assert g.residual == pytest.approx(0, abs=1e-9)


@given(problem=problems(min_n=2, max_n=6, max_m=5))
def test_shapley_shares_add_up_for_any_problem(problem):
    x, w, benefit = problem
    for name in ("topsis", "vikor", "promethee2"):
        method = ENGINE.methods[name]
        params = method.resolve_params()
        job = prepared(method, x, w, benefit, params)
        split = ex.breakdown(job)
        scores = method.run(x, w, benefit, **params).scores
        np.testing.assert_allclose(split.baseline + split.shares.sum(axis=1), scores, rtol=1e-9, atol=1e-12)
        g = ex.gap(job, 0, 1)
        assert g.shares.sum() == pytest.approx(g.gap - g.residual, rel=1e-9, abs=1e-12)


def test_additive_shares_are_weight_times_normalised_value():
    """wsm with minmax: share = w_j * (x - worst) / (best - worst), computed by hand."""
    x = np.array([[10.0, 3.0], [20.0, 1.0], [40.0, 2.0]])
    w = np.array([0.25, 0.75])
    benefit = np.array([True, False])
    method = ENGINE.methods["wsm"]
    split = ex.breakdown(prepared(method, x, w, benefit))
    by_hand = np.array([[0.0, 0.0], [1 / 3, 1.0], [1.0, 0.5]]) * w
    np.testing.assert_allclose(split.shares, by_hand)
    assert split.exact and not split.baseline.any()


@pytest.mark.parametrize("sampled", [False, True])
def test_shapley_of_a_linear_score_is_each_criterion_own_term(monkeypatch, sampled):
    """For a score that is a plain weighted sum (no normalization), Shapley shares are
    exactly w_j * (x_ij - mean_j), and a pair's are w_j * (x_aj - x_bj): a reference
    that does not come from our code.  Also through the sampled-orders path."""
    if sampled:
        monkeypatch.setattr(ex, "EXACT_MAX", 1)
    linear = attrs.evolve(ENGINE.methods["wsm"], utilities=None)  # force the Shapley path
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 9, size=(5, 4))
    w = np.array([0.1, 0.2, 0.3, 0.4])
    benefit = np.ones(4, dtype=bool)
    params = {"normalization": "none"}
    job = prepared(linear, x, w, benefit, params)
    split = ex.breakdown(job)
    assert not split.exact
    np.testing.assert_allclose(split.shares, w * (x - x.mean(axis=0)), atol=1e-12)
    g = ex.gap(job, 2, 4)
    np.testing.assert_allclose(g.shares, w * (x[2] - x[4]), atol=1e-12)


# -- sentences -----------------------------------------------------------------------


def test_sentences_name_the_deciding_criterion_and_the_one_against():
    # wsm, minmax: a0 = 0.6 * 1 + 0.4 * 0.75 = 0.9, a1 = 0.4 * 1 = 0.4, a2 = 0.6 * 0.5 = 0.3;
    # a0 beats the runner-up a1 on c0 and is a little worse on c1.
    x = np.array([[9.0, 4.0], [1.0, 5.0], [5.0, 1.0]])
    s = scenario_of(x, [0.6, 0.4], [True, True], method="wsm")
    words = ex.because(explained(s))
    assert words[0].startswith("a0 ranks above a1: score 0.9000 against 0.4000")
    assert words[1].startswith("c0 counts most (9.00 against 1.00, more is better)")
    assert any(w.startswith("a1 does better on c1 (5.00 against 4.00)") for w in words)


def test_a_tie_is_called_a_tie():
    x = np.array([[2.0, 3.0], [2.0, 3.0], [1.0, 1.0]])
    e = explained(scenario_of(x, [0.5, 0.5], [True, True]))
    words = ex.because(e)
    assert "tie" in words[0]
    assert "No criterion separates them" in words[-1]
    changes = [c for c in e.changes if c.found]
    assert len(changes) == 2  # any better value on either criterion breaks the tie
    for c in changes:
        j = int(c.criterion[1:])
        ranks = rerank(e, j, c.needed)
        assert ranks[e.gap.below] < ranks[e.gap.above]


# -- what-if -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wsm", "topsis", "vikor", "promethee2", "wpm", "edas"])
def test_what_if_values_really_flip_and_are_the_smallest(name, example_path):
    e = explained(tradeoff.load(example_path), method=name)
    found = [c for c in e.changes if c.criterion and c.found]
    assert found
    ids = [c.id for c in e.result.criteria]
    for c in found:
        j = ids.index(c.criterion)
        ranks = rerank(e, j, c.needed)
        assert ranks[e.gap.below] < ranks[e.gap.above], c
        nearly = c.current + 0.98 * (c.needed - c.current)  # tidied values are <= 1 % further
        ranks = rerank(e, j, nearly)
        assert not ranks[e.gap.below] < ranks[e.gap.above], c


@pytest.mark.parametrize("name", ["wsm", "topsis"])
def test_what_if_facts_really_flip_when_put_in_the_file(name, example_path):
    scenario = tradeoff.load(example_path)
    e = explained(scenario, method=name)
    found = [c for c in e.changes if c.fact and c.found]
    assert found
    below = e.gap.below
    for c in found:
        alt = scenario.alternatives[below]
        value = int(c.needed) if c.integer else c.needed
        alts = list(scenario.alternatives)
        alts[below] = attrs.evolve(alt, facts={**alt.facts, c.fact: value})
        ranks = ENGINE.rank(attrs.evolve(scenario, alternatives=alts), method=name).ranking.ranks
        assert ranks[below] < ranks[e.gap.above], c


def test_what_if_says_none_when_nothing_in_range_would_do():
    # wsm, minmax: b at best on c1 still scores 0.1 against a's 0.95.
    x = np.array([[10.0, 10.0], [0.0, 0.0]])
    e = explained(scenario_of(x, [0.9, 0.1], [True, True], method="wsm"))
    by_id = {c.criterion: c for c in e.changes}
    assert by_id["c1"].needed is None
    assert (by_id["c1"].low, by_id["c1"].high) == (0.0, 20.0)  # up to best + range
    assert by_id["c0"].needed is not None
    text = narrate.table(e)
    assert "Not reachable within the scale: c1." in text
    assert [c["reachable"] for c in e.to_dict()["comparison"]["what_if"]] == [True, False]


@settings(max_examples=30)
@given(problem=problems(min_n=2, max_n=5, max_m=4))
def test_every_what_if_change_found_flips_the_order(problem):
    x, w, benefit = problem
    for name in ("wsm", "topsis"):
        e = explained(scenario_of(x, w, benefit, method=name))
        for c in e.changes:
            if c.found:
                ranks = rerank(e, int(c.criterion[1:]), c.needed)
                assert ranks[e.gap.below] < ranks[e.gap.above]


def test_bounds_limit_the_what_if_range():
    x = np.array([[5.0, 5.0], [4.0, 5.0], [1.0, 1.0]])
    s = scenario_of(x, [0.5, 0.5], [True, True], method="spotis")
    s = attrs.evolve(s, criteria=[attrs.evolve(c, bounds=(0, 6)) for c in s.criteria])
    e = explained(s)
    assert all(c.high <= 6 for c in e.changes)


class Quality:
    """A plugin criterion on a 0-10 scale: quality = 2 * rating, rating from 0 to 5."""

    @tradeoff.hookimpl
    def tradeoff_register_criteria(self, registrar):
        registrar.add(
            tradeoff.Criterion(
                id="quality", direction="max", unit="points (0-10)",
                score=lambda facts: 2 * facts["rating"],
                facts=(tradeoff.Fact(name="rating", low=0, high=5),),
            )
        )


QUALITY = tradeoff.Engine(entry_points=False, plugins=[Quality()])


def quality_scenario(rows, weights):
    """Alternatives A, B, C from (rating, price) rows; wsm with minmax, price inline."""
    return tradeoff.Scenario(
        criteria=[
            tradeoff.CriterionChoice(id="quality", weight=weights[0]),
            tradeoff.CriterionChoice(id="price", weight=weights[1], direction="min"),
        ],
        alternatives=[
            tradeoff.Alternative(name=name, facts={"rating": r}, values={"price": p})
            for name, (r, p) in zip("ABC", rows)
        ],
        method=tradeoff.MethodChoice(name="wsm", normalization="minmax"),
    )


def test_what_if_beyond_a_criterions_scale_is_not_reachable():
    # A (quality 10, price 0) leads B (2, 10); C (0, 20) anchors the ranges.  By hand,
    # B overtakes only at quality > 10.59 (past 10, minmax rescales: 0.9 (1 - 10/q) >
    # 0.05), beyond the 0-10 its formula reaches with rating <= 5.
    e = QUALITY.explain(quality_scenario([(5, 0), (1, 10), (0, 20)], [0.9, 0.1]))
    by = {c.criterion or c.fact: c for c in e.changes}
    assert not by["quality"].reachable and by["quality"].needed is None
    assert (by["quality"].low, by["quality"].high) == (2.0, 10.0)
    assert not by["rating"].reachable
    entry = next(c for c in e.to_dict()["comparison"]["what_if"] if c["criterion"] == "quality")
    assert entry["to"] is None and entry["reachable"] is False
    text = narrate.table(e)
    assert "Not reachable within the scale: quality, price, rating." in text
    page = QUALITY.report(quality_scenario([(5, 0), (1, 10), (0, 20)], [0.9, 0.1]), fmt="markdown")
    assert "Not reachable within the scale: quality, price, rating." in page


def test_what_if_within_a_criterions_scale_gives_the_value():
    # A (10, 10), B (2, 0), C (0, 20), equal weights: 0.5 q/10 + 0.5 > 0.5 + 0.25 for
    # q > 5, so rating > 2.5 (values tidied at most 1 % further).
    e = QUALITY.explain(quality_scenario([(5, 10), (1, 0), (0, 20)], [1, 1]))
    by = {c.criterion or c.fact: c for c in e.changes}
    assert by["quality"].reachable and 5 < by["quality"].needed <= 5 + 0.03
    assert by["rating"].reachable and 2.5 < by["rating"].needed <= 2.5 + 0.015
    assert by["quality"].high == 10.0
    assert "quality from 2.00 to 5.0" in narrate.table(e)


def test_what_if_on_the_example_stays_on_the_0_to_10_scale(example_path):
    scenario = tradeoff.load(example_path)
    for name in scenario.names:
        e = ENGINE.explain(scenario, alternative=name)
        for c in e.changes:
            if c.criterion in ("expertise", "control", "lock_in", "morale"):
                assert 0 <= c.low <= c.high <= 10, c
                assert c.needed is None or 0 <= c.needed <= 10, c


# -- choosing the pair ---------------------------------------------------------------


def test_default_pair_is_top_and_runner_up_and_order_follows_the_ranking(example_path):
    scenario = tradeoff.load(example_path)
    e = explained(scenario)
    names = scenario.names
    top = [r.name for r in e.result.rows]
    assert (names[e.gap.above], names[e.gap.below]) == (top[0], top[1])
    e = explained(scenario, alternative=top[3])
    assert (names[e.gap.above], names[e.gap.below]) == (top[0], top[3])
    e = explained(scenario, alternative=top[3], vs=top[2])
    assert (names[e.gap.above], names[e.gap.below]) == (top[2], top[3])


def test_one_alternative_has_shares_and_no_comparison():
    e = explained(scenario_of(np.array([[1.0, 2.0]]), [1, 1], [True, False], method="wsm"))
    assert e.gap is None and e.changes == ()
    assert e.to_dict()["comparison"] is None


# -- command line --------------------------------------------------------------------


def test_cli_explain_table(capsys, example_path):
    assert main(["explain", str(example_path)]) == 0
    out = capsys.readouterr().out
    assert "Shapley shares" in out
    assert "Why:" in out and "What one change would let" in out


def test_cli_explain_json(capsys, example_path):
    assert main(["explain", str(example_path), "--method", "wsm", "--format", "json",
                 "--alternative", "Keep it in-house"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attribution"] == "exact"
    for alt in data["alternatives"]:
        assert alt["baseline"] + sum(alt["contributions"].values()) == pytest.approx(alt["score"])
    comparison = data["comparison"]
    assert comparison["below"] == "Keep it in-house"
    assert sum(comparison["contributions"].values()) == pytest.approx(comparison["gap"])
    assert comparison["because"][0].startswith(f"{comparison['above']} ranks above Keep it in-house")
    entry = next(c for c in comparison["what_if"] if c["criterion"] == "cost")
    assert entry["to"] < entry["from"] and entry["unit"] == "USD"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--alternative", "Cloudwize Solutions"], 'did you mean "Cloudwise Solutions"'),
        (["--vs", "Nobody"], "--vs: expected an alternative of the scenario"),
        (["--alternative", "Cloudwise Solutions", "--vs", "Cloudwise Solutions"], "two different"),
        (["--method", "topsiss"], "--method: expected a registered method"),
    ],
)
def test_cli_explain_errors_are_one_line(capsys, example_path, args, message):
    assert main(["explain", str(example_path), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_the_documented_json_has_the_keys_the_command_writes(capsys, example_path):
    text = (example_path.parent.parent / "docs" / "analysis.md").read_text(encoding="utf-8")
    block = text.split("JSON (`--format json`):\n\n```json\n", 1)[1].split("```", 1)[0]
    documented = json.loads(block)
    assert main(["explain", str(example_path), "--method", "wsm", "--format", "json"]) == 0
    actual = json.loads(capsys.readouterr().out)
    assert documented.keys() == actual.keys()
    assert documented["method"].keys() == actual["method"].keys()
    assert documented["alternatives"][0].keys() == actual["alternatives"][0].keys()
    assert documented["comparison"].keys() == actual["comparison"].keys()
    assert documented["comparison"]["what_if"][0].keys() == actual["comparison"]["what_if"][0].keys()


def test_cli_explain_json_is_the_explanations(capsys, example_path):
    assert main(["explain", str(example_path), "--method", "vikor", "--format", "json"]) == 0
    explanation = ENGINE.explain(tradeoff.load(example_path), method="vikor")
    from tradeoff.output.render import plain_data

    assert json.loads(capsys.readouterr().out) == plain_data(explanation.to_dict())  # numbers as CSV and JSON write them


# -- long lists ----------------------------------------------------------------------


def random_job(name, n, m=2, seed=0):
    rng = np.random.default_rng(seed)
    return prepared(ENGINE.methods[name], rng.uniform(1, 100, (n, m)), np.ones(m), np.arange(m) % 2 == 0)


def test_a_long_list_splits_the_first_scores_and_the_pair_compared_only():
    """Beyond ALL_UP_TO alternatives a Shapley split is made for the first SHOWN in
    rank order and the two compared, with the numbers a split of all would give them;
    the others are NaN, null in the JSON.  An additive split stays whole."""
    from tradeoff.analyses.analysis import ALL_UP_TO, SHOWN
    from tradeoff.core.ranks import best_first

    job = random_job("topsis", ALL_UP_TO + 30)
    names = job.decision.scenario.names
    order = best_first(ENGINE.rank_matrix(job.x, job.w, job.benefit).ranks)
    low = names[order[-1]]
    out = ex.explain(job, alternative=low)
    expected = set(order[:SHOWN].tolist())  # the last one is compared with the top choice
    expected.add(int(order[-1]))
    assert set(np.flatnonzero(out.breakdown.split).tolist()) == expected
    whole = ex.breakdown(job)
    assert whole.split.all()
    rows = sorted(expected)
    np.testing.assert_allclose(out.breakdown.shares[rows], whole.shares[rows], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(out.breakdown.baseline[rows], whole.baseline[rows], rtol=1e-12, atol=1e-15)
    data = out.to_dict()
    split = [e for e in data["alternatives"] if e["contributions"] is not None]
    assert sorted(e["name"] for e in split) == sorted(names[i] for i in expected)
    assert all(e["baseline"] is None for e in data["alternatives"] if e["contributions"] is None)
    json.dumps(data, allow_nan=False)
    assert ex.explain(random_job("wsm", ALL_UP_TO + 30)).breakdown.split.all()


def test_memory_of_explaining_a_long_list_grows_with_the_alternatives_not_their_square():
    """3,000 alternatives: splitting every TOPSIS score kept every score of every
    coalition stack (3,000 x 4 x 3,000 floats, 288 MB).  Now a few stacks of bounded
    size, and only the scores read."""
    import tracemalloc

    job = random_job("topsis", 3000)
    tracemalloc.start()
    try:
        ex.explain(job)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20
