"""The rank reversal check reports exactly the pairs whose order really flips."""

from __future__ import annotations

import json

from hypothesis import given, settings

import tradeoff
from tradeoff.analyses.reversal import rank_reversals
from tradeoff.cli import main

from .prepared import prepared
from .strategies import problems


def brute_force(engine, name, x, w, benefit, names):
    """Every flip, found by ranking each changed matrix through the public API."""
    full = engine.rank_matrix(x, w, benefit, method=name).ranks
    flips = set()
    for k in range(len(x)) if len(x) > 2 else []:
        keep = [i for i in range(len(x)) if i != k]
        ranks = engine.rank_matrix(x[keep], w, benefit, method=name).ranks
        for a, i in enumerate(keep):
            for b, j in enumerate(keep):
                if full[i] < full[j] and ranks[a] > ranks[b]:
                    flips.add((f"without {names[k]}", names[i], names[j]))
    return flips


@settings(max_examples=40)
@given(problem=problems(min_n=2, max_n=6))
def test_every_removal_flip_reported_is_real_and_none_is_missed(problem):
    engine = tradeoff.Engine(entry_points=False)
    x, w, benefit = problem
    names = [f"a{i}" for i in range(len(x))]
    for name in ("topsis", "vikor"):
        method = engine.methods[name]
        found = rank_reversals(prepared(method, x, w, benefit, method.resolve_params())).found
        removal = {(r.change, r.above, r.below) for r in found if r.change.startswith("without")}
        assert removal == brute_force(engine, name, x, w, benefit, names)


@settings(max_examples=40)
@given(problem=problems(min_n=2, max_n=6))
def test_spotis_with_bounds_never_reverses(problem):
    engine = tradeoff.Engine(entry_points=False)
    x, w, benefit = problem
    method = engine.methods["spotis"]
    params = method.resolve_params(None, {"bounds": [(0.0, 2000.0)] * x.shape[1]})
    assert rank_reversals(prepared(method, x, w, benefit, params)).found == ()


def test_cli_reversal_report(capsys, example_path):
    assert main(["sensitivity", str(example_path), "--reversal", "--method", "wsm"]) == 0
    assert capsys.readouterr().out.endswith("none: removing an option or adding a dominated one swaps no pair.\n")
    assert main(["sensitivity", str(example_path), "--reversal", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "topsis"
    assert all(set(r) == {"change", "above", "below"} for r in data["reversals"])
