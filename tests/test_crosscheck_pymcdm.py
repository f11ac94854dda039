"""Native methods against pymcdm on random problems, where pymcdm has the method and
follows the same published formulas.

pymcdm is not a dependency: these tests are skipped without it, unless
TRADEOFF_REQUIRE_PYMCDM=1 (CI installs it and sets this), when its absence is a failure.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import tradeoff

from .strategies import cross_check_problems

if os.environ.get("TRADEOFF_REQUIRE_PYMCDM") != "1":
    pytest.importorskip("pymcdm")
from pymcdm import methods as pm  # noqa: E402

ENGINE = tradeoff.Engine(entry_points=False)


def types(benefit: np.ndarray) -> np.ndarray:
    return np.where(benefit, 1, -1)


@given(problem=cross_check_problems())
def test_cocoso_is_pymcdms(problem):
    """pymcdm's COCOSO (min-max, lambda 0.5) divides by min S and min P: cases where an
    option is worst on every weighted criterion (S = 0) are ours alone."""
    x, w, benefit = problem
    w = w / w.sum()
    ours = ENGINE.rank_matrix(x, w, benefit, method="cocoso")
    assume(ours.diagnostics["s"].min() > 0 and ours.diagnostics["p"].min() > 0)
    with np.errstate(all="ignore"):
        theirs = pm.COCOSO()(x, w, types(benefit), validation=False)
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-9)


def positive(problem):
    """The problem with every value >= 1: the ratio methods' domain, and pymcdm's."""
    x, w, benefit = problem
    return x + 1.0, w / w.sum(), benefit


#: Native method -> pymcdm's, called as pymcdm calls it (its validation off).
SAME = {
    "codas": lambda: pm.CODAS(),
    "marcos": lambda: pm.MARCOS(),
    "mairca": lambda: pm.MAIRCA(),
    "ocra": lambda: pm.OCRA(),
    "ram": lambda: pm.RAM(),
    "lmaw": lambda: pm.LMAW(),
}


@pytest.mark.parametrize("name", sorted(SAME))
@given(problem=cross_check_problems())
def test_method_is_pymcdms(name, problem):
    x, w, benefit = positive(problem)
    ours = ENGINE.rank_matrix(x, w, benefit, method=name)
    with np.errstate(all="ignore"):
        theirs = SAME[name]()(x, w, types(benefit), validation=False)
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-9, atol=1e-12)


@given(problem=cross_check_problems())
def test_probid_is_pymcdms_for_an_odd_number_of_options(problem):
    """For an even number pymcdm counts the middle ideal in both sums (see the module)."""
    x, w, benefit = positive(problem)
    assume(len(x) % 2 == 1)
    ours = ENGINE.rank_matrix(x, w, benefit, method="probid")
    assume(ours.diagnostics["s_neg"].min() > 0)  # pymcdm divides by S(neg)
    theirs = pm.PROBID()(x, w, types(benefit), validation=False)
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-9, atol=1e-12)


@given(problem=cross_check_problems())
def test_sprobid_is_pymcdms_from_four_options(problem):
    """Below four, pymcdm reads rows of its distance matrix for columns."""
    x, w, benefit = positive(problem)
    assume(len(x) >= 4)
    ours = ENGINE.rank_matrix(x, w, benefit, method="sprobid")
    assume(ours.diagnostics["s_pos"].min() > 0)
    theirs = pm.SPROBID()(x, w, types(benefit), validation=False)
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-9, atol=1e-12)


#: Weighting scheme -> pymcdm's function, and whether it takes the criteria's types.
WEIGHTS = {
    "std": ("standard_deviation_weights", False),
    "variance": ("variance_weights", False),
    "gini": ("gini_weights", False),
    "angle": ("angle_weights", False),
    "merec": ("merec_weights", True),
    "cilos": ("cilos_weights", True),
    "idocriw": ("idocriw_weights", True),
    "lopcow": ("lopcow_weights", True),
}


@pytest.mark.parametrize("scheme", sorted(WEIGHTS))
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(problem=cross_check_problems())
def test_weights_are_pymcdms(scheme, problem):
    """On problems without an all-equal column (pymcdm divides 0 by 0 there)."""
    import pymcdm.weights as pw

    x, _, benefit = positive(problem)
    assume(len(x) >= 3)
    if scheme in ("cilos", "idocriw"):  # pymcdm takes every row where a column's best value is
        turned = np.where(benefit, x, x.min(axis=0) / x)
        assume(((turned == turned.max(axis=0)).sum(axis=0) == 1).all())
    ids = [f"c{j}" for j in range(x.shape[1])]
    ours = np.array(ENGINE.weightings[scheme].derive({}, ids, x, benefit).weights)
    name, typed = WEIGHTS[scheme]
    with np.errstate(all="ignore"):
        try:
            theirs = getattr(pw, name)(x, types(benefit)) if typed else getattr(pw, name)(x)
        except ValueError:  # pymcdm's CILOS where a best value is shared (below)
            assume(False)
    # pymcdm's CILOS gives m^2 weights for a matrix whose columns' best values share a
    # row (indexing the matrix with every such row pair): those cases are ours alone.
    assume(np.shape(theirs) == ours.shape and np.isfinite(theirs).all())
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-10)
