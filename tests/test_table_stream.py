"""Reading tables in chunks (`tradeoff.files.table_stream`): the chunks of a file,
put end to end, are the table `read_table` reads from it (cells, each row's line or
index, bad rows), whatever the size of the chunks and of the blocks of bytes read,
and a bad file raises `read_table`'s own error.  Which files a folder or a pattern
names; how far the reading is; a big file read in little memory."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.files.table_read import Typed, read_table
from tradeoff.files.table_stream import BLOCK, ROWS, read_chunks, table_files, total

from .strategies import CsvTable, csv_tables

PYARROW = (
    os.environ.get("TRADEOFF_REQUIRE_PYARROW") == "1" or importlib.util.find_spec("pyarrow") is not None
)
needs_pyarrow = pytest.mark.skipif(not PYARROW, reason="pyarrow is not installed (the fast-csv extra)")
READERS = ["python", pytest.param("pyarrow", marks=needs_pyarrow)]
#: Chunk sizes in rows, and block sizes in bytes: one line a block, a few, many.
ROW_SIZES = (1, 2, 7, 10**6)
BLOCK_SIZES = (1, 13, 100, BLOCK)

PLAIN = "".join(f"offer {i},{i * 1.5},{i % 7},note {i}\n" for i in range(60))
CSV_FILES = {
    "plain": "name,price,speed,note\n" + PLAIN,
    "quoted over lines": 'name,price,note\nA,10,"first\nsecond\nthird"\n' + "B,12,x\n" * 20 + 'C,9,"a ""quote"""\n',
    "a quote late": "name,price,speed,note\n" + PLAIN + 'late,1,2,"two\nlines"\n' + PLAIN,
    "ragged rows": "name,price,speed\nA,1,2\nB,1\nC,1,2,3\n" + "D,4,5\n" * 30 + ",,\nE,1,2,,\n",
    "blank lines": "\n\n  \nname,price\n\nA,1\n\n\nB,2\n \n" + "C,3\n" * 20 + "\n",
    "many blank lines first": "\n" * 70 + "name;price\nA;1,5\n" + "B;2\n" * 20,
    "byte order mark": "\ufeffname,price\n" + "A,1\n" * 40,
    "semicolons": "name;price;speed\n" + "".join(f"o{i};{i},5;{i}\n" for i in range(40)),
    "tabs": "name\tprice\n" + "".join(f"o{i}\t{i}\n" for i in range(40)),
    "crlf": "name,price\r\n" + "".join(f"o{i},{i}\r\n" for i in range(40)) + 'q,"a\r\nb"\r\n',
    "cr only": "name,price\r" + "".join(f"o{i},{i}\r" for i in range(40)),
    "label headers": "Name,Monthly fee,  SPEED \n" + "".join(f"o{i},{i},{i % 3}\n" for i in range(40)),
    "no final line end": "name,price\n" + "A,1\n" * 30 + "B,2",
    "empty cells": "name,price,speed\n" + "A,,1\nB,2,\n ,,\n" * 15,
    "one column": "name\n" + "A\n\nB\n" * 20,
}


def write(tmp_path: Path, text: str, name: str = "offers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def seen(tables) -> tuple[list[int], dict[str, list[str]], list[str]]:
    """The rows' places, each column's cells as errors show them, and the bad rows, of
    tables read end to end (each with the first one's header)."""
    tables = list(tables)
    header = tables[0].header
    assert all(t.header == header for t in tables)
    rows = [int(r) for t in tables for r in t.rows]
    cells = {h: [t.text(h, i) for t in tables for i in range(t.n)] for h in header}
    return rows, cells, [str(f) for t in tables for f in t.faults]


def same_as_whole(path: Path, reader: str, rows: int, block: int, name: str = "name") -> list:
    whole = read_table(path, reader=reader, name=name)
    chunks = list(read_chunks([path], reader=reader, rows=rows, block=block, name=name))
    tables = [c.table for c in chunks]
    assert seen(tables) == seen([whole])
    assert all(t.n <= rows and t.file == str(path) and t.kind == whole.kind for t in tables)
    assert all(t.written == whole.written for t in tables)
    for head, cells in whole.cells.items():  # a typed column is typed in every chunk
        if isinstance(cells, Typed):
            assert all(isinstance(t.cells[head], Typed) and t.cells[head].kind == cells.kind for t in tables)
    return chunks


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", sorted(CSV_FILES))
def test_a_csv_files_chunks_are_its_table(tmp_path, case, reader):
    path = write(tmp_path, CSV_FILES[case])
    for rows in ROW_SIZES:
        for block in BLOCK_SIZES:
            same_as_whole(path, reader, rows, block)


@pytest.mark.parametrize("reader", READERS)
def test_the_column_of_names_as_mapped(tmp_path, reader):
    path = write(tmp_path, "Vendor,price\n" + "".join(f" v{i} ,{i}\n" for i in range(30)))
    for rows in ROW_SIZES:
        chunks = same_as_whole(path, reader, rows, 50, name="Vendor")
        assert chunks[0].table.written == {"name": "Vendor"}
        assert chunks[0].table.text("name", 0) == "v0"


@needs_pyarrow
def test_pyarrow_reads_the_blocks_it_can_and_the_csv_module_the_rest(tmp_path):
    """Before the quote, blocks are pyarrow's (numbers come typed); from the block
    holding it on, the csv module's (text), lines counted across the two."""
    path = write(tmp_path, CSV_FILES["a quote late"])
    chunks = list(read_chunks([path], reader="pyarrow", rows=10, block=200))
    kinds = [isinstance(c.table.cells["price"], Typed) for c in chunks]
    assert kinds[0] and not kinds[-1]
    assert kinds == sorted(kinds, reverse=True)
    late = next(c.table for c in chunks if "late" in c.table.cells["name"])
    assert late.rows[list(late.cells["name"]).index("late")] == 62  # header, 60 rows, then it


@given(case=csv_tables(), rows=st.integers(1, 8), block=st.integers(1, 64))
def test_any_csv_text_read_in_chunks_is_its_table(tmp_path_factory, case: CsvTable, rows: int, block: int):
    path = write(tmp_path_factory.mktemp("csv"), case.text)
    for reader in ("python", "pyarrow") if PYARROW else ("python",):
        try:
            whole = read_table(path, reader=reader)
        except ScenarioError as error:  # a header only, say: the chunks' error is the same
            with pytest.raises(ScenarioError) as caught:
                list(read_chunks([path], reader=reader, rows=rows, block=block))
            assert str(caught.value) == str(error)
            continue
        chunks = list(read_chunks([path], reader=reader, rows=rows, block=block))
        assert seen([c.table for c in chunks]) == seen([whole])


BAD_FILES = {
    "empty": b"",
    "blank": b"\n \n\n",
    "header only": b"name,price\n",
    "no name column": b"vendor,price\n" + b"A,1\n" * 30,
    "a column twice": b"name,price,price\n" + b"A,1,2\n" * 30,
    "a zip file": b"PK\x03\x04 whatever\n",
    "a late NUL": b"name,price\n" + b"A,1\n" * 40 + b"B,\x002\n" + b"C,3\n" * 5,
    "bad UTF-8 after a byte order mark": b"\xef\xbb\xbfname,price\nA,1\n\nB,\xff\n",
    "bad UTF-8, then a NUL": b"name,price\nA,\xff\n" + b"C,3\n" * 40 + b"D,\x00\n",
    "a quote never closed": b"name,price\n" + b"A,1\n" * 40 + b'B,"2\n' + b"C,3\n" * 5,
    "text after a closing quote": b"name,price\n" + b"A,1\n" * 30 + b'B,"2"x\n',
    "bad quoting, then bad UTF-8": b'name,price\nA,"1"x\n' + b"C,3\n" * 40 + b"D,\xfe\n",
    "no name column, then bad quoting": b"vendor,price\n" + b"A,1\n" * 40 + b'B,"2\n',
    "a cell over the limit": b"name,price\nA," + b"9" * 140000 + b"\n",
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_raises_read_tables_error(tmp_path, case, reader):
    path = tmp_path / "offers.csv"
    path.write_bytes(BAD_FILES[case])
    with pytest.raises(ScenarioError) as whole:
        read_table(path, reader=reader)
    assert str(whole.value).startswith(f"{path}:")
    for rows, block in [(1, 1), (7, 13), (ROWS, 100), (ROWS, BLOCK)]:
        with pytest.raises(ScenarioError) as caught:
            list(read_chunks([path], reader=reader, rows=rows, block=block))
        assert str(caught.value) == str(whole.value)


def test_a_missing_file_is_an_error_before_any_chunk(tmp_path):
    good = write(tmp_path, "name,price\nA,1\n")
    with pytest.raises(ScenarioError, match="no such file"):
        read_chunks([good, tmp_path / "gone.csv"])


def test_files_with_their_columns_in_other_orders(tmp_path):
    one = write(tmp_path, "name,price,speed\nA,1,2\nB,3,4\n", "one.csv")
    two = write(tmp_path, "speed,Name,price\n5,C,6\n", "two.csv")
    chunks = list(read_chunks([one, two], rows=1))
    assert [(c.index, c.table.file, c.table.header) for c in chunks] == [
        (0, str(one), ("name", "price", "speed")),
        (0, str(one), ("name", "price", "speed")),
        (1, str(two), ("speed", "name", "price")),
    ]
    assert [c.table.text("price", 0) for c in chunks] == ["1", "3", "6"]
    assert [int(c.table.rows[0]) for c in chunks] == [2, 3, 2]


def test_each_files_header_is_checked(tmp_path):
    one = write(tmp_path, "name,price\nA,1\n", "one.csv")
    two = write(tmp_path, "vendor,price\nB,2\n", "two.csv")
    chunks = read_chunks([one, two])
    assert next(chunks).table.file == str(one)
    with pytest.raises(ScenarioError, match=rf'^{two}:1: expected a column "name"'):
        next(chunks)


def test_progress_counts_bytes_of_csv_files(tmp_path):
    one = write(tmp_path, "name,price\n" + "A,1\n" * 100, "one.csv")
    two = write(tmp_path, "name,price\n" + "B,22\n" * 50, "two.csv")
    sizes = [len("name,price\n") + 400, len("name,price\n") + 250]
    extent = total([one, two])
    assert (extent.unit, extent.total, extent.totals) == ("bytes", sum(sizes), tuple(sizes))
    chunks = list(read_chunks([one, two], rows=30, block=64))
    assert all(c.total == sum(sizes) and c.unit == "bytes" for c in chunks)
    assert [c.done for c in chunks] == sorted(c.done for c in chunks)
    last = {c.index: c for c in chunks}
    assert (last[0].file_done, last[0].file_total, last[0].done) == (sizes[0], sizes[0], sizes[0])
    assert (last[1].file_done, last[1].done) == (sizes[1], sum(sizes))
    assert chunks[0].file_done < sizes[0]  # a block of 64 bytes, not the file


def test_table_files_of_a_folder(tmp_path):
    for name in ["b.csv", "a.parquet", "c.PQ", ".hidden.csv", "._b.csv", "notes.txt", "README"]:
        (tmp_path / name).write_text("name\nA\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.csv").write_text("name\nA\n")
    (tmp_path / "folder.csv").mkdir()  # a folder, whatever its name
    assert table_files(tmp_path) == tuple(str(tmp_path / n) for n in ["a.parquet", "b.csv", "c.PQ"])


def test_table_files_of_a_pattern(tmp_path):
    (tmp_path / "offers" / "2025").mkdir(parents=True)
    for name in ["offers/b.csv", "offers/a.csv", "offers/2025/c.csv", "offers/x.parquet", "offers/.h.csv"]:
        (tmp_path / name).write_text("name\nA\n")
    assert table_files(tmp_path / "offers" / "*.csv") == (str(tmp_path / "offers/a.csv"), str(tmp_path / "offers/b.csv"))
    assert table_files(tmp_path / "offers" / "**" / "*.csv") == tuple(
        str(tmp_path / n) for n in ["offers/2025/c.csv", "offers/a.csv", "offers/b.csv"]
    )
    assert table_files(tmp_path / "offers" / "*") == tuple(
        str(tmp_path / n) for n in ["offers/a.csv", "offers/b.csv", "offers/x.parquet"]
    )  # the folder 2025 is no file


def test_an_existing_path_is_never_a_pattern(tmp_path):
    literal = write(tmp_path, "name\nA\n", "a[1].csv")
    write(tmp_path, "name\nB\n", "a1.csv")
    assert table_files(literal) == (str(literal),)
    assert table_files(tmp_path / "a[1].csv") == (str(literal),)
    assert table_files(tmp_path / "a[0-9].csv") == (str(tmp_path / "a1.csv"),)


@pytest.mark.parametrize(
    "make, spec, message",
    [
        (lambda p: None, "*.csv", "{p}/*.csv: expected files the pattern matches (CSV or Parquet), got none"),
        (lambda p: (p / "f").mkdir(), "f", "{p}/f: expected a folder of .csv, .parquet or .pq files (its subfolders are not read), got an empty folder"),
        (lambda p: ((p / "f").mkdir(), (p / "f" / "n.txt").write_text("x")), "f",
         "{p}/f: expected a folder of .csv, .parquet or .pq files (its subfolders are not read), got 1 file of other kinds"),
        (lambda p: ((p / "f").mkdir(), (p / "f" / "a.csv").write_text("x"), (p / "f" / "b.xlsx").write_text("x")), "f",
         '{p}/f: expected CSV or Parquet files, read in chunks (a workbook is read whole: give it on its own), got the workbook "b.xlsx"'),
        (lambda p: (p / "b.xlsx").write_text("x"), "*.xlsx",
         '{p}/*.xlsx: expected CSV or Parquet files, read in chunks (a workbook is read whole: give it on its own), got the workbook "b.xlsx"'),
        (lambda p: None, "gone.csv", "{p}/gone.csv: expected a file of alternatives, got no such file"),
    ],
)
def test_table_files_errors(tmp_path, make, spec, message):
    make(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        table_files(tmp_path / spec)
    assert str(caught.value) == message.format(p=tmp_path)
    assert "\n" not in str(caught.value)


def test_a_workbook_is_not_read_in_chunks(tmp_path):
    with pytest.raises(ScenarioError, match="a workbook"):
        read_chunks([tmp_path / "a.xlsx"])


@pytest.fixture
def pq():
    if os.environ.get("TRADEOFF_REQUIRE_PYARROW") != "1":
        pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    return pq


def test_a_parquet_files_chunks_are_its_table(tmp_path, pq):
    import pyarrow as pa

    n = 57
    data = pa.table({
        " Vendor ": [f"v{i}" if i % 9 else None for i in range(n)],
        "price": pa.array([i * 0.5 if i % 4 else None for i in range(n)], pa.float64()),
        "count": pa.array([2**60 + i if i % 5 else None for i in range(n)], pa.int64()),
        "ok": pa.array([i % 3 == 0 if i % 6 else None for i in range(n)]),
        "note": [f"n{i}" for i in range(n)],
    })
    path = tmp_path / "offers.parquet"
    pq.write_table(data, path, row_group_size=10)
    for rows in ROW_SIZES:
        chunks = same_as_whole(path, "auto", rows, BLOCK, name="Vendor")
        assert [c.file_done for c in chunks][-1] == n == chunks[-1].done == chunks[-1].total
        assert all(c.unit == "rows" and c.file_total == n for c in chunks)
    assert chunks[0].table.text("count", 1) == str(2**60 + 1)  # the exact integer
    assert total([path, path]).total == 2 * n


def test_a_bad_parquet_file(tmp_path, pq):
    import pyarrow as pa

    path = tmp_path / "twice.parquet"
    pq.write_table(pa.table([pa.array(["A"]), pa.array([1]), pa.array([2])], names=["name", "price", "price"]), path)
    with pytest.raises(ScenarioError) as whole:
        read_table(path)
    with pytest.raises(ScenarioError) as caught:
        list(read_chunks([path]))
    assert str(caught.value) == str(whole.value)
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"name": pa.array([], pa.string())}), empty)
    with pytest.raises(ScenarioError, match="at least one row"):
        list(read_chunks([empty]))
    broken = write(tmp_path, "name\nA\n" * 5, "broken.parquet")
    with pytest.raises(ScenarioError, match=rf"^{broken}: expected a Parquet file, got Parquet magic bytes"):
        read_chunks([broken])


def test_progress_of_parquet_among_csv_files_is_in_bytes(tmp_path, pq):
    import pyarrow as pa

    csv_file = write(tmp_path, "name,price\n" + "A,1\n" * 10, "a.csv")
    parquet = tmp_path / "b.parquet"
    pq.write_table(pa.table({"name": [f"v{i}" for i in range(40)]}), parquet, row_group_size=10)
    sizes = [os.path.getsize(csv_file), os.path.getsize(parquet)]
    chunks = list(read_chunks([csv_file, parquet], rows=10))
    assert [c.unit for c in chunks] == ["bytes"] * 5
    assert [c.file_done for c in chunks] == [sizes[0], 10, 20, 30, 40]
    assert [c.done for c in chunks] == [sizes[0] + sizes[1] * k // 4 for k in range(5)]


BIG = """\
import resource, sys
from tradeoff.files.table_stream import read_chunks
rows = faults = 0
for chunk in read_chunks(sys.argv[1:]):
    rows += chunk.table.n
    faults += len(chunk.table.faults)
    last = chunk
assert last.done == last.total, (last.done, last.total)
try:  # this process's own peak: ru_maxrss would count the parent's memory at the fork
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(rows, faults, peak)
"""


@pytest.mark.slow
@needs_pyarrow
def test_a_big_file_is_read_in_little_memory(tmp_path, pq):
    """300 MB of CSV (a quoted cell near its end: the last blocks are the csv
    module's) and 5e6 rows of Parquet, read in a child process whose peak memory
    stays far below either file's size as a whole table."""
    import numpy as np
    import pyarrow as pa

    piece = "".join(f"offer {i},{i % 1000}.25,{i % 7},a note of some length {i}\n" for i in range(50_000))
    big = tmp_path / "big.csv"
    copies = 300_000_000 // len(piece) + 1
    with big.open("w") as out:
        out.write("name,price,speed,note\n")
        for k in range(copies):
            out.write(piece)
            if k == copies - 3:
                out.write('quoted,1,2,"over\ntwo lines"\nragged,1\n')
    assert big.stat().st_size > 300_000_000
    n = 5_000_000
    parquet = tmp_path / "big.parquet"
    group = 500_000
    with pq.ParquetWriter(parquet, pa.schema([("name", pa.string()), ("price", pa.float64())])) as out:
        for start in range(0, n, group):
            at = np.arange(start, start + group)
            out.write_table(pa.table({"name": pa.array(np.char.add("v", at.astype(str))), "price": at * 0.5}))
    for files, rows, faults in [([big], copies * 50_000 + 1, 1), ([parquet], n, 0)]:
        run = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(BIG), *map(str, files)],
            capture_output=True, text=True, timeout=600, check=False,
        )
        assert run.returncode == 0, run.stderr
        got_rows, got_faults, peak = map(int, run.stdout.split())
        assert (got_rows, got_faults) == (rows, faults)
        assert peak < 300, f"{files[0].name}: {peak} MB"
