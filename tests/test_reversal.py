"""The rank reversal check reports exactly the pairs whose order really flips."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings

import tradeoff
from tradeoff.analyses.reversal import _flips, rank_reversals
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


# -- the vectorised check against the straightforward one ------------------------------


def straightforward(job):
    """(change, above, below) of every flip, as the check was first written: one
    kernel call per removal and an n x n comparison of ranks each time."""
    method, x, w, benefit, params = job.method, job.x, job.w, job.benefit, job.params
    names, n = job.decision.scenario.names, len(job.x)
    full = method.run_checked(x, w, benefit, params).ranks

    def swaps(before, after, kept, change):
        flipped = (before[:, None] < before[None, :]) & (after[:, None] > after[None, :])
        return [(change, kept[i], kept[j]) for i, j in zip(*np.nonzero(flipped))]

    found = []
    for k in range(n) if n > 2 else []:
        keep = [i for i in range(n) if i != k]
        ranks = method.run_checked(x[keep], w, benefit, params).ranks
        found += swaps(full[keep], ranks, [names[i] for i in keep], f"without {names[k]}")
    last = int(np.argmax(full))
    span = x.max(axis=0) - x.min(axis=0)
    step = np.where(span > 0, span, np.abs(x[last]) + 1.0) * 0.1
    worse = np.where(benefit, x[last] - step, x[last] + step)
    if method.bounded(params):
        worse = np.where(benefit, np.maximum(worse, x[last] / 2), worse)
    ranks = method.run_checked(np.vstack([x, worse]), w, benefit, params).ranks[:n]
    return found + swaps(full, ranks, list(names), f"with a worse copy of {names[last]}")


@settings(max_examples=60)
@given(problem=problems(min_n=1, max_n=12))
def test_the_stacked_check_finds_what_the_straightforward_one_does_in_its_order(problem):
    engine = tradeoff.Engine(entry_points=False)
    x, w, benefit = problem
    for name in ("topsis", "vikor", "wsm"):
        method = engine.methods[name]
        job = prepared(method, x, w, benefit, method.resolve_params())
        out = rank_reversals(job)
        expected = straightforward(job)
        assert [(r.change, r.above, r.below) for r in out.found] == expected
        assert dict(out.counts) == dict(Counter(change for change, _, _ in expected))
        assert out.top is None and out.total == len(out.found)


@pytest.mark.parametrize("seed", range(40))
def test_flips_are_every_pair_whose_order_turns_ties_included(seed):
    """Ranks drawn with many ties, in stacks of rows, against the n x n comparison."""
    rng = np.random.default_rng(seed)
    rows, size = int(rng.integers(1, 5)), int(rng.integers(1, 70))
    before = rng.integers(1, max(2, size // 3) + 1, (rows, size))
    after = rng.integers(1, max(2, size // 2) + 1, (rows, size))
    top = None if seed % 2 else int(rng.integers(1, 5))
    counts, (row, i, j) = _flips(before, after, top)
    expected = []
    for r in range(rows):
        flipped = (before[r][:, None] < before[r][None, :]) & (after[r][:, None] > after[r][None, :])
        assert counts[r] == flipped.sum()
        expected += [(r, a, b) for a, b in zip(*np.nonzero(flipped)) if top is None or before[r][a] <= top]
    assert list(zip(row.tolist(), i.tolist(), j.tolist())) == expected


def test_a_long_list_counts_every_flip_and_lists_those_of_the_first_ranks():
    """Beyond ALL_UP_TO alternatives, TOPSIS on random data flips thousands of pairs:
    every change's pairs are counted, only those whose higher one ranks SHOWN or
    better are listed, and the JSON and the table say so."""
    from tradeoff.analyses.analysis import ALL_UP_TO, SHOWN

    engine = tradeoff.Engine(entry_points=False)
    rng = np.random.default_rng(4)
    n = ALL_UP_TO + 20
    method = engine.methods["topsis"]
    job = prepared(method, rng.uniform(1, 100, (n, 3)), np.ones(3), np.array([True, False, True]))
    out = rank_reversals(job)
    expected = straightforward(job)
    rank = dict(zip(job.decision.scenario.names, method.run_checked(job.x, job.w, job.benefit, job.params).ranks))
    assert out.top == SHOWN
    assert dict(out.counts) == dict(Counter(change for change, _, _ in expected))
    assert [(r.change, r.above, r.below) for r in out.found] == [e for e in expected if rank[e[1]] <= SHOWN]
    assert out.total == len(expected) > len(out.found) > 0
    data = out.to_dict()
    assert data["listed_above_rank"] == SHOWN and sum(data["counts"].values()) == len(expected)
    assert f"{len(expected) - len(out.found):,} more flipped pairs not listed" in out.table()


def test_removals_cut_into_small_stacks_find_the_same(monkeypatch):
    from tradeoff.analyses import analysis

    engine = tradeoff.Engine(entry_points=False)
    rng = np.random.default_rng(7)
    method = engine.methods["topsis"]
    job = prepared(method, rng.uniform(1, 100, (30, 3)), np.ones(3), np.array([True, False, True]))
    monkeypatch.setattr(analysis, "CHUNK_VALUES", 7 * 29 * 3)  # 7 removals per call
    assert [(r.change, r.above, r.below) for r in rank_reversals(job).found] == straightforward(job)


def test_the_engine_lists_the_first_ranks_it_is_asked_for(example_path):
    engine = tradeoff.Engine(entry_points=False)
    scenario = tradeoff.load(example_path)
    every = engine.reversals(scenario)
    assert every.top is None and every.total == len(every.found) > 0
    none = engine.reversals(scenario, top=1)
    assert none.counts == every.counts and none.top == 1
    assert [r for r in every.found if r.above == every.result.best.name] == list(none.found)
    with pytest.raises(tradeoff.ScenarioError, match="at least 1 rank"):
        engine.reversals(scenario, top=0)
