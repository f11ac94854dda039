"""Rank tables of 1e6 to 5e7 offers: time, CPU and peak memory, in memory and in chunks.

Generates folders of Parquet (or CSV) files of offers for the shipped example
scenario's facts (1e6 rows a file, in row groups of 131,072; each fact within its
limits, names unique), then runs the rank command on them in a fresh interpreter each,
side by side:

- read floor: pyarrow reading every column of every file, nothing else (no engine can
  read the table faster);
- in memory: ``tradeoff rank SCENARIO --alternatives FILE --engine memory --top 10``
  on the table as one file (skipped where it would need more memory than the machine
  has: about 540 bytes a row for Parquet, 1 kB for CSV);
- in chunks: ``--alternatives FOLDER --engine stream --top 10`` (the same rows).

Prints wall seconds, CPU seconds (user + system, every thread) and peak RSS of the
child (its VmHWM), the machine's load before and after, best of --repeat.  The data is
kept under --data (generated once; about 75 bytes a row of Parquet).

    python bench/table_scale.py --rows 1e6 1e7 5e7
    python bench/table_scale.py --rows 1e6 --format csv --repeat 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "it-outsourcing.toml"
PER_FILE = 1_000_000
ROW_GROUP = 131_072
#: Bytes of memory a row of the table takes when read whole (measured: docs/scale.md).
WHOLE_BYTES = {"parquet": 540, "csv": 1060}


def generate(rows: int, fmt: str, folder: Path) -> None:
    """`rows` offers in files of `PER_FILE` rows under `folder` (kept if complete)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    done = folder / "COMPLETE"
    if done.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2026)
    for index, start in enumerate(range(0, rows, PER_FILE)):
        k = min(PER_FILE, rows - start)
        ints = lambda lo, hi: pa.array(rng.integers(lo, hi, k))  # noqa: E731
        reals = lambda lo, hi: pa.array(np.round(rng.uniform(lo, hi, k), 2))  # noqa: E731
        flags = lambda p: pa.array(rng.random(k) < p)  # noqa: E731
        table = pa.table({
            "name": pa.array([f"offer {i:09d}" for i in range(start, start + k)]),
            "monthly_fee": reals(800, 9000),
            "setup_fee": reals(0, 20000),
            "staff_it_hours": reals(0, 60),
            "certified_staff": ints(0, 40),
            "years_in_business": reals(0, 40),
            "references": ints(0, 12),
            "reference_rating": reals(1, 5),
            "admin_access": flags(0.6),
            "data_on_premises": flags(0.3),
            "nda": flags(0.8),
            "response_hours": reals(0.5, 72),
            "documented_share": reals(0, 1),
            "proprietary_software": flags(0.3),
            "contract_months": ints(0, 60),
            "layoffs": ints(0, 3),
        })
        path = folder / f"part-{index:04d}.{fmt}"
        if fmt == "parquet":
            pq.write_table(table, path, row_group_size=ROW_GROUP)
        else:
            pcsv.write_csv(table, path)
    done.write_text(f"{rows}\n")


def one_file(folder: Path, fmt: str) -> Path:
    """The folder's files as one file (for the in-memory path), made once."""
    import pyarrow.csv as pcsv
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    whole = folder.parent / f"{folder.name}-whole.{fmt}"
    if whole.exists():
        return whole
    data = ds.dataset(sorted(folder.glob(f"*.{fmt}")), format=fmt)
    if fmt == "parquet":
        with pq.ParquetWriter(whole, data.schema) as writer:
            for batch in data.to_batches():
                writer.write_batch(batch)
    else:
        with pcsv.CSVWriter(whole, data.schema) as writer:
            for batch in data.to_batches():
                writer.write_batch(batch)
    return whole


#: The child's own peak resident memory (VmHWM; ru_maxrss would count the parent's at the fork).
PEAK = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write(f'peak {int(line.split()[1]) * 1024}\\n')\n"
    "atexit.register(_peak)\n"
)
RANK = PEAK + (
    "import contextlib, io, sys; from tradeoff.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    status = main(['rank', sys.argv[1], '--alternatives', sys.argv[2], '--engine', sys.argv[3], '--top', '10'])\n"
    "sys.exit(status)"
)
FLOOR = PEAK + (
    "import glob, sys, pyarrow.dataset as ds\n"
    "files = sorted(glob.glob(sys.argv[2] + '/*.' + sys.argv[3]))\n"
    "for batch in ds.dataset(files, format=sys.argv[3]).to_batches(): pass"
)


def run(code: str, *args: str) -> tuple[float, float, int, int]:
    """Wall and CPU seconds, peak RSS (bytes) and exit status of `code` in a fresh interpreter."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    peaks = [int(line.split()[1]) for line in err.splitlines() if line.startswith("peak ")]
    return wall, usage.ru_utime + usage.ru_stime, peaks[-1] if peaks else -1, os.waitstatus_to_exitcode(status)


def best(repeat: int, code: str, *args: str) -> tuple[float, float, int, int]:
    runs = [run(code, *args) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="+", type=float, default=[1e6])
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "tradeoff-bench-tables")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--memory-limit", type=float, default=None, help="GB the in-memory path may use (default: the machine's)")
    args = parser.parse_args()
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    limit = total if args.memory_limit is None else args.memory_limit * 1e9
    print(f"load before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs; {total / 1e9:.0f} GB; Python {sys.version.split()[0]}")
    print(f"{'rows':>12} {'path':<12} {'wall s':>8} {'CPU s':>8} {'peak RSS':>10} {'CPU / floor':>12}")
    for rows in map(int, args.rows):
        folder = args.data / f"{args.format}-{rows}"
        generate(rows, args.format, folder)
        floor = best(args.repeat, FLOOR, str(SCENARIO), str(folder), args.format)
        lines = [("read floor", floor)]
        if rows * WHOLE_BYTES[args.format] * 1.5 < limit:
            whole = one_file(folder, args.format)
            lines.append(("in memory", best(args.repeat, RANK, str(SCENARIO), str(whole), "memory")))
        else:
            lines.append(("in memory", None))
        lines.append(("in chunks", best(args.repeat, RANK, str(SCENARIO), str(folder), "stream")))
        for label, got in lines:
            if got is None:
                need = rows * WHOLE_BYTES[args.format] / 1e9
                print(f"{rows:>12,} {label:<12} {'not run: needs about ' + format(need, '.0f') + ' GB':>41}")
                continue
            wall, cpu, rss, status = got
            flag = "" if status == 0 else f"  (exit {status})"
            print(f"{rows:>12,} {label:<12} {wall:>8.1f} {cpu:>8.1f} {rss / 2**20:>8.0f} MB {cpu / floor[1]:>11.1f}x{flag}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
