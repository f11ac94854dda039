"""Batch faults at the process level: a batch killed with SIGKILL takes its workers
along, a worker killed mid-run is an error for its chunk, and a cluster that lost
its workers is a timeout, never a wait for ever."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import tradeoff
from tradeoff import batch

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
CLI = [sys.executable, "-m", "tradeoff.cli", "--no-entry-points"]
ENV = {**os.environ, "TRADEOFF_NO_ENTRY_POINTS": "1"}
ENGINE = tradeoff.Engine(entry_points=False)


def scenarios(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for k in range(count):
        (folder / f"s{k:04d}.toml").write_text(text, encoding="utf-8")
    return folder


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running: a zombie (ended, not yet reaped by whoever adopted it) is not."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def journaled(out: Path) -> int:
    """Scenarios the batch has finished, as its journal says."""
    try:
        return (out / batch.JOURNAL).read_bytes().count(b"\n")
    except OSError:
        return 0


def results(out: Path) -> list[Path]:
    return list(out.glob("s*.json"))


#: The command line, with Python's default start method for worker processes or another.
STARTED = """
import multiprocessing, sys
if sys.argv[1] != "default":
    multiprocessing.set_start_method(sys.argv[1])
from tradeoff.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("start", ["default", "forkserver"])
def test_the_workers_of_a_batch_killed_with_sigkill_die_with_it_and_write_nothing_after(tmp_path, start):
    folder = scenarios(tmp_path / "in", 1200)
    out = tmp_path / "out"
    command = [sys.executable, "-c", STARTED, start, "--no-entry-points", "batch", str(folder), "-o", str(out),
               "--jobs", "2"]
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: len(results(out)) >= 40, 120), "the batch wrote no results"
        workers = [pid for pid in children(process.pid) if "resource_tracker" not in cmdline(pid)]
        assert workers
    finally:
        process.kill()
        process.wait(timeout=30)
    killed = time.time_ns()
    if len(results(out)) == 1200:
        pytest.skip("the batch finished before the kill")
    try:
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 10), "workers outlived their batch"
        time.sleep(1.0)  # time enough to write many results, for a worker still at it
        late = [p.name for p in out.iterdir() if p.stat().st_mtime_ns > killed + 50_000_000]
        assert late == []
    finally:
        for pid in workers:  # a failed check leaves no orphan behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    finished = subprocess.run(CLI + ["batch", str(folder), "-o", str(out), "--resume"], env=ENV,
                              capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert not list(out.glob(".*.tmp"))
    assert len((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == 1200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_mid_batch_is_an_error_for_its_chunks_and_the_rest_is_kept(tmp_path):
    folder = scenarios(tmp_path / "in", 1200)
    out = tmp_path / "out"
    process = subprocess.Popen(CLI + ["batch", str(folder), "-o", str(out), "--jobs", "2"], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: journaled(out) >= 2 * batch.CHUNK, 120), "the batch finished no chunk"
        os.kill(children(process.pid)[0], signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if "1200 of 1200 scenarios ranked" in stdout:
        pytest.skip("the batch finished before the kill")
    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines and all(line.startswith("error: ") and "a worker that died" in line for line in lines)
    assert all("--resume" in line for line in lines)
    ranked = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = (out / "errors.txt").read_text(encoding="utf-8").splitlines()
    assert len(ranked) + len(errors) == 1200 and len(errors) >= 1 and len(ranked) >= 2 * batch.CHUNK
    assert f"{len(ranked)} of 1200 scenarios ranked, {len(errors)} with errors" in stdout
    assert not list(out.glob(".*.tmp"))
    for row in ranked:
        json.loads(Path(row["output"]).read_text(encoding="utf-8"))
    finished = subprocess.run(CLI + ["batch", str(folder), "-o", str(out), "--resume"], env=ENV,
                              capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"{len(ranked)} already done" in finished.stdout
    assert not (out / "errors.txt").exists()


def test_a_dask_cluster_that_lost_its_workers_times_out_pointing_to_resume(tmp_path):
    if os.environ.get("TRADEOFF_REQUIRE_DASK") != "1":
        pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    folder = scenarios(tmp_path / "in", 6)
    out = tmp_path / "out"
    outcome: dict[str, object] = {}

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            first = batch.run_batch(ENGINE, [str(folder)], str(out), chunk=2, executor=client.get_executor())
            assert len(first.records) == 6
            cluster.scale(0)
            assert wait_for(lambda: not client.scheduler_info()["workers"], 30)
            (folder / "s0000.toml").write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")

            def run() -> None:
                try:
                    batch.run_batch(ENGINE, [str(folder)], str(out), chunk=2, executor=client.get_executor(),
                                    resume=True, timeout=2)
                except BaseException as error:
                    outcome["error"] = error

            thread = threading.Thread(target=run, daemon=True)
            started = time.monotonic()
            thread.start()
            thread.join(60)
            assert not thread.is_alive(), "the batch waits for ever on a cluster with no workers"
    assert time.monotonic() - started < 30
    error = outcome.get("error")
    assert isinstance(error, tradeoff.ScenarioError), error
    assert "within 2 s" in str(error) and "--resume" in str(error)
    assert not list(out.glob(".*.tmp"))
    assert len(results(out)) == 6  # the results of the first run stay


def test_a_killed_dask_worker_is_an_error_for_its_chunk_and_the_batch_goes_on(tmp_path):
    if os.environ.get("TRADEOFF_REQUIRE_DASK") != "1":
        pytest.importorskip("distributed")
    import dask
    from distributed import Client, LocalCluster

    folder = scenarios(tmp_path / "in", 400)
    out = tmp_path / "out"
    killed: list[int] = []
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                pids = list(client.run(os.getpid).values())

                def progress(done: int, total: int) -> None:
                    if done and not killed:  # a chunk is back, the others are being ranked
                        killed.append(pids[0])
                        os.kill(pids[0], signal.SIGKILL)

                report = batch.run_batch(ENGINE, [str(folder)], str(out), chunk=4, executor=client.get_executor(),
                                         progress=progress, timeout=60)
    if not report.errors:
        pytest.skip("the killed worker held no chunk at that moment")
    assert len(report.errors) % 4 == 0 and len(report.records) + len(report.errors) == 400
    # distributed's executor reports some killed workers as a ValueError of its own
    assert all(("a worker that died (KilledWorker" in message or "a worker that died (ValueError" in message)
               and "--resume" in message for _, message, _ in report.errors)
    assert report.exit_status == 2
    assert not list(out.glob(".*.tmp"))
    assert len((out / "errors.txt").read_text(encoding="utf-8").splitlines()) == len(report.errors)
    assert len((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) == len(report.records)
