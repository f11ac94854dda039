"""Parquet cells read as the same data in a CSV file would be: integers beyond 2**53,
headers with spaces around them."""

from __future__ import annotations

import os

import pytest

from tradeoff.cli import main
from tradeoff.files.table_read import read_table

if os.environ.get("TRADEOFF_REQUIRE_PYARROW") != "1":  # .ci/run installs it and sets this
    pytest.importorskip("pyarrow")
import pyarrow as pa
import pyarrow.parquet as pq

SCENARIO = """\
format = 1
[criteria.price]
direction = "min"
[criteria.speed]
direction = "max"
"""


def rank(capsys, folder, table: str) -> tuple[int, str, str]:
    (folder / "s.toml").write_text(SCENARIO, encoding="utf-8")
    capsys.readouterr()
    status = main(["--no-entry-points", "rank", str(folder / "s.toml"), "--alternatives", str(folder / table),
                   "--format", "csv"])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "kind, big",
    [(pa.int64(), 2**53 + 1), (pa.int64(), 2**63 - 1), (pa.int64(), -(2**63)), (pa.uint64(), 2**64 - 1)],
)
def test_an_integer_beyond_2_53_ranks_as_the_same_digits_in_a_csv_file(tmp_path, capsys, kind, big):
    """Every reader takes a number as the nearest float (a CSV file's and a scenario's
    digits too), so a Parquet integer beyond 2**53 does, rather than being refused."""
    columns = {"name": ["A", "B", "C"], "price": pa.array([big, 5, 7], kind), "speed": [1.0, 2.0, 3.0]}
    pq.write_table(pa.table(columns), tmp_path / "big.parquet")
    (tmp_path / "big.csv").write_text(f"name,price,speed\nA,{big},1\nB,5,2\nC,7,3\n", encoding="utf-8")
    got = rank(capsys, tmp_path, "big.parquet")
    assert got == rank(capsys, tmp_path, "big.csv")
    assert got[0] == 0 and got[2] == ""


def test_an_error_shows_the_integer_as_written(tmp_path):
    columns = {"name": ["A", "B", None], "price": pa.array([2**53 + 1, None, 3], pa.int64())}
    pq.write_table(pa.table(columns), tmp_path / "t.parquet")
    table = read_table(tmp_path / "t.parquet")
    assert [table.text("price", i) for i in range(3)] == ["9007199254740993", "", "3"]
    assert table.cells["price"].values[0] == float(2**53 + 1)


def test_parquet_headers_are_stripped_as_csv_headers_are(tmp_path, capsys):
    columns = {" name ": ["A", "B"], "price ": pa.array([10, 12], pa.int64()), "\tspeed": [3.0, 5.0]}
    pq.write_table(pa.table(columns), tmp_path / "spaced.parquet")
    (tmp_path / "spaced.csv").write_text(" name ,price ,\tspeed\nA,10,3\nB,12,5\n", encoding="utf-8")
    got = rank(capsys, tmp_path, "spaced.parquet")
    assert got == rank(capsys, tmp_path, "spaced.csv")
    assert got[0] == 0 and got[1].startswith("rank,name,score,price,speed\n")
    assert read_table(tmp_path / "spaced.parquet").header == ("name", "price", "speed")


def test_two_parquet_columns_of_one_name_once_stripped_are_refused(tmp_path, capsys):
    columns = {"name": ["A", "B"], "price": [10.0, 12.0], " price": [1.0, 2.0], "speed": [3.0, 5.0]}
    pq.write_table(pa.table(columns), tmp_path / "twice.parquet")
    status, out, err = rank(capsys, tmp_path, "twice.parquet")
    assert (status, out) == (2, "")
    assert err == f'error: {tmp_path / "twice.parquet"}: price: expected column names that are unique, got "price" in columns 2 and 3\n'


# -- text cells read in one call, as a cell at a time ----------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tradeoff.files.table_read import _cell_text, _text_cells  # noqa: E402

from .strategies import text_cells  # noqa: E402


@given(cells=text_cells(), large=st.booleans(), cut=st.integers(0, 5), parts=st.integers(1, 3))
def test_text_cells_read_at_once_are_the_cells_read_one_by_one(cells, large, cut, parts):
    """Only cells whose first or last byte may be a space are stripped one by one:
    the rest must already be as `str.strip` leaves them, whatever the spaces (not only
    ASCII ones), nulls, the array's offset into its buffers (a slice) or its chunks."""
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["x"] * cut + cells, type=kind).slice(cut)  # offset into the buffers
    size = -(-len(cells) // parts) if cells else 1
    chunked = pa.chunked_array([whole.slice(k, size) for k in range(0, len(cells), size)] or [whole], type=kind)
    expected = [_cell_text(cell) for cell in cells]
    assert _text_cells(pa, whole) == expected
    assert _text_cells(pa, chunked) == expected


def test_text_cells_of_other_kinds_are_their_text():
    assert _text_cells(pa, pa.array([b" a ", None], pa.binary())) == ["b' a '", ""]
    assert _text_cells(pa, pa.array([None], pa.null())) == [""]


# -- running out of memory while reading -----------------------------------------------


@pytest.mark.parametrize(
    "command, engine", [("rank", "memory"), ("rank", "stream"), ("sensitivity", "memory"), ("sensitivity", "stream")]
)
def test_arrow_out_of_memory_is_the_one_out_of_memory_error(tmp_path, capsys, monkeypatch, command, engine):
    """pyarrow's `ArrowMemoryError` is an `ArrowException`: it must not read as a file
    that is not Parquet, but as the decision that does not fit in memory."""
    pq.write_table(pa.table({"name": ["A", "B"], "price": [1.0, 2.0], "speed": [3.0, 4.0]}), tmp_path / "t.parquet")

    def starved(*args, **kwargs):
        raise pa.ArrowMemoryError("realloc of size 1048576 failed")

    monkeypatch.setattr(pq.ParquetFile, "read", starved)
    monkeypatch.setattr(pq.ParquetFile, "iter_batches", starved)
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    status = main(["--no-entry-points", command, str(tmp_path / "s.toml"), "--alternatives", str(tmp_path / "t.parquet"),
                   "--engine", engine])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "expected a decision that fits in memory" in err, err
    assert "Parquet" not in err, err


def test_a_file_mapping_that_runs_out_is_the_one_out_of_memory_error(tmp_path, capsys, monkeypatch):
    """Mapping the spill back (numpy's memmap) runs out as an `OSError` ENOMEM, not a
    `MemoryError`: it is the same one-line error."""
    import errno

    import numpy as np

    pq.write_table(pa.table({"name": ["A", "B"], "price": [1.0, 2.0], "speed": [3.0, 4.0]}), tmp_path / "t.parquet")

    def starved(*args, **kwargs):
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(np, "memmap", starved)
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    status = main(["--no-entry-points", "rank", str(tmp_path / "s.toml"), "--alternatives", str(tmp_path / "t.parquet"),
                   "--engine", "stream"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "not enough memory for the rows of" in err, err


def _big_offers(path, n: int) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    schema = pa.schema([("name", pa.string()), ("price", pa.float64()), ("speed", pa.float64())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, n, 500_000):
            k = min(500_000, n - start)
            writer.write_table(pa.table({
                "name": [f"o{i}" for i in range(start, start + k)], "price": rng.uniform(1, 100, k), "speed": rng.uniform(1, 9, k),
            }, schema=schema))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["memory", "stream"])
@pytest.mark.parametrize("megabytes", [1000, 1500])
def test_under_a_real_limit_on_memory_a_table_ranks_or_is_one_line(tmp_path, engine, megabytes):
    """3e6 rows under a real limit on the address space (``ulimit -v``): read whole
    (about 1.6 GB) the run ends in the one-line error, exit 2; in chunks it ranks, or
    (where pyarrow's allocator has reserved its 1 GiB arena) it too ends in that
    line: never a traceback."""
    import resource
    import subprocess
    import sys

    _big_offers(tmp_path / "t.parquet", 3_000_000)
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    limit = megabytes << 20

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "tradeoff.cli", "--no-entry-points", "rank", str(tmp_path / "s.toml"),
         "--alternatives", str(tmp_path / "t.parquet"), "--engine", engine, "--top", "3"],
        check=False, capture_output=True, text=True, timeout=600, preexec_fn=limited,
    )
    if engine == "memory" or done.returncode != 0:
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "not enough memory for the rows of" in done.stderr, done.stderr
    else:
        assert "o" in done.stdout.splitlines()[2]  # the best row
