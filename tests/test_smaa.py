"""SMAA-2: rank acceptabilities under uncertain weights."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings

import tradeoff
from tradeoff.cli import main
from tradeoff.smaa import sample_weights, smaa

from .strategies import problems


def test_two_criteria_and_uniform_weights_match_the_analytic_acceptabilities(engine):
    """Weighted sum, raw values, weights (w, 1 - w) with w uniform on [0, 1]:
    A = w, B = 1 - w, C = 0.6.  A is first when w > 0.6 (probability 0.4), B when
    w < 0.4 (0.4), C in between (0.2).  A is second only on (0.5, 0.6), where
    C > A > B (0.1); for w < 0.4, B > C > A.  A's central weight is the mean of w
    over (0.6, 1), 0.8."""
    x = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
    out = smaa(engine.methods["wsm"], x, np.array([1.0, 1.0]), np.array([True, True]),
               {"normalization": "none"}, samples=40_000, seed=3)
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
        out = smaa(engine.methods[name], x, w, benefit, engine.methods[name].resolve_params(), samples=300, seed=1)
        np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)
        distinct = len({tuple(row) for row in x.tolist()}) == len(x)
        if name != "vikor" and distinct:  # ties share a rank (1, 1, 3): only tie-free cases
            np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0, atol=0.02)


def test_the_same_seed_gives_the_same_numbers(engine, example_path):
    scenario = tradeoff.load(example_path)
    _, one = engine.sensitivity(scenario, samples=500, seed=7)
    _, two = engine.sensitivity(scenario, samples=500, seed=7)
    _, other = engine.sensitivity(scenario, samples=500, seed=8)
    assert np.array_equal(one.acceptability, two.acceptability)
    assert not np.array_equal(one.acceptability, other.acceptability)


def test_weights_around_the_scenarios_stay_in_their_band():
    base = np.array([0.5, 0.3, 0.2])
    w = sample_weights(np.random.default_rng(0), base, "around:10%", 2000)
    ratio = (w / w.sum(axis=1, keepdims=True)) / base
    assert ratio.min() > 0.9 / 1.1 - 1e-12 and ratio.max() < 1.1 / 0.9 + 1e-12
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_uniform_weights_are_uniform_on_the_simplex():
    """Dirichlet(1, ..., 1): each weight's marginal is Beta(1, m - 1), mean 1/m and
    P(w_1 < 1/2) = 1 - (1/2)^(m - 1); normalised uniforms would not give that."""
    w = sample_weights(np.random.default_rng(0), np.ones(3), "uniform", 100_000)
    np.testing.assert_allclose(w.mean(axis=0), 1 / 3, atol=0.005)
    assert (w[:, 0] < 0.5).mean() == pytest.approx(0.75, abs=0.005)


@pytest.mark.parametrize("name", ["wsm", "topsis", "vikor", "promethee2", "spotis", "copras"])
def test_every_method_can_be_analysed(engine, example_path, name):
    result, out = engine.sensitivity(tradeoff.load(example_path), samples=64, seed=0, method=name)
    assert out.acceptability.shape == (4, 4)
    np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)


def test_cli_sensitivity_json_and_errors(capsys, example_path):
    assert main(["sensitivity", str(example_path), "--samples", "200", "--seed", "1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"] == {"samples": 200, "seed": 1, "weights": "uniform"}
    first = data["alternatives"][0]
    assert len(first["rank_acceptability"]) == 4 and sum(first["rank_acceptability"]) == pytest.approx(1)
    assert set(first["central_weights"]) == {"cost", "expertise", "control", "lock_in", "morale"}
    assert first["confidence"] in (0.0, 1.0)
    assert main(["sensitivity", str(example_path), "--weights", "around:200%"]) == 2
    assert capsys.readouterr().err == (
        f'error: {example_path}: --weights: expected weights "uniform" or "around:P%" with 0 < P < 100, '
        'got "around:200%"\n'
    )
