"""Properties of the ranking methods and normalizations, for both methods and every
normalization where the property holds.

Every drawn example is checked under each (method, normalization) pair the property
covers -- drawing is the expensive part, ranking a small matrix is cheap -- and a
failure names the pair.  Scores are compared with a tolerance (`assert_scores_close`:
rel 1e-9, abs 1e-12, the latter times the size of the values under ``none``, whose
scores are sums of raw values).  Rank assertions are phrased so that floating-point
noise cannot flip them: either they follow from exact monotonicity plus the 1e-9 tie
band, or they are skipped for the rare score sets with a gap between 1e-12 and 1e-6
(relative), where one rounding may decide a tie.  The strategies round values to 3
significant digits (see tests/strategies.py), which keeps every normalization well
conditioned.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
from hypothesis import assume, given

import tradeoff
import tradeoff.core.normalize

from .strategies import (
    METHODS,
    NORMALIZATIONS,
    SCALE_INVARIANT,
    SIGN_AGNOSTIC,
    circulant_problems,
    dominance_problems,
    permuted_problems,
    positive_factors,
    problems,
    problems_with_column,
    problems_with_twins,
    stacks,
    uniform_problems,
)

RTOL = 1e-9
ATOL = 1e-12


def combinations(
    normalizations: tuple[str, ...] = NORMALIZATIONS, methods: tuple[str, ...] = METHODS
) -> Iterator[tuple[str, str]]:
    for method in methods:
        for how in normalizations:
            yield method, how


@contextlib.contextmanager
def case(method: str, how: str) -> Iterator[None]:
    """Name the method and normalization in a failure."""
    try:
        yield
    except AssertionError as error:
        raise AssertionError(f"[{method}, normalization={how!r}] {error}") from None


def tolerance_scale(matrix: np.ndarray, how: str) -> float:
    """Scores under ``none`` are weighted sums of raw values: their rounding errors
    grow with the values.  Every other normalization gives scores of order 1."""
    return max(1.0, float(np.abs(matrix).max())) if how == "none" else 1.0


def assert_scores_close(actual, expected, scale: float = 1.0) -> None:
    a, b = np.asarray(actual), np.asarray(expected)
    if a.shape != b.shape or not np.all(np.abs(a - b) <= ATOL * scale + RTOL * np.abs(b)):
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL * scale)  # with the details


def rank(engine, problem, method, how) -> tradeoff.Ranking:
    """Values taken as they are (``none``) must be within the magnitudes a method takes
    as they are (a drawn 1e-128 is refused there, tested with the errors), not so under
    a normalization, which rescales any finite column."""
    x, w, d = problem
    if how == "none":
        assume(not tradeoff.core.normalize.extreme(np.abs(np.asarray(x))).any())
    return engine.rank_matrix(x, w, d, method=method, normalization=how)


def relative_gaps(scores: np.ndarray) -> np.ndarray:
    """|s_i - s_j| / max(|s_i|, |s_j|) for every pair (0 where both are 0)."""
    s = np.asarray(scores, dtype=float)
    gap = np.abs(s[:, None] - s[None, :])
    scale = np.maximum(np.abs(s[:, None]), np.abs(s[None, :]))
    return np.divide(gap, scale, out=np.zeros_like(gap), where=scale > 0)


def ties_are_unambiguous(scores: np.ndarray) -> bool:
    """No pair of scores is between 1e-12 and 1e-6 apart (relative): there a rounding
    error could decide whether they tie (1e-9 band); anywhere else it cannot."""
    g = relative_gaps(scores)
    return not np.any((g > 1e-12) & (g <= 1e-6))


def assert_same_ranks(actual, expected, scores) -> None:
    if ties_are_unambiguous(scores):
        np.testing.assert_array_equal(actual, expected)


def flip(problem, j):
    """Negate criterion j's values and turn its direction around."""
    x, w, d = problem
    x, d = x.copy(), d.copy()
    x[:, j] *= -1
    d[j] = ~d[j]
    return x, w, d


# -- invariances -------------------------------------------------------------------------


@given(case_=permuted_problems())
def test_permuting_alternatives_permutes_scores_and_ranks(engine, case_):
    (x, w, d), rows, _ = case_
    for method, how in combinations():
        with case(method, how):
            before = rank(engine, (x, w, d), method, how)
            after = rank(engine, (x[rows], w, d), method, how)
            assert_scores_close(after.scores, before.scores[rows], tolerance_scale(x, how))
            assert_same_ranks(after.ranks, before.ranks[rows], before.scores)


@given(case_=permuted_problems())
def test_permuting_criteria_with_their_weights_and_directions_changes_no_score(engine, case_):
    (x, w, d), _, cols = case_
    for method, how in combinations():
        with case(method, how):
            before = rank(engine, (x, w, d), method, how)
            after = rank(engine, (x[:, cols], w[cols], d[cols]), method, how)
            assert_scores_close(after.scores, before.scores, tolerance_scale(x, how))
            assert_same_ranks(after.ranks, before.ranks, before.scores)


@given(problem=problems(), c=positive_factors())
def test_scaling_all_weights_by_a_positive_factor_changes_no_score(engine, problem, c):
    x, w, d = problem
    for method, how in combinations():
        with case(method, how):
            before = rank(engine, problem, method, how)
            after = rank(engine, (x, w * c, d), method, how)
            assert_scores_close(after.scores, before.scores, tolerance_scale(x, how))
            assert_same_ranks(after.ranks, before.ranks, before.scores)


@given(case_=problems_with_column(), c=positive_factors())
def test_scaling_a_criterion_by_a_positive_factor_changes_no_score(engine, case_, c):
    # Not under none, whose values are the raw ones (see the next test).
    (x, w, d), j = case_
    scaled = x.copy()
    scaled[:, j] *= c
    for method, how in combinations(SCALE_INVARIANT):
        with case(method, how):
            before = rank(engine, (x, w, d), method, how)
            after = rank(engine, (scaled, w, d), method, how)
            assert_scores_close(after.scores, before.scores)
            assert_same_ranks(after.ranks, before.ranks, before.scores)


@given(problem=problems(), c=positive_factors())
def test_under_none_scaling_every_criterion_scales_wsm_scores_and_keeps_topsis_scores(
    engine, problem, c
):
    x, w, d = problem
    scale = tolerance_scale(x * max(c, 1.0), "none")
    with case("wsm", "none"):
        before = rank(engine, problem, "wsm", "none")
        after = rank(engine, (x * c, w, d), "wsm", "none")
        assert_scores_close(after.scores, before.scores * c, scale)
    with case("topsis", "none"):
        before = rank(engine, problem, "topsis", "none")
        after = rank(engine, (x * c, w, d), "topsis", "none")
        assert_scores_close(after.scores, before.scores)


@given(case_=problems_with_column(signed=True))
def test_flipping_a_criterion_under_minmax_or_none_changes_no_score(engine, case_):
    # Negating a column and its direction states the same preference: minmax and none
    # map both to the same normalised column.  (max and sum need values > 0; vector is
    # the next test.)
    problem, j = case_
    flipped = flip(problem, j)
    for method, how in combinations(("minmax", "none")):
        with case(method, how):
            before = rank(engine, problem, method, how)
            after = rank(engine, flipped, method, how)
            assert_scores_close(after.scores, before.scores, tolerance_scale(problem.matrix, how))
            assert_same_ranks(after.ranks, before.ranks, before.scores)


@given(case_=problems_with_column(signed=True))
def test_flipping_a_criterion_under_vector_keeps_topsis_and_shifts_wsm_by_its_weight(
    engine, case_
):
    # x / ||x|| for a benefit becomes 1 - (-x) / ||x|| = 1 + x / ||x|| for the flipped
    # cost: the normalised column moves by exactly 1 (a constant column is 1 either
    # way).  TOPSIS distances ignore the shift; a weighted sum moves by w_j.
    problem, j = case_
    flipped = flip(problem, j)
    with case("topsis", "vector"):
        assert_scores_close(
            rank(engine, flipped, "topsis", "vector").scores,
            rank(engine, problem, "topsis", "vector").scores,
        )
    with case("wsm", "vector"):
        as_benefit, as_cost = (problem, flipped) if problem.directions[j] else (flipped, problem)
        x, w = problem.matrix, problem.weights
        shift = 0.0 if x[:, j].min() == x[:, j].max() else w[j] / w.sum()
        assert_scores_close(
            rank(engine, as_cost, "wsm", "vector").scores,
            rank(engine, as_benefit, "wsm", "vector").scores + shift,
        )


# -- dominance, ties, one criterion --------------------------------------------------------


@given(case_=dominance_problems())
def test_dominated_alternative_never_ranks_above_its_dominator(engine, case_):
    # Every normalization is monotone per column in the criterion's direction, and both
    # methods are monotone in each normalised value (TOPSIS: d+ shrinks, d- grows), so
    # the dominator's score is >= the dominated one's.  A 1-ulp reversal is a tie
    # (relative 1e-9), so the rank assertion needs no slack.
    problem, dominator, dominated = case_
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            s = r.scores
            slack = RTOL * abs(s[dominated]) + ATOL * tolerance_scale(problem.matrix, how)
            assert s[dominator] >= s[dominated] - slack
            assert r.ranks[dominator] <= r.ranks[dominated]


@given(case_=problems_with_twins())
def test_identical_alternatives_tie(engine, case_):
    problem, i, j = case_
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            assert_scores_close(r.scores[i], r.scores[j], tolerance_scale(problem.matrix, how))
            assert r.ranks[i] == r.ranks[j]


@given(problem=circulant_problems(exact=False))
def test_scores_equal_up_to_rounding_tie(engine, problem):
    # All scores are equal in exact arithmetic (see circulant_problems); whatever the
    # order of the floating-point sums, the ranks must call it a tie (within a relative
    # 1e-9, as docs/scenario-file.md says).
    n = problem.matrix.shape[0]
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            scale = tolerance_scale(problem.matrix, how)
            assert_scores_close(r.scores, np.full(n, r.scores[0]), scale)
            np.testing.assert_array_equal(r.ranks, np.ones(n, dtype=int))


@given(problem=uniform_problems())
def test_all_alternatives_identical_share_rank_one_and_topsis_gives_one_half(engine, problem):
    n = problem.matrix.shape[0]
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            np.testing.assert_array_equal(r.ranks, np.ones(n, dtype=int))
            assert np.all(r.scores == r.scores[0])
            if method == "topsis":
                np.testing.assert_array_equal(r.scores, np.full(n, 0.5))


@given(problem=problems(min_m=1, max_m=1))
def test_with_one_criterion_the_ranking_follows_that_criterion(engine, problem):
    # Holds for both methods under all five normalizations: each normalization is
    # strictly monotone in the criterion's direction (constant for a constant column),
    # WSM's score is the normalised value and TOPSIS's closeness its minmax rescaling.
    # Values of a column are equal or >= 0.1 % apart (3 significant digits), so the
    # scores of different values are never within the 1e-9 tie band: the ranks are
    # exactly the competition ranks of the raw column.
    x, _, d = problem
    goodness = x[:, 0] if d[0] else -x[:, 0]
    expected = np.array([1 + np.sum(goodness > g) for g in goodness])
    better = goodness[:, None] > goodness[None, :]
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            np.testing.assert_array_equal(r.ranks, expected)
            assert np.all((r.scores[:, None] > r.scores[None, :])[better])


# -- robustness -------------------------------------------------------------------------------


@given(problem=problems())
def test_same_call_twice_gives_identical_arrays(engine, problem):
    fresh = tradeoff.Engine(entry_points=False)
    for method, how in combinations():
        with case(method, how):
            first = rank(engine, problem, method, how)
            for again in (rank(engine, problem, method, how), rank(fresh, problem, method, how)):
                np.testing.assert_array_equal(again.scores, first.scores)
                np.testing.assert_array_equal(again.ranks, first.ranks)
                assert again.diagnostics.keys() == first.diagnostics.keys()
                for key, value in first.diagnostics.items():
                    np.testing.assert_array_equal(again.diagnostics[key], value)


@given(problem=stacks())
def test_stacked_call_equals_the_loop_over_its_members(engine, problem):
    # Weights and directions either shared (m,) or per member (k, m); see stacks().
    x, w, d = problem
    k, n, _ = x.shape
    for method, how in combinations():
        with case(method, how):
            stacked = rank(engine, problem, method, how)
            assert stacked.scores.shape == (k, n)
            assert stacked.ranks.shape == (k, n)
            for i in range(k):
                wi = w[i] if w.ndim == 2 else w
                di = d[i] if d.ndim == 2 else d
                alone = rank(engine, (x[i], wi, di), method, how)
                scale = tolerance_scale(x[i], how)
                assert_scores_close(stacked.scores[i], alone.scores, scale)
                assert_same_ranks(stacked.ranks[i], alone.ranks, alone.scores)
                assert stacked.diagnostics.keys() == alone.diagnostics.keys()
                for key, value in alone.diagnostics.items():
                    assert_scores_close(stacked.diagnostics[key][i], value, scale)


@given(problem=problems(exact=False))
def test_scores_are_always_finite_and_in_range(engine, problem):
    # Unrounded values (near-constant columns included), constant columns, n = 1:
    # never NaN.  TOPSIS closeness is in [0, 1]; so is a weighted sum of values that
    # every normalization but none maps into [0, 1].
    n = problem.matrix.shape[0]
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            assert r.scores.shape == (n,)
            assert np.isfinite(r.scores).all()
            if method == "topsis" or how != "none":
                assert np.all(r.scores >= -ATOL) and np.all(r.scores <= 1 + ATOL)


@given(problem=problems(signed=True))
def test_scores_are_finite_for_zero_and_negative_values(engine, problem):
    for method, how in combinations(SIGN_AGNOSTIC):
        with case(method, how):
            r = rank(engine, problem, method, how)
            assert np.isfinite(r.scores).all()
            assert r.ranks.min() == 1


@given(problem=problems(exact=False))
def test_ranks_are_competition_ranks_of_the_scores(engine, problem):
    # Structure: 1 is the best rank and each rank is 1 + the number of alternatives
    # ranked strictly better (1, 2, 2, 4).  Consistency with the scores, phrased so
    # that floating-point noise cannot flip it: a better or equal score never ranks
    # worse; scores within 1e-12 (well inside the 1e-9 tie band) share a rank; scores
    # more than 1e-6 apart (beyond any chain of 1e-9 ties among <= 8) do not.  With no
    # gap in between, these pin every rank down to 1 + the number of better scores.
    for method, how in combinations():
        with case(method, how):
            r = rank(engine, problem, method, how)
            assert r.higher_is_better is True
            s, ranks = r.scores, r.ranks
            assert ranks.dtype.kind == "i"
            assert ranks.min() == 1
            assert np.all(ranks == 1 + (ranks[None, :] < ranks[:, None]).sum(axis=1))
            better_or_equal = s[:, None] >= s[None, :]
            assert np.all((ranks[:, None] <= ranks[None, :])[better_or_equal])
            gaps = relative_gaps(s)
            assert np.all((ranks[:, None] == ranks[None, :])[gaps <= 1e-12])
            assert np.all((ranks[:, None] != ranks[None, :])[gaps > 1e-6])


@given(problem=problems())
def test_string_directions_rank_like_boolean_directions(engine, problem):
    x, w, d = problem
    words = ["max" if b else "min" for b in d]
    for method, how in combinations():
        with case(method, how):
            a = rank(engine, problem, method, how)
            b = rank(engine, (x, w, words), method, how)
            np.testing.assert_array_equal(a.scores, b.scores)
            np.testing.assert_array_equal(a.ranks, b.ranks)


# -- the normalization kernel ---------------------------------------------------------------


def documented_table(column: list[float], benefit: bool, how: str) -> list[float]:
    """The normalizations table of docs/scenario-file.md, one column at a time in plain
    Python; a constant column is 1 (under none: its raw value, negated for a cost)."""
    if how == "none":
        return [v if benefit else -v for v in column]
    if min(column) == max(column):
        return [1.0] * len(column)
    if how == "vector":
        norm = sum(v * v for v in column) ** 0.5
        return [v / norm if benefit else 1 - v / norm for v in column]
    if how == "minmax":
        lo, hi = min(column), max(column)
        return [(v - lo) / (hi - lo) if benefit else (hi - v) / (hi - lo) for v in column]
    if how == "max":
        return [v / max(column) if benefit else min(column) / v for v in column]
    if how == "sum":
        if benefit:
            return [v / sum(column) for v in column]
        return [(1 / v) / sum(1 / u for u in column) for v in column]
    raise AssertionError(how)


@given(problem=problems())
def test_normalize_follows_the_documented_table(problem):
    x, _, benefit = problem
    for how in NORMALIZATIONS:
        out = tradeoff.core.normalize.normalize(x, benefit, how)
        assert out.shape == x.shape
        for j in range(x.shape[1]):
            expected = documented_table(x[:, j].tolist(), bool(benefit[j]), how)
            np.testing.assert_allclose(
                out[:, j], expected, rtol=RTOL, atol=ATOL, err_msg=f"{how}, column {j}"
            )


@given(problem=problems(exact=False))
def test_normalize_maps_a_constant_column_to_one(problem):
    x = problem.matrix.copy()
    x[:, 0] = x[0, 0]
    for how in NORMALIZATIONS:
        if how == "none":
            continue
        for benefit in (True, False):
            out = tradeoff.core.normalize.normalize(x, np.full(x.shape[1], benefit), how)
            np.testing.assert_array_equal(out[:, 0], np.ones(x.shape[0]), err_msg=how)
            assert np.isfinite(out).all()
