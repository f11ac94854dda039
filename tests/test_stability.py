"""Weight stability intervals, checked against brute force on a fine grid."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff.analyses import analysis
from tradeoff.analyses.stability import weight_stability
from tradeoff.core.methods import check_inputs

from .prepared import prepared
from .strategies import circulant_problems, normalizations, problems, problems_with_twins

ENGINE = tradeoff.Engine(entry_points=False)
NATIVE = sorted(name for name in ENGINE.methods if not name.startswith("skc."))
BRIDGED = sorted(name for name in ENGINE.methods if name.startswith("skc."))
ADDITIVE = ("wsm", "moora")
#: The additive methods (closed form) and a spread of the others (numeric path).
CHECKED = ADDITIVE + ("topsis", "vikor", "promethee2", "wpm", "spotis")
FINE = 2001  # brute-force grid: a step of 1/2000
TOL = 1e-6


def path_weights(w, j, t):
    """Weights along criterion j's path, written out as documented: w_j = t, the
    others rescaled in proportion, or sharing 1 - t equally when w_j = 1."""
    rest = np.delete(w, j)
    share = rest / rest.sum() if rest.sum() > 0 else np.full(len(rest), 1 / len(rest))
    out = np.empty((len(t), len(w)))
    out[:, j] = t
    out[:, np.arange(len(w)) != j] = (1 - t)[:, None] * share
    return out


def brute_force(method, x, w, benefit, params, j):
    """For the top choice and for the whole ranking: (last good, first bad) grid point
    below w_j and above it (bad None where the condition holds up to the end)."""
    x, w, benefit = check_inputs(x, w, benefit)
    now = method.run_checked(x, w, benefit, params).ranks
    t = np.union1d(np.linspace(0.0, 1.0, FINE), [w[j]])
    stack = np.broadcast_to(x, (len(t),) + x.shape)
    ranks = method.run_checked(stack, path_weights(w, j, t), benefit, params).ranks
    here = int(np.searchsorted(t, w[j]))
    out = []
    for held in (((ranks == 1) == (now == 1)).all(axis=1), (ranks == now).all(axis=1)):
        held[here] = True
        lo = here
        while lo > 0 and held[lo - 1]:
            lo -= 1
        hi = here
        while hi < len(t) - 1 and held[hi + 1]:
            hi += 1
        below = t[lo - 1] if lo > 0 else None
        above = t[hi + 1] if hi < len(t) - 1 else None
        out.append(((t[lo], below), (t[hi], above)))
    return out


def assert_matches_brute_force(name, x, w, benefit, params=None):
    """Each bound lies between the brute force's last good and first bad point."""
    method = ENGINE.method(name)
    params = method.resolve_params() if params is None else params
    out = weight_stability(prepared(method, x, w, benefit, params), tol=TOL)
    for j in range(out.weights.shape[0]):
        for computed, ((good_low, bad_low), (good_high, bad_high)) in zip(
            (out.top[j], out.order[j]), brute_force(method, x, w, benefit, params, j)
        ):
            low, high = computed
            where = f"{name} criterion {j}: [{low}, {high}]"
            assert low <= good_low + TOL, where
            assert high >= good_high - TOL, where
            if bad_low is not None:
                assert low >= bad_low - TOL, where
            if bad_high is not None:
                assert high <= bad_high + TOL, where
    return out


def assert_well_formed(out, m):
    assert out.top.shape == out.order.shape == (m, 2)
    w = out.weights
    np.testing.assert_allclose(w.sum(), 1.0)
    for bounds in (out.top, out.order):
        assert (bounds >= 0).all() and (bounds <= 1).all()
        assert (bounds[:, 0] <= w).all() and (w <= bounds[:, 1]).all()
    # every rank the same implies the same top choice (to within the bisection's tol)
    assert (out.top[:, 0] <= out.order[:, 0] + TOL).all()
    assert (out.top[:, 1] >= out.order[:, 1] - TOL).all()


# -- hand-derived cases --------------------------------------------------------------------


def test_two_alternatives_cross_where_their_minmax_scores_meet():
    """Weighted sum, minmax.  A = (10, 1) and B = (5, 3), both benefits: minmax maps
    each column to 0 (worst) and 1 (best), so A = (1, 0), B = (0, 1), and with
    weights (t, 1 - t), A scores t and B 1 - t: they meet at t = 1/2.  At (0.7, 0.3)
    A leads; it stays first while w_1 >= 1/2, i.e. w_1 in [1/2, 1] and w_2 in
    [0, 1/2].  With two alternatives top and order are the same thing."""
    x = np.array([[10.0, 1.0], [5.0, 3.0]])
    out = weight_stability(prepared(ENGINE.method("wsm"), x, [0.7, 0.3], [True, True], {"normalization": "minmax"}))
    assert out.exact
    np.testing.assert_allclose(out.top, [[0.5, 1.0], [0.0, 0.5]])
    np.testing.assert_allclose(out.order, out.top)


def test_three_alternatives_give_top_and_order_intervals_derived_by_hand():
    """Add C = (9, 2): minmax makes it (0.8, 0.5), so on criterion 1's path
    A = t, B = 1 - t, C = 0.8 t + 0.5 (1 - t) = 0.5 + 0.3 t.
      A = C at 0.7 t = 0.5, t = 5/7;  B = C at 1.3 t = 0.5, t = 5/13;  A = B at 1/2.
    At (0.6, 0.4): A = 0.6, B = 0.4, C = 0.68, order C, A, B.
      top (C ahead of A and B): 5/13 < t < 5/7;
      order (C > A, A > B, C > B): 1/2 < t < 5/7.
    Criterion 2's path is the mirror image, w_2 = 1 - t: [2/7, 8/13] and [2/7, 1/2].
    At (0.5, 0.5) A and B tie (0.5 each) behind C: any move breaks the tie, so the
    order interval shrinks to the point 0.5 while the top one stays [5/13, 5/7]."""
    x = np.array([[10.0, 1.0], [5.0, 3.0], [9.0, 2.0]])
    benefit = [True, True]
    wsm = ENGINE.method("wsm")
    for exact in (True, False):
        out = weight_stability(prepared(wsm, x, [0.6, 0.4], benefit, {"normalization": "minmax"}), exact=exact)
        np.testing.assert_allclose(out.top, [[5 / 13, 5 / 7], [2 / 7, 8 / 13]], atol=TOL)
        np.testing.assert_allclose(out.order, [[1 / 2, 5 / 7], [2 / 7, 1 / 2]], atol=TOL)
        tied = weight_stability(prepared(wsm, x, [0.5, 0.5], benefit, {"normalization": "minmax"}), exact=exact)
        np.testing.assert_allclose(tied.top, [[5 / 13, 5 / 7], [2 / 7, 8 / 13]], atol=TOL)
        np.testing.assert_allclose(tied.order, [[0.5, 0.5], [0.5, 0.5]], atol=TOL)


def test_a_sole_weighted_criterion_shares_what_it_gives_up_equally():
    """Weights (1, 0, 0): on criterion 1's path the others get (1 - t) / 2 each.
    Raw values (normalization none): A = (1, 0, 0), B = (0, 1, 1) score t and 1 - t:
    B overtakes A below t = 1/2.  Criterion 2's path keeps w_3 = 0 and gives w_1 = 1 - t:
    A = 1 - t, B = t, the same crossing."""
    x = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    raw = {"normalization": "none"}
    for exact in (True, False):
        out = weight_stability(prepared(ENGINE.method("wsm"), x, [1.0, 0.0, 0.0], [True] * 3, raw), exact=exact)
        np.testing.assert_allclose(out.top, [[0.5, 1.0], [0.0, 0.5], [0.0, 0.5]], atol=TOL)


def test_one_criterion_cannot_move_and_one_alternative_never_changes():
    wsm = ENGINE.method("wsm")
    single = weight_stability(prepared(wsm, [[1.0], [2.0]], [3.0], [True], wsm.resolve_params()))
    assert single.top.tolist() == single.order.tolist() == [[1.0, 1.0]]
    topsis = ENGINE.method("topsis")
    alone = weight_stability(prepared(topsis, [[1.0, 2.0]], [1.0, 3.0], [True, False], topsis.resolve_params()))
    assert alone.top.tolist() == alone.order.tolist() == [[0.0, 1.0], [0.0, 1.0]]


def test_the_closed_form_needs_an_additive_method_and_bisection_a_tolerance():
    topsis = ENGINE.method("topsis")
    args = (topsis, [[1.0, 2.0], [2.0, 1.0]], [1, 1], [True, True], topsis.resolve_params())
    with pytest.raises(ValueError, match="not additive"):
        weight_stability(prepared(*args), exact=True)
    with pytest.raises(ValueError, match="tol must be > 0"):
        weight_stability(prepared(*args), tol=0.0)


# -- brute force ---------------------------------------------------------------------------

#: (matrix, weights, benefit): the hand-derived case; a constant column, a cost and
#: twins (tied); a sole weighted criterion (its path shares 1 - t equally).
CONCRETE = [
    ([[10.0, 1.0], [5.0, 3.0], [9.0, 2.0]], [0.6, 0.4], [True, True]),
    (
        [[10.0, 1.0, 4.0], [5.0, 3.0, 4.0], [9.0, 2.0, 4.0], [5.0, 3.0, 4.0]],
        [0.2, 0.3, 0.5],
        [True, False, True],
    ),
    ([[3.0, 7.0, 2.0], [4.0, 5.0, 2.5], [6.0, 1.0, 1.0]], [1.0, 0.0, 0.0], [False, True, True]),
]


@pytest.mark.parametrize("name", CHECKED)
@pytest.mark.parametrize("case", range(len(CONCRETE)))
def test_stability_intervals_match_brute_force_on_a_fine_grid(name, case):
    x, w, benefit = CONCRETE[case]
    out = assert_matches_brute_force(name, x, w, benefit)
    assert out.exact == ENGINE.method(name).additive


@pytest.mark.parametrize("name", NATIVE)
def test_the_example_scenario_matches_brute_force_for_every_native_method(name, example_path):
    result = ENGINE.rank(tradeoff.load(example_path))
    d = result.decision
    method = ENGINE.method(name)
    assert_well_formed(assert_matches_brute_force(name, d.matrix, d.weights, d.benefit), 5)
    if name == result.ranking.method:  # the scenario's own normalization too
        assert_matches_brute_force(name, d.matrix, d.weights, d.benefit, result.ranking.params)
    assert method.additive == (name in ADDITIVE)


@pytest.mark.parametrize("name", BRIDGED)
def test_bridged_methods_give_well_formed_intervals(name):
    """scikit-criteria ranks one matrix a call (~2 ms): a small problem."""
    method = ENGINE.method(name)
    x = np.array([[3.0, 7.0], [4.0, 5.0], [6.0, 1.0]])
    out = weight_stability(prepared(method, x, [0.5, 0.5], [True, False], method.resolve_params()), tol=TOL)
    assert not out.exact
    assert_well_formed(out, 2)


@settings(max_examples=min(settings.default.max_examples, 30))
@given(
    drawn=st.one_of(
        problems(min_n=2, max_n=6, min_m=2, max_m=4), problems_with_twins(min_m=2, max_n=5, max_m=4)
    ),
    name=st.sampled_from(CHECKED),
    data=st.data(),
)
def test_stability_intervals_of_drawn_problems_match_brute_force(drawn, name, data):
    problem = drawn[0] if isinstance(drawn[0], tuple) else drawn  # twins come as (p, i, j)
    method = ENGINE.method(name)
    params = method.resolve_params()
    if method.normalizations:
        params = method.resolve_params(data.draw(normalizations(method.normalizations)))
    assert_matches_brute_force(name, *problem, params=params)


@given(problem=problems(min_n=1, max_n=8, min_m=1, max_m=5), name=st.sampled_from(NATIVE))
def test_the_interval_holds_the_current_weight_within_0_and_1(problem, name):
    method = ENGINE.method(name)
    out = weight_stability(prepared(method, *problem, method.resolve_params()))
    assert_well_formed(out, problem.matrix.shape[1])


def assert_closed_form_and_bisection_agree(name, problem, how):
    method = ENGINE.method(name)
    params = method.resolve_params(how if method.normalizations else None)
    exact = weight_stability(prepared(method, *problem, params), tol=TOL)
    numeric = weight_stability(prepared(method, *problem, params), tol=TOL, exact=False)
    assert exact.exact and not numeric.exact
    np.testing.assert_allclose(numeric.top, exact.top, atol=TOL)
    np.testing.assert_allclose(numeric.order, exact.order, atol=TOL)


@given(
    drawn=st.one_of(
        problems(min_n=2, max_n=8, min_m=2, max_m=5), circulant_problems(), problems_with_twins(min_m=2)
    ),
    name=st.sampled_from(ADDITIVE),
    how=normalizations(),
)
def test_closed_form_and_bisection_agree_for_additive_methods(drawn, name, how):
    """Ties included: symmetric problems (tied up to rounding) and twins (tied exactly)."""
    problem = drawn[0] if isinstance(drawn[0], tuple) else drawn  # twins come as (p, i, j)
    assert_closed_form_and_bisection_agree(name, problem, how)


@given(
    problem=problems(min_n=2, max_n=8, min_m=2, max_m=5, exact=False),
    name=st.sampled_from(ADDITIVE),
    how=normalizations(),
)
def test_closed_form_and_bisection_agree_for_values_of_any_digits(problem, name, how):
    """Values not rounded: scores that differ by little, and the tie band (a relative
    1e-9 of the score), are followed by both."""
    assert_closed_form_and_bisection_agree(name, problem, how)


def test_small_chunks_give_the_same_intervals(monkeypatch, example_path):
    """Stacks are cut to bound memory; cutting them finer changes nothing."""
    d = ENGINE.rank(tradeoff.load(example_path)).decision
    topsis = ENGINE.method("topsis")
    whole = weight_stability(prepared(topsis, d.matrix, d.weights, d.benefit, topsis.resolve_params()))
    monkeypatch.setattr(analysis, "CHUNK_VALUES", 7 * d.matrix.size)
    cut = weight_stability(prepared(topsis, d.matrix, d.weights, d.benefit, topsis.resolve_params()))
    np.testing.assert_array_equal(cut.top, whole.top)
    np.testing.assert_array_equal(cut.order, whole.order)


def test_cli_sensitivity_shows_stability_in_table_and_json(capsys, example_path):
    from tradeoff.cli import main

    assert main(["sensitivity", str(example_path), "--samples", "50"]) == 0
    out = capsys.readouterr().out
    assert "Weight stability, found by bisection" in out and "Top choice holds" in out
    assert main(["sensitivity", str(example_path), "--samples", "50", "--method", "wsm", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["stability"]
    assert data["exact"] is True
    assert list(data["criteria"]) == ["cost", "expertise", "control", "lock_in", "morale"]
    for entry in data["criteria"].values():
        assert entry["top"][0] <= entry["order"][0] <= entry["weight"] <= entry["order"][1] <= entry["top"][1]
