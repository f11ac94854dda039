"""Every registered method, tested for every invariant it declares.

Methods declare their invariants (`Method.invariants`, vocabulary in
`tradeoff.methods.INVARIANTS`); this suite reads that metadata, so a new method is
tested the moment it is registered, and a method that claims too much fails here.
Each method runs with its default parameters; where it takes a normalization, every
one it accepts is drawn.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff.methods import INVARIANTS

from .strategies import (
    SCALE_INVARIANT,
    dominance_problems,
    permuted_problems,
    positive_factors,
    problems,
    problems_with_column,
    problems_with_twins,
    stacks,
)

ENGINE = tradeoff.Engine(entry_points=False)
CASES = [(name, inv) for name in sorted(ENGINE.methods) for inv in sorted(INVARIANTS)]
NATIVE = [case for case in CASES if not case[0].startswith("skc.")]
# scikit-criteria's methods cost ~2 ms a call, 20x ours: fewer examples keep CI short.
BRIDGED = [case for case in CASES if case[0].startswith("skc.")]
BRIDGED_EXAMPLES = min(settings.default.max_examples, 40)


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def run(method, problem, normalization, **kw):
    if normalization is not None:
        kw["normalization"] = normalization
    return ENGINE.rank_matrix(problem.matrix, problem.weights, problem.directions, method=method.name, **kw)


def normalizations_of(method, scale_invariant_only=False):
    if not method.normalizations:
        return st.just(None)
    allowed = [n for n in method.normalizations if not scale_invariant_only or n in SCALE_INVARIANT]
    return st.sampled_from(allowed) if allowed else st.nothing()


def check_permutation(method, data):
    (problem, rows, cols) = data.draw(permuted_problems())
    how = data.draw(normalizations_of(method))
    base = run(method, problem, how)
    moved = problem._replace(matrix=problem.matrix[rows][:, cols], weights=problem.weights[cols],
                             directions=problem.directions[cols])
    close(run(method, moved, how).scores, base.scores[rows])


def check_weight_scaling(method, data):
    problem = data.draw(problems())
    how = data.draw(normalizations_of(method))
    c = data.draw(positive_factors())
    close(run(method, problem._replace(weights=problem.weights * c), how).scores, run(method, problem, how).scores)


def check_column_scaling(method, data):
    problem, j = data.draw(problems_with_column())
    how = data.draw(normalizations_of(method, scale_invariant_only=True))
    c = data.draw(positive_factors())
    x = problem.matrix.copy()
    x[:, j] *= c
    close(run(method, problem._replace(matrix=x), how).scores, run(method, problem, how).scores)


def check_dominance(method, data):
    problem, better, worse = data.draw(dominance_problems())
    how = data.draw(normalizations_of(method))
    ranks = run(method, problem, how).ranks
    assert ranks[better] <= ranks[worse]


def check_identical_tie(method, data):
    problem, i, j = data.draw(problems_with_twins())
    how = data.draw(normalizations_of(method))
    out = run(method, problem, how)
    assert out.ranks[i] == out.ranks[j]


def check_stacking(method, data):
    problem = data.draw(stacks())
    how = data.draw(normalizations_of(method))
    stacked = run(method, problem, how)
    k = problem.matrix.shape[0]
    for i in range(k):
        w = problem.weights if problem.weights.ndim == 1 else problem.weights[i]
        d = problem.directions if problem.directions.ndim == 1 else problem.directions[i]
        one = run(method, problem._replace(matrix=problem.matrix[i], weights=w, directions=d), how)
        close(stacked.scores[i], one.scores)
        assert stacked.ranks[i].tolist() == one.ranks.tolist()


def check_no_rank_reversal(method, data):
    """Removing an alternative never swaps two others (methods that read bounds get
    bounds covering every value the strategies draw, as the invariant requires)."""
    problem = data.draw(problems(min_n=3))
    how = data.draw(normalizations_of(method))
    m = problem.matrix.shape[1]
    kw = {"bounds": [(0.0, 2000.0)] * m} if "bounds" in method.criterion_params else {}
    full = run(method, problem, how, **kw).scores
    drop = data.draw(st.integers(0, problem.matrix.shape[0] - 1))
    keep = [i for i in range(problem.matrix.shape[0]) if i != drop]
    part = run(method, problem._replace(matrix=problem.matrix[keep]), how, **kw).scores
    sign = 1 if method.higher_is_better else -1
    for a in range(len(keep)):
        for b in range(len(keep)):
            if sign * (full[keep[a]] - full[keep[b]]) > 1e-9 * max(abs(full[keep[a]]), 1e-300):
                assert sign * (part[a] - part[b]) > 0


CHECKS = {
    "no_rank_reversal": check_no_rank_reversal,
    "permutation": check_permutation,
    "weight_scaling": check_weight_scaling,
    "column_scaling": check_column_scaling,
    "dominance": check_dominance,
    "identical_tie": check_identical_tie,
    "stacking": check_stacking,
}


def test_every_invariant_has_a_check():
    assert set(CHECKS) == set(INVARIANTS)


def _check(name, invariant, data):
    method = ENGINE.methods[name]
    if invariant in method.invariants:  # not declared: nothing is promised
        CHECKS[invariant](method, data)


@pytest.mark.parametrize(("name", "invariant"), NATIVE, ids=[f"{n}-{i}" for n, i in NATIVE])
@given(data=st.data())
def test_declared_invariant_holds(name, invariant, data):
    _check(name, invariant, data)


@pytest.mark.parametrize(("name", "invariant"), BRIDGED, ids=[f"{n}-{i}" for n, i in BRIDGED])
@settings(max_examples=BRIDGED_EXAMPLES)
@given(data=st.data())
def test_declared_invariant_holds_for_bridged_methods(name, invariant, data):
    _check(name, invariant, data)


@pytest.mark.parametrize("name", sorted(ENGINE.methods))
def test_every_method_ranks_the_shipped_example(name, example_path):
    result = ENGINE.rank(tradeoff.load(example_path), method=name)
    assert sorted(r.rank for r in result.rows)[0] == 1
    assert all(np.isfinite(r.score) for r in result.rows)


ADDITIVE = sorted(name for name, m in ENGINE.methods.items() if m.additive)


def test_wsm_and_moora_declare_themselves_additive():
    assert {"wsm", "moora"} <= set(ADDITIVE)


@pytest.mark.parametrize("name", ADDITIVE)
@given(data=st.data())
def test_additive_utilities_weighted_sum_to_the_score(name, data):
    """An additive method's utilities, weighted, give exactly the kernel's scores."""
    method = ENGINE.methods[name]
    problem = data.draw(stacks())
    how = data.draw(normalizations_of(method))
    params = method.resolve_params(how)
    x, w, benefit = tradeoff.methods.check_inputs(problem.matrix, problem.weights, problem.directions)
    u = method.utilities_checked(x, benefit, params)
    close(np.einsum("...nm,...m->...n", u, w), method.run_checked(x, w, benefit, params).scores)
