"""Cross-checks of the native methods against scikit-criteria on random matrices.

Each test feeds scikit-criteria the preprocessing that reproduces the normalization
our plugin's docstring states (scikit-criteria's aggregators mostly take data that is
already normalised and benefit-oriented), then compares scores, the method's own
intermediate results where scikit-criteria reports them, and ranks.  TOPSIS and WSM
are cross-checked in test_reference.py, in the same style.

Tolerance: rel 1e-9, abs 1e-12 on scores and intermediates, as in test_reference.py.
Both sides compute the same formulas in double precision in other operation orders
(log10 instead of log, a product instead of a mean of logs, sklearn's scalers...);
values rounded to 3 significant digits keep the differences near 1e-15.  The one
looser comparison is VIKOR's Q, whose condition number is stated there.

Problems come from `cross_check_problems` (n >= 2, no constant column, values > 0):
constant columns are a documented divergence (we normalise them to 1, scikit-criteria
to 0 or 0 / 0), not a disagreement on any method.  Our weights are normalised to sum
1, so scikit-criteria gets w / w.sum().
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings

from .strategies import (
    Problem,
    bounded_cross_check_problems,
    cross_check_problems,
    cross_check_problems_with_cost,
    normalizations,
    unit_parameters,
)

SKC_RTOL = 1e-9
SKC_ATOL = 1e-12

#: Each scikit-criteria evaluation costs ~8 ms (pandas-backed decision matrices): at
#: most 200 examples per test keeps the file near 20 s in the ci profile (300 would
#: take 30 s); the dev profile's 50 stay 50.
capped = settings(max_examples=min(settings.default.max_examples, 200))


def close(actual, expected, *, atol=SKC_ATOL):
    np.testing.assert_allclose(actual, expected, rtol=SKC_RTOL, atol=atol)


@pytest.fixture(scope="module")
def skc():
    """scikit-criteria's pieces, imported once (a test extra; the import takes ~2 s)."""
    pytest.importorskip("skcriteria")
    import skcriteria
    from skcriteria.agg.aras import ARAS
    from skcriteria.agg.copras import COPRAS
    from skcriteria.agg.edas import EDAS
    from skcriteria.agg.mabac import MABAC
    from skcriteria.agg.moora import RatioMOORA
    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.agg.spotis import SPOTIS
    from skcriteria.agg.vikor import VIKOR
    from skcriteria.agg.waspas import WASPAS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import (
        BenefitCostInverter,
        InvertMinimize,
        MinMaxInverter,
    )
    from skcriteria.preprocessing.scalers import MaxAbsScaler, SumScaler, VectorScaler

    class Skc:
        mkdm = staticmethod(skcriteria.mkdm)
        # MaxAbsScaler is x / max|x|, = x / max here (values > 0); MaxScaler is its
        # deprecated alias.  After InvertMinimize a cost column is 1/x, and
        # (1/x) / max(1/x) = min / x: our "max" normalization.  SumScaler after
        # InvertMinimize is x / sum(x), or (1/x) / sum(1/x) for a cost: our "sum".
        wpm = {
            "max": mkpipe(InvertMinimize(), MaxAbsScaler(target="matrix"), WeightedProductModel()),
            "sum": mkpipe(InvertMinimize(), SumScaler(target="matrix"), WeightedProductModel()),
        }
        waspas = staticmethod(
            lambda lam: mkpipe(BenefitCostInverter(), WASPAS(lambda_value=lam))
        )
        moora = mkpipe(VectorScaler(target="matrix"), RatioMOORA())
        copras = mkpipe(SumScaler(target="matrix"), COPRAS())
        invert_minimize = InvertMinimize()
        sum_scaler = SumScaler(target="matrix")
        aras = ARAS()
        edas = EDAS()
        mabac = mkpipe(MinMaxInverter(), MABAC())
        vikor = staticmethod(lambda v: VIKOR(v=v, use_compromise_set=False))
        spotis = SPOTIS()

    return Skc


def decision_matrix(skc, x, w, benefit):
    objectives = [max if b else min for b in benefit]
    return skc.mkdm(x, objectives, weights=w / w.sum())


def quietly(call, *args, numeric=False, **kwargs):
    """Run a scikit-criteria call with its UserWarnings (e.g. "not recommended" MIN
    objectives, constant criteria) and deprecations silenced.  Numeric RuntimeWarnings
    stay errors (pyproject) unless `numeric`, for the one place scikit-criteria divides
    0 by 0 on purpose and repairs the NaN (VIKOR, see there)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        if numeric:
            warnings.simplefilter("ignore", RuntimeWarning)
        return call(*args, **kwargs)


def evaluate(skc, pipe, x, w, benefit, **kwargs):
    return quietly(pipe.evaluate, decision_matrix(skc, x, w, benefit), **kwargs)


def clearly_ordered(scores) -> bool:
    """Every pair of scores > 1e-6 apart (relative): no floating-point noise can tie
    or untie them."""
    s = np.asarray(scores, dtype=float)
    gaps = np.abs(s[:, None] - s[None, :])
    scale = np.maximum(np.abs(s[:, None]), np.abs(s[None, :]))
    off_diagonal = ~np.eye(len(s), dtype=bool)
    return bool(np.all(gaps[off_diagonal] > 1e-6 * scale[off_diagonal]))


def assert_same_ranks_when_clearly_ordered(their_ranks, their_scores, our_ranks):
    """scikit-criteria ranks densely (1, 2, 2, 3), we by competition (1, 2, 2, 4): they
    agree when no two scores tie, checked when the scores are clearly ordered."""
    if clearly_ordered(their_scores):
        np.testing.assert_array_equal(our_ranks, their_ranks)


# -- WPM -------------------------------------------------------------------------------------
#
# scikit-criteria's WeightedProductModel returns sum(w * log10 r) of the data it gets
# (and accepts benefit criteria only): after the preprocessing above, 10 ** score is
# our prod(r ** w).  Our log_score diagnostic is the natural log of the same product.


@capped
@given(problem=cross_check_problems(), normalization=normalizations(("max", "sum")))
def test_wpm_agrees_with_scikit_criteria(engine, skc, problem, normalization):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="wpm", normalization=normalization)
    theirs = evaluate(skc, skc.wpm[normalization], x, w, benefit)
    close(ours.scores, 10.0 ** theirs.e_.score)
    close(ours.diagnostics["log_score"], theirs.e_.score * np.log(10.0))
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- WASPAS -----------------------------------------------------------------------------------
#
# BenefitCostInverter is x / max for a benefit, min / x for a cost: our "max"
# normalization; WASPAS then blends the weighted sum and product as we do.


@capped
@given(problem=cross_check_problems(), lam=unit_parameters())
def test_waspas_agrees_with_scikit_criteria(engine, skc, problem, lam):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="waspas", **{"lambda": lam})
    theirs = evaluate(skc, skc.waspas(lam), x, w, benefit)
    close(ours.scores, theirs.e_.score)
    close(ours.diagnostics["wsm"], theirs.e_.wsm_scores)
    close(ours.diagnostics["wpm"], 10.0 ** theirs.e_.log10_wpm_scores)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- MOORA (ratio system) ---------------------------------------------------------------------
#
# VectorScaler divides every column by its Euclidean norm whatever its direction, and
# RatioMOORA subtracts the MIN criteria itself (weights times objectives +1 / -1).


@capped
@given(problem=cross_check_problems())
def test_moora_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="moora")
    theirs = evaluate(skc, skc.moora, x, w, benefit)
    # Scores are differences of weighted ratios and may cancel to about 0: the abs
    # tolerance then applies, as everywhere.
    close(ours.scores, theirs.e_.score)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- COPRAS -----------------------------------------------------------------------------------
#
# SumScaler makes every column x / sum(x) (costs too), COPRAS weights it and computes
# the significances Q with min(S-) kept in (ours cancels it) and reports 100 * Q / max Q.
# It refuses a problem without cost criteria, and with every cost criterion weighted 0
# it divides 0 by 0 (ours falls back to Q = S+, as the docstring says): the strategy
# always has a cost criterion of positive weight.


@capped
@given(problem=cross_check_problems_with_cost())
def test_copras_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="copras")
    theirs = evaluate(skc, skc.copras, x, w, benefit)
    close(ours.scores, theirs.e_.score / 100.0)
    close(ours.diagnostics["q"], theirs.e_.significances)
    close(ours.diagnostics["s_plus"], theirs.e_.S_max)
    close(ours.diagnostics["s_minus"], theirs.e_.S_min)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- ARAS -------------------------------------------------------------------------------------
#
# scikit-criteria's ARAS takes the optimal alternative separately and normalises
# nothing.  Our optimal row x0 (max of a benefit, min of a cost) is stacked on top of
# the matrix, InvertMinimize (1/x for a cost) and SumScaler (each column, x0 included,
# over its sum) are applied, and the first row is split off as the ideal.


@capped
@given(problem=cross_check_problems())
def test_aras_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="aras")
    optimal = np.where(benefit, x.max(axis=0), x.min(axis=0))
    stacked = decision_matrix(skc, np.vstack([optimal, x]), w, benefit)
    scaled = quietly(skc.sum_scaler.transform, quietly(skc.invert_minimize.transform, stacked))
    r = scaled.matrix.to_numpy()
    dm = skc.mkdm(r[1:], [max] * len(benefit), weights=w / w.sum())
    theirs = quietly(skc.aras.evaluate, dm, ideal=r[0])
    close(ours.scores, theirs.e_.utility)
    close(ours.diagnostics["s"], theirs.e_.score)
    close(ours.diagnostics["s_optimal"], theirs.e_.ideal_score)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.utility, ours.ranks)


# -- EDAS -------------------------------------------------------------------------------------
#
# Straight on the raw data.  scikit-criteria adds 1e-5 to the averages when one is 0
# and divides by 1e-5 when no alternative has a positive (negative) distance: neither
# happens here (values > 0; a column of positive weight is never constant, so some
# alternative is strictly above and some strictly below its average).  Our 1e-12
# cut-off of relative deviations never bites either: a deviation of 3-digit values from
# a mean of at most 8 of them is 0 or far above 1e-12.


@capped
@given(problem=cross_check_problems())
def test_edas_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="edas")
    theirs = evaluate(skc, skc.edas, x, w, benefit)
    close(ours.scores, theirs.e_.score)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- MABAC ------------------------------------------------------------------------------------
#
# MinMaxInverter is (x - min) / (max - min) for a benefit, (x - max) / (min - max) for
# a cost: our "minmax" normalization.  MABAC's border area is prod(w (n + 1)) ** (1/n),
# ours w * exp(mean(log(n + 1))).


@capped
@given(problem=cross_check_problems())
def test_mabac_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="mabac")
    theirs = evaluate(skc, skc.mabac, x, w, benefit)
    # Scores are sums of differences from the border and may cancel to about 0.
    close(ours.scores, theirs.e_.score)
    close(ours.diagnostics["border"], theirs.e_.border_approximation_area)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


# -- VIKOR ------------------------------------------------------------------------------------
#
# Straight on the raw data: scikit-criteria scales each column by its distance to the
# best value, w (f* - f) / (f* - f-), our w (1 - r).  Its q_k, s_k, r_k are our score,
# "s" and "r".
#
# With S (or R) equal for every alternative, scikit-criteria divides 0 by 0 on purpose
# and replaces the NaN by 0 (with a UserWarning): our zero-range term is 0 too, so the
# numeric RuntimeWarning of that division is silenced for VIKOR only.
#
# Ranks: use_compromise_set=False makes scikit-criteria rank by Q alone, as we do (the
# default ties the whole compromise set at rank 1; we report the set in diagnostics).
#
# Acceptance conditions, compared where the two conventions coincide:
# - a tie for first place by Q: scikit-criteria counts every tied alternative as a(1)
#   and grants C1 when nobody else is within DQ; we take a(1) and a(2) from the
#   ordered list (Opricovic & Tzeng 2004), so a(2) - a(1) = 0 fails C1.  Compared
#   only when the best Q is clearly (> 1e-9) ahead of the second;
# - a tie for second place: scikit-criteria's {a(1), a(2)} (C2 failing) is every
#   alternative of dense rank <= 2, ours exactly two.  Compared only when the second
#   is clearly ahead of the third;
# - on a boundary (Q - Q(a1) = DQ, or a(1)'s S or R equal to the best one),
#   floating-point noise of either side decides; we accept C1 within 1e-12 of DQ,
#   scikit-criteria exactly.  Compared only when each such gap is exactly 0 on both
#   sides or beyond 1e-9 on both.


def _q_tolerance(ours) -> float:
    """Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*): an absolute error e
    of S or R (values <= 1, e ~ 1e-16) becomes e / (S- - S*) in Q, so Q is compared at
    abs 1e-12 / min(range of S, range of R) (ranges of 0 make a 0 term on both sides;
    1e-12 when both ranges are >= 1).  The typical range is 1e-2..1; a problem whose
    S or R values are nearly equal gets a correspondingly looser bound."""
    ranges = [np.ptp(ours.diagnostics[k]) for k in ("s", "r")]
    ranges = [r for r in ranges if r > 0]
    return SKC_ATOL / min([1.0, *ranges])


def _same_zeroness(a: float, b: float) -> bool:
    """Both exactly 0, or both clearly (> 1e-9) away from 0."""
    return (a == 0 and b == 0) or (abs(a) > 1e-9 and abs(b) > 1e-9)


def _acceptance_comparable(q_ours, q_theirs, s, r, s_k, r_k) -> bool:
    n = len(q_ours)
    order = np.argsort(q_ours, kind="stable")
    first = order[0]
    sorted_q = q_ours[order]
    if sorted_q[1] - sorted_q[0] <= 1e-9:
        return False  # tie for first (convention)
    if n > 2 and sorted_q[2] - sorted_q[1] <= 1e-9:
        return False  # tie for second (convention)
    dq = 1.0 / (n - 1)
    for i in range(n):
        if i != first and not _same_zeroness(
            q_ours[i] - q_ours[first] - dq, q_theirs[i] - q_theirs[first] - dq
        ):
            return False  # on the C1 boundary
    for ours_v, theirs_v in ((s, s_k), (r, r_k)):
        if not _same_zeroness(ours_v[first] - ours_v.min(), theirs_v[first] - theirs_v.min()):
            return False  # a(1) ties the best S or R to within noise
    return True


# Random problems hardly ever reach C1 without C2 (about 1 in 8000 draws): this one
# (found by a search, checked by hand) has a(1) = alternative 3 (Q 0.086) best neither
# by S (alternative 2) nor by R (alternative 5), with a(2) = alternative 6 (Q 0.270)
# more than DQ = 1/6 behind, so the compromise set is {3, 6}.
UNSTABLE_WITH_ADVANTAGE = Problem(
    np.array(
        [
            [2, 9, 2, 1],
            [8, 3, 2, 1],
            [9, 8, 2, 8],
            [6, 2, 8, 8],
            [3, 9, 3, 9],
            [4, 3, 7, 3],
            [4, 7, 7, 1],
        ],
        dtype=float,
    ),
    np.array([4.0, 3.0, 4.0, 3.0]),
    np.ones(4, dtype=bool),
)


@capped
@given(problem=cross_check_problems(), v=unit_parameters())
@example(problem=UNSTABLE_WITH_ADVANTAGE, v=0.5)
def test_vikor_agrees_with_scikit_criteria(engine, skc, problem, v):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="vikor", v=v)
    theirs = evaluate(skc, skc.vikor(v), x, w, benefit, numeric=True)
    extra = theirs.e_
    close(ours.diagnostics["s"], extra.s_k)
    close(ours.diagnostics["r"], extra.r_k)
    close(ours.scores, extra.q_k, atol=_q_tolerance(ours))
    assert_same_ranks_when_clearly_ordered(theirs.values, extra.q_k, ours.ranks)
    if _acceptance_comparable(
        ours.scores, extra.q_k, ours.diagnostics["s"], ours.diagnostics["r"], extra.s_k, extra.r_k
    ):
        assert bool(ours.diagnostics["acceptable_advantage"]) == extra.acceptable_advantage
        assert bool(ours.diagnostics["acceptable_stability"]) == extra.acceptable_stability
        np.testing.assert_array_equal(
            np.flatnonzero(ours.diagnostics["compromise"]), np.sort(extra.compromise_set)
        )


# -- SPOTIS -----------------------------------------------------------------------------------
#
# Straight on the raw data.  With bounds: ours per criterion, None meaning the data's
# own minimum and maximum; scikit-criteria needs every criterion's, so it gets the
# data's where ours has None.  The ideal solution point is the upper bound of a benefit
# and the lower bound of a cost on both sides.


@capped
@given(problem=cross_check_problems())
def test_spotis_without_bounds_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="spotis")
    theirs = evaluate(skc, skc.spotis, x, w, benefit)
    close(ours.scores, theirs.e_.score)
    close(ours.diagnostics["ideal"], theirs.e_.isp)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)


@capped
@given(drawn=bounded_cross_check_problems())
def test_spotis_with_bounds_agrees_with_scikit_criteria(engine, skc, drawn):
    (x, w, benefit), bounds = drawn
    ours = engine.rank_matrix(x, w, benefit, method="spotis", bounds=bounds)
    full = np.array(
        [b if b is not None else (x[:, j].min(), x[:, j].max()) for j, b in enumerate(bounds)],
        dtype=float,
    )
    theirs = evaluate(skc, skc.spotis, x, w, benefit, bounds=full)
    close(ours.scores, theirs.e_.score)
    close(ours.diagnostics["ideal"], theirs.e_.isp)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)
