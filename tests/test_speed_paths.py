"""The fast paths give exactly the numbers of the general ones (no timings here).

`bench/topsis_speed.py` measures the speed; this file checks that every shortcut taken
for it changes nothing, bit for bit (`assert_identical`: equal arrays, and equal signs
of zeros):

- TOPSIS: the small-matrix path (`_small_vector`), the tall-matrix path and the blocked
  general path against the general path in one block, for every normalization,
  stacks and memory layouts;
- `check_inputs`'s shortcut for one valid matrix against its general checks;
- `competition_ranks` in Python (a few scores) and with numpy's default sort, against
  the definition computed with a stable sort;
- column extremes of a tall matrix, found in blocks, against numpy's min and max.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
import tradeoff.methods as methods
import tradeoff.normalize as normalize
import tradeoff.plugins.topsis as topsis
import tradeoff.ranks as ranks

from .strategies import NORMALIZATIONS, SIGN_AGNOSTIC, matrices, problems, score_rows, scores_and_k, stacks

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


# -- TOPSIS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["positive", "signed", "unrounded"])
@given(data=problems(max_n=12, max_m=7), signed=problems(signed=True), unrounded=problems(exact=False))
def test_small_vector_path_gives_the_general_numbers(kind, data, signed, unrounded):
    x, w, benefit = {"positive": data, "signed": signed, "unrounded": unrounded}[kind]
    w = unit_weights(w)
    if kind != "signed":  # values in [0.1, 1000]: the small path takes them (signed
        assert topsis._small_vector(x, w, benefit) is not None  # ones can be tiny)
    assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


@pytest.mark.parametrize("n", [65, 300, 6_000])
def test_small_vector_path_of_a_longer_matrix_gives_the_general_numbers(n):
    rng = np.random.default_rng(n)
    x = np.round(rng.uniform(-50.0, 50.0, size=(n, 5)), 1)  # repeated values, ties
    x[:, 3] = 7.0
    w = unit_weights(rng.uniform(0.0, 3.0, size=5))
    benefit = np.array([True, False, True, False, False])
    assert topsis._small_vector(x, w, benefit) is not None
    assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


@pytest.mark.parametrize("factor", [1e-250, 1e-120, 1e120, 1e250])
@given(problem=problems(min_m=2))
def test_small_vector_path_leaves_extreme_magnitudes_to_the_general_one(factor, problem):
    x, w, benefit = problem
    x = x.copy()
    x[:, 0] *= factor
    w = unit_weights(w)
    assert topsis._small_vector(x, w, benefit) is None
    assert_same_topsis(topsis.topsis(x, w, benefit), topsis._general(x, w, benefit, "vector"))


@pytest.mark.parametrize("how", NORMALIZATIONS)
@pytest.mark.parametrize("size", [1, 3, 7, 40])
@given(single=problems(max_n=12), signed=problems(max_n=12, signed=True))
def test_blocks_of_rows_give_the_numbers_of_one_block(how, size, single, signed):
    # 2-D: the tall path for vector, minmax and none, blocked general path otherwise.
    x, w, benefit = single if how in POSITIVE_ONLY else signed
    w = unit_weights(w)
    whole = topsis._general(x, w, benefit, how)
    assert_same_topsis(blocked(size, lambda: topsis.topsis(x, w, benefit, how)), whole)


@pytest.mark.parametrize("how", NORMALIZATIONS)
@pytest.mark.parametrize("factor", [1e-250, 1e250])
@given(problem=problems(min_m=2, max_n=12))
def test_blocks_rescale_extreme_magnitudes_as_one_block(how, factor, problem):
    x, w, benefit = problem
    w = unit_weights(w)
    for scaled in (x * factor, np.concatenate([x[:, :1] * factor, x[:, 1:]], axis=1)):
        whole = topsis._general(scaled, w, benefit, how)
        for size in (1, 7):
            assert_same_topsis(blocked(size, lambda: topsis.topsis(scaled, w, benefit, how)), whole)


@pytest.mark.parametrize("how", NORMALIZATIONS)
@pytest.mark.parametrize("size", [1, 5, 30])
@given(stack=stacks(max_k=5, max_n=6), signed=stacks(max_k=5, signed=True))
def test_blocks_of_a_stack_give_the_numbers_of_one_block(how, size, stack, signed):
    x, w, benefit = stack if how in POSITIVE_ONLY else signed
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


@pytest.mark.parametrize("layout", ["fortran", "strided"])
@given(problem=problems(max_n=10, signed=True))
def test_every_path_agrees_on_a_matrix_in_another_memory_layout(layout, problem):
    x, w, benefit = problem
    w = unit_weights(w)
    x = np.asfortranarray(x) if layout == "fortran" else np.repeat(x, 2, axis=1)[:, ::2]
    for how in SIGN_AGNOSTIC:
        whole = topsis._general(x, w, benefit, how)
        assert_same_topsis(topsis.topsis(x, w, benefit, how), whole)
        assert_same_topsis(blocked(3, lambda: topsis.topsis(x, w, benefit, how)), whole)


def test_a_tall_matrix_ranks_as_in_one_block(monkeypatch):
    """Real sizes: 40,000 x 3 through rank_matrix, the tall path and numpy's ranks."""
    rng = np.random.default_rng(7)
    x = rng.uniform(1.0, 100.0, size=(40_000, 3))
    x[::9, 1] = x[0, 1]  # repeated values: ties
    directions = ["max", "min", "max"]
    fast = tradeoff.rank_matrix(x, [2.0, 1.0, 1.0], directions)
    with monkeypatch.context() as m:
        m.setattr(topsis, "BLOCK", x.size)  # one block: the general path
        m.setattr(normalize, "_TALL", 10**9)  # numpy's own min and max
        general = tradeoff.rank_matrix(x, [2.0, 1.0, 1.0], directions)
    assert_identical(fast.scores, general.scores)
    assert_identical(fast.ranks, general.ranks)
    for key, value in general.diagnostics.items():
        assert_identical(fast.diagnostics[key], value)
    assert_identical(fast.ranks, reference_ranks(fast.scores, True))


# -- checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("given_as", ["names", "booleans", "members"])
@given(problem=problems(exact=False, signed=True))
def test_the_check_shortcut_gives_the_general_checks_arrays(given_as, problem):
    x, w, benefit = problem
    directions = {
        "names": ["max" if b else "min" for b in benefit],
        "booleans": benefit,
        "members": [tradeoff.Direction.MAX if b else tradeoff.Direction.MIN for b in benefit],
    }[given_as]
    assert methods._one_matrix(x, w, directions) is not None
    fast = methods.check_inputs(x, w, directions)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(methods, "_one_matrix", lambda *args: None)
        general = methods.check_inputs(x, w, directions)
    for a, b in zip(fast, general):
        assert a.dtype == b.dtype
        assert_identical(a, b)


@pytest.mark.parametrize(
    ("matrix", "weights", "directions"),
    [
        ([[1.0, np.inf]], [1, 1], ["max", "min"]),  # not finite: the general check says so
        ([[1.0, 2.0]], [1e305, 1e305], ["max", "min"]),  # weights rescaled before summing
        ([[1.0, 2.0]], [1, -1], ["max", "min"]),
        ([[1.0, 2.0]], [1, np.nan], ["max", "min"]),
        ([[1.0, 2.0]], [0, 0], ["max", "min"]),
        ([[1.0, 2.0]], [1, 1], ["max", "MIN"]),
        ([[1.0, 2.0]], [1, 1], ["max"]),
        ([[[1.0, 2.0]]], [1, 1], ["max", "min"]),  # a stack
    ],
)
def test_the_check_shortcut_leaves_anything_unusual_to_the_general_checks(matrix, weights, directions):
    assert methods._one_matrix(matrix, weights, directions) is None


def test_the_check_shortcut_takes_values_near_the_float_limit():
    x, w, benefit = methods._one_matrix([[1e308, -1e308]], [1e300, 3.0], ["max", "min"])
    assert_identical(x, [[1e308, -1e308]])
    assert_identical(w, methods.normalize_weights(np.array([1e300, 3.0])))
    assert_identical(benefit, [True, False])


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


@pytest.mark.parametrize("higher_is_better", [True, False])
@given(rows=score_rows())
def test_competition_ranks_in_python_and_in_numpy_match_the_definition(higher_is_better, rows):
    longer = np.concatenate([rows, rows[:, ::-1] * (1 + 4e-10), rows], axis=-1)  # ties and near ties
    for scores in (rows[0], longer[0], rows, longer, np.tile(longer[0], 6)):
        expected = reference_ranks(scores, higher_is_better)
        assert_identical(ranks.competition_ranks(scores, higher_is_better), expected)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(ranks, "FEW", 0)  # numpy whatever the size
            assert_identical(ranks.competition_ranks(scores, higher_is_better), expected)


# -- column extremes ------------------------------------------------------------------------


@given(x=matrices(max_n=40, max_m=7, signed=True, exact=False))
def test_extremes_of_a_tall_matrix_are_numpys_min_and_max(x):
    for tall in (x, np.tile(x, (37, 1))):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(normalize, "_TALL", 1)
            lo, hi = normalize.extremes(tall)
        # Equal values; a column whose extreme is 0.0 and -0.0 may keep either zero.
        np.testing.assert_array_equal(lo, tall.min(axis=0, keepdims=True))
        np.testing.assert_array_equal(hi, tall.max(axis=0, keepdims=True))


@given(case=scores_and_k(), higher=st.booleans())
def test_leading_rows_are_ranked_as_in_the_whole_and_hold_the_best_k(case, higher):
    """The best K of a table are found by partition: their ranks, computed among
    themselves, equal their ranks in the full ranking, and they hold the first K."""
    from tradeoff.ranks import best_first, competition_ranks, leading

    scores, k = case
    full = competition_ranks(scores, higher)
    keep = leading(scores, k, higher)
    assert np.array_equal(competition_ranks(scores[keep], higher), full[keep])
    first_k = best_first(full)[:k]
    assert set(first_k) <= set(keep)
    assert np.array_equal(keep[best_first(full[keep])[:k]], first_k)
