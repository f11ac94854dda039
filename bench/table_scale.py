"""Rank tables of 1e6 to 5e7 offers: time, CPU and peak memory, in memory and in chunks.

Generates folders of Parquet (or CSV) files of offers for the shipped example
scenario's facts (1e6 rows a file, in row groups of 131,072; each fact within its
limits, names unique), then runs the rank command on them in a fresh interpreter each,
side by side:

- read floor: pyarrow reading every column of every file, nothing else (no engine can
  read the table faster);
- baseline: the fastest read-and-score, with none of tradeoff's checks: pyarrow reads
  the one file, numpy computes the five criteria and the example's TOPSIS and takes
  the best 10 (`BASELINE`); the target of the in-memory path is 1.3x its wall time;
- in memory: ``tradeoff rank SCENARIO --alternatives FILE --engine memory --top 10``
  on the table as one file (about 540 bytes a row for Parquet, 1 kB for CSV);
- in chunks: ``--alternatives FOLDER --engine stream --top 10`` (the same rows);
- on Dask (with ``--dask``): ``--alternatives FOLDER --engine dask --top 10``, on a
  local cluster of a worker process per core started by the command (its CPU counts
  the workers'; its peak RSS is the client's alone: each worker holds its partitions).

With ``--write`` both also write every row, best first, as CSV (``--format csv -o``;
the baseline by pyarrow's CSV writer).  The CSV files are written as a spreadsheet
writes them: quotes only where a cell needs one (none here).

Every child runs under a limit of its address space (``--memory-limit``, by default
half the memory available when the bench starts), so a table too big for memory ends
in tradeoff's own one-line "not enough memory" error, shown under its row, and never
wakes the system's OOM killer on a shared machine.

Prints each run: wall seconds, CPU seconds (user + system, every thread), peak RSS of
the child (its VmHWM), the load (1-minute average) as it starts, and its CPU over the
read floor's; then, per size, in chunks over in memory (the least CPU of each), and the
machine's load before and after.  The data is kept under --data (generated once;
about 75 bytes a row of Parquet).

    python bench/table_scale.py --rows 1e6 1e7 5e7 --repeat 2
    python bench/table_scale.py --rows 1e6 --format csv --repeat 3 --write
    python bench/table_scale.py --rows 1e6 1e7 --dask --repeat 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
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
    import pyarrow.parquet as pq

    done = folder / "COMPLETE"
    if done.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2026)
    for index, start in enumerate(range(0, rows, PER_FILE)):
        k = min(PER_FILE, rows - start)
        def ints(lo: int, hi: int, k: int = k) -> pa.Array:
            return pa.array(rng.integers(lo, hi, k))

        def reals(lo: float, hi: float, k: int = k) -> pa.Array:
            return pa.array(np.round(rng.uniform(lo, hi, k), 2))

        def flags(p: float, k: int = k) -> pa.Array:
            return pa.array(rng.random(k) < p)

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
            write_plain_csv(table, path)
    done.write_text(f"{rows}\n")


def write_plain_csv(table, path: Path) -> None:
    """`table` (a pyarrow table or dataset, written a batch at a time) as a spreadsheet
    writes a CSV file: quotes only where a cell needs them (none here), the header too
    (pyarrow quotes every header name)."""
    import pyarrow.csv as pcsv

    with open(path, "wb") as f:
        f.write((",".join(table.schema.names) + "\n").encode())
        with pcsv.CSVWriter(f, table.schema, write_options=pcsv.WriteOptions(include_header=False, quoting_style="none")) as out:
            for batch in table.to_batches():
                out.write_batch(batch)


def one_file(folder: Path, fmt: str) -> Path:
    """The folder's files as one file (for the in-memory path), made once."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    whole = folder.parent / f"{folder.name}-whole.{fmt}"
    if whole.exists():
        return whole
    data = ds.dataset(sorted(folder.glob(f"*.{fmt}")), format=fmt)
    partial = whole.with_name(whole.name + ".partial")  # renamed once complete
    if fmt == "parquet":
        with pq.ParquetWriter(partial, data.schema) as writer:
            for batch in data.to_batches():
                writer.write_batch(batch)
    else:
        write_plain_csv(data, partial)
    partial.rename(whole)
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
    "out = ['--format', 'csv', '-o', sys.argv[4]] if len(sys.argv) > 4 else ['--top', '10']\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    status = main(['rank', sys.argv[1], '--alternatives', sys.argv[2], '--engine', sys.argv[3], *out])\n"
    "sys.exit(status)"
)
#: The yardstick of the end-to-end target: the fastest read-and-score we know, with
#: none of tradeoff's checks.  pyarrow reads the file, numpy computes the example's
#: five criteria from the facts and its TOPSIS (vector normalization, its weights) and
#: takes the best 10 by a partition; given an output file, it sorts every row best
#: first and pyarrow writes them as CSV (rank, name, score, the criteria), as
#: ``tradeoff rank --format csv -o`` does.
BASELINE = PEAK + """
import sys, numpy as np, pyarrow as pa
_, scenario, file, fmt, *out = sys.argv
if fmt == "parquet":
    import pyarrow.parquet as pq
    table = pq.read_table(file)
else:
    import pyarrow.csv as pcsv
    table = pcsv.read_csv(file)
f = {k: table[k].to_numpy() for k in table.column_names if k != "name"}
horizon, hourly, headcount = 36, 45, 14
hours = f["staff_it_hours"]
cost = f["setup_fee"] + horizon * (f["monthly_fee"] + hours * hourly)
expertise = 10 * (0.4 * (1 - np.exp(-f["certified_staff"] / 3)) + 0.2 * np.minimum(f["years_in_business"], 10) / 10
                  + 0.4 * (f["reference_rating"] / 5) * (1 - np.exp(-f["references"] / 2)))
control = 10 * (0.4 / (1 + f["response_hours"] / 4)
                + 0.2 * (f["nda"].astype(float) + f["data_on_premises"] + f["admin_access"]))
lock_in = 4 * np.minimum(f["contract_months"], 36) / 36 + 3 * (1 - f["documented_share"]) + 3 * f["proprietary_software"]
morale = 10 - 6 * np.minimum(1, 4 * f["layoffs"] / headcount) - 4 * np.minimum(1, hours / 40)
x = np.column_stack([cost, expertise, control, lock_in, morale])
weights = np.array([30, 20, 20, 15, 15]) / 100
benefit = np.array([False, True, True, False, True])
v = x / np.sqrt((x * x).sum(axis=0)) * weights
best = np.where(benefit, v.max(axis=0), v.min(axis=0))
worst = np.where(benefit, v.min(axis=0), v.max(axis=0))
plus, minus = np.sqrt(((v - best) ** 2).sum(axis=1)), np.sqrt(((v - worst) ** 2).sum(axis=1))
score = minus / (plus + minus)
if out:
    import pyarrow.csv as pcsv
    order = np.argsort(-score, kind="stable")
    ranked = pa.table({
        "rank": np.arange(1, len(order) + 1), "name": table["name"].take(order), "score": score[order],
        **{k: c[order] for k, c in zip(("cost", "expertise", "control", "lock_in", "morale"), x.T)},
    })
    pcsv.write_csv(ranked, out[0])
else:
    top = np.argpartition(-score, 10)[:10]
    print(table["name"].take(top[np.argsort(-score[top])]))
"""
FLOOR = PEAK + (
    "import glob, sys, pyarrow.dataset as ds\n"
    "files = sorted(glob.glob(sys.argv[2] + '/*.' + sys.argv[3]))\n"
    "for batch in ds.dataset(files, format=sys.argv[3]).to_batches(): pass"
)


@dataclass
class Run:
    """One child's figures: wall and CPU seconds, peak RSS (bytes), exit status, the
    load as it started, and the last line it wrote to stderr."""

    wall: float
    cpu: float
    rss: int
    status: int
    load: float
    said: str
    traceback: bool


def run(code: str, *args: str, limit: int) -> Run:
    """`code` in a fresh interpreter, its address space limited to `limit` bytes."""

    capped = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n" + code
    load = os.getloadavg()[0]
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", capped, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    lines = err.splitlines()
    peaks = [int(line.split()[1]) for line in lines if line.startswith("peak ")]
    said = next((line for line in reversed(lines) if line.strip() and not line.startswith("peak ")), "")
    return Run(
        wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss=peaks[-1] if peaks else -1,
        status=os.waitstatus_to_exitcode(status), load=load, said=said, traceback="Traceback" in err,
    )


def available() -> int:
    """Bytes of memory available now (MemAvailable), or the machine's if unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def show(rows: int, label: str, got: Run, floor_cpu: float, need: float = 0.0) -> None:
    """A run's line; a failed run's last words under it (`need`: the GB it was
    expected to take)."""
    flag = "" if got.status == 0 else f"  exit {got.status}" + (f" (needs about {need:.0f} GB)" if need else "")
    print(
        f"{rows:>12,} {label:<18} {got.wall:>8.1f} {got.cpu:>8.1f} {got.rss / 2**20:>8.0f} MB"
        f" {got.load:>6.2f} {got.cpu / floor_cpu:>11.2f}x{flag}"
    )
    if got.status != 0:
        print(f"{'':>14}{'TRACEBACK; ' if got.traceback else ''}{got.said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="+", type=float, default=[1e6])
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "tradeoff-bench-tables")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path at each size")
    parser.add_argument("--dask", action="store_true", help="rank on a local Dask cluster too (the extra dask)")
    parser.add_argument(
        "--write", action="store_true",
        help="also write every row as CSV (--format csv -o), in memory and by the baseline",
    )
    parser.add_argument(
        "--memory-limit", type=float, default=None,
        help="GB of address space each child may take (default: half the memory available at the start)",
    )
    args = parser.parse_args()
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    limit = int(available() / 2 if args.memory_limit is None else args.memory_limit * 1e9)
    print(
        f"load before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs; {total / 1e9:.0f} GB, each child limited to"
        f" {limit / 1e9:.1f} GB of address space; Python {sys.version.split()[0]}"
    )
    print(f"{'rows':>12} {'path':<18} {'wall s':>8} {'CPU s':>8} {'peak RSS':>11} {'load':>6} {'CPU / floor':>12}")
    ratios = []
    for rows in map(int, args.rows):
        folder = args.data / f"{args.format}-{rows}"
        generate(rows, args.format, folder)
        whole = one_file(folder, args.format)
        floor = [run(FLOOR, str(SCENARIO), str(folder), args.format, limit=limit) for _ in range(args.repeat)]
        floor_cpu = min(r.cpu for r in floor)
        for got in floor:
            show(rows, "read floor", got, floor_cpu)
        paths: dict[str, list[Run]] = {
            "baseline": [], "in memory": [], "in chunks": [], **({"on Dask": []} if args.dask else {}),
            **({"baseline, written": [], "in memory, written": []} if args.write else {}),
        }
        written = str(args.data / "written.csv")
        for _ in range(args.repeat):  # side by side, under the same load
            paths["baseline"].append(run(BASELINE, str(SCENARIO), str(whole), args.format, limit=limit))
            paths["in memory"].append(run(RANK, str(SCENARIO), str(whole), "memory", limit=limit))
            if args.write:
                paths["baseline, written"].append(run(BASELINE, str(SCENARIO), str(whole), args.format, written, limit=limit))
                paths["in memory, written"].append(run(RANK, str(SCENARIO), str(whole), "memory", written, limit=limit))
            paths["in chunks"].append(run(RANK, str(SCENARIO), str(folder), "stream", limit=limit))
            if args.dask:
                paths["on Dask"].append(run(RANK, str(SCENARIO), str(folder), "dask", limit=limit))
        need = rows * WHOLE_BYTES[args.format] / 1e9
        for label, runs in paths.items():
            for got in runs:
                show(rows, label, got, floor_cpu, need if label == "in memory" else 0.0)
        ratios.append((rows, paths))
    for rows, paths in ratios:
        ok = {label: [r for r in runs if r.status == 0] for label, runs in paths.items()}
        if not ok["in memory"] or not ok["in chunks"]:
            print(f"{rows:>12,} in chunks / in memory: no ratio (a path did not finish)")
            continue
        memory = min(ok["in memory"], key=lambda r: r.cpu)
        for label, base in (("in memory", "baseline"), ("in memory, written", "baseline, written")):
            if ok.get(label) and ok.get(base):
                mine, theirs = min(ok[label], key=lambda r: r.wall), min(ok[base], key=lambda r: r.wall)
                ratio = mine.wall / theirs.wall
                print(
                    f"{rows:>12,} {label} / {base}: wall {ratio:.2f}x, CPU"
                    f" {min(r.cpu for r in ok[label]) / min(r.cpu for r in ok[base]):.2f}x (least of each;"
                    f" target at most 1.3x: {'met' if ratio <= 1.3 else 'not met'})"
                )
        for label in ("in chunks", "on Dask"):
            if ok.get(label):
                other = min(ok[label], key=lambda r: r.cpu)
                print(
                    f"{rows:>12,} {label} / in memory: CPU {other.cpu / memory.cpu:.2f}x, wall {other.wall / memory.wall:.2f}x,"
                    f" peak RSS {other.rss / memory.rss:.3f}x (least CPU of each)"
                )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
