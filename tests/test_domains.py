"""Each method takes every value its formulas take and refuses only what lies outside
(docs/methods.md, the "values" column): a benefit of 0 under max (x / max), a cost of 0
for EDAS, a benefit of 0 for COPRAS and ARAS; a cost of 0 under max (min / x) is refused.
Parametrised over each native method and the normalizations it declares."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeoff
from tradeoff.plugin_kit import NONNEGATIVE, POSITIVE

from .strategies import domain_problems

ENGINE = tradeoff.Engine(entry_points=False)
NATIVE = [m for m in ENGINE.methods.values() if not m.name.startswith("skc.")]
CASES = [(m.name, how) for m in NATIVE for how in (m.normalizations or (None,))]
BOUNDED = [(name, how) for name, how in CASES if ENGINE.method(name).bounded(ENGINE.method(name).resolve_params(how))]


@pytest.mark.parametrize(("name", "how"), CASES)
@given(data=st.data())
def test_values_up_to_the_edge_of_a_methods_domain_rank_with_finite_scores(name, how, data):
    method = ENGINE.method(name)
    problem = data.draw(domain_problems(method.domains(method.resolve_params(how)), max_n=6, max_m=4))
    ranked = method.run(problem.matrix, problem.weights, problem.directions, normalization=how)
    assert np.isfinite(ranked.scores).all()
    assert ranked.ranks.min() == 1


@pytest.mark.parametrize(("name", "how"), BOUNDED)
@given(data=st.data())
def test_a_value_beyond_the_edge_is_refused_with_the_bound(name, how, data):
    """Just outside: -1 where values >= 0, 0 where > 0, in a column that varies."""
    method = ENGINE.method(name)
    domains = method.domains(method.resolve_params(how))
    problem = data.draw(domain_problems(domains, min_n=2, max_n=6, max_m=4))
    x, benefit = problem.matrix.copy(), problem.directions
    bounded = [j for j in range(x.shape[1]) if any(d.bound(bool(benefit[j])) != "any" for d, _ in domains)]
    if not bounded:
        return
    j = data.draw(st.sampled_from(bounded))
    bound = POSITIVE if any(d.bound(bool(benefit[j])) == POSITIVE for d, _ in domains) else NONNEGATIVE
    x[:, j] = np.abs(x[:, j]) + 1.0
    x[0, j] = 0.0 if bound == POSITIVE else -1.0
    with pytest.raises(tradeoff.ScenarioError, match=rf"^matrix: expected values {bound} for .*, got {x[0, j]:g} in column {j}$"):
        method.run(x, problem.weights, benefit, normalization=how)


@pytest.mark.parametrize(
    ("method", "how", "matrix", "directions"),
    [
        ("wsm", "max", [[0.0, 2.0], [3.0, 1.0]], ["max", "min"]),  # x / max takes 0
        ("wsm", "sum", [[0.0, 2.0], [3.0, 1.0]], ["max", "min"]),  # x / sum too
        ("copras", None, [[0.0, 2.0], [3.0, 1.0]], ["max", "min"]),  # a benefit's share of its sum
        ("aras", None, [[0.0, 2.0], [0.0, 1.0]], ["max", "min"]),  # a benefit column of zeros adds nothing
        ("edas", None, [[1.0, 0.0], [3.0, 1.0]], ["max", "min"]),  # a cost's distance from its average
        ("edas", None, [[1.0, 0.0], [3.0, 0.0]], ["max", "min"]),  # a column of zeros: every value on it
    ],
)
def test_the_zeros_the_formulas_take(method, how, matrix, directions):
    params = {} if how is None else {"normalization": how}
    ranked = tradeoff.rank_matrix(matrix, [1, 1], directions, method=method, **params)
    assert np.isfinite(ranked.scores).all()


def test_a_cost_of_zero_under_max_is_refused_and_a_benefit_of_zero_ranks_last():
    with pytest.raises(tradeoff.ScenarioError, match=r"^matrix: expected values > 0 for normalization 'max'"):
        tradeoff.rank_matrix([[1.0, 0.0], [3.0, 1.0]], [1, 1], ["max", "min"], method="wsm", normalization="max")
    ranked = tradeoff.rank_matrix([[0.0, 1.0], [3.0, 1.0]], [1, 1], ["max", "min"], method="wsm", normalization="max")
    assert ranked.ranks.tolist() == [2, 1]
