"""PROMETHEE II beyond `PAIRWISE_UP_TO` alternatives: the flows from sorted values and
prefix sums are the pairwise definition's (checked against published examples in
tests/test_reference_methods.py), for every preference function, ties and
differences equal to a threshold included, and on stacks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeoff.plugins.promethee2 as promethee

from .strategies import preference_problems


def both(matrix, weights, benefit, prefs, together=10**9):
    """The pairwise flows and the sorted ones (the usual criteria's counts together up
    to `together` alternatives, else a criterion at a time)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(promethee, "PAIRWISE_UP_TO", 10**9)
        pairwise = promethee.promethee2(matrix, weights, benefit, prefs)
        patch.setattr(promethee, "PAIRWISE_UP_TO", 1)
        patch.setattr(promethee, "USUAL_TOGETHER_UP_TO", together)
        sorted_ = promethee.promethee2(matrix, weights, benefit, prefs)
    return pairwise, sorted_


@settings(max_examples=200, deadline=None)
@given(drawn=preference_problems(), together=st.sampled_from([0, 10**9]))
def test_sorted_flows_are_the_pairwise_ones(drawn, together):
    problem, prefs = drawn
    w = problem.weights / problem.weights.sum()
    (score, diag), (fast, fast_diag) = both(problem.matrix, w, problem.directions, prefs, together)
    np.testing.assert_allclose(fast, score, rtol=1e-12, atol=1e-12)
    for name in ("phi_plus", "phi_minus"):
        np.testing.assert_allclose(fast_diag[name], diag[name], rtol=1e-12, atol=1e-12)


def test_a_stack_of_large_matrices_is_each_matrix_alone():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 50, size=(3, 700, 3))
    w = rng.dirichlet(np.ones(3), size=3)
    benefit = np.array([True, False, True])
    prefs = ({"function": "linear", "q": 1.0, "p": 6.0}, {"function": "level", "q": 2.0, "p": 5.0}, {"function": "gaussian", "s": 3.0})
    stacked, _ = promethee.promethee2(x, w, benefit, prefs)
    for k in range(3):
        alone, _ = promethee.promethee2(x[k], w[k], benefit, prefs)
        np.testing.assert_array_equal(stacked[k], alone)
    (score, _), (fast, _) = both(x[0], w[0], benefit, prefs)
    np.testing.assert_allclose(fast, score, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("at_once", [1, 108 * 3, 10**9])  # 108 pair values a matrix: 1, 3, all at once
def test_a_stack_of_small_matrices_taken_in_blocks_is_each_matrix_alone(at_once):
    """The pairs of a large stack are computed a block of its matrices at a time
    (`PAIRS_AT_ONCE`): every block size gives each matrix its own flows."""
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 50, size=(2, 7, 6, 3))
    w = rng.dirichlet(np.ones(3), size=(2, 7))
    benefit = np.array([True, False, True])
    prefs = ({"function": "usual"}, {"function": "v-shape", "p": 6.0}, {"function": "gaussian", "s": 3.0})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(promethee, "PAIRS_AT_ONCE", at_once)
        stacked, flows = promethee.promethee2(x, w, benefit, prefs)
    assert stacked.shape == flows["phi_plus"].shape == flows["phi_minus"].shape == (2, 7, 6)
    for at in np.ndindex(2, 7):
        alone, own = promethee.promethee2(x[at], w[at], benefit, prefs)
        np.testing.assert_array_equal(stacked[at], alone)
        np.testing.assert_array_equal(flows["phi_plus"][at], own["phi_plus"])
        np.testing.assert_array_equal(flows["phi_minus"][at], own["phi_minus"])


def test_a_stack_of_weights_over_one_matrix_taken_in_blocks():
    rng = np.random.default_rng(6)
    x = rng.uniform(0, 50, size=(6, 3))
    w = rng.dirichlet(np.ones(3), size=5)
    benefit = np.array([True, False, True])
    prefs = ({"function": "usual"},) * 3
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(promethee, "PAIRS_AT_ONCE", 108 * 2)
        stacked, _ = promethee.promethee2(x, w, benefit, prefs)
    for k in range(5):
        np.testing.assert_array_equal(stacked[k], promethee.promethee2(x, w[k], benefit, prefs)[0])


def test_a_stack_with_directions_per_member_is_each_matrix_alone_in_the_sorted_form():
    """Usual criteria counted together over a stack whose members' directions differ."""
    rng = np.random.default_rng(7)
    for k, n in ((3, 60), (60, 60)):
        x = np.round(rng.uniform(0, 20, size=(k, n, 2)))
        w = rng.dirichlet(np.ones(2), size=k)
        benefit = rng.random((k, 2)) < 0.5
        stacked, _ = promethee.promethee2(x, w, benefit)
        for i in range(k):
            np.testing.assert_array_equal(stacked[i], promethee.promethee2(x[i], w[i], benefit[i])[0])
