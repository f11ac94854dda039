"""Time the CSV readers a table of offers could go through, side by side, in one run.

Generates an offers CSV (a name and 8 numeric columns, 1e6 rows by default) and reads
it, each reader in a fresh interpreter (so that one's memory does not weigh on the
next), best of --repeat:

- read floor: the file's bytes, decoded (nothing can read a CSV faster);
- tradeoff, csv module / pyarrow: `tradeoff.files.table_read.read_table` with
  ``reader="python"`` (the reference reader) and ``reader="pyarrow"`` (the fast
  reader: the same table);
- + checks: `tradeoff.core.table_input.read_alternatives` for a scenario whose criteria are
  the 8 columns (numbers parsed and checked): what ranking pays to read;
- peers: pandas, polars and pyarrow.csv into typed columns, and polars and pyarrow.csv
  into text columns without quoting (what the fast reader asks of its library);
- the whole command, ``tradeoff rank SCENARIO --alternatives offers.csv --top 10``
  (imports included), without pyarrow (the csv module) and with it.

Prints wall seconds, CPU seconds (all threads), the ratio to the csv module's (the
read's or the command's) and peak memory above the interpreter's start (ru_maxrss),
with the machine's load (uptime) before and after: on a shared machine compare within
one run, and CPU seconds over wall ones.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CRITERIA = [f"c{j}" for j in range(1, 9)]

TEXT = f"dict.fromkeys({['name', *CRITERIA]}, pyarrow.string())"
RANK = (
    "import contextlib, io; from tradeoff.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    main(['rank', s, '--alternatives', p, '--top', '10'])"
)
BLOCK = "import sys; sys.modules['pyarrow'] = None"  # as if the extra were not installed

#: label: (set-up, not timed; the timed code, or None for a heading)
READERS = {
    "read": None,
    "read floor (bytes, decoded)": ("", "Path(p).read_bytes().decode('utf-8')"),
    "tradeoff, csv module": ("from tradeoff.files.table_read import read_table", "read_table(p, reader='python')"),
    "tradeoff, pyarrow": (
        "import pyarrow.csv; from tradeoff.files.table_read import read_table",
        "read_table(p, reader='pyarrow')",
    ),
    "tradeoff, csv module + checks": (
        "import tradeoff; from tradeoff.core.table_input import read_alternatives; "
        "sc = tradeoff.loads(SCENARIO, alternatives_optional=True); e = tradeoff.Engine()",
        "read_alternatives(p, sc, e, reader='python')",
    ),
    "tradeoff, pyarrow + checks": (
        "import pyarrow.csv, tradeoff; from tradeoff.core.table_input import read_alternatives; "
        "sc = tradeoff.loads(SCENARIO, alternatives_optional=True); e = tradeoff.Engine()",
        "read_alternatives(p, sc, e, reader='pyarrow')",
    ),
    "pandas.read_csv, typed": ("import pandas", "pandas.read_csv(p)"),
    "polars.read_csv, typed": ("import polars", "polars.read_csv(p)"),
    "polars.read_csv, text": (
        "import polars",
        "polars.read_csv(p, infer_schema=False, quote_char=None)",
    ),
    "pyarrow.csv.read_csv, typed": ("import pyarrow.csv", "pyarrow.csv.read_csv(p)"),
    "pyarrow.csv.read_csv, text": (
        "import pyarrow, pyarrow.csv",
        "pyarrow.csv.read_csv(p, parse_options=pyarrow.csv.ParseOptions(quote_char=False), "
        "convert_options=pyarrow.csv.ConvertOptions(column_types=" + TEXT + "))",
    ),
    "tradeoff rank --alternatives --top 10": None,
    "rank, csv module (no pyarrow)": (BLOCK, RANK),
    "rank, pyarrow (fast-csv extra)": ("", RANK),
}
#: The row each row is compared with.
REFERENCE = {"read": "tradeoff, csv module", "tradeoff rank --alternatives --top 10": "rank, csv module (no pyarrow)"}


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
p, s, SCENARIO = sys.argv[1], sys.argv[2], sys.argv[3]
{setup}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t, c = time.perf_counter(), time.process_time()
{code}
dt, dc = time.perf_counter() - t, time.process_time() - c
print(dt, dc, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


def run(setup: str, code: str, path: Path, repeat: int) -> tuple[float, float, float] | None:
    """Best wall seconds of `repeat` fresh interpreters, with that run's CPU seconds
    and peak memory (MB); None when a library is not installed."""
    if "import " in setup and not all(installed(m) for m in modules(setup)):
        return None
    best = (float("inf"), 0.0, 0.0)
    scenario_file = path.with_name("offers.toml")
    for _ in range(repeat):
        child = CHILD.format(setup=setup or "pass", code=code)
        done = subprocess.run(
            [sys.executable, "-c", child, str(path), str(scenario_file), scenario()],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        wall, cpu, kib = map(float, done.stdout.split())
        if wall < best[0]:
            best = (wall, cpu, kib / 1024)
    return best


def modules(setup: str) -> list[str]:
    """The libraries a set-up imports ("import pyarrow.csv, tradeoff; ...")."""
    names = []
    for statement in setup.split(";"):
        if statement.split()[:1] == ["import"]:
            names += [part.split()[0].split(".")[0] for part in statement.split(None, 1)[1].split(",")]
    return names


def installed(module: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "offers.csv"
        write_offers(path, args.rows)
        path.with_name("offers.toml").write_text(scenario(), encoding="utf-8")
        size = path.stat().st_size / 1e6
        print(f"{args.rows:,} rows x {len(CRITERIA)} numbers + name, {size:.0f} MB; best of "
              f"{args.repeat} (wall); Python {sys.version.split()[0]}; before: {uptime()}")
        times = {label: how and run(*how, path, args.repeat) for label, how in READERS.items()}
        print(f"{'':40} {'wall s':>7} {'CPU s':>7} {'x csv':>6} {'peak MB':>8}")
        ref = None
        for label, got in times.items():
            if label in REFERENCE:
                ref = times[REFERENCE[label]]
                print(f"-- {label}")
            elif got is None:
                print(f"{label:40} {'n/a':>7}")
            else:
                ratio = f"{got[0] / ref[0]:6.2f}" if ref else f"{'n/a':>6}"
                print(f"{label:40} {got[0]:7.2f} {got[1]:7.2f} {ratio} {got[2]:8.0f}")
        print(f"after: {uptime()}")


if __name__ == "__main__":
    main()
