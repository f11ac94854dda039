"""A table ranked on Dask (`tradeoff.dask`, ``rank --engine dask``) ranks as the same
rows read whole: the same leaders, ranks and scores (within 1e-12 relative), the same
row errors in the same order, however the rows are cut into partitions (Parquet row
groups, CSV files, a DataFrame's partitions).  The fast tests run the graphs on dask's
synchronous scheduler; the slow ones on a real `distributed.LocalCluster`, one of whose
workers is killed mid-run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import tradeoff
from hypothesis import given, settings
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.files import scenario_file
from tradeoff.model.errors import MissingExtra

from .strategies import offer_tables, splits
from .test_stream import SCENARIO, same_leaders

if os.environ.get("TRADEOFF_REQUIRE_DASK") != "1":
    pytest.importorskip("dask")
    pytest.importorskip("pandas")
import dask
import dask.dataframe as dd
import pandas as pd

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
td = pytest.importorskip("tradeoff.dask")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
OFFERS = ROOT / "examples" / "offers"
ENGINE = tradeoff.Engine(entry_points=False)

HEADER = ("name", "price", "uptime", "support")


def scenario(method: str = "topsis", scheme: str | None = None) -> tradeoff.Scenario:
    text = SCENARIO.format(method=method)
    if scheme is not None:
        text = text.replace("weight = 2\n", "").replace("weight = 1\n", "") + f"[weights]\nscheme = '{scheme}'\n"
    return scenario_file.loads(text, alternatives_optional=True)


@pytest.fixture(autouse=True)
def _in_process():
    """The fast tests' graphs run in this process, one task at a time."""
    with dask.config.set(scheduler="sync"):
        yield


def as_text(rows) -> dict[str, list[str]]:
    return {head: [str(row[j]) for row in rows] for j, head in enumerate(HEADER)}


def write_parquet(path: Path, rows, cuts: list[slice]) -> str:
    """The rows as one Parquet file of text columns, a row group per non-empty cut."""
    schema = pa.schema([(head, pa.string()) for head in HEADER])
    with pq.ParquetWriter(path, schema) as writer:
        for cut in cuts:
            if cut.stop > cut.start:
                writer.write_table(pa.table(as_text(rows[cut]), schema=schema))
    return str(path)


def write_csv(path: Path, rows) -> str:
    lines = [",".join(HEADER), *(",".join(map(str, r)) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def same(a: tradeoff.Result, b: tradeoff.Result) -> None:
    """`same_leaders`, and the same warnings and decision weights."""
    same_leaders(a, b)
    assert a.warnings == b.warnings
    np.testing.assert_allclose(a.decision.weights, b.decision.weights, rtol=1e-12, atol=1e-15)


def same_outcome(ref, got) -> tuple | None:
    """Run the reference, then the call under test: both give results (returned), or
    both raise the same error (then None: a table whose every row is bad)."""
    try:
        want = ref()
    except ScenarioError as error:
        with pytest.raises(ScenarioError) as raised:
            got()
        assert str(raised.value) == str(error)
        return None
    return want, got()


ROWS = [
    ("A", 10, 99.5, 3), ("B", 20, 98, 4), ("C", "oops", 97, 2), ("D", 30, 97, 5),
    ("E", 12, 99, 3), ("F", 12, 99, 3), ("B", 9, 90, 1), ("G", 25, 96.5, 4), ("H", 11, 99.9, 1),
]


@settings(max_examples=30, deadline=None)
@given(table=offer_tables(), data=st.data(), top=st.integers(1, 5), method=st.sampled_from(["topsis", "vikor", "wsm"]))
def test_any_cut_into_row_groups_ranks_as_the_file_read_whole(tmp_path_factory, table, data, top, method):
    """A Parquet file cut into row groups anywhere (each a partition): the in-memory
    ranking of the file, its errors in file order, names given again across groups."""
    path = write_parquet(tmp_path_factory.mktemp("t") / "offers.parquet", table, data.draw(splits(len(table))))
    sc = scenario(method)
    said: list[str] = []
    both = same_outcome(
        lambda: ENGINE.rank(sc, alternatives=path, on_error="collect", top=top),
        lambda: td.rank(path, sc, top=top, engine=ENGINE, on_error="collect", on_skip=lambda e: said.append(str(e))),
    )
    if both is not None:
        ref, out = both
        same(out, ref)
        assert said == [str(e) for e in ref.skipped]


@settings(max_examples=30, deadline=None)
@given(table=offer_tables(), data=st.data(), top=st.integers(1, 5))
def test_any_dataframe_partitioning_ranks_as_its_rows_read_whole(tmp_path_factory, table, data, top):
    """A Dask DataFrame cut into any partitions, its errors placed at `label` and the
    row's index: those of the same rows as a Parquet file read whole."""
    path = write_parquet(tmp_path_factory.mktemp("t") / "offers.parquet", table, [slice(0, len(table))])
    cuts = [c for c in data.draw(splits(len(table))) if c.stop > c.start]
    frame = pd.DataFrame(as_text(table))
    ddf = dd.from_delayed([dask.delayed(frame.iloc[c]) for c in cuts], meta=frame.iloc[:0], verify_meta=False)
    sc = scenario("topsis")
    both = same_outcome(
        lambda: ENGINE.rank(sc, alternatives=path, on_error="collect", top=top),
        lambda: td.rank(ddf, sc, top=top, engine=ENGINE, on_error="collect", label=path),
    )
    if both is not None:
        ref, out = both
        same(out, ref)
        assert [str(e) for e in out.skipped] == [str(e) for e in ref.skipped]


@pytest.mark.parametrize("method", ["aras", "copras", "edas", "mabac", "moora", "spotis", "topsis", "vikor", "waspas", "wpm", "wsm"])
@pytest.mark.parametrize("scheme", [None, "entropy", "critic"])
def test_every_method_and_data_driven_scheme_over_csv_files_as_in_chunks(tmp_path, method, scheme):
    """A folder of CSV files (a partition each): the ranking and errors of the same
    files read in chunks on one machine (a name given again in another file included)."""
    folder = tmp_path / "offers"
    folder.mkdir()
    write_csv(folder / "a.csv", ROWS[:4])
    write_csv(folder / "b.csv", ROWS[4:])
    sc = scenario(method, scheme)
    ref_said: list[str] = []
    ref = ENGINE.rank_stream(sc, str(folder), top=4, on_error="collect", on_skip=lambda e: ref_said.append(str(e))).result
    said: list[str] = []
    out = td.rank(str(folder), sc, top=4, engine=ENGINE, on_error="collect", on_skip=lambda e: said.append(str(e)))
    same(out, ref)
    assert out.decision.scheme == ref.decision.scheme
    assert said == ref_said and len(said) == 2
    assert "first at" in said[1] and "a.csv line 3" in said[1]


def same_figures(a, b) -> None:
    """Two SMAA-2 analyses of a table: the same rows, acceptabilities (counts of the
    same samples), central weights and confidence."""
    assert a.names == b.names and a.ranks == b.ranks
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(a.confidence, b.confidence)
    same(a.result, b.result)


@settings(max_examples=20, deadline=None)
@given(
    table=offer_tables(), data=st.data(), method=st.sampled_from(["wsm", "topsis", "vikor"]),
    weights=st.sampled_from(["uniform", "order", "around:30%"]), ranks=st.integers(1, 4),
)
def test_sensitivity_of_any_cut_into_row_groups_is_the_single_machines(tmp_path_factory, table, data, method, weights, ranks):
    """SMAA-2 on the partitions: the samples drawn on the client from the seed, each
    partition's leaders under each merged, so the figures are those of the same rows
    read in chunks on one machine (themselves the in-memory analysis's)."""
    path = write_parquet(tmp_path_factory.mktemp("t") / "offers.parquet", table, data.draw(splits(len(table))))
    sc = scenario(method)
    options = dict(samples=60, seed=5, weights=weights, ranks=ranks, on_error="collect", on_skip=lambda e: None)
    both = same_outcome(
        lambda: ENGINE.sensitivity_stream(sc, path, **options), lambda: td.sensitivity(path, sc, engine=ENGINE, **options)
    )
    if both is not None:
        same_figures(both[1], both[0])


def test_a_tie_chain_through_a_row_another_partition_left_out_is_scored_again(tmp_path):
    """A (best), C 1.6e-9 below it, B between them (tied to both), in a partition after
    another: that partition leaves C out, and the merge must still see that C may chain
    to the leaders through B, so every sample ranks all three first."""
    sc = scenario_file.loads('format = 1\nmethod = "wsm"\n[criteria.price]\ndirection = "min"\nweight = 1\n', alternatives_optional=True)
    schema = pa.schema([("name", pa.string()), ("price", pa.float64())])
    path = tmp_path / "offers.parquet"
    with pq.ParquetWriter(path, schema) as writer:
        writer.write_table(pa.table({"name": ["Z"], "price": [1000.0]}, schema=schema))
        writer.write_table(pa.table({"name": ["A", "C", "B"], "price": [0.0, 1.6e-6, 8e-7]}, schema=schema))
    got = td.sensitivity(str(path), sc, samples=3, seed=1, ranks=1, engine=ENGINE)
    assert sorted(got.names) == ["A", "B", "C"] and (got.acceptability[:, 0] == 1).all()
    same_figures(got, ENGINE.sensitivity_stream(sc, str(path), samples=3, seed=1, ranks=1))


def test_sensitivity_refuses_values_given_as_intervals():
    sc = scenario_file.loads(
        SCENARIO.format(method="wsm") + '[[alternatives]]\nname = "X"\nvalues = { price = [1, 3], uptime = 99, support = 2 }\n'
    )
    with pytest.raises(ScenarioError, match="exact values for a sensitivity analysis"):
        td.sensitivity(str(OFFERS), sc, engine=ENGINE)


def test_the_shipped_offers_rank_as_on_one_machine_with_the_scenarios_own_alternatives():
    sc = scenario_file.load(EXAMPLE)
    ref = ENGINE.rank_stream(sc, str(OFFERS), top=5).result
    out = td.rank(str(OFFERS), sc, top=5, engine=ENGINE)
    same(out, ref)
    assert out.to_dict() == ref.to_dict()


def test_the_first_error_raises_without_collect(tmp_path):
    path = write_csv(tmp_path / "offers.csv", ROWS)
    with pytest.raises(ScenarioError) as error:
        td.rank(path, scenario(), engine=ENGINE)
    with pytest.raises(ScenarioError) as ref:
        ENGINE.rank(scenario(), alternatives=path)
    assert str(error.value) == str(ref.value)


def test_a_file_that_cannot_be_read_is_its_error_first_in_file_order(tmp_path):
    folder = tmp_path / "offers"
    folder.mkdir()
    write_csv(folder / "a.csv", ROWS)
    (folder / "b.csv").write_text("price,uptime\n1,2\n", encoding="utf-8")  # no name column
    (folder / "c.csv").write_bytes(b"name,price\n\xff\n")  # not UTF-8
    with pytest.raises(ScenarioError) as error:
        td.rank(str(folder), scenario(), engine=ENGINE, on_error="collect")
    with pytest.raises(ScenarioError) as ref:
        ENGINE.rank_stream(scenario(), str(folder), on_error="collect")
    assert str(error.value) == str(ref.value) and "b.csv" in str(error.value)


def test_a_method_without_passes_is_refused_before_any_row_is_read(tmp_path):
    with pytest.raises(ScenarioError, match="compares every alternative with every other"):
        td.rank(str(tmp_path / "missing.csv"), scenario("promethee2"), engine=ENGINE)


def test_every_rows_score_as_a_series_beside_the_frame():
    table = [(f"o{i}", 10 + i % 7, 90 + i % 5, 1 + i % 3) for i in range(40)] + [("bad", "oops", 95, 2), ("o3", 1, 99, 5)]
    frame = pd.DataFrame(as_text(table), index=pd.RangeIndex(100, 100 + len(table)))
    ddf = dd.from_pandas(frame, npartitions=4)
    sc = scenario("topsis")
    said: list[str] = []
    got = td.scores(ddf, sc, engine=ENGINE, on_skip=lambda e: said.append(str(e))).compute()
    kept = [row for row in table[:40]]
    ref = ENGINE.rank(sc, alternatives=_columns(kept, sc), top=None)
    by_name = dict(zip(ref.decision.row_names, ref.ranking.scores))
    assert list(got.index) == list(frame.index)
    np.testing.assert_allclose(got.iloc[:40].to_numpy(), [by_name[r[0]] for r in kept], rtol=1e-12, atol=0)
    assert got.iloc[40:].isna().all()  # a bad value, a name given again
    assert len(said) == 2 and "rows[41]" in said[1] and "first at row 3" in said[1]


def _columns(rows, sc):
    import tempfile

    from tradeoff.core.table_input import read_alternatives

    with tempfile.TemporaryDirectory() as folder:
        return read_alternatives(write_csv(Path(folder) / "t.csv", rows), sc, ENGINE)


def test_scores_takes_a_dataframe():
    with pytest.raises(TypeError, match="Dask DataFrame"):
        td.scores("offers.csv", scenario(), engine=ENGINE)


def test_without_dask_the_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(MissingExtra, match=r"optional extra 'dask'.*pip install -e \"\.\[dask\]\""):
        td.rank("offers.csv", scenario(), engine=ENGINE)


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--spill", "x"], "--spill: expected no --spill with --engine dask"),
        (["--scores-out", "s.parquet"], "--scores-out: expected no --scores-out with --engine dask"),
        (["--sheet", "x"], "--sheet: expected no --sheet with --engine dask"),
    ],
)
def test_options_that_do_not_fit_dask_are_one_line_errors(tmp_path, capsys, extra, said):
    path = write_csv(tmp_path / "offers.csv", ROWS)
    sc = tmp_path / "s.toml"
    sc.write_text(SCENARIO.format(method="topsis"), encoding="utf-8")
    assert main(["rank", str(sc), "--alternatives", path, "--engine", "dask", *extra]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_a_scheduler_needs_the_dask_engine(tmp_path, capsys):
    assert main(["rank", str(EXAMPLE), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert capsys.readouterr().err.strip() == "error: --scheduler: expected --scheduler with --engine dask, got --engine auto"


def _lost(kind: str) -> Exception:
    """What distributed raises when every worker that ran a task died, or when the
    connection to the scheduler closed."""
    from types import SimpleNamespace

    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    if kind == "killed":
        return KilledWorker(("_describe-0f1e", 1), SimpleNamespace(address="tcp://127.0.0.1:40001"), 3)
    return CommClosedError("in <TCP (closed) ConnectionPool.gather local=tcp://127.0.0.1:50000 remote=tcp://127.0.0.1:8786>: Stream is closed")


@pytest.mark.parametrize("kind", ["killed", "closed"])
def test_a_cluster_that_loses_a_task_is_a_one_line_cluster_error_at_any_step(tmp_path, monkeypatch, capsys, kind):
    """distributed's KilledWorker (a task's workers all died) or CommClosedError (the
    scheduler went away), raised by whichever `dask.compute` of the run: a
    `ClusterError` (itself, not the distributed error, which would be a bug's
    traceback on the command line) of one line saying what happened; exit status 1
    and that line alone through ``rank --engine dask``."""
    pytest.importorskip("distributed")
    path = write_csv(tmp_path / "offers.csv", ROWS)  # a bad value, a name given again
    sc = scenario("vikor", "critic")  # rounds of the scheme's and of the method's passes

    def run() -> tradeoff.Result:
        return td.rank(path, sc, engine=ENGINE, on_error="collect", on_skip=lambda e: None)

    expected = (
        f"the Dask cluster could not finish the ranking ({_lost(kind)}): its workers were killed, ran out of memory, "
        "or the scheduler went away"
    )
    compute = dask.compute
    calls = [0]

    def counted(*args, **kwargs):
        calls[0] += 1
        return compute(*args, **kwargs)

    monkeypatch.setattr(dask, "compute", counted)
    ref = run()
    steps = calls[0]
    assert steps >= 8  # the partitions described, the names' check, the errors, the rounds, the leaders

    for fails_at in range(steps):
        calls[0] = 0

        def losing(*args, fails_at=fails_at, **kwargs):
            calls[0] += 1
            if calls[0] > fails_at:
                raise _lost(kind)
            return compute(*args, **kwargs)

        monkeypatch.setattr(dask, "compute", losing)
        with pytest.raises(td.ClusterError) as error:
            run()
        assert type(error.value) is td.ClusterError and calls[0] == fails_at + 1
        assert str(error.value) == expected and "\n" not in expected
        assert error.value.__cause__ is None and error.value.__suppress_context__  # `from None`: no chained traceback

    monkeypatch.setattr(dask, "compute", counted)
    same(run(), ref)  # the cluster back: the answer again

    def lost(*args, **kwargs):
        raise _lost(kind)

    monkeypatch.setattr(dask, "compute", lost)
    monkeypatch.setattr(td, "client_for", lambda address=None, **kwargs: contextlib.nullcontext())  # no local cluster
    toml = tmp_path / "s.toml"
    toml.write_text(SCENARIO.format(method="topsis"), encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", str(toml), "--alternatives", path, "--engine", "dask"]) == td.ClusterError.exit_status == 1
    out = capsys.readouterr()
    assert out.err == f"error: {expected}\n" and out.out == ""


# -- on a real cluster ------------------------------------------------------------------


def _offers(path: Path, n: int, group: int = 100_000) -> None:
    rng = np.random.default_rng(7)
    schema = pa.schema([("name", pa.string()), ("price", pa.float64()), ("uptime", pa.float64()), ("support", pa.int64())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, n, group):
            k = min(group, n - start)
            writer.write_table(pa.table({
                "name": [f"o{i}" for i in range(start, start + k)],
                "price": rng.uniform(1, 100, k), "uptime": rng.uniform(90, 100, k), "support": rng.integers(1, 6, k),
            }, schema=schema))


@pytest.fixture
def cluster():
    distributed = pytest.importorskip("distributed")
    with dask.config.set(scheduler=None), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local, distributed.Client(local) as client:
        yield local, client


@pytest.mark.slow
def test_on_a_local_cluster_the_engine_is_built_once_per_worker(tmp_path, cluster):
    """The ranking on two worker processes is the single machine's; each worker holds
    one job (one engine) whatever the number of tasks it ran."""
    _, client = cluster
    data = tmp_path / "offers.parquet"
    _offers(data, 200_000, group=10_000)
    sc = scenario("vikor", "critic")
    ref = ENGINE.rank_stream(sc, str(data), top=10).result
    out = td.rank(str(data), sc, top=10, engine=ENGINE)
    same(out, ref)
    same_figures(
        td.sensitivity(str(data), sc, samples=300, ranks=3, engine=ENGINE),
        ENGINE.sensitivity_stream(sc, str(data), samples=300, ranks=3),
    )
    job = client.submit(td._Job, ENGINE, sc, None)
    seen = client.gather([client.submit(_where_job, job, i, pure=False) for i in range(40)])
    by_worker: dict[str, set[int]] = {}
    for worker, ident in seen:
        by_worker.setdefault(worker, set()).add(ident)
    assert len(by_worker) == 2 and all(len(ids) == 1 for ids in by_worker.values())


def _where_job(job, _i):
    from distributed import get_worker

    time.sleep(0.01)
    return get_worker().address, id(job)


@pytest.mark.slow
def test_a_worker_killed_mid_run_still_gives_the_answer(tmp_path, cluster):
    """A worker process killed while the partitions are ranked: the scheduler runs
    its tasks again on the others (the nanny starts a new worker) and the answer is the
    single machine's, or the run ends in one ClusterError line, never a wrong answer."""
    _, client = cluster
    data = tmp_path / "offers.parquet"
    _offers(data, 2_000_000, group=50_000)
    sc = scenario("topsis")
    ref = ENGINE.rank_stream(sc, str(data), top=10).result
    out: list[object] = []

    def run() -> None:
        try:
            out.append(td.rank(str(data), sc, top=10, engine=ENGINE))
        except td.ClusterError as error:
            out.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 60
    while not any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    pids = client.run(os.getpid)
    victim = min(pids)
    assert worker.is_alive()  # mid-run
    os.kill(pids[victim], 9)
    worker.join(timeout=300)
    assert not worker.is_alive() and out
    if isinstance(out[0], td.ClusterError):
        assert "\n" not in str(out[0]) and "Dask cluster" in str(out[0])
    else:
        same(out[0], ref)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Sending large graph")  # the frame, from this process
@pytest.mark.parametrize("method", ["topsis", "vikor", "edas"])
def test_a_million_rows_score_on_the_cluster_as_in_memory(tmp_path, cluster, method):
    """1e6 rows in 1 or 13 partitions: every row's score within 1e-12 relative of the
    in-memory one (the statistics are compensated sums, merged by a tree)."""
    data = tmp_path / "offers.parquet"
    _offers(data, 1_000_000)
    sc = scenario(method)
    ref = ENGINE.rank(sc, alternatives=str(data), top=None)
    frame = pq.read_table(data).to_pandas()
    for parts in (1, 13):
        got = td.scores(dd.from_pandas(frame, npartitions=parts), sc, engine=ENGINE).compute()
        np.testing.assert_allclose(got.to_numpy(), ref.ranking.scores, rtol=1e-12, atol=0)
    out = td.rank(str(data), sc, top=10, engine=ENGINE)
    same(out, ENGINE.rank(sc, alternatives=str(data), top=10))


@pytest.mark.slow
def test_the_command_ranks_on_a_cluster_at_an_address_and_on_a_local_one(tmp_path, cluster):
    local, _ = cluster
    stream = subprocess.run(
        [sys.executable, "-m", "tradeoff.cli", "rank", str(EXAMPLE), "--alternatives", str(OFFERS), "--engine", "stream", "--format", "json"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    for extra in (["--scheduler", local.scheduler_address], []):
        done = subprocess.run(
            [sys.executable, "-m", "tradeoff.cli", "rank", str(EXAMPLE), "--alternatives", str(OFFERS), "--engine", "dask",
             "--format", "json", *extra],
            check=False, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == stream.stdout
    analyses = [
        subprocess.run(
            [sys.executable, "-m", "tradeoff.cli", "sensitivity", str(EXAMPLE), "--alternatives", str(OFFERS),
             "--samples", "500", "--ranks", "3", *extra],
            check=False, capture_output=True, text=True, timeout=300,
        )
        for extra in (["--engine", "stream"], ["--engine", "dask", "--scheduler", local.scheduler_address])
    ]
    assert analyses[0].returncode == analyses[1].returncode == 0, analyses[1].stderr
    assert analyses[0].stdout == analyses[1].stdout and "BrightPath" in analyses[0].stdout


@pytest.mark.slow
def test_the_example_ranks_on_a_local_cluster(monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "on_dask.py")], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ref = ENGINE.rank_stream(scenario_file.load(EXAMPLE), str(OFFERS), top=3).result
    assert f"Ranked {ref.ranked} offers" in done.stdout and f"1. {ref.rows[0].name}" in done.stdout
    assert "Most often first: BrightPath Managed IT" in done.stdout


@pytest.mark.slow
def test_a_scheduler_that_is_not_there_is_a_one_line_error(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tradeoff.cli", "rank", str(EXAMPLE), "--alternatives", str(OFFERS), "--engine", "dask",
         "--scheduler", "tcp://127.0.0.1:9"],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: --scheduler: expected the address of a running Dask scheduler") and done.stderr.count("\n") == 1
