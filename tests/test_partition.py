"""Methods over chunks of rows (`tradeoff.core.partition`): any cut of a matrix into
chunks scores every row as the method's kernel does on the whole, within 1e-12 relative,
for every registered method that declares `Method.passes`, under every normalization it
takes; the compensated sums make the cut irrelevant beyond that."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tradeoff
from tradeoff.core.partition import Known, Round, Totals, run_rounds, scores_of

from .strategies import method_normalizations, method_settings, problems, splits

ENGINE = tradeoff.Engine(entry_points=False)
PARTITIONED = sorted(name for name, m in ENGINE.methods.items() if m.passes is not None)
#: Methods the contract must cover (the issue's list); each declares passes.
EXPECTED = {"wsm", "topsis", "wpm", "waspas", "moora", "copras", "aras", "edas", "mabac", "vikor", "spotis"}


def test_the_native_methods_declare_passes():
    assert EXPECTED <= set(PARTITIONED)


def close(a: np.ndarray, b: np.ndarray) -> bool:
    scale = max(1.0, float(np.abs(b).max(initial=0.0)))
    return bool(np.all(np.abs(a - b) <= 1e-12 * np.maximum(np.abs(b), scale * 1e-3)))


@pytest.mark.parametrize("name", PARTITIONED)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_cut_scores_as_the_whole(name, data):
    method = ENGINE.methods[name]
    how = data.draw(method_normalizations(method))
    signed = not method.bounded(method.resolve_params(how))
    p = data.draw(problems(min_n=1, max_n=12, max_m=5, signed=signed))
    given = data.draw(method_settings(method, p.matrix))
    params = method.resolve_params(how, given)
    try:
        whole = method.run(p.matrix, p.weights, p.directions, how, **given).scores
    except tradeoff.ScenarioError:
        assume(False)
    cut = data.draw(splits(len(p.matrix)))
    w = p.weights / p.weights.sum()
    parts = scores_of(method.passes(params), [p.matrix[s] for s in cut], w, p.directions, params)
    assert parts.shape == whole.shape
    assert close(parts, whole), (parts, whole)


def test_a_long_column_sums_as_exactly_cut_as_whole():
    """1e6 values whose plain running sum drifts: the compensated total of any cut is
    the correctly rounded sum (math.fsum's) to within an ulp."""
    import math

    rng = np.random.default_rng(7)
    x = rng.lognormal(0, 3, size=(1_000_000, 1))
    exact = math.fsum(x[:, 0])
    round_ = Round(of=lambda rows, k: {"s": rows.sum(axis=0)}, reduce={"s": "sum"})
    for chunks in (1, 7, 1000):
        totals = Totals(round_)
        for part in np.array_split(x, chunks):
            totals.add(round_.of(part, None))
        assert abs(totals.result()["s"][0] - exact) <= 4 * np.spacing(exact)


# -- weighting schemes that read the data ------------------------------------------------

#: The schemes that read the matrix and derive their weights over chunks of rows.
DATA_DRIVEN = ("entropy", "critic")
#: Those that read the whole matrix at once (a table read in chunks refuses them).
WHOLE = ("std", "variance", "cv", "gini", "angle", "merec", "cilos", "idocriw", "lopcow")


def test_only_the_data_driven_schemes_read_the_data():
    reading = {name for name, s in ENGINE.weightings.items() if s.reads_data}
    assert reading == set(DATA_DRIVEN) | set(WHOLE)
    assert all(ENGINE.weightings[name].passes is not None for name in DATA_DRIVEN)
    assert all(ENGINE.weightings[name].passes is None for name in WHOLE)


def weights_of(scheme, settings, chunks, criteria, benefit) -> tuple[float, ...]:
    """A data-driven scheme's weights over chunks held in memory, as a partitioned
    engine derives them: its rounds, then its weighting (the criterion ids in
    ``known.params["criteria"]``, for its messages)."""
    passes = scheme.passes(settings)
    known = Known(
        weights=np.ones(len(criteria)),
        benefit=benefit,
        params={**settings, "criteria": tuple(criteria)},
        n=sum(len(c) for c in chunks),
    )
    known = run_rounds(passes.rounds, lambda: iter(chunks), known)
    return passes.weighting(known).weights


@pytest.mark.parametrize("name", DATA_DRIVEN)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_cut_weighs_as_the_whole(name, data):
    """The weights of any cut are the whole matrix's within 1e-12 of the largest (a
    small divergence carries the rounding of 1 - E_j, ~1e-15, in both; a column whose
    divergence or conflict is only rounding counts as 0 in both)."""
    scheme = ENGINE.weightings[name]
    p = data.draw(problems(min_n=1, max_n=12, max_m=5, signed=name == "critic"))
    ids = [f"c{j}" for j in range(p.matrix.shape[1])]
    whole = np.array(scheme.derive({}, ids, p.matrix, p.directions).weights)
    cut = data.draw(splits(len(p.matrix)))
    parts = np.array(weights_of(scheme, {}, [p.matrix[s] for s in cut], ids, p.directions))
    assert np.abs(parts - whole).max() <= 1e-12 * whole.max(), (parts, whole)


def test_a_cut_refuses_what_the_whole_refuses():
    """The same errors, word for word: a setting the scheme does not take (when its
    passes are asked for, before any row is read), and entropy's negative value (after
    the first round, naming the criterion and its lowest value)."""
    x = np.array([[1.0, 2.0], [3.0, -4.0], [5.0, -0.5]])
    ids, benefit = ("price", "speed"), np.array([True, True])
    for name in DATA_DRIVEN:
        scheme = ENGINE.weightings[name]
        with pytest.raises(tradeoff.ScenarioError) as whole:
            scheme.derive({"points": 1}, ids, x, benefit)
        with pytest.raises(tradeoff.ScenarioError) as cut:
            scheme.passes({"points": 1})
        assert str(cut.value) == str(whole.value)
        assert "points" in str(whole.value)
    entropy = ENGINE.weightings["entropy"]
    with pytest.raises(tradeoff.ScenarioError) as whole:
        entropy.derive({}, ids, x, benefit)
    with pytest.raises(tradeoff.ScenarioError) as cut:
        weights_of(entropy, {}, [x[:1], x[1:]], ids, benefit)
    assert str(cut.value) == str(whole.value)
    assert "'speed'" in str(whole.value) and "-4" in str(whole.value)
