"""SMAA-2: rank acceptabilities under uncertain weights."""

from __future__ import annotations

import json

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff import ScenarioError
from tradeoff.analyses.analysis import chunk_size
from tradeoff.analyses.smaa import smaa, weight_sampler
from tradeoff.cli import main

from .prepared import prepared
from .scenarios import group_text, person
from .strategies import distinct_problems, method_normalizations, problems, problems_with_twins, weight_orders


def test_two_criteria_and_uniform_weights_match_the_analytic_acceptabilities(engine):
    """Weighted sum, raw values, weights (w, 1 - w) with w uniform on [0, 1]:
    A = w, B = 1 - w, C = 0.6.  A is first when w > 0.6 (probability 0.4), B when
    w < 0.4 (0.4), C in between (0.2).  A is second only on (0.5, 0.6), where
    C > A > B (0.1); for w < 0.4, B > C > A.  A's central weight is the mean of w
    over (0.6, 1), 0.8."""
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
    job = prepared(engine.methods["wsm"], x, np.array([1.0, 1.0]), np.array([True, True]), {"normalization": "none"})
    out = smaa(job, samples=40_000, seed=3)
    expected = np.array([[0.4, 0.1, 0.5], [0.4, 0.1, 0.5], [0.2, 0.8, 0.0]])
    np.testing.assert_allclose(out.acceptability, expected, atol=0.012)  # > 4 sigma at 40,000
    np.testing.assert_allclose(out.central_weights[0], [0.8, 0.2], atol=0.01)
    np.testing.assert_allclose(out.central_weights[2], [0.5, 0.5], atol=0.01)
    assert out.confidence.tolist() == [1.0, 1.0, 1.0]


@settings(max_examples=25)
@given(problem=problems(min_n=2, constant_columns=False, duplicate_rows=False))
def test_acceptabilities_sum_to_1_over_ranks_and_over_alternatives(problem):
    engine = tradeoff.Engine(entry_points=False)
    x, w, benefit = problem
    for name in ("wsm", "topsis", "vikor"):
        out = smaa(prepared(engine.methods[name], x, w, benefit), samples=300, seed=1)
        np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)
        distinct = len({tuple(row) for row in x.tolist()}) == len(x)
        if name != "vikor" and distinct:  # ties share a rank (1, 1, 3): only tie-free cases
            np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0, atol=0.02)


@given(problem=distinct_problems(duplicate_rows=False))
def test_without_ties_each_rank_is_taken_by_exactly_one_alternative(problem):
    """A plain weighted sum of distinct rows ties two alternatives only on a set of
    weights of measure zero, so in every sample each rank has exactly one holder:
    each rank's acceptabilities sum to 1 over the alternatives, exactly."""
    x, w, benefit = problem
    method = tradeoff.Engine(entry_points=False).methods["wsm"]
    out = smaa(prepared(method, x, w, benefit, method.resolve_params("none")), samples=200, seed=3)
    np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0)


def test_the_same_seed_gives_the_same_numbers(engine, example_path):
    scenario = tradeoff.load(example_path)
    one = engine.sensitivity(scenario, samples=500, seed=7)
    two = engine.sensitivity(scenario, samples=500, seed=7)
    other = engine.sensitivity(scenario, samples=500, seed=8)
    assert np.array_equal(one.acceptability, two.acceptability)
    assert not np.array_equal(one.acceptability, other.acceptability)


def test_weights_around_the_scenarios_stay_in_their_band():
    base = np.array([0.5, 0.3, 0.2])
    w = weight_sampler(base, "around:10%")(np.random.default_rng(0), 2000)
    ratio = (w / w.sum(axis=1, keepdims=True)) / base
    assert ratio.min() > 0.9 / 1.1 - 1e-12 and ratio.max() < 1.1 / 0.9 + 1e-12
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_uniform_weights_are_uniform_on_the_simplex():
    """Dirichlet(1, ..., 1): each weight's marginal is Beta(1, m - 1), mean 1/m and
    P(w_1 < 1/2) = 1 - (1/2)^(m - 1); normalised uniforms would not give that."""
    w = weight_sampler(np.ones(3), "uniform")(np.random.default_rng(0), 100_000)
    np.testing.assert_allclose(w.mean(axis=0), 1 / 3, atol=0.005)
    assert (w[:, 0] < 0.5).mean() == pytest.approx(0.75, abs=0.005)


@pytest.mark.parametrize("name", ["wsm", "topsis", "vikor", "promethee2", "spotis", "copras"])
def test_every_method_can_be_analysed(engine, example_path, name):
    out = engine.sensitivity(tradeoff.load(example_path), samples=64, seed=0, method=name)
    assert out.acceptability.shape == (4, 4)
    np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)


def test_cli_sensitivity_json_and_errors(capsys, example_path):
    assert main(["sensitivity", str(example_path), "--samples", "200", "--seed", "1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"] == {"samples": 200, "seed": 1, "weights": "uniform", "uncertain_values": False, "ranks": 4}
    first = data["alternatives"][0]
    assert len(first["rank_acceptability"]) == 4 and sum(first["rank_acceptability"]) == pytest.approx(1)
    assert set(first["central_weights"]) == {"cost", "expertise", "control", "lock_in", "morale"}
    assert first["confidence"] in (0.0, 1.0)
    assert main(["sensitivity", str(example_path), "--weights", "around:200%"]) == 2
    assert capsys.readouterr().err == (
        'error: --weights: expected weights "uniform", "around:P%" (0 < P < 100), '
        '"order" or "order:NAME" (NAME a stakeholder), got "around:200%"\n'
    )


# -- weights that keep an order of importance ----------------------------------------------


def rank_order_centroid(m: int) -> np.ndarray:
    """E[w_(k)], the mean k-th largest weight uniform on the simplex: (1/m) sum_{i>=k} 1/i."""
    return np.array([sum(1 / i for i in range(k, m + 1)) / m for k in range(1, m + 1)])


def test_order_sampling_keeps_the_order_and_is_uniform_on_the_ordered_simplex():
    """Uniform on {w_a >= w_b >= ...}: the mean weight of the k-th most important
    criterion is the rank-order centroid, and each marginal matches the sorted
    Dirichlet's (its variance too)."""
    base = np.array([0.1, 0.4, 0.2, 0.3])  # order: b, d, c, a
    w = weight_sampler(base, "order")(np.random.default_rng(0), 100_000)
    places = np.argsort(-base)
    assert (np.diff(w[:, places], axis=1) <= 0).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    np.testing.assert_allclose(w[:, places].mean(axis=0), rank_order_centroid(4), atol=0.002)
    sorted_uniform = np.sort(np.random.default_rng(1).dirichlet(np.ones(4), 100_000), axis=1)[:, ::-1]
    np.testing.assert_allclose(w[:, places].std(axis=0), sorted_uniform.std(axis=0), rtol=0.02)


def test_order_sampling_leaves_tied_criteria_free_among_themselves():
    """Weights (3, 1, 3, 2): a and c are tied first.  Each is larger half the time, and
    both average the mean of the two largest places' centroids."""
    base = np.array([3.0, 1.0, 3.0, 2.0])
    w = weight_sampler(base, "order")(np.random.default_rng(0), 100_000)
    assert (np.minimum(w[:, 0], w[:, 2]) >= w[:, 3]).all() and (w[:, 3] >= w[:, 1]).all()
    assert (w[:, 0] > w[:, 2]).mean() == pytest.approx(0.5, abs=0.01)
    roc = rank_order_centroid(4)
    np.testing.assert_allclose(w.mean(axis=0), [roc[:2].mean(), roc[3], roc[:2].mean(), roc[2]], atol=0.002)


def test_order_sampling_with_all_weights_equal_is_uniform():
    w = weight_sampler(np.ones(3), "order")(np.random.default_rng(0), 100_000)
    np.testing.assert_allclose(w.mean(axis=0), 1 / 3, atol=0.005)
    assert (w[:, 0] < 0.5).mean() == pytest.approx(0.75, abs=0.005)


@given(base=st.integers(1, 6).flatmap(weight_orders), seed=st.integers(0, 2**32 - 1))
def test_every_order_sample_keeps_the_base_order(base, seed):
    w = weight_sampler(base, "order")(np.random.default_rng(seed), 50)
    above = base[:, None] > base[None, :]  # a strictly more important than b
    assert (w[:, :, None] >= w[:, None, :])[:, above].all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_order_of_a_stakeholder_uses_their_weights():
    people = {"Owner": np.array([0.2, 0.5, 0.3]), "Staff": np.array([0.6, 0.1, 0.3])}
    w = weight_sampler(np.ones(3) / 3, "order:Staff", people)(np.random.default_rng(0), 1000)
    assert ((w[:, 0] >= w[:, 2]) & (w[:, 2] >= w[:, 1])).all()


STAKEHOLDERS = group_text(
    person("Owner", '{ scheme = "roc", order = ["b", "c", "a"] }'),
    person("Office manager", '{ scheme = "roc", order = ["a", "b", "c"] }'),
)


def test_the_engine_samples_in_a_stakeholders_order(engine):
    """The owner puts b first and a last: every sample in which P (best on a) wins must
    still weigh b >= c >= a, so P's central weights do too."""
    scenario = tradeoff.loads(STAKEHOLDERS, file="s.toml")
    out = engine.sensitivity(scenario, samples=2000, seed=0, weights="order:Owner")
    assert out.weights == "order:Owner"
    for central in out.central_weights[~np.isnan(out.central_weights).any(axis=1)]:
        assert central[1] >= central[2] >= central[0]
    manager = engine.sensitivity(scenario, samples=2000, seed=0, weights="order:Office manager")
    assert not np.array_equal(out.acceptability, manager.acceptability)


def test_an_unknown_stakeholder_is_an_error_listing_the_known_ones(engine):
    scenario = tradeoff.loads(STAKEHOLDERS, file="s.toml")
    with pytest.raises(ScenarioError) as info:
        engine.sensitivity(scenario, samples=10, weights="order:Ownr")
    assert str(info.value) == (
        "--weights: expected \"order:NAME\" with NAME one of the scenario's stakeholders "
        '("Owner", "Office manager") (did you mean "Owner"?), got "order:Ownr"'
    )


def test_order_of_a_stakeholder_needs_stakeholders(engine, example_path):
    with pytest.raises(ScenarioError) as info:
        engine.sensitivity(tradeoff.load(example_path), samples=10, weights="order:Owner")
    assert str(info.value) == (
        "--weights: expected \"order:NAME\" with NAME one of the scenario's stakeholders "
        '(it has none), got "order:Owner"'
    )


# -- progress and interrupts ---------------------------------------------------------------


def test_progress_is_reported_after_each_chunk_up_to_the_total(engine, example_path):
    calls = []
    engine.sensitivity(tradeoff.load(example_path), samples=10_000, seed=0, progress=lambda *a: calls.append(a))
    size = chunk_size(4, 5)
    assert calls == [(min(k + size, 10_000), 10_000) for k in range(0, 10_000, size)]


def test_progress_with_uncertain_values_counts_the_confidence_samples_too(engine):
    x = np.array([[1.0, 2.0], [2.0, 1.0]])
    calls = []
    job = prepared(engine.methods["wsm"], x, np.ones(2), np.array([True, True]), {}, low=x - 0.5, high=x + 0.5)
    smaa(job, samples=5000, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (10_000, 10_000)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.parametrize("uncertain", [False, True])
def test_an_interrupt_from_the_progress_callback_stops_the_analysis(engine, uncertain):
    calls = []

    def interrupt(done, total):
        calls.append(done)
        if len(calls) == 2:  # Ctrl-C in the middle of the sampling
            raise KeyboardInterrupt

    x = np.random.default_rng(0).uniform(1, 2, size=(300, 4))
    bounds = {"low": x - 0.1, "high": x + 0.1} if uncertain else {}
    with pytest.raises(KeyboardInterrupt):
        job = prepared(engine.methods["topsis"], x, np.ones(4), np.ones(4, bool), {"normalization": "vector"}, **bounds)
        smaa(job, samples=100_000, progress=interrupt)
    assert calls == [chunk_size(300, 4), 2 * chunk_size(300, 4)]


def test_an_interrupt_propagates_through_the_engine(engine, example_path):
    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.sensitivity(tradeoff.load(example_path), samples=100_000, progress=interrupt)


# -- the fast path: one matrix under a chunk of weight samples at once ---------------------------

#: The built-in methods that score many weight vectors at once: the additive ones from
#: their utilities, topsis and vikor by their own `reweigh`.
REWEIGHED = ["wsm", "moora", "topsis", "vikor"]


def general(method):
    """The same method without utilities or reweigh: SMAA then ranks samples with its kernel."""
    return attrs.evolve(method, utilities=None, reweigh=None)


@pytest.mark.parametrize("weights", ["uniform", "around:20%", "order"])
@pytest.mark.parametrize("name", REWEIGHED)
def test_the_fast_path_gives_the_kernel_paths_numbers_with_identical_alternatives(engine, name, weights):
    rng = np.random.default_rng(5)
    x = rng.uniform(1, 10, size=(12, 4))
    x[7] = x[2]  # two identical alternatives: they tie in every sample
    x[9] = x[2]
    method = engine.methods[name]
    args = (x, np.array([4.0, 3.0, 2.0, 2.0]), np.array([True, False, True, False]), method.resolve_params())
    fast = smaa(prepared(method, *args), samples=3000, seed=11, weights=weights)
    slow = smaa(prepared(general(method), *args), samples=3000, seed=11, weights=weights)
    assert method.reweigh_checked(*args[0::2], args[3]) is not None
    assert general(method).reweigh_checked(*args[0::2], args[3]) is None
    assert np.array_equal(fast.acceptability, slow.acceptability)
    assert np.array_equal(fast.central_weights, slow.central_weights, equal_nan=True)
    assert np.array_equal(fast.confidence, slow.confidence)
    assert fast.acceptability[2].tolist() == fast.acceptability[7].tolist() == fast.acceptability[9].tolist()
    assert not np.allclose(fast.acceptability.sum(axis=0), 1.0)  # three share a rank, two ranks skipped


@pytest.mark.parametrize("name", REWEIGHED)
@settings(max_examples=30)
@given(problem=problems(min_n=1, max_n=6), seed=st.integers(0, 1000), data=st.data())
def test_the_fast_path_agrees_with_the_kernel_path_on_any_problem(name, problem, seed, data):
    method = tradeoff.Engine(entry_points=False).methods[name]
    x, w, benefit = problem
    params = method.resolve_params(data.draw(method_normalizations(method, signed=True)))
    fast = smaa(prepared(method, x, w, benefit, params), samples=100, seed=seed)
    slow = smaa(prepared(general(method), x, w, benefit, params), samples=100, seed=seed)
    assert np.array_equal(fast.acceptability, slow.acceptability)
    assert np.array_equal(fast.confidence, slow.confidence)


@given(twins=problems_with_twins(), seed=st.integers(0, 1000))
def test_identical_alternatives_share_their_acceptabilities_on_the_additive_path(twins, seed):
    (x, w, benefit), i, j = twins
    wsm = tradeoff.Engine(entry_points=False).methods["wsm"]
    out = smaa(prepared(wsm, x, w, benefit, wsm.resolve_params()), samples=50, seed=seed)
    assert out.acceptability[i].tolist() == out.acceptability[j].tolist()


def test_a_negative_seed_is_an_error(engine):
    with pytest.raises(ScenarioError, match="expected a seed >= 0, got -1"):
        smaa(prepared(engine.methods["wsm"], np.eye(2), np.ones(2), np.ones(2, bool), {}), samples=10, seed=-1)


def test_the_commands_json_is_the_analysis_objects(engine, example_path, capsys):
    """`tradeoff sensitivity --format json` prints `Sensitivity.to_dict()` (with the
    stability of the same ranking), and `--reversal` prints `Reversals.to_dict()`."""
    scenario = tradeoff.load(example_path)
    assert main(["sensitivity", str(example_path), "--samples", "300", "--seed", "4", "--format", "json"]) == 0
    analysis = engine.sensitivity(scenario, samples=300, seed=4, stability=True)
    from tradeoff.output.render import plain_data  # numbers as CSV and JSON write them

    assert json.loads(capsys.readouterr().out) == plain_data(analysis.to_dict())
    assert analysis.stability.result is analysis.result  # one ranking for both
    assert main(["sensitivity", str(example_path), "--reversal", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == plain_data(engine.reversals(scenario).to_dict())


# -- long lists: the first ranks only, memory linear in the alternatives --------------


def random_job(engine, name, n, m=3, seed=0):
    rng = np.random.default_rng(seed)
    return prepared(engine.methods[name], rng.uniform(1, 100, (n, m)), np.ones(m), np.arange(m) % 2 == 0)


def test_a_long_list_keeps_the_first_ranks_and_their_counts_are_unchanged(engine):
    """Beyond ALL_UP_TO alternatives the first SHOWN ranks are kept, each with the
    share every rank of the full table gives it; asking for every rank gives that."""
    from tradeoff.analyses.analysis import ALL_UP_TO, SHOWN

    job = random_job(engine, "topsis", ALL_UP_TO + 20)
    short = smaa(job, samples=300, seed=2)
    full = smaa(job, samples=300, seed=2, ranks=ALL_UP_TO + 20)
    assert short.ranks == SHOWN and short.acceptability.shape == (ALL_UP_TO + 20, SHOWN)
    assert full.ranks == ALL_UP_TO + 20
    assert np.array_equal(short.acceptability, full.acceptability[:, :SHOWN])
    assert np.array_equal(short.central_weights, full.central_weights, equal_nan=True)
    assert np.array_equal(short.confidence, full.confidence)
    data = short.to_dict()
    assert data["sensitivity"]["ranks"] == SHOWN
    assert {len(e["rank_acceptability"]) for e in data["alternatives"]} == {SHOWN}
    three = smaa(job, samples=300, seed=2, ranks=3)
    assert np.array_equal(three.acceptability, full.acceptability[:, :3])


def test_a_short_list_keeps_every_rank_unless_asked(engine, example_path):
    job = engine.prepare(tradeoff.load(example_path))
    assert smaa(job, samples=50).acceptability.shape == (4, 4)
    assert smaa(job, samples=50, ranks=2).acceptability.shape == (4, 2)
    assert smaa(job, samples=50, ranks=99).acceptability.shape == (4, 4)
    with pytest.raises(ScenarioError, match="at least 1 rank"):
        smaa(job, samples=50, ranks=0)
    assert engine.sensitivity(tradeoff.load(example_path), samples=50, ranks=2).to_dict()["sensitivity"]["ranks"] == 2
    with pytest.raises(ScenarioError, match="--ranks: expected at least 1 rank"):
        engine.sensitivity(tradeoff.load(example_path), samples=50, ranks=0)


@pytest.mark.parametrize("name", ["wsm", "topsis"])
def test_memory_of_a_long_list_grows_with_the_alternatives_not_their_square(engine, name):
    """4,000 alternatives, 10 samples: a table of every rank would be 4,000^2 counts
    (128 MB of int64, the old peak); the first ranks and one chunk's ranks stay small."""
    import tracemalloc

    job = random_job(engine, name, 4000)
    tracemalloc.start()
    try:
        smaa(job, samples=10, seed=0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
