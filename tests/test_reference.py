"""Reference results that do not come from our own output.

a) and b) are published TOPSIS worked examples; c) cross-checks against
scikit-criteria, an independent implementation, on random matrices.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given

from .strategies import cross_check_problems

# -- a) Tzeng & Huang (2011) ----------------------------------------------------------------


def test_topsis_matches_tzeng_and_huang_2011_worked_example(engine):
    """Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods
    and Applications, CRC Press; as quoted in scikit-criteria's test suite
    (tests/agg/test_similarity.py::test_TOPSIS_tzeng2011multiple).  Vector
    normalization, all criteria benefit; closeness published to 4 decimals."""
    matrix = [
        [5, 8, 4],  # A1
        [7, 6, 8],  # A2
        [8, 8, 6],  # A3
        [7, 4, 6],  # A4
    ]
    r = engine.rank_matrix(matrix, [0.3, 0.4, 0.3], ["max", "max", "max"], method="topsis")
    np.testing.assert_allclose(r.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    np.testing.assert_array_equal(r.ranks, [3, 2, 1, 4])


# -- b) Hwang & Yoon (1981) -------------------------------------------------------------------


FIGHTER_AIRCRAFT = [
    # max speed (Mach), ferry range (NM), max payload (lb), acquisition cost ($1e6),
    # reliability, maneuverability (scores on 1-10 scales)
    [2.0, 1500, 20000, 5.5, 5, 9],  # A1
    [2.5, 2700, 18000, 6.5, 3, 5],  # A2
    [1.8, 2000, 21000, 4.5, 7, 7],  # A3
    [2.2, 1800, 20000, 5.0, 5, 5],  # A4
]
FIGHTER_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
FIGHTER_DIRECTIONS = ["max", "max", "max", "min", "max", "max"]


def test_topsis_matches_hwang_and_yoon_1981_fighter_aircraft(engine):
    """Hwang, C.-L. & Yoon, K. (1981), Multiple Attribute Decision Making: Methods and
    Applications, Lecture Notes in Economics and Mathematical Systems 186, Springer,
    pp. 133-134 (data p. 17).  Criterion 4, the cost, is a cost; the rest benefits.

    The book works with intermediate values rounded to 4 decimals and prints the
    closeness to 3: recomputed exactly, A3's closeness is 0.6135 where the book prints
    0.613, and the distances differ from the printed ones by up to 8e-5.  Hence atol
    1e-3 on the closeness and 2e-4 on the distances: tight enough to catch any wrong
    formula, loose enough for the book's rounding.

    Our cost column is 1 - x / ||x|| where the classic formulation keeps x / ||x|| and
    takes the minimum as ideal: weighted differences only change sign, so the
    distances to the ideal and anti-ideal must be the book's.
    """
    r = engine.rank_matrix(
        FIGHTER_AIRCRAFT, FIGHTER_WEIGHTS, FIGHTER_DIRECTIONS, method="topsis",
        normalization="vector",
    )
    np.testing.assert_allclose(
        r.diagnostics["distance_to_ideal"], [0.0545, 0.1197, 0.0580, 0.1009], atol=2e-4
    )
    np.testing.assert_allclose(
        r.diagnostics["distance_to_anti_ideal"], [0.0983, 0.0439, 0.0920, 0.0458], atol=2e-4
    )
    np.testing.assert_allclose(r.scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    # A1 > A3 > A4 > A2
    np.testing.assert_array_equal(r.ranks, [1, 4, 2, 3])
    # TOPSIS is the default method and vector its default normalization.
    default = engine.rank_matrix(FIGHTER_AIRCRAFT, FIGHTER_WEIGHTS, FIGHTER_DIRECTIONS)
    np.testing.assert_array_equal(default.scores, r.scores)


# -- c) scikit-criteria --------------------------------------------------------------------------
#
# Tolerance: rel 1e-9, abs 1e-12 on scores.  Both sides compute the same formulas in
# double precision with different operation orders (sklearn's MinMaxScaler uses
# x * scale + min instead of (x - min) / range; scipy's cdist sums differently);
# values rounded to 3 significant digits keep those differences near 1e-13.
#
# Constant columns are left out (cross_check_problems builds none): we map them to 1,
# scikit-criteria's MinMaxScaler to 0 and its TOPSIS divides 0 by 0 when every column
# is constant -- our documented divergence, not a disagreement on the method.

SKC_RTOL = 1e-9
SKC_ATOL = 1e-12


@pytest.fixture(scope="module")
def skc():
    """scikit-criteria's pieces, imported once (a test extra; the import takes ~2 s)."""
    pytest.importorskip("skcriteria")
    import skcriteria
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.invert_objectives import NegateMinimize
    from skcriteria.preprocessing.scalers import MinMaxScaler, VectorScaler

    class Skc:
        mkdm = staticmethod(skcriteria.mkdm)
        topsis = mkpipe(VectorScaler(target="matrix"), TOPSIS())
        wsm = mkpipe(NegateMinimize(), MinMaxScaler(target="matrix"), WeightedSumModel())

    return Skc


def skc_evaluate(skc, pipe, x, w, benefit):
    objectives = [max if b else min for b in benefit]
    dm = skc.mkdm(x, objectives, weights=w / w.sum())
    with warnings.catch_warnings():
        # TOPSIS warns about every MIN objective ("not recommended"); module
        # deprecations may warn too.  Any numeric RuntimeWarning stays an error.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        return pipe.evaluate(dm)


def assert_same_ranks_when_clearly_ordered(their_ranks, their_scores, our_ranks):
    """scikit-criteria ranks densely (1, 2, 2, 3), we by competition (1, 2, 2, 4): they
    agree when no two scores tie.  Checked when every pair of scores is > 1e-6 apart
    (relative), where no floating-point noise can tie or untie them."""
    s = np.asarray(their_scores)
    gaps = np.abs(s[:, None] - s[None, :])
    scale = np.maximum(np.abs(s[:, None]), np.abs(s[None, :]))
    off_diagonal = ~np.eye(len(s), dtype=bool)
    if np.all(gaps[off_diagonal] > 1e-6 * scale[off_diagonal]):
        np.testing.assert_array_equal(our_ranks, their_ranks)


@given(problem=cross_check_problems())
def test_topsis_vector_agrees_with_scikit_criteria(engine, skc, problem):
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="topsis", normalization="vector")
    theirs = skc_evaluate(skc, skc.topsis, x, w, benefit)
    np.testing.assert_allclose(ours.scores, theirs.e_.similarity, rtol=SKC_RTOL, atol=SKC_ATOL)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.similarity, ours.ranks)
    # Ideal points: the same for a benefit column; for a cost column scikit-criteria
    # keeps w * x / ||x|| and takes its minimum, we take the maximum of
    # w * (1 - x / ||x||) = w - (their minimum).
    wn = w / w.sum()
    for ours_point, theirs_point in (
        (ours.diagnostics["ideal"], theirs.e_.ideal),
        (ours.diagnostics["anti_ideal"], theirs.e_.anti_ideal),
    ):
        expected = np.where(benefit, theirs_point, wn - theirs_point)
        np.testing.assert_allclose(ours_point, expected, rtol=SKC_RTOL, atol=SKC_ATOL)


@given(problem=cross_check_problems())
def test_wsm_minmax_agrees_with_scikit_criteria(engine, skc, problem):
    # NegateMinimize + MinMaxScaler gives (max - x) / (max - min) for a cost, as ours.
    x, w, benefit = problem
    ours = engine.rank_matrix(x, w, benefit, method="wsm", normalization="minmax")
    theirs = skc_evaluate(skc, skc.wsm, x, w, benefit)
    np.testing.assert_allclose(ours.scores, theirs.e_.score, rtol=SKC_RTOL, atol=SKC_ATOL)
    assert_same_ranks_when_clearly_ordered(theirs.values, theirs.e_.score, ours.ranks)
