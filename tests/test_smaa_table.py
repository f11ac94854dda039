"""SMAA-2 on a table read in chunks (`Engine.sensitivity_stream`) gives the in-memory
analysis's figures for the same rows read whole (`Engine.sensitivity` with the same
seed, ranks kept): each row's rank acceptability exactly, its central weights within
1e-12 and its confidence factor; whatever the chunks, the spill's blocks, or ties
that chain across them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tradeoff
from hypothesis import given, settings
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.analyses.smaa_table import smaa_table
from tradeoff.core import chunks, spill, stream
from tradeoff.core.pipeline import NoneLeft
from tradeoff.files import scenario_file, table_stream

from .strategies import offer_tables
from .test_stream import SCENARIO, write_csv

pytest.importorskip("pyarrow")

ENGINE = tradeoff.Engine(entry_points=False)
#: Methods of each kind of path: additive (one matrix product), rounds that read no
#: weights, rounds that do (S and R, S-), lower is better.
METHODS = ["wsm", "topsis", "copras", "vikor"]
HOW = ["uniform", "order", "around:30%"]


def scenario(method: str) -> tradeoff.Scenario:
    return scenario_file.loads(SCENARIO.format(method=method), alternatives_optional=True)


def in_chunks(sc, path: str, *, rows: int, samples: int, seed: int, weights: str, ranks: int):
    plan = chunks.plan(sc, ENGINE)
    tables = (c.table for c in table_stream.read_chunks([path], rows=rows))
    with stream.spilled(plan, tables, on_skip=lambda e: None) as spilled:
        streamed = stream.ranked(spilled, top=ranks)
        base = np.asarray(streamed.result.decision.weights, dtype=float)
        return smaa_table(spilled, streamed.result, base, samples=samples, seed=seed, weights=weights, ranks=ranks)


def same_figures(got, sc, path: str, *, samples: int, seed: int, weights: str, ranks: int) -> None:
    ref = ENGINE.sensitivity(sc, alternatives=path, samples=samples, seed=seed, weights=weights, ranks=ranks, on_error="collect")
    names = list(ref.result.names)
    seen = [i for i in range(len(names)) if ref.acceptability[i].any()]
    assert sorted(got.names) == sorted(names[i] for i in seen)
    at = {name: i for i, name in enumerate(got.names)}
    for i in seen:
        j = at[names[i]]
        np.testing.assert_array_equal(got.acceptability[j], ref.acceptability[i, : got.ranks])
        np.testing.assert_allclose(got.central_weights[j], ref.central_weights[i], rtol=1e-12, atol=1e-15)
        assert got.confidence[j] == ref.confidence[i], names[i]
    first = got.acceptability[:, 0]
    assert (np.diff(first) <= 0).all()  # best first by the first rank's acceptability


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("weights", HOW)
def test_a_table_in_chunks_has_the_in_memory_figures(tmp_path, method, weights):
    rng = np.random.default_rng(3)
    rows = [(f"o{i}", round(rng.uniform(1, 100), 2), round(rng.uniform(90, 100), 3), int(rng.integers(1, 6))) for i in range(400)]
    path = write_csv(tmp_path / "offers.csv", rows)
    sc = scenario(method)
    got = in_chunks(sc, path, rows=37, samples=120, seed=11, weights=weights, ranks=4)
    same_figures(got, sc, path, samples=120, seed=11, weights=weights, ranks=4)
    assert got.acceptability.sum(axis=0) == pytest.approx(np.ones(4))  # each rank taken once per sample, ties apart


@settings(max_examples=30, deadline=None)
@given(
    table=offer_tables(), rows=st.integers(1, 6), block=st.integers(1, 5), ranks=st.integers(1, 4),
    method=st.sampled_from(METHODS), weights=st.sampled_from(HOW), seed=st.integers(0, 2**31),
)
def test_any_cut_gives_the_in_memory_figures(tmp_path_factory, table, rows, block, ranks, method, weights, seed):
    """Any chunk size and spill block size, bad rows and names given again, and ties
    (the strategy's values repeat): the figures of the table read whole."""
    path = write_csv(tmp_path_factory.mktemp("t") / "offers.csv", table)
    sc = scenario(method)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spill, "BLOCK_ROWS", block)
        try:
            got = in_chunks(sc, path, rows=rows, samples=25, seed=seed, weights=weights, ranks=ranks)
        except NoneLeft:
            with pytest.raises(NoneLeft):
                ENGINE.sensitivity(sc, alternatives=path, samples=25, seed=seed, on_error="collect")
            return
    same_figures(got, sc, path, samples=25, seed=seed, weights=weights, ranks=ranks)


def test_ties_that_chain_across_blocks_are_all_counted(tmp_path, monkeypatch):
    """Twelve offers equal to the best one, one per block of the spill, and rows a
    1e-10 apart chaining them: each sample ranks them all first, as read whole."""
    monkeypatch.setattr(spill, "BLOCK_ROWS", 2)
    rows = []
    for i in range(12):
        rows += [(f"same{i}", 10, 99.9, 5), (f"filler{i}", 50 + i, 95, 2)]
    rows += [(f"near{i}", 10 + i * 1e-10, 99.9, 5) for i in range(3)]
    path = write_csv(tmp_path / "offers.csv", rows)
    for method in ("wsm", "topsis"):
        sc = scenario(method)
        got = in_chunks(sc, path, rows=3, samples=40, seed=5, weights="uniform", ranks=2)
        same_figures(got, sc, path, samples=40, seed=5, weights="uniform", ranks=2)
        assert {n for n, a in zip(got.names, got.acceptability[:, 0]) if a == 1} >= {f"same{i}" for i in range(12)}


def test_the_engine_reads_a_folder_and_says_the_figures_in_json(tmp_path):
    folder = tmp_path / "offers"
    folder.mkdir()
    rng = np.random.default_rng(8)
    rows = [(f"o{i}", round(rng.uniform(1, 100), 2), round(rng.uniform(90, 100), 3), int(rng.integers(1, 6))) for i in range(90)]
    write_csv(folder / "a.csv", rows[:50])
    write_csv(folder / "b.csv", rows[50:])
    whole = write_csv(tmp_path / "all.csv", rows)
    sc = scenario("topsis")
    got = ENGINE.sensitivity_stream(sc, str(folder), samples=200, seed=3, ranks=3, top=5)
    same_figures(got, sc, whole, samples=200, seed=3, weights="uniform", ranks=3)
    data = got.to_dict()
    assert [a["name"] for a in data["alternatives"]] == [r.name for r in ENGINE.rank(sc, alternatives=whole, top=5).rows]
    listed = data["sensitivity"]["alternatives"]
    assert [r["name"] for r in listed] == list(got.names)
    assert sum(r["rank_acceptability"][0] for r in listed) == pytest.approx(1.0)


def test_what_cannot_be_done_is_said_before_any_row_is_read(tmp_path):
    missing = str(tmp_path / "no-such-folder")
    with pytest.raises(ScenarioError, match="passes over chunks of rows"):
        ENGINE.sensitivity_stream(scenario("promethee2"), missing)
    with pytest.raises(ScenarioError, match="at least 1 sample"):
        ENGINE.sensitivity_stream(scenario("wsm"), missing, samples=0)
    with pytest.raises(ScenarioError, match="at least 1 rank"):
        ENGINE.sensitivity_stream(scenario("wsm"), missing, ranks=0)


def test_intervals_are_refused_rather_than_left_unsampled(tmp_path):
    text = SCENARIO.format(method="wsm") + '[[alternatives]]\nname = "In-house"\nvalues = { price = [10, 20], uptime = 99, support = 3 }\n'
    with pytest.raises(ScenarioError, match="exact values.*intervals in 'In-house'"):
        ENGINE.sensitivity_stream(scenario_file.loads(text), str(tmp_path / "none"))


def test_a_bad_weights_choice_is_one_located_error(tmp_path):
    path = write_csv(Path(tmp_path) / "offers.csv", [("a", 1, 99, 3), ("b", 2, 98, 4)])
    with pytest.raises(ScenarioError, match="--weights"):
        ENGINE.sensitivity_stream(scenario("wsm"), path, weights="sideways")


def test_a_tie_chain_through_a_row_left_out_is_scored_again(tmp_path, monkeypatch):
    """A (best), then C, 1.6e-9 below it (not tied to A alone), then B between them
    (tied to both): when C's block is scored, C is left out; B then chains C to the
    leaders, and the sample, scored again with a wider cut, ranks all three first."""
    monkeypatch.setattr(spill, "BLOCK_ROWS", 1)
    sc = scenario_file.loads('format = 1\nmethod = "wsm"\n[criteria.price]\ndirection = "min"\nweight = 1\n', alternatives_optional=True)
    path = tmp_path / "offers.csv"
    path.write_text("name,price\nA,0\nC,1.6e-6\nB,8e-7\nZ,1000\n", encoding="utf-8")
    scored = []
    real = smaa_table.__globals__["_pick"]

    def counting(rows, w, top, what):
        scored.append(top)
        return real(rows, w, top, what)

    monkeypatch.setitem(smaa_table.__globals__, "_pick", counting)
    got = in_chunks(sc, str(path), rows=1, samples=3, seed=1, weights="uniform", ranks=1)
    assert sorted(got.names) == ["A", "B", "C"] and (got.acceptability[:, 0] == 1).all()
    assert scored[:2] == [1, 4]  # the samples scored again, four rows wide
    same_figures(got, sc, str(path), samples=3, seed=1, weights="uniform", ranks=1)


# -- on the command line ------------------------------------------------------------------


def test_the_command_line_gives_sensitivity_stream_s_figures(tmp_path, capsys):
    """``sensitivity --engine stream`` is `Engine.sensitivity_stream` with the same
    settings; options that need the table in memory are one-line errors."""
    import json

    from tradeoff.cli import main
    from tradeoff.output import render

    here = Path(__file__).resolve().parent.parent / "examples"
    scenario_path, offers = str(here / "it-outsourcing.toml"), str(here / "offers")
    capsys.readouterr()
    args = ["sensitivity", scenario_path, "--alternatives", offers, "--engine", "stream", "--samples", "300", "--ranks", "3"]
    assert main([*args, "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)["sensitivity"]
    engine = tradeoff.Engine()
    found = engine.sensitivity_stream(tradeoff.load(scenario_path), offers, samples=300, ranks=3)
    want = json.loads(render.json_text(found.to_dict()))["sensitivity"]  # JSON's own rounding
    assert got == want
    assert main(args) == 0
    table = capsys.readouterr().out
    assert want["alternatives"][0]["name"] in table and "Weight stability needs the table in memory" in table
    for extra in (["--reversal"], ["--top", "3"], ["--sheet", "x"]):
        assert main([*args, *extra]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and err.startswith(f"error: {extra[0]}: expected no {extra[0]}"), err
    assert main(["sensitivity", scenario_path, "--spill", str(tmp_path)]) == 2
    assert "expected --spill with a table read in chunks" in capsys.readouterr().err
