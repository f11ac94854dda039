"""Batch ranking: stacked calls give what ranking alone gives; faults stay local;
outputs are complete or absent; --resume skips finished work; executors plug in."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs
import numpy as np
import pytest

import tradeoff
from tradeoff import batch
from tradeoff.cli import main

ENGINE = tradeoff.Engine(entry_points=False)
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"


def variants(count: int) -> list[tradeoff.Scenario]:
    """Scenarios that differ in weights and facts; some share a stack, some do not."""
    base = tradeoff.load(EXAMPLE)
    rng = np.random.default_rng(7)
    out = []
    for k in range(count):
        criteria = [attrs.evolve(c, weight=float(rng.integers(1, 10))) for c in base.criteria]
        alts = [
            attrs.evolve(a, facts={**a.facts, "monthly_fee": float(rng.integers(300, 2000))})
            for a in base.alternatives[: 3 + k % 2]  # two shapes: 3 and 4 alternatives
        ]
        method = tradeoff.MethodChoice(name=("topsis", "wsm", "vikor")[k % 3])
        out.append(attrs.evolve(base, criteria=criteria, alternatives=alts, method=method, source=None))
    return out


def plain(result: tradeoff.Result) -> dict:
    return result.to_dict()


def assert_same(a, b) -> None:
    """Equal results; floats may differ in the last bits between stacked and lone calls."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-15)
    else:
        assert a == b


def test_stacked_batch_equals_ranking_each_scenario_alone():
    scenarios = variants(30)
    together = batch.rank_many(ENGINE, scenarios)
    for scenario, result in zip(scenarios, together):
        assert isinstance(result, tradeoff.Result)
        assert_same(plain(result), plain(ENGINE.rank(scenario)))


MIXED = """\
method = "{method}"
{people}
[criteria.price]
direction = "min"
{bounds}
[criteria.speed]
direction = "max"
{bounds}
[[alternatives]]
name = "A"
values = {{ price = [8, 12], speed = 3 }}
[[alternatives]]
name = "B"
values = {{ price = "9 ± 10%", speed = 4 }}
[[alternatives]]
name = "C"
values = {{ price = 7, speed = 1 }}
"""
PEOPLE = """
[[stakeholders]]
name = "Owner"
weights = { scheme = "roc", order = ["price", "speed"] }
[[stakeholders]]
name = "Office manager"
influence = 2
weights = { scheme = "roc", order = ["speed", "price"] }
"""


def test_stakeholders_uncertain_values_and_method_settings_survive_stacking():
    scenarios = [
        tradeoff.loads(MIXED.format(method=method, people=people, bounds=bounds))
        for method in ("topsis", "spotis")
        for people in ("", PEOPLE)
        for bounds in ("bounds = [0, 20]",) * 2
    ]
    together = batch.rank_many(ENGINE, scenarios)
    for scenario, result in zip(scenarios, together):
        alone = ENGINE.rank(scenario)
        assert_same(plain(result), plain(alone))
        if scenario.stakeholders:
            assert np.array_equal(result.stakeholder_ranks, alone.stakeholder_ranks)


def test_an_error_among_good_scenarios_is_one_error_and_the_rest_rank():
    scenarios = variants(6)
    broken = attrs.evolve(scenarios[2], method=tradeoff.MethodChoice(name="topsiss"))
    scenarios[2] = broken
    results = batch.rank_many(ENGINE, scenarios)
    errors = [r for r in results if isinstance(r, tradeoff.TradeoffError)]
    assert len(errors) == 1 and results[2] is errors[0]
    assert 'did you mean "topsis"' in str(errors[0])
    assert all(isinstance(r, tradeoff.Result) for k, r in enumerate(results) if k != 2)


def write_scenarios(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, scenario in enumerate(variants(count)):
        path = folder / f"s{k:04d}.toml"
        tradeoff.dump(scenario, path)
        paths.append(path)
    return paths


def test_files_with_one_bad_scenario_give_one_error_and_every_other_result(tmp_path, capsys):
    paths = write_scenarios(tmp_path / "in", 8)
    paths[3].write_text(paths[3].read_text(encoding="utf-8").replace("monthly_fee", "monthly_fe"), encoding="utf-8")
    assert main(["--no-entry-points", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("error:") == 1 and "s0003.toml" in captured.err
    assert 'did you mean "monthly_fee"' in captured.err
    out = tmp_path / "out"
    errors = (out / "errors.txt").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1 and "s0003.toml:" in errors[0]
    summary = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(r["scenario"]).name for r in summary] == [p.name for p in paths if p != paths[3]]
    for row in summary:
        result = json.loads(Path(row["output"]).read_text(encoding="utf-8"))
        assert result["alternatives"][0]["name"] == row["top"]
        assert result["alternatives"][0]["score"] == row["score"]
    assert (out / "summary.csv").read_text(encoding="utf-8").startswith("scenario,output,method,top,score,margin\n")


def test_inputs_naming_nothing_are_errors_and_globs_and_folders_expand(tmp_path, capsys):
    write_scenarios(tmp_path / "in", 3)
    args = [str(tmp_path / "in"), str(tmp_path / "in" / "s000*.toml"), str(tmp_path / "none-*.toml")]
    assert main(["batch", *args, "-o", str(tmp_path / "out"), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "none-*.toml: expected files matching" in err
    assert sorted(p.name for p in (tmp_path / "out").glob("*.csv")) == [
        "s0000.csv", "s0001.csv", "s0002.csv", "summary.csv"
    ]


def test_results_match_rank_output_for_every_format(tmp_path, capsys):
    for fmt, suffix in batch.SUFFIXES.items():
        assert main(["batch", str(EXAMPLE), "-o", str(tmp_path / fmt), "--format", fmt]) == 0
        capsys.readouterr()
        assert main(["rank", str(EXAMPLE), "--format", fmt]) == 0
        assert (tmp_path / fmt / f"it-outsourcing{suffix}").read_text(encoding="utf-8") == capsys.readouterr().out


@pytest.mark.slow  # a thread pool, and worker processes (--jobs 2)
def test_executor_and_processes_give_the_same_files(tmp_path):
    write_scenarios(tmp_path / "in", 10)
    alone = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(tmp_path / "a"), chunk=3)
    with ThreadPoolExecutor(3) as pool:
        threaded = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(tmp_path / "b"), chunk=3, executor=pool)
    assert main(["--no-entry-points", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "c"), "--jobs", "2"]) == 0
    for name in (r["output"] for r in alone.records):
        first = Path(name).read_text(encoding="utf-8")
        assert (tmp_path / "b" / Path(name).name).read_text(encoding="utf-8") == first
        assert (tmp_path / "c" / Path(name).name).read_text(encoding="utf-8") == first
    assert [r["top"] for r in alone.records] == [r["top"] for r in threaded.records]


def test_resume_skips_finished_scenarios_and_redoes_changed_ones(tmp_path, capsys):
    paths = write_scenarios(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "in"), "-o", str(out)]) == 0
    before = {p: p.stat().st_mtime_ns for p in out.glob("s*.json")}
    time.sleep(0.01)
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("weight = ", "weight = 1"), encoding="utf-8")
    capsys.readouterr()
    assert main(["batch", str(tmp_path / "in"), "-o", str(out), "--resume"]) == 0
    assert "4 already done" in capsys.readouterr().out
    after = {p: p.stat().st_mtime_ns for p in out.glob("s*.json")}
    changed = [p.name for p in before if before[p] != after[p]]
    assert changed == ["s0001.json"]
    assert len((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == 5


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_batch_leaves_only_complete_files_and_resumes(tmp_path, sig):
    write_scenarios(tmp_path / "in", 400)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tradeoff.cli", "--no-entry-points", "batch", str(tmp_path / "in"),
               "-o", str(out), "--format", "json"]
    env = {**os.environ, "TRADEOFF_NO_ENTRY_POINTS": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("s*.json"))) < 70:
        time.sleep(0.005)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the batch finished before the signal arrived")
    assert process.returncode == 130 and "error: interrupted" in err
    assert not list(out.glob(".*.tmp"))
    written = list(out.glob("s*.json"))
    assert 0 < len(written) < 400
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # complete, or it would not parse
    assert not (out / "summary.csv").exists()
    finished = subprocess.run(command + ["--resume"], capture_output=True, text=True, env=env, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert "already done" in finished.stdout
    assert len((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == 400


@pytest.mark.slow
def test_batch_through_dask_distributed_gives_the_same_results(tmp_path):
    """An app that outgrows one machine passes a distributed engine's executor."""
    if os.environ.get("TRADEOFF_REQUIRE_DASK") != "1":
        pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    write_scenarios(tmp_path / "in", 12)
    here = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(tmp_path / "here"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            remote = batch.run_batch(
                ENGINE, [str(tmp_path / "in")], str(tmp_path / "dask"), chunk=4, executor=client.get_executor()
            )
    assert [(r["top"], r["score"]) for r in remote.records] == [(r["top"], r["score"]) for r in here.records]
    for row in here.records:
        name = Path(row["output"]).name
        assert (tmp_path / "dask" / name).read_text(encoding="utf-8") == Path(row["output"]).read_text(encoding="utf-8")


def test_output_folder_must_not_replace_inputs(tmp_path, capsys):
    paths = write_scenarios(tmp_path, 1)
    target = tmp_path / "s0000.json"
    target.write_text("{}", encoding="utf-8")
    # a scenario named like a result would be overwritten if it were an input
    json_named = tmp_path / "x.json"
    json_named.write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["batch", str(json_named), "-o", str(tmp_path)]) == 2
    assert "no result would replace an input" in capsys.readouterr().err


@pytest.mark.slow  # signal handlers, a batch in another thread
def test_sigterm_stops_a_batch_only_where_the_library_may_arrange_it(tmp_path):
    """In the main thread with SIGTERM at its default, a batch turns it into Ctrl-C
    while it runs and puts the default back; an app's own handler, or a batch run in
    another thread (where `signal.signal` would fail), is left alone."""
    write_scenarios(tmp_path / "in", 2)
    seen = []

    def run(out: str) -> None:
        batch.run_batch(ENGINE, [str(tmp_path / "in")], str(tmp_path / out),
                        progress=lambda *_: seen.append(signal.getsignal(signal.SIGTERM)))

    def own(signum, frame):
        pass

    def handlers(out: str, thread: bool = False) -> set:
        seen.clear()
        if thread:
            with ThreadPoolExecutor(1) as pool:
                pool.submit(run, out).result()
        else:
            run(out)
        return set(seen)

    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        (during,) = handlers("main")
        assert callable(during) and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert handlers("thread", thread=True) == {signal.SIG_DFL}
        signal.signal(signal.SIGTERM, own)
        assert handlers("own") == {own} and signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, before)
    assert len((tmp_path / "thread" / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == 2


# -- nothing lost: names, inputs, the journal, the output folder ---------------------


def own_result(path: Path, fmt: str = "json") -> str:
    """What `tradeoff rank --format fmt` prints for the scenario at `path`."""
    from tradeoff.output import render

    return render.render(ENGINE.rank(tradeoff.load(path)), fmt)


def test_result_names_are_unique_whatever_the_inputs_are_called():
    rng = np.random.default_rng(3)
    stems = ["a", "a-2", "a-3", "A", "summary", "Summary", "errors", "summary-2", ".tradeoff-batch", "b"]
    for _ in range(300):
        files = list(dict.fromkeys(
            f"{rng.choice(['', 'x/', 'y/', 'x/y/'])}{rng.choice(stems)}.toml" for _ in range(rng.integers(1, 12))
        ))
        fmt = str(rng.choice(list(batch.SUFFIXES)))
        names = batch.output_names(files, fmt)
        folded = [n.casefold() for n in names]
        assert len(set(folded)) == len(names), files
        assert not set(folded) & {s.casefold() for s in batch.SUMMARIES}
        assert names == batch.output_names(files, fmt)  # the same list, the same names
        for k, (f, name) in enumerate(zip(files, names)):
            plain = Path(f).stem + batch.SUFFIXES[fmt]
            earlier = {Path(g).stem.casefold() for g in files[:k]}
            if Path(f).stem.casefold() not in earlier and plain.casefold() not in {s.casefold() for s in batch.SUMMARIES}:
                assert name == plain  # the input's own name when no one had it first


def test_inputs_of_one_name_in_different_folders_each_get_their_own_result(tmp_path, capsys):
    scenarios = variants(4)
    paths = [tmp_path / "x" / "a.toml", tmp_path / "y" / "a.toml", tmp_path / "a-2.toml", tmp_path / "A.toml"]
    for path, scenario in zip(paths, scenarios):
        path.parent.mkdir(exist_ok=True)
        tradeoff.dump(scenario, path)
    out = tmp_path / "out"
    assert main(["batch", *map(str, paths), "-o", str(out)]) == 0
    assert "4 of 4 scenarios ranked" in capsys.readouterr().out
    summary = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["scenario"] for row in summary] == [str(p) for p in paths]
    outputs = [Path(row["output"]).name for row in summary]
    assert outputs == ["a.json", "a-3.json", "a-2.json", "A-4.json"]
    for path, row in zip(paths, summary):
        assert Path(row["output"]).read_text(encoding="utf-8") == own_result(path)
    assert sorted(p.name for p in out.glob("*.json")) == sorted(outputs)


@pytest.mark.parametrize("stem, fmt", [("summary", "csv"), ("errors", "table"), ("Summary", "csv")])
def test_a_result_never_lands_on_a_summary(tmp_path, capsys, stem, fmt):
    path = tmp_path / f"{stem}.toml"
    tradeoff.dump(variants(1)[0], path)
    out = tmp_path / "out"
    assert main(["batch", str(path), "-o", str(out), "--format", fmt]) == 0
    row = json.loads((out / "summary.jsonl").read_text(encoding="utf-8"))
    result = Path(row["output"])
    assert result.name == f"{stem}-2{batch.SUFFIXES[fmt]}"
    assert result.read_text(encoding="utf-8") == own_result(path, fmt)
    assert (out / "summary.csv").read_text(encoding="utf-8").startswith("scenario,output,")
    assert not (out / "errors.txt").exists()


def test_resume_with_the_inputs_in_another_order_keeps_each_result_with_its_scenario(tmp_path, capsys):
    first, second = tmp_path / "x" / "a.toml", tmp_path / "y" / "a.toml"
    for path, scenario in zip((first, second), variants(2)):
        path.parent.mkdir()
        tradeoff.dump(scenario, path)
    out = tmp_path / "out"
    assert main(["batch", str(first), str(second), "-o", str(out)]) == 0
    first.write_text(first.read_text(encoding="utf-8").replace("weight = ", "weight = 1"), encoding="utf-8")
    for order in ([second, first], [second], [first, second]):
        assert main(["batch", *map(str, order), "-o", str(out), "--resume"]) == 0
        rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [row["scenario"] for row in rows] == [str(p) for p in order]
        for path, row in zip(order, rows):
            assert Path(row["output"]).read_text(encoding="utf-8") == own_result(path), (order, row)
    capsys.readouterr()
    assert main(["batch", str(first), str(second), "-o", str(out), "--resume"]) == 0
    assert "2 already done" in capsys.readouterr().out


def test_a_file_named_on_the_command_line_is_that_file_even_with_glob_characters(tmp_path, capsys):
    scenarios = variants(3)
    named, lookalike, draft = tmp_path / "offer[1].toml", tmp_path / "offer1.toml", tmp_path / "draft[v2].toml"
    for path, scenario in zip((named, lookalike, draft), scenarios):
        tradeoff.dump(scenario, path)
    out = tmp_path / "out"
    assert main(["batch", str(named), str(draft), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["scenario"] for row in rows] == [str(named), str(draft)]
    assert Path(rows[0]["output"]).read_text(encoding="utf-8") == own_result(named)
    # a name that is no file is a pattern
    assert main(["batch", str(tmp_path / "offer[0-9].toml"), "-o", str(tmp_path / "o2")]) == 0
    assert [json.loads(line)["scenario"] for line in (tmp_path / "o2" / "summary.jsonl").open()] == [str(lookalike)]


@pytest.mark.parametrize("folder", ["s.toml/sub", "/dev/null/x", "/proc/x", ""])
def test_an_output_folder_that_cannot_be_made_is_a_one_line_error(tmp_path, capsys, monkeypatch, folder):
    monkeypatch.chdir(tmp_path)
    tradeoff.dump(variants(1)[0], tmp_path / "s.toml")
    before = sorted(os.listdir(tmp_path))
    assert main(["batch", "s.toml", "-o", folder]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: -o: expected a folder for the results")
    assert f'"{folder}"' in err if folder else "an empty name" in err
    assert sorted(os.listdir(tmp_path)) == before


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_the_summaries_are_written(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(os.fsencode(folder) + b"/offer\xff.toml")
    tradeoff.dump(variants(1)[0], odd)
    tradeoff.dump(variants(2)[1], folder / "bad.toml")
    (folder / "bad.toml").write_text("oops", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "1 of 2 scenarios ranked" in captured.out
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    assert "offer\\udcff.toml" in summary and "offer\\udcff.json" in summary
    row = json.loads((out / "summary.jsonl").read_text(encoding="utf-8"))
    assert row["scenario"].endswith("offer\\udcff.toml")
    assert Path(os.fsdecode(os.fsencode(out) + b"/offer\xff.json")).read_text(encoding="utf-8") == own_result(Path(odd))
    assert "bad.toml" in (out / "errors.txt").read_text(encoding="utf-8")


def test_paths_printed_by_batch_cannot_drive_a_terminal(tmp_path, capsys):
    folder = tmp_path / "in\x1b]0;title\x07"
    folder.mkdir()
    tradeoff.dump(variants(1)[0], folder / "s\x1b[31m.toml")
    (folder / "bad\x07.toml").write_text("oops", encoding="utf-8")
    out = str(tmp_path / "out\x1b[2J")
    assert main(["batch", str(folder), str(folder / "none\x1b[5m*.toml"), "-o", out]) == 2
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert not any(c in text for c in "\x1b\x07")
    assert "out\\x1b[2J" in captured.out and "none\\x1b[5m*.toml" in captured.err


# -- workers that die, executors that stall ------------------------------------------


class _Given(concurrent.futures.Executor):
    """An executor whose chunks end as `outcome` says: run here, fail as a lost
    worker would (after leaving a temporary file, as a kill mid-write does), or never."""

    def __init__(self, outcome):
        self.outcome = outcome
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        self.calls += 1
        what = self.outcome(self.calls)
        if what == "run":
            future.set_result(fn(*args, **kwargs))
        elif what == "lost":
            outdir, outputs = args[3], args[2]
            (Path(outdir) / f".{outputs[0]}.{os.getpid()}.0123abcd.tmp").write_text("{", encoding="utf-8")
            future.set_exception(BrokenProcessPool("a worker died"))
        return future  # "never": pending for ever


def test_a_lost_worker_is_an_error_for_each_scenario_of_its_chunk_and_no_temporary_file_stays(tmp_path):
    paths = write_scenarios(tmp_path / "in", 6)
    out = tmp_path / "out"
    executor = _Given(lambda call: "lost" if call == 2 else "run")
    report = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(out), chunk=2, executor=executor)
    assert [Path(r["scenario"]).name for r in report.records] == [p.name for p in paths[:2] + paths[4:]]
    assert [Path(name).name for name, *_ in report.errors] == [p.name for p in paths[2:4]]
    assert all("a worker that died" in message and "--resume" in message for _, message, _ in report.errors)
    assert report.exit_status == 2
    assert not list(out.glob(".*.tmp"))
    assert len((out / "errors.txt").read_text(encoding="utf-8").splitlines()) == 2
    again = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(out), chunk=2, resume=True)
    assert again.skipped == 4 and len(again.records) == 6 and not again.errors


def test_a_killed_dask_worker_is_an_error_for_its_chunk():
    scheduler = pytest.importorskip("distributed.scheduler")
    error = scheduler.KilledWorker("rank_files-123", "tcp://127.0.0.1:1", 0)
    assert batch._worker_lost(error) and not batch._worker_lost(RuntimeError("a bug"))


def test_an_executor_that_stops_answering_times_out_pointing_to_resume(tmp_path):
    write_scenarios(tmp_path / "in", 4)
    out = tmp_path / "out"
    executor = _Given(lambda call: "run" if call == 1 else "never")
    started = time.monotonic()
    with pytest.raises(tradeoff.ScenarioError) as caught:
        batch.run_batch(ENGINE, [str(tmp_path / "in")], str(out), chunk=2, executor=executor, timeout=0.3)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert message.startswith("timeout: expected a chunk of scenarios finished within 0.3 s") and "--resume" in message
    assert sorted(p.name for p in out.glob("s*.json")) == ["s0000.json", "s0001.json"]
    again = batch.run_batch(ENGINE, [str(tmp_path / "in")], str(out), chunk=2, resume=True)
    assert again.skipped == 2 and len(again.records) == 4


def test_every_error_class_survives_pickling():
    import importlib
    import pickle
    import pkgutil

    for module in pkgutil.walk_packages(tradeoff.__path__, "tradeoff."):
        with contextlib.suppress(ImportError):
            importlib.import_module(module.name)
    classes, todo = set(), [tradeoff.TradeoffError]
    while todo:
        cls = todo.pop()
        classes.add(cls)
        todo += cls.__subclasses__()
    assert {tradeoff.ScenarioError, tradeoff.PluginError} <= classes
    for cls in classes:
        if attrs.has(cls):
            fields = {f.name: f"{f.name} value" for f in attrs.fields(cls) if f.init}
            if "path" in fields:
                fields["path"] = ("alternatives", (2, "Acme"), "facts")
            if "line" in fields:
                fields.update(line=3, column=None)
            error = cls(**fields)
        else:
            error = cls("what went wrong")
        error.add_note("a note")
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is cls and str(back) == str(error) and back.args == error.args
        assert back.__notes__ == ["a note"] and back.exit_status == error.exit_status
        if attrs.has(cls):
            assert attrs.asdict(back) == attrs.asdict(error)
