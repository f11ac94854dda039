"""Time the CSV readers a table of offers could go through, side by side, in one run.

Generates an offers CSV (a name and 8 numeric columns, 1e6 rows by default) and reads
it, each reader in a fresh interpreter (so that one's memory does not weigh on the
next), best of --repeat:

- read floor: the file's bytes, decoded (nothing can read a CSV faster);
- csv module: `tradeoff.table_read.read_table`, the one reference reader (columns of
  text, every line placed);
- csv module + checks: `tradeoff.table_input.read_alternatives` for a scenario whose
  criteria are the 8 columns (numbers parsed and checked): what ranking pays to read;
- pandas, polars, pyarrow.csv: each library's CSV reader into typed columns (n/a when
  not installed).

Prints seconds, the ratio to the csv module, and peak memory above the interpreter's
start (ru_maxrss), with the machine's load average.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CRITERIA = [f"c{j}" for j in range(1, 9)]

#: label: (set-up, not timed; the read, timed)
READERS = {
    "read floor (bytes, decoded)": ("", "Path(p).read_bytes().decode('utf-8')"),
    "csv module (tradeoff.table_read)": (
        "from tradeoff.table_read import read_table",
        "read_table(p)",
    ),
    "csv module + checks (read_alternatives)": (
        "import tradeoff; from tradeoff.table_input import read_alternatives; "
        "s = tradeoff.loads(SCENARIO, alternatives_optional=True); e = tradeoff.Engine()",
        "read_alternatives(p, s, e)",
    ),
    "pandas.read_csv": ("import pandas", "pandas.read_csv(p)"),
    "polars.read_csv": ("import polars", "polars.read_csv(p)"),
    "pyarrow.csv.read_csv": ("import pyarrow.csv", "pyarrow.csv.read_csv(p)"),
}


def write_offers(path: Path, rows: int) -> None:
    """Offers with numbers of several shapes (integers, decimals, exponents)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(["name", *CRITERIA]) + "\n")
        for i in range(rows):
            out.write(
                f"offer {i},{i % 997},{(i * 7919) % 100003 / 100},{i % 13 + 0.5},{i % 7},"
                f"{(i % 89) * 1.25e3},{i % 101 / 3:.6f},{i % 3 + 1},{(i * 31) % 1009 / 8}\n"
            )


def scenario() -> str:
    criteria = "".join(f"[criteria.{c}]\nweight = 1\ndirection = \"max\"\n" for c in CRITERIA)
    return f'title = "bench"\nmethod = "topsis"\n{criteria}'


CHILD = """
import resource, sys, time
from pathlib import Path
p, SCENARIO = sys.argv[1], sys.argv[2]
{setup}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
{code}
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


def run(setup: str, code: str, path: Path, repeat: int) -> tuple[float, float] | None:
    """Best seconds of `repeat` fresh interpreters, and that run's peak memory (MB)."""
    if setup.startswith("import ") and not installed(setup.split()[1]):
        return None
    best, memory = float("inf"), 0.0
    for _ in range(repeat):
        child = CHILD.format(setup=setup or "pass", code=code)
        done = subprocess.run(
            [sys.executable, "-c", child, str(path), scenario()], capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        seconds, kib = map(float, done.stdout.split())
        if seconds < best:
            best, memory = seconds, kib / 1024
    return best, memory


def installed(module: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "offers.csv"
        write_offers(path, args.rows)
        size = path.stat().st_size / 1e6
        load = os.getloadavg()
        print(f"{args.rows:,} rows x {len(CRITERIA)} numbers + name, {size:.0f} MB; "
              f"best of {args.repeat}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
              f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
        times = {label: run(*how, path, args.repeat) for label, how in READERS.items()}
        ref = times["csv module (tradeoff.table_read)"]
        print(f"{'reader':42} {'seconds':>8} {'x csv':>7} {'peak MB':>8}")
        for label, got in times.items():
            if got is None:
                print(f"{label:42} {'n/a':>8}")
                continue
            ratio = got[0] / ref[0] if ref else float("nan")
            print(f"{label:42} {got[0]:8.2f} {ratio:7.2f} {got[1]:8.0f}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
