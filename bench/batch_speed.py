"""`tradeoff batch` on many small scenario files beside loading and ranking the same
files in one process, in one run.  A benchmark script, not a test.

    python bench/batch_speed.py [--files N] [--repeat R]

Writes --files copies of the shipped batch examples (examples/batch/*.toml, about 3 kB
each) into a temporary folder, then times, taking turns in each round:

- read floor: every file's bytes read, nothing else;
- write floor: as many new files of a result's size (3.2 kB) written into a fresh
  folder, nothing else (open, write, close: no flush, no rename); a batch cannot write
  its results in less, and on some disks creating a file costs a few tenths of a
  millisecond, a large part of what loading and ranking a small scenario costs;
- load + rank: `scenario_file.load` of each file and one `rank_many` call, in this
  process (what a batch cannot do with less);
- batch: ``tradeoff batch FOLDER -o OUT --jobs 1`` as a whole process (its start-up
  included), into a fresh folder each round: a JSON result per file, flushed to the
  disk (a chunk's files together), the journal and the summaries.

Prints files per second and the batch's throughput over load + rank's.  Target: at
least 0.8x (the journal's promise kept: it claims only results flushed to the disk);
also printed against load + rank + the write floor, what is left of the target once
the files a batch must create are paid for.
The machine's load is printed before and after.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tradeoff
from timing import load, table, verdict
from tradeoff.batch import rank_many
from tradeoff.files import scenario_file

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"tradeoff {tradeoff.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load before {load()}")
    examples = sorted(glob.glob(str(ROOT / "examples" / "batch" / "*.toml")))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "in"
        folder.mkdir()
        for k in range(args.files):
            shutil.copy(examples[k % len(examples)], folder / f"s{k:06d}.toml")
        for name in os.listdir(ROOT / "examples" / "batch"):  # the tables a scenario names
            if not name.endswith(".toml"):
                shutil.copy(ROOT / "examples" / "batch" / name, folder / name)
        files = sorted(str(p) for p in folder.glob("*.toml"))
        engine = tradeoff.Engine()
        command = [sys.executable, "-m", "tradeoff.cli", "batch", str(folder), "--jobs", "1", "-o"]

        def floor() -> None:
            for name in files:
                Path(name).read_bytes()

        def write_floor(round_: int) -> None:
            out = Path(work) / f"floor{round_}"
            out.mkdir()
            data = b"x" * 3200
            for k in range(len(files)):
                with open(out / f"s{k:06d}.json", "wb") as handle:
                    handle.write(data)
            shutil.rmtree(out)

        def in_process() -> None:
            results = rank_many(engine, [scenario_file.load(name) for name in files])
            assert not any(isinstance(r, Exception) for r in results)

        def batch(round_: int) -> None:
            out = Path(work) / f"out{round_}"
            done = subprocess.run([*command, str(out)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            shutil.rmtree(out)

        runs = {
            "read floor": floor,
            "write floor": lambda: write_floor(round_),
            "load + rank": in_process,
            "tradeoff batch --jobs 1": lambda: batch(round_),
        }
        best = dict.fromkeys(runs, float("inf"))
        for round_ in range(args.repeat):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - start)
    ratio = best["load + rank"] / best["tradeoff batch --jobs 1"]
    floored = (best["load + rank"] + best["write floor"]) / best["tradeoff batch --jobs 1"]
    table(
        f"batch: {args.files:,} scenario files (best of {args.repeat}, seconds)",
        ("run", "seconds", "files/s", "x load + rank"),
        [(name, f"{t:.2f}", f"{args.files / t:,.0f}", f"{best['load + rank'] / t:.2f}") for name, t in best.items()],
        [
            f"target: batch throughput at least 0.8x load + rank's: {ratio:.2f}x, {verdict(ratio >= 0.8)}",
            f"against load + rank + the write floor: {floored:.2f}x, {verdict(floored >= 0.8)}",
        ],
    )
    print(f"load after {load()}")


if __name__ == "__main__":
    main()
