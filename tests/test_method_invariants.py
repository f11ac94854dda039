"""Every registered method, tested for every invariant it declares, and only those.

Methods declare their invariants (`Method.invariants`, vocabulary in
`tradeoff.core.methods.INVARIANTS`); the cases below are built from the registry at
collection time, one per declared (method, invariant) pair, so a new method is tested
the moment it is registered, a method that claims too much fails here, and no case
runs for a promise nobody made.  Each check returns how many values it compared and
every example must compare at least one, so no case can pass without checking.
Each method runs with its default parameters; where it takes a normalization, every
one it accepts is drawn.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff.core.methods import INVARIANTS

from .strategies import (
    dominance_problems,
    method_normalizations,
    permuted_problems,
    positive_factors,
    problems,
    problems_with_column,
    problems_with_row,
    problems_with_twins,
    stacks,
)

ENGINE = tradeoff.Engine(entry_points=False)


def declared_pairs(engine: tradeoff.Engine) -> list[tuple[str, str]]:
    """(method, invariant) for every invariant a registered method declares."""
    return sorted((name, inv) for name, method in engine.methods.items() for inv in method.invariants)


DECLARED = declared_pairs(ENGINE)
NATIVE = [case for case in DECLARED if not case[0].startswith("skc.")]
# scikit-criteria's methods cost ~1-8 ms a call, 30-300x ours: half the examples, at most
# 40 (10 in the quick profile), keep both tiers short.
BRIDGED = [case for case in DECLARED if case[0].startswith("skc.")]
BRIDGED_EXAMPLES = max(10, min(settings.default.max_examples // 2, 40))


def close(a, b) -> int:
    """Assert `a` and `b` agree; the number of values compared."""
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    return np.size(b)


def run(method, problem, normalization, **kw):
    if normalization is not None:
        kw["normalization"] = normalization
    return ENGINE.rank_matrix(problem.matrix, problem.weights, problem.directions, method=method.name, **kw)


def check_permutation(method, data) -> int:
    (problem, rows, cols) = data.draw(permuted_problems())
    how = data.draw(method_normalizations(method))
    base = run(method, problem, how)
    moved = problem._replace(matrix=problem.matrix[rows][:, cols], weights=problem.weights[cols],
                             directions=problem.directions[cols])
    return close(run(method, moved, how).scores, base.scores[rows])


def check_weight_scaling(method, data) -> int:
    problem = data.draw(problems())
    how = data.draw(method_normalizations(method))
    c = data.draw(positive_factors())
    return close(run(method, problem._replace(weights=problem.weights * c), how).scores,
                 run(method, problem, how).scores)


def check_column_scaling(method, data) -> int:
    problem, j = data.draw(problems_with_column())
    how = data.draw(method_normalizations(method, scale_invariant=True))
    c = data.draw(positive_factors())
    x = problem.matrix.copy()
    x[:, j] *= c
    return close(run(method, problem._replace(matrix=x), how).scores, run(method, problem, how).scores)


def check_dominance(method, data) -> int:
    problem, better, worse = data.draw(dominance_problems())
    how = data.draw(method_normalizations(method))
    ranks = run(method, problem, how).ranks
    assert ranks[better] <= ranks[worse]
    return 1


def check_identical_tie(method, data) -> int:
    problem, i, j = data.draw(problems_with_twins())
    how = data.draw(method_normalizations(method))
    out = run(method, problem, how)
    assert out.ranks[i] == out.ranks[j]
    return 1


def check_stacking(method, data) -> int:
    problem = data.draw(stacks())
    how = data.draw(method_normalizations(method))
    stacked = run(method, problem, how)
    compared = 0
    for i in range(problem.matrix.shape[0]):
        w = problem.weights if problem.weights.ndim == 1 else problem.weights[i]
        d = problem.directions if problem.directions.ndim == 1 else problem.directions[i]
        one = run(method, problem._replace(matrix=problem.matrix[i], weights=w, directions=d), how)
        compared += close(stacked.scores[i], one.scores)
        assert stacked.ranks[i].tolist() == one.ranks.tolist()
    return compared


def check_no_rank_reversal(method, data) -> int:
    """Removing an alternative never swaps two others (methods that read bounds get
    bounds covering every value the strategies draw, as the invariant requires).  An
    example whose remaining scores all tie has no order to keep: it is not counted."""
    problem, drop = data.draw(problems_with_row(min_n=3))
    how = data.draw(method_normalizations(method))
    m = problem.matrix.shape[1]
    kw = {"bounds": [(0.0, 2000.0)] * m} if "bounds" in method.criterion_params else {}
    full = run(method, problem, how, **kw).scores
    keep = [i for i in range(problem.matrix.shape[0]) if i != drop]
    part = run(method, problem._replace(matrix=problem.matrix[keep]), how, **kw).scores
    sign = 1 if method.higher_is_better else -1
    ordered = 0
    for a in range(len(keep)):
        for b in range(len(keep)):
            if sign * (full[keep[a]] - full[keep[b]]) > 1e-9 * max(abs(full[keep[a]]), 1e-300):
                assert sign * (part[a] - part[b]) > 0
                ordered += 1
    assume(ordered > 0)
    return ordered


CHECKS = {
    "no_rank_reversal": check_no_rank_reversal,
    "permutation": check_permutation,
    "weight_scaling": check_weight_scaling,
    "column_scaling": check_column_scaling,
    "dominance": check_dominance,
    "identical_tie": check_identical_tie,
    "stacking": check_stacking,
}


def _check(name, invariant, data):
    compared = CHECKS[invariant](ENGINE.methods[name], data)
    assert compared > 0, f"{name} {invariant}: the example checked nothing"


@pytest.mark.parametrize(("name", "invariant"), NATIVE, ids=[f"{n}-{i}" for n, i in NATIVE])
@given(data=st.data())
def test_declared_invariant_holds(name, invariant, data):
    _check(name, invariant, data)


@pytest.mark.parametrize(("name", "invariant"), BRIDGED, ids=[f"{n}-{i}" for n, i in BRIDGED])
@settings(max_examples=BRIDGED_EXAMPLES)
@given(data=st.data())
def test_declared_invariant_holds_for_bridged_methods(name, invariant, data):
    _check(name, invariant, data)


# -- the cases above are the declared pairs, each with a check ----------------------------


def test_every_invariant_has_a_check():
    assert set(CHECKS) == set(INVARIANTS)


def _parametrised(test) -> list[tuple[str, str]]:
    (mark,) = [m for m in test.pytestmark if m.name == "parametrize"]
    return list(mark.args[1])


def test_the_cases_are_exactly_the_declared_pairs():
    """Read back from the tests' own marks and compared with a fresh registry: every
    declared pair has a case, none twice, and no case tests an undeclared pair."""
    cases = _parametrised(test_declared_invariant_holds) + _parametrised(
        test_declared_invariant_holds_for_bridged_methods
    )
    assert len(cases) == len(set(cases))
    fresh = tradeoff.Engine(entry_points=False)
    assert sorted(cases) == declared_pairs(fresh)
    assert all(inv in fresh.methods[name].invariants for name, inv in cases)
    # this suite sees the whole registry: every built-in method declares something
    assert {name for name, _ in cases} == set(fresh.methods)


# -- every method, and the additive ones --------------------------------------------------


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
    how = data.draw(method_normalizations(method))
    params = method.resolve_params(how)
    x, w, benefit = tradeoff.core.methods.check_inputs(problem.matrix, problem.weights, problem.directions)
    u = method.utilities_checked(x, benefit, params)
    close(np.einsum("...nm,...m->...n", u, w), method.run_checked(x, w, benefit, params).scores)
