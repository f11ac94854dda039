"""The fast paths give exactly the numbers of the general ones (no timings here).

`bench/topsis_speed.py` measures the speed; this file checks that every shortcut taken
for it changes nothing, bit for bit (`assert_identical`: equal arrays, and equal signs
of zeros):

- TOPSIS: its two paths (`_small_vector` for one small matrix, and the general one)
  agree, and the general one gives the same numbers in blocks of rows or of stacked
  matrices as in one block, for every normalization, stacks and memory layouts;
- `check_inputs` on the usual inputs gives `normalize_weights`'s weights and the
  direction mask, and leaves anything unusual to its errors;
- `competition_ranks` (its no-tie shortcut, its per-row groups) against the
  definition computed with a stable sort;
- column extremes of a tall matrix, found in blocks, against numpy's min and max.

Each property draws its variant (normalization, block size, magnitude, layout) with
the data, so one property covers them all.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
import tradeoff.core.methods as methods
import tradeoff.core.normalize as normalize
import tradeoff.plugins.topsis as topsis
import tradeoff.core.ranks as ranks

from .strategies import (
    NORMALIZATIONS,
    SIGN_AGNOSTIC,
    matrices,
    method_normalizations,
    problems,
    score_rows,
    scores_and_k,
    stacks,
    weight_stacks,
)

POSITIVE_ONLY = ("max", "sum")


def assert_identical(actual, expected):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)
    np.testing.assert_array_equal(np.signbit(actual), np.signbit(expected))


def assert_same_topsis(actual, expected):
    (scores, diagnostics), (ref_scores, ref_diagnostics) = actual, expected
    assert_identical(scores, ref_scores)
    assert diagnostics.keys() == ref_diagnostics.keys()
    for key, value in ref_diagnostics.items():
        assert_identical(diagnostics[key], value)


def unit_weights(w):
    return w / w.sum(axis=-1, keepdims=True)


def blocked(size, run):
    """`run()` with TOPSIS working in blocks of `size` values."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(topsis, "BLOCK", size)
        return run()


@st.composite
def for_normalization(draw, build):
    """(normalization, data): data that normalization takes (values > 0 for max and sum)."""
    how = draw(st.sampled_from(NORMALIZATIONS))
    return how, draw(build(signed=how not in POSITIVE_ONLY))


# -- TOPSIS ---------------------------------------------------------------------------------


@given(
    problem=st.one_of(
        problems(max_n=12, max_m=7).map(lambda p: (p, True)),
        problems(exact=False).map(lambda p: (p, True)),
        problems(signed=True).map(lambda p: (p, False)),  # signed values can be tiny
    )
)
def test_small_vector_path_gives_the_general_numbers(problem):
    (x, w, benefit), taken = problem
    w = unit_weights(w)
    if taken:  # values in [0.1, 1000]: the small path takes them
        assert topsis._small_vector(x, w, benefit) is not None
    assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


def test_small_vector_path_of_a_longer_matrix_gives_the_general_numbers():
    for n in (65, 300, 6_000):
        rng = np.random.default_rng(n)
        x = np.round(rng.uniform(-50.0, 50.0, size=(n, 5)), 1)  # repeated values, ties
        x[:, 3] = 7.0
        w = unit_weights(rng.uniform(0.0, 3.0, size=5))
        benefit = np.array([True, False, True, False, False])
        assert topsis._small_vector(x, w, benefit) is not None
        assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


@given(problem=problems(min_m=2), factor=st.sampled_from([1e-250, 1e-120, 1e120, 1e250]))
def test_small_vector_path_leaves_extreme_magnitudes_to_the_general_one(problem, factor):
    x, w, benefit = problem
    x = x.copy()
    x[:, 0] *= factor
    w = unit_weights(w)
    assert topsis._small_vector(x, w, benefit) is None
    assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


@given(case=for_normalization(lambda signed: problems(max_n=12, signed=signed)), size=st.sampled_from([1, 3, 7, 40]))
def test_blocks_of_rows_give_the_numbers_of_one_block(case, size):
    how, (x, w, benefit) = case
    w = unit_weights(w)
    whole = topsis._general(x, w, benefit, how)
    assert_same_topsis(blocked(size, lambda: topsis.topsis(x, w, benefit, how)), whole)


@given(
    how=st.sampled_from(NORMALIZATIONS),
    factor=st.sampled_from([1e-250, 1e250]),
    problem=problems(min_m=2, max_n=12),
)
def test_blocks_rescale_extreme_magnitudes_as_one_block(how, factor, problem):
    x, w, benefit = problem
    w = unit_weights(w)
    for scaled in (x * factor, np.concatenate([x[:, :1] * factor, x[:, 1:]], axis=1)):
        whole = topsis._general(scaled, w, benefit, how)
        for size in (1, 7):
            assert_same_topsis(blocked(size, lambda: topsis.topsis(scaled, w, benefit, how)), whole)


@given(case=for_normalization(lambda signed: stacks(max_k=5, max_n=6, signed=signed)), size=st.sampled_from([1, 5, 30]))
def test_blocks_of_a_stack_give_the_numbers_of_one_block(case, size):
    how, (x, w, benefit) = case
    w = unit_weights(w)
    whole = topsis._general(x, w, benefit, how)
    assert_same_topsis(blocked(size, lambda: topsis.topsis(x, w, benefit, how)), whole)
    # A stack of stacks, and one matrix broadcast to a stack (as SMAA passes it).
    deep = x.reshape((1,) + x.shape)
    assert_same_topsis(
        blocked(size, lambda: topsis.topsis(deep, w, benefit, how)),
        topsis._general(deep, w, benefit, how),
    )
    shared = np.broadcast_to(x[0], x.shape)
    assert_same_topsis(
        blocked(size, lambda: topsis.topsis(shared, w, benefit, how)),
        topsis._general(shared, w, benefit, how),
    )


@given(problem=problems(max_n=10, signed=True), layout=st.sampled_from(["fortran", "strided"]))
def test_every_path_agrees_on_a_matrix_in_another_memory_layout(problem, layout):
    x, w, benefit = problem
    w = unit_weights(w)
    x = np.asfortranarray(x) if layout == "fortran" else np.repeat(x, 2, axis=1)[:, ::2]
    for how in SIGN_AGNOSTIC:
        whole = topsis._general(x, w, benefit, how)
        assert_same_topsis(topsis.topsis(x, w, benefit, how), whole)
        assert_same_topsis(blocked(3, lambda: topsis.topsis(x, w, benefit, how)), whole)


def test_a_tall_matrix_ranks_as_in_one_block(monkeypatch):
    """Real sizes: 40,000 x 3 through rank_matrix, in blocks, against one block,
    numpy's min and max and the definition of the ranks."""
    rng = np.random.default_rng(7)
    x = rng.uniform(1.0, 100.0, size=(40_000, 3))
    x[::9, 1] = x[0, 1]  # repeated values: ties
    directions = ["max", "min", "max"]
    fast = tradeoff.rank_matrix(x, [2.0, 1.0, 1.0], directions)
    with monkeypatch.context() as m:
        m.setattr(topsis, "BLOCK", x.size)  # one block
        m.setattr(normalize, "_TALL", 10**9)  # numpy's own min and max
        general = tradeoff.rank_matrix(x, [2.0, 1.0, 1.0], directions)
    assert_identical(fast.scores, general.scores)
    assert_identical(fast.ranks, general.ranks)
    for key, value in general.diagnostics.items():
        assert_identical(fast.diagnostics[key], value)
    assert_identical(fast.ranks, reference_ranks(fast.scores, True))


# -- checks ---------------------------------------------------------------------------------


@given(problem=problems(exact=False, signed=True), given_as=st.sampled_from(["names", "booleans", "members"]))
def test_check_inputs_gives_normalized_weights_and_the_direction_mask(problem, given_as):
    x, w, benefit = problem
    directions = {
        "names": ["max" if b else "min" for b in benefit],
        "booleans": benefit,
        "members": [tradeoff.Direction.MAX if b else tradeoff.Direction.MIN for b in benefit],
    }[given_as]
    checked_x, checked_w, checked_benefit = methods.check_inputs(x, w, directions)
    assert_identical(checked_x, x)
    assert checked_w.dtype == float and checked_benefit.dtype == bool
    assert_identical(checked_w, methods.normalize_weights(np.asarray(w, dtype=float)))
    assert_identical(checked_benefit, benefit)


@pytest.mark.parametrize(
    ("matrix", "weights", "directions", "place"),
    [
        ([[1.0, np.inf]], [1, 1], ["max", "min"], "matrix"),
        ([[1.0, 2.0]], [1, -1], ["max", "min"], "weights"),
        ([[1.0, 2.0]], [1, np.nan], ["max", "min"], "weights"),
        ([[1.0, 2.0]], [1, np.inf], ["max", "min"], "weights"),
        ([[[1.0, 2.0]], [[3.0, 4.0]]], [[1, 1], [1, np.nan]], ["max", "min"], "weights"),
        ([[1.0, 2.0]], [0, 0], ["max", "min"], "weights"),
        ([[1.0, 2.0]], [1, 1], ["max", "MIN"], "directions"),
        ([[1.0, 2.0]], [1, 1], ["max"], "directions"),
        ([[1.0, 2.0]], [[1, 1], [1, 1]], ["max", "min"], "weights"),  # two sets, one matrix
    ],
)
def test_check_inputs_refuses_what_no_method_can_take(matrix, weights, directions, place):
    with pytest.raises(tradeoff.ScenarioError) as caught:
        methods.check_inputs(matrix, weights, directions)
    assert caught.value.path[:1] == (place,)


def test_check_inputs_takes_values_and_weights_near_the_float_limit():
    x, w, benefit = methods.check_inputs([[1e308, -1e308]], [1e300, 3.0], ["max", "min"])
    assert_identical(x, [[1e308, -1e308]])
    assert_identical(w, methods.normalize_weights(np.array([1e300, 3.0])))
    assert_identical(benefit, [True, False])
    _, w, _ = methods.check_inputs([[1.0, 2.0]], [1e305, 1e305], ["max", "min"])  # rescaled before summing
    assert_identical(w, [0.5, 0.5])
    _, w, benefit = methods.check_inputs([[[1.0, 2.0]]], [1, 3], [["max", "min"]])  # a stack
    assert_identical(w, [0.25, 0.75])
    assert_identical(benefit, [[True, False]])


# -- ranks ----------------------------------------------------------------------------------


def reference_ranks(scores, higher_is_better):
    """Competition ranks by their definition: stable sort, chains of relative 1e-9."""
    s = np.asarray(scores, dtype=float)
    out = np.empty(s.shape, dtype=np.int64)
    for index in np.ndindex(s.shape[:-1]):
        row = s[index]
        order = np.argsort(-row if higher_is_better else row, kind="stable")
        rank = 1
        for position, i in enumerate(order):
            if position:
                a, b = row[order[position - 1]], row[i]
                if abs(b - a) > ranks.RELATIVE_TIE * max(abs(a), abs(b)):
                    rank = position + 1
            out[index + (i,)] = rank
    return out


@given(rows=score_rows(), higher_is_better=st.booleans())
def test_competition_ranks_match_the_definition(rows, higher_is_better):
    longer = np.concatenate([rows, rows[:, ::-1] * (1 + 4e-10), rows], axis=-1)  # ties and near ties
    spread = np.arange(1.0, rows.shape[-1] + 1)  # no tie: the shortcut
    mixed = np.concatenate([rows, np.broadcast_to(spread, rows.shape)], axis=0)  # some rows tie
    for scores in (rows[0], longer[0], rows, longer, mixed, mixed[None], np.tile(longer[0], 6), np.tile(longer[0], 12)):
        assert_identical(ranks.competition_ranks(scores, higher_is_better), reference_ranks(scores, higher_is_better))


# -- column extremes ------------------------------------------------------------------------


@given(x=matrices(max_n=40, max_m=7, signed=True, exact=False))
def test_extremes_of_a_tall_matrix_are_numpys_min_and_max(x):
    for tall in (x, np.tile(x, (37, 1)), np.tile(x, (150, 1))):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(normalize, "_TALL", 1)
            lo, hi = normalize.extremes(tall)
        # Equal values; a column whose extreme is 0.0 and -0.0 may keep either zero.
        np.testing.assert_array_equal(lo, tall.min(axis=0, keepdims=True))
        np.testing.assert_array_equal(hi, tall.max(axis=0, keepdims=True))



@given(
    x=matrices(max_n=40, max_m=7, signed=True, exact=False),
    odd=st.sampled_from([None, np.nan, np.inf, -np.inf, 1.7e308]),
    where=st.integers(0, 10_000),
    copies=st.sampled_from([1, 37]),
)
def test_all_finite_is_numpys_test_whatever_the_size(x, odd, where, copies):
    """A sum tells (a NaN or an infinity makes it non-finite); one that overflows
    (values near the float limit) is settled by the full test."""
    a = np.tile(x, (copies, 1))
    if odd is not None:
        a.flat[where % a.size] = odd
        if odd == 1.7e308:
            a.flat[(where + 1) % a.size] = odd  # two of them overflow the sum
    assert methods.all_finite(a) == bool(np.isfinite(a).all())


@given(x=matrices(max_n=40, max_m=12, signed=True, exact=False), copies=st.sampled_from([1, 300]))
def test_across_reduces_each_row_in_column_order_whatever_the_rows_beside_it(x, copies):
    """`across`: the maximum is numpy's; the sum adds the columns in order, a row's
    alone or among thousands (the blocked loop), bit for bit."""
    a = np.tile(x, (copies, 1))
    np.testing.assert_array_equal(normalize.across(np.maximum, a), a.max(axis=-1))
    in_order = a[:, 0].copy()
    for j in range(1, a.shape[1]):
        in_order = in_order + a[:, j]
    np.testing.assert_array_equal(normalize.across(np.add, a), in_order)
    np.testing.assert_array_equal(normalize.across(np.add, x), in_order[: len(x)])
    stack = a.reshape(copies, len(x), -1)
    np.testing.assert_array_equal(normalize.across(np.add, stack), in_order.reshape(copies, len(x)))

@given(case=scores_and_k(), higher=st.booleans())
def test_leading_rows_are_ranked_as_in_the_whole_and_hold_the_best_k(case, higher):
    """The best K of a table are found by partition: their ranks, computed among
    themselves, equal their ranks in the full ranking, and they hold the first K."""
    from tradeoff.core.ranks import best_first, competition_ranks, leading

    scores, k = case
    full = competition_ranks(scores, higher)
    keep = leading(scores, k, higher)
    assert np.array_equal(competition_ranks(scores[keep], higher), full[keep])
    first_k = best_first(full)[:k]
    assert set(first_k) <= set(keep)
    assert np.array_equal(keep[best_first(full[keep])[:k]], first_k)


# -- the fused weighted sum ------------------------------------------------------------------


def straight_weighted_sum(x, w, benefit, how):
    """The straightforward formula: every utility, then the weighted sum; and the
    magnitude of its terms (utilities are at most 1 but under none)."""
    u = normalize.apply(x, benefit, how, normalize.column_stats(x, how))
    terms = np.maximum(np.abs(u), 0.0 if how == "none" else 1.0) * np.asarray(w)[..., None, :]
    return (u * np.asarray(w)[..., None, :]).sum(-1), terms.sum(-1)


@given(
    case=for_normalization(lambda signed: st.one_of(problems(max_n=12, signed=signed), stacks(max_k=4, max_n=6, signed=signed))),
    shift=st.sampled_from([0.0, 7.0, 1e6]),
    factor=st.sampled_from([1.0, 1e-130, 1e130]),
)
def test_the_fused_weighted_sum_is_the_straightforward_formula(case, shift, factor):
    """WSM's scores by one matrix-vector product where a utility is affine in the values
    equal the weighted sum of the utilities within 1e-12 of the terms' magnitude, for
    every normalization, stacks, all-equal columns, columns far from 0 for their span
    and magnitudes that need rescaling."""
    how, (x, w, benefit) = case
    x = x * factor + (shift if how not in POSITIVE_ONLY or shift >= 0 else 0.0)
    w = unit_weights(w)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(normalize, "FUSED_FROM", 1)  # the fused form, even for a small matrix
        got = normalize.weighted_sum(x, w, benefit, how, normalize.column_stats(x, how))
    want, size = straight_weighted_sum(x, w, benefit, how)
    assert got.shape == want.shape
    assert (np.abs(got - want) <= 1e-12 * np.maximum(size, 1e-300)).all()



@pytest.mark.parametrize("how", ["max", "sum", "minmax"])
def test_the_fused_weighted_sum_takes_a_stack_of_weights_over_one_matrix(how):
    """Weights (k, m) over one matrix (n, m): k rows of scores, the columns weighed value
    by value (a cost under max or sum) included."""
    rng = np.random.default_rng(7)
    x = rng.uniform(1, 100, size=(2000, 4))
    w = rng.dirichlet(np.ones(4), size=3)
    benefit = np.array([True, False, True, False])
    stats = normalize.column_stats(x, how)
    fused = normalize.weighted_sum(x, w, benefit, how, stats)
    plain = (normalize.apply(x, benefit, how, stats)[None] * w[:, None, :]).sum(-1)
    np.testing.assert_allclose(fused, plain, rtol=1e-12, atol=1e-14)

def test_wsm_scores_are_fused_and_its_contributions_made_when_read():
    """rank_matrix's WSM scores of a large matrix are the fused sum; its contributions,
    an (n, m) matrix nobody may read, are made on first reading (then held, read-only)
    and are the straightforward utilities times the weights; pickling makes them.  A
    small matrix's are made at once (cheaper than deferring them)."""
    import pickle

    from tradeoff.model.frozen import Deferred, DeferredMap

    rng = np.random.default_rng(5)
    x, w = rng.uniform(1, 100, (2000, 4)), np.array([1.0, 2.0, 3.0, 4.0])  # big enough to be fused
    assert normalize.fused(x)
    ranking = tradeoff.rank_matrix(x, w, ["max", "min", "max", "min"], method="wsm")
    held = ranking.diagnostics
    assert isinstance(held, DeferredMap) and type(held._items["contributions"]) is Deferred  # not made yet
    benefit = np.array([True, False, True, False])
    want = normalize.normalize(x, benefit, "minmax") * (w / w.sum())
    np.testing.assert_allclose(held["contributions"], want, rtol=1e-15, atol=1e-15)
    assert not held["contributions"].flags.writeable and held["contributions"] is held["contributions"]
    np.testing.assert_allclose(ranking.scores, want.sum(-1), rtol=1e-12, atol=1e-15)
    again = pickle.loads(pickle.dumps(ranking))
    np.testing.assert_array_equal(again.diagnostics["contributions"], held["contributions"])
    small = tradeoff.rank_matrix(x[:10], w, ["max", "min", "max", "min"], method="wsm").diagnostics
    assert type(small) is not DeferredMap and small["contributions"].shape == (10, 4)


def test_a_deferred_diagnostic_that_is_an_input_is_copied():
    """A kernel's deferred diagnostic that hands back (a view of) the caller's matrix is
    copied when made, as an eager one is: the ranking holds none of the caller's arrays."""
    from tradeoff.plugin_kit import Deferred

    def kernel(matrix, weights, benefit, **params):
        return matrix.sum(-1), {"given": Deferred(lambda: matrix[:, :1])}

    method = tradeoff.Method(name="echo", kernel=kernel)
    x = np.arange(6.0).reshape(3, 2) + 1
    made = method.run(x, np.ones(2), ["max", "max"]).diagnostics["given"]
    assert not np.shares_memory(made, x) and made.tolist() == [[1.0], [3.0], [5.0]]


@given(
    how=st.sampled_from(POSITIVE_ONLY),
    problem=st.one_of(problems(max_n=12), stacks(max_k=4, max_n=6)),
    factor=st.sampled_from([1.0, 1e-130, 1e130]),
)
def test_the_fused_log_of_a_weighted_product_is_the_straightforward_formula(how, problem, factor):
    """WPM's and WASPAS's sum of weighted logs of the utilities, as one matrix-vector
    product of the values' logs, equals the straightforward formula within 1e-12 of its
    terms' magnitude (all-equal columns, zeros in them, extreme magnitudes, stacks)."""
    x, w, benefit = problem
    x = x * factor
    w = unit_weights(w)
    stats = normalize.column_stats(x, how)
    logs = np.log(normalize.apply(x, benefit, how, stats))
    want = (logs * w[..., None, :]).sum(-1)
    size = (np.maximum(np.abs(logs), 1.0) * w[..., None, :]).sum(-1)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(normalize, "FUSED_FROM", 1)  # the fused form, even for a small matrix
        got = normalize.log_weighted_sum(x, w, benefit, how, stats)
    assert (np.abs(got - want) <= 1e-12 * size).all()


def reference_acceptance(q, s, r):
    """VIKOR's compromise conditions by their definition: the alternatives in a stable
    order of Q, the first two read off it."""
    n = q.shape[-1]
    order = np.argsort(q, axis=-1, kind="stable")
    positions = np.argsort(order, axis=-1, kind="stable")
    q_sorted = np.take_along_axis(q, order, -1)
    dq = 1.0 / (n - 1) if n > 1 else 0.0
    advantage = (q_sorted[..., 1] - q_sorted[..., 0] >= dq - 1e-12) if n > 1 else np.ones(q.shape[:-1], dtype=bool)
    first = order[..., :1]
    stability = ((np.take_along_axis(s, first, -1) <= s.min(-1, keepdims=True))
                 | (np.take_along_axis(r, first, -1) <= r.min(-1, keepdims=True)))[..., 0]
    close = q - q_sorted[..., :1] < dq - 1e-12
    compromise = np.where(advantage[..., None], np.where(stability[..., None], positions == 0, positions <= 1), close | (positions == 0))
    return {"acceptable_advantage": advantage, "acceptable_stability": stability, "compromise": compromise}


@given(
    shape=st.one_of(st.tuples(st.integers(1, 9)), st.tuples(st.integers(1, 3), st.integers(1, 9))),
    data=st.data(),
)
def test_vikors_compromise_from_two_arg_minima_is_the_definitions(shape, data):
    """The compromise conditions read the best and second best by Q from two arg-minima
    (no sort): the same as reading them off a stable sort, ties included."""
    from tradeoff.plugins.vikor import acceptance

    grid = st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0])
    draw = lambda: np.array(data.draw(st.lists(grid, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))).reshape(shape)
    q, s, r = draw(), draw(), draw()
    got, want = acceptance(q, s, r), reference_acceptance(q, s, r)
    for key in want:
        np.testing.assert_array_equal(got[key], want[key], err_msg=key)


@pytest.mark.parametrize("name", ["wsm", "topsis", "wpm", "waspas", "moora", "copras", "aras", "edas", "mabac", "vikor", "spotis", "promethee2"])
def test_identical_rows_anywhere_in_a_large_matrix_score_exactly_alike(name):
    """The fused forms weigh each row by the same loop wherever it is: a copy of the
    first rows as the last ones gets the very same scores, so they tie (the invariant
    suite's identical_tie, on large matrices too; under BLAS's matrix-vector product it
    found a copy scored an ulp apart)."""
    rng = np.random.default_rng(11)
    for n, m in ((9, 2), (3001, 3), (5, 7)):
        x = rng.uniform(1, 100, (n, m))
        x[-1] = x[0]
        x[-2] = x[1]
        ranking = tradeoff.rank_matrix(x, rng.uniform(1, 5, m), (["min", "max"] * m)[:m], method=name)
        assert ranking.scores[0] == ranking.scores[-1] and ranking.scores[1] == ranking.scores[-2], (n, m)
        assert ranking.ranks[0] == ranking.ranks[-1]



# -- one matrix under many weight vectors (SMAA) ---------------------------------------------

ENGINE = tradeoff.Engine(entry_points=False)
REWEIGHED = sorted(name for name, method in ENGINE.methods.items() if method.reweigh is not None or method.additive)


def test_the_methods_that_score_many_weight_vectors_at_once():
    assert REWEIGHED == ["moora", "topsis", "vikor", "wsm"]


@pytest.mark.parametrize("name", REWEIGHED)
@given(data=st.data(), shift=st.sampled_from([0.0, 1e6]))
def test_scores_under_many_weight_vectors_are_the_kernels(name, data, shift):
    """`reweigh_checked`'s scores of one matrix under a stack of weight vectors equal
    the kernel's under each vector within 1e-12 of the scores' magnitude (VIKOR's bit
    for bit), for every normalization the method takes, columns far from 0 for their
    spread (a shift of 1e6) included."""
    method = ENGINE.methods[name]
    how = data.draw(method_normalizations(method))
    x, _, benefit = data.draw(problems(max_n=10, signed=how not in POSITIVE_ONLY))
    x = x + shift
    if how in POSITIVE_ONLY:
        x = np.abs(x) + 1.0
    w = unit_weights(data.draw(weight_stacks(x.shape[1])))
    params = method.resolve_params(how)
    scores = method.reweigh_checked(x, benefit, params)
    if scores is None:  # declined: values of extreme magnitude, which the kernel rescales
        return
    got = scores(w)
    want = np.stack([method.kernel(x, row, benefit, **params)[0] for row in w])
    if name == "vikor":
        assert_identical(got, want)
    else:
        assert got.shape == want.shape
        assert (np.abs(got - want) <= 1e-12 * np.maximum(np.abs(want), 1e-300) + 1e-15).all()


def test_topsis_under_many_weight_vectors_keeps_nearly_equal_values_apart_as_its_kernel():
    """A column of three neighbouring floats near 1e6: TOPSIS's scores under many weight
    vectors are the kernel's 1, 0.5 and 0 (differences taken before normalising, as the
    kernel takes them), not a cancellation's tie."""
    first = 1e6
    second = np.nextafter(first, 2e6)
    x = np.array([[first], [second], [np.nextafter(second, 2e6)]])
    method, benefit = ENGINE.methods["topsis"], np.array([False])
    got = method.reweigh_checked(x, benefit, method.resolve_params())(np.array([[1.0]]))
    assert got.tolist() == [method.kernel(x, np.array([1.0]), benefit)[0].tolist()] == [[1.0, 0.5, 0.0]]


@given(rows=score_rows(), higher_is_better=st.booleans())
def test_placed_scores_are_the_competition_ranks_and_name_the_tied_rows(rows, higher_is_better):
    """`placed` gives each row's alternatives best first, with the competition rank of
    each place, and among the rows it looked at for ties (`tied`, a superset) every row
    whose places are not 1, 2, 3...; the ranks it scatters are `competition_ranks`'."""
    longer = np.concatenate([rows, rows[:, ::-1] * (1 + 4e-10)], axis=-1)
    for scores in (rows, longer):
        order, flat, places, tied = ranks.placed(scores, higher_is_better)
        want = reference_ranks(scores, higher_is_better).reshape(-1, scores.shape[-1])
        np.testing.assert_array_equal(np.take_along_axis(want, order, -1), places)
        np.testing.assert_array_equal(flat.reshape(-1) // scores.shape[-1], np.repeat(np.arange(len(order)), scores.shape[-1]))
        plain = (places == np.arange(1, scores.shape[-1] + 1)).all(axis=-1)
        assert set(np.flatnonzero(~plain).tolist()) <= set(tied.tolist())  # tied: the rows looked at


# -- tall matrices a block of rows at a time --------------------------------------------------


@given(x=matrices(min_n=13, max_n=40, max_m=5, signed=True, exact=False), data=st.data())  # n > every block
def test_kernels_that_take_a_tall_matrix_by_blocks_give_the_numbers_of_one_block(x, data):
    """VIKOR, MABAC, EDAS and SPOTIS take a tall matrix a block of rows at a time (their (n, m)
    temporaries stay small); scores and diagnostics are bit for bit those of the matrix
    in one block, the sums over the rows (MABAC's border) included."""
    import tradeoff.plugins.edas as edas
    import tradeoff.plugins.mabac as mabac
    import tradeoff.plugins.spotis as spotis
    import tradeoff.plugins.vikor as vikor

    m = x.shape[1]
    w = unit_weights(data.draw(weight_stacks(m, max_k=1))[0] + 1e-3)
    benefit = np.arange(m) % 2 == 0
    sum_block = data.draw(st.sampled_from([1, 2, 4]))
    row_block = sum_block * data.draw(st.sampled_from([1, 2, 3]))

    def run(block):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(normalize, "SUM_BLOCK", sum_block)
            patch.setattr(normalize, "ROW_BLOCK", block)
            patch.setattr(mabac, "ROW_BLOCK", block)
            return (
                mabac.mabac(x, w, benefit),
                vikor.vikor(x, w, benefit),
                edas.edas(np.abs(x) + 1.0, w, benefit),
                spotis.spotis(x, w, benefit),
            )

    for (got, got_d), (want, want_d) in zip(run(row_block), run(10**9)):
        assert_identical(got, want)
        assert got_d.keys() == want_d.keys()
        for key in want_d:
            assert_identical(got_d[key], want_d[key])


@given(x=matrices(min_n=13, max_n=40, max_m=5, exact=False), data=st.data())  # n > every block
def test_fused_sums_of_a_tall_matrix_by_blocks_are_those_of_one_block(x, data):
    """`weighted_sum`'s columns normalised value by value and `log_weighted_sum`'s logs
    are made a block of rows at a time (`by_row_blocks`): bit for bit the numbers of the
    matrix in one block, for every normalization, with columns all equal (0 among
    them) or not.  The fused form is taken at any size here, as every block of a tall
    matrix takes it (`row_blocks` joins a small last block to the one before)."""
    x = x.copy()
    m = x.shape[1]
    if data.draw(st.booleans()):
        x[:, data.draw(st.integers(0, m - 1))] = data.draw(st.sampled_from([0.0, 2.5]))
    w = unit_weights(data.draw(weight_stacks(m, max_k=1))[0] + 1e-3)
    benefit = np.arange(m) % 2 == 0
    how = data.draw(st.sampled_from(NORMALIZATIONS))
    block = data.draw(st.sampled_from([1, 2, 3, 7]))

    def run(rows):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(normalize, "ROW_BLOCK", rows)
            patch.setattr(normalize, "FUSED_FROM", 1)
            stats = normalize.column_stats(x, how)
            sums = [normalize.weighted_sum(x, w, benefit, how, stats)]
            if how in POSITIVE_ONLY:
                sums.append(normalize.log_weighted_sum(x, w, benefit, how, stats))
            return sums

    for got, want in zip(run(block), run(10**9), strict=True):
        assert_identical(got, want)


def test_a_small_last_block_of_rows_joins_the_one_before():
    block = normalize.ROW_BLOCK
    assert normalize.row_blocks(block + block // 2 - 1) == [slice(0, block + block // 2 - 1)]
    assert normalize.row_blocks(2 * block + block // 2) == [slice(0, block), slice(block, 2 * block), slice(2 * block, 2 * block + block // 2)]
    assert normalize.row_blocks(block) == [slice(0, block)]
    assert normalize.row_blocks(0) == []


@given(
    x=st.one_of(matrices(max_n=30, max_m=6, signed=True, exact=False), stacks(max_k=4, max_n=6, signed=True).map(lambda p: p[0])),
    factor=st.sampled_from([1.0, 1e-250, 1e-120, 1e-99, 1e99, 1e120, 1e250, 0.0]),
)
def test_vector_norms_are_the_vector_normalizations_scale_and_norm(x, factor):
    """MOORA's one pass gives `column_stats`'s own constants, whatever the magnitude of
    a column (one column scaled by `factor`, near and beyond HUGE, or made all zero)."""
    x = x.copy()
    x[..., 0] *= factor
    scale, divisor = normalize.vector_norms(x)
    stats = normalize.column_stats(x, "vector")
    if stats.scale is None:
        assert scale is None
    else:
        np.testing.assert_array_equal(scale, stats.scale)
    np.testing.assert_array_equal(divisor, stats.divisor)
