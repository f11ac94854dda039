"""Reading CSV files of alternatives (`tradeoff.files.table_read`): the `csv` module is the
reference reader (bad quoting is an error at its row, never rows lost), and the fast
reader (pyarrow) gives the same table and the same errors, or leaves the file to it."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import tradeoff
from hypothesis import given
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.core.table_input import check_table
from tradeoff.files import table_read
from tradeoff.files.table_read import CELL_LIMIT, Typed, _fast_csv, read_table

from .scenarios import VENDORS
from .strategies import CsvTable, csv_tables, numeric_texts

#: The fast reader's tests run when pyarrow is installed (always in CI: .ci/run sets
#: the variable, so they fail there without it).
PYARROW = (
    os.environ.get("TRADEOFF_REQUIRE_PYARROW") == "1" or importlib.util.find_spec("pyarrow") is not None
)
needs_pyarrow = pytest.mark.skipif(not PYARROW, reason="pyarrow is not installed (the fast-csv extra)")

SCENARIO = """\
title = "Offers"
method = "topsis"
[criteria.price]
weight = 1
direction = "min"
[criteria.speed]
weight = 1
direction = "max"
"""


def write(tmp_path: Path, text: str, name: str = "offers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def error(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_table(path)
    return str(caught.value)


@given(csv_tables())
def test_the_table_is_what_the_text_holds(tmp_path_factory, case: CsvTable):
    """Cells, the line of each row and the ragged rows, for texts with quotes,
    separators and line breaks in cells, CR/LF line ends, blank lines and empty cells,
    whichever reader is asked for.  (Examples: the Hypothesis profile's, 300 in CI;
    nearly all the time is the strategy's, not the reading.)"""
    path = write(tmp_path_factory.mktemp("csv"), case.text)
    for reader in ("python", "pyarrow") if PYARROW else ("python",):
        table = read_table(path, reader=reader)
        assert table.header == case.header
        assert table.rows.tolist() == [line for line, _ in case.rows]
        for j, head in enumerate(case.header):
            cells = table.cells[head]
            written = cells.written.to_pylist() if isinstance(cells, Typed) else cells
            assert written == [cells[j] for _, cells in case.rows]
        assert [str(f) for f in table.faults] == [
            f"{path}:{line}: expected {len(case.header)} cells, as the header has, got {width}"
            for line, width in case.ragged
        ]


def test_a_stray_quote_is_an_error_at_its_row_not_rows_lost(tmp_path, capsys):
    (tmp_path / "s.toml").write_text(SCENARIO)
    path = write(tmp_path, 'name,price,speed,note\nA,10,3,\nB,12,5,"oops\nC,9,4,\nD,11,2,\n')
    message = (
        f"{path}:3: expected every quote that opens a cell closed (a quote in a cell is "
        "doubled), got a quote opened in this row and never closed"
    )
    assert error(path) == message
    assert main(["rank", str(tmp_path / "s.toml"), "--alternatives", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_a_stray_quote_before_a_long_file_is_placed_too(tmp_path):
    """A quote never closed runs past the cell limit before the end of the file."""
    rows = "".join(f"R{i},{i},1,\n" for i in range(20_000))
    path = write(tmp_path, f'name,price,speed,note\nA,10,3,\nB,12,5,"oops\n{rows}')
    assert error(path).startswith(f"{path}:3: expected every quote that opens a cell closed")


def test_text_after_a_closing_quote_is_an_error_at_its_row(tmp_path):
    path = write(tmp_path, 'name,price\nA,1\n"B"x,2\n')
    assert error(path).startswith(f"{path}:3: expected a separator or the end of the line after a closing quote")


def test_a_quoted_header_with_a_line_break_is_one_header(tmp_path):
    path = write(tmp_path, 'name,price,"speed\n(km/h)"\nA,10,3\nB,12,5\n')
    table = read_table(path)
    assert table.header == ("name", "price", "speed\n(km/h)")
    assert table.cells["name"] == ["A", "B"]
    assert table.rows.tolist() == [3, 4]
    assert table.faults == ()


@pytest.mark.parametrize("quotes", ["", '"'])
def test_one_cell_limit_whether_or_not_the_file_has_quotes(tmp_path, quotes):
    big = "x" * 200_000
    path = write(tmp_path, f"name,price\n{quotes}A{quotes},1\nB,{big}\nC,3\n")
    assert error(path) == f"{path}:3: expected cells of at most {CELL_LIMIT} characters, got a longer cell"
    fits = write(tmp_path, f"name,price\n{quotes}A{quotes},1\nB,{'1' * CELL_LIMIT}\n", "fits.csv")
    assert read_table(fits).cells["price"][1] == "1" * CELL_LIMIT


# -- the fast reader (pyarrow) gives the csv module's table, or leaves the file to it --


#: The columns of a plain file: the required facts (numbers, an integer) and the inline
#: value, and some of a boolean fact, an optional one and a column no criterion reads.
REQUIRED = ("monthly_fee", "response_hours", "contract_months", "uptime")
OPTIONAL = ("nda", "setup_fee", "note")
#: Cells as spreadsheets and scripts write numbers (forms pyarrow parses and forms it
#: leaves to Python), booleans, blanks and text, none with a quote, separator or line end.
NUMBER_FORMS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda x: f"{x:.3e}"),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        ["1.", ".5", "-.5", "-0", "007", "5E-3", "5e+3", "+1", "1_0", " 1", "1 ", "1e999", "4.9e-324",
         "0.1000000000000000055511151231257827", "nan", "inf", "-Infinity", "1e"]
    ),
)
PLAIN_CELLS = st.one_of(
    NUMBER_FORMS,
    st.sampled_from(["", " ", "\t", "true", "FALSE", " false", "tRuE", "yes", "\xa0", "Acme", "é"]),
    st.text(alphabet="ab é1.-e\xa0\u2028", max_size=5),
)


class PlainCsv(NamedTuple):
    data: bytes
    #: Something in it the fast reader leaves to the csv module.
    spoiled: bool


@st.composite
def plain_csvs(draw) -> PlainCsv:
    """Vendor files without quotes, mostly, a few rows each: any order of columns, any
    separator, blank lines, a byte-order mark; sometimes with one thing the fast reader
    must leave to the csv module (a ragged row, a quote, a carriage return, a NUL, a
    byte that is not UTF-8, a blank first line)."""
    header = ["name", *REQUIRED, *draw(st.lists(st.sampled_from(OPTIONAL), unique=True))]
    header = draw(st.permutations(header)) if draw(st.integers(0, 7)) else ["name"]  # one column
    k = len(header)
    delimiter = draw(st.sampled_from([",", ";", "\t"])) if k > 1 else ","
    cells = PLAIN_CELLS.filter(lambda c: delimiter not in c)
    names = st.sampled_from(["A", "B", " A", "", "Acme Ltd", "é"])
    lines = [delimiter.join(f" {h}" if draw(st.booleans()) and h != "name" else h for h in header)]
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 9)) == 0:
            lines.append("")  # a blank line (no row)
            continue
        row = [draw(names) if h == "name" else draw(cells) for h in header]
        lines.append(delimiter.join(row))
    spoil = draw(st.sampled_from(["", "", "", "ragged", "quote", "cr", "nul", "latin-1", "blank first"]))
    if spoil == "ragged":
        width = draw(st.integers(1, k + 2).filter(lambda w: w != k))
        ragged = ["X", *(draw(cells) for _ in range(width - 1))]
        lines.insert(draw(st.integers(1, len(lines))), delimiter.join(ragged))
    elif spoil == "quote":
        lines.append(f'"Q"{delimiter * (k - 1)}')
    elif spoil == "blank first":
        lines.insert(0, "")
    end = "\r\n" if spoil == "cr" else "\n"
    text = end.join(lines) + draw(st.sampled_from(["", end, end * 2]))
    data = text.encode()
    if spoil == "nul":
        data += b"Z\0" + delimiter.encode() * (k - 1)
    elif spoil == "latin-1":
        data = data.replace(b"\n", b"\n\xe9", 1)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    alone = data.endswith(lines[0].encode() + b"\n") and data.count(b"\n") == 1  # a header alone
    return PlainCsv(data=data, spoiled=spoil != "" or alone)


def outcome(path: Path, reader: str, engine: tradeoff.Engine):
    """What a reader makes of a file: its table as text (header, rows, faults, each
    cell as written) and the columns `check_table` makes of it, or the error."""
    try:
        table = read_table(path, reader=reader)
    except ScenarioError as error:
        return str(error)
    written = {h: c.written.to_pylist() if isinstance(c, Typed) else c for h, c in table.cells.items()}
    shape = (table.header, table.rows.tolist(), [str(f) for f in table.faults], written)
    try:
        scenario = tradeoff.loads(VENDORS, alternatives_optional=True)
        columns = check_table(table, scenario, engine, on_error="collect")
    except ScenarioError as error:
        return shape, str(error)
    arrays = [columns.values, columns.needs, *columns.inputs.values()]
    checked = [{k: (a.dtype.str, a.tobytes()) for k, a in d.items()} for d in arrays]
    return shape, list(columns.names), columns.rows.tolist(), checked, [str(e) for e in columns.errors]


@needs_pyarrow
@given(plain_csvs())
def test_the_fast_reader_gives_the_csv_modules_table_or_leaves_the_file_to_it(
    tmp_path_factory, engine, case: PlainCsv
):
    """The same table (header, rows, faults, every cell as written) and the same
    checked columns (numbers to the bit, booleans, errors) or the same error; and the
    fast reader reads exactly the files with nothing it might read differently."""
    path = tmp_path_factory.mktemp("plain") / "vendors.csv"
    path.write_bytes(case.data)
    assert outcome(path, "pyarrow", engine) == outcome(path, "python", engine)
    assert (_fast_csv(str(path), case.data, "pyarrow") is None) == case.spoiled


PLAIN = "name,monthly_fee,nda\nA,1450,true\nB,,false\n\nC,1.5e3,\n"


@needs_pyarrow
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(PLAIN.encode(), id="plain"),
        pytest.param(b"\xef\xbb\xbf" + PLAIN.encode(), id="byte-order mark"),
        pytest.param(PLAIN.rstrip("\n").encode(), id="no line end at the end"),
        pytest.param(b"name\nA\n\n \nB\n", id="one column, blank lines"),
        pytest.param(PLAIN.replace(",", ";").encode(), id="semicolons"),
        pytest.param(b"name,note\nA," + b"x" * CELL_LIMIT + b"\n", id="a cell at the limit"),
    ],
)
def test_a_plain_file_is_read_by_pyarrow_as_the_csv_module_reads_it(tmp_path, engine, data):
    path = tmp_path / "vendors.csv"
    path.write_bytes(data)
    assert _fast_csv(str(path), data, "pyarrow") is not None
    assert outcome(path, "pyarrow", engine) == outcome(path, "python", engine)


@needs_pyarrow
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b'name,monthly_fee\n"A",1\n', id="a quote"),
        pytest.param(b"name,monthly_fee\r\nA,1\r\n", id="CR LF"),
        pytest.param(b"name,monthly_fee\rA,1\r", id="CR"),
        pytest.param(b"name,monthly_fee\nA,1\0\n", id="NUL"),
        pytest.param(b"name,monthly_fee\nA,\xe9\n", id="not UTF-8"),
        pytest.param(b"na\xe9me,monthly_fee\nA,1\n", id="header not UTF-8"),
        pytest.param(b"\nname,monthly_fee\nA,1\n", id="blank first line"),
        pytest.param(b",\nname,monthly_fee\nA,1\n", id="empty first record"),
        pytest.param(b"name,monthly_fee", id="no line end"),
        pytest.param(b"name,monthly_fee\nA\nB,2\n", id="short row"),
        pytest.param(b"name,monthly_fee\nA,1,2\nB,2\n", id="long row"),
        pytest.param(b"name,monthly_fee\nA,1\n  \nB,2\n", id="a line of spaces"),
        pytest.param(b"name,monthly_fee\nA," + b"1" * (CELL_LIMIT + 1) + b"\n", id="a long cell"),
        pytest.param(b"PK\x03\x04name,monthly_fee\nA,1\n", id="a zip file"),
    ],
)
def test_anything_the_readers_might_read_differently_goes_to_the_csv_module(tmp_path, engine, data):
    path = tmp_path / "vendors.csv"
    path.write_bytes(data)
    assert _fast_csv(str(path), data, "pyarrow") is None
    assert outcome(path, "pyarrow", engine) == outcome(path, "python", engine)


@needs_pyarrow
def test_auto_reads_a_large_file_with_pyarrow_and_a_small_one_with_the_csv_module(
    tmp_path, monkeypatch, engine
):
    path = tmp_path / "vendors.csv"
    path.write_text(PLAIN)
    assert not any(isinstance(c, Typed) for c in read_table(path).cells.values())
    monkeypatch.setattr(table_read, "FAST_BYTES", len(PLAIN))
    assert isinstance(read_table(path).cells["monthly_fee"], Typed)
    assert outcome(path, "auto", engine) == outcome(path, "python", engine)


def test_without_pyarrow_auto_reads_with_the_csv_module(tmp_path, monkeypatch, engine):
    path = tmp_path / "vendors.csv"
    path.write_text(PLAIN)
    expected = outcome(path, "python", engine)
    monkeypatch.setattr(table_read, "FAST_BYTES", 0)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow fails
    table = read_table(path)
    assert not any(isinstance(c, Typed) for c in table.cells.values())
    assert outcome(path, "auto", engine) == expected
    with pytest.raises(tradeoff.model.errors.MissingExtra, match=r'reader="pyarrow" needs pyarrow, .*\.\[fast-csv\]'):
        read_table(path, reader="pyarrow")


def test_an_unknown_reader_is_refused(tmp_path):
    with pytest.raises(ValueError, match="reader must be \"auto\", \"python\" or \"pyarrow\", got 'polars'"):
        read_table(write(tmp_path, PLAIN), reader="polars")


@needs_pyarrow
@given(cells=numeric_texts())
def test_the_byte_test_of_number_columns_takes_only_the_numbers_the_pattern_takes(cells):
    """A column read by its bytes and one cast (no pattern matched cell by cell) holds
    only cells `_NUMBER_OR_BLANK` takes, each as Python reads it; what it refuses goes
    to the pattern."""
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    from tradeoff.files import table_read

    array = pa.array(cells)
    got = table_read._plain_numbers(pa, pc, array, *table_read._string_bytes(pa, array))
    if got is not None:
        assert all(re.match(table_read._NUMBER_OR_BLANK, cell) for cell in cells)
        assert got.tolist() == [float(cell) for cell in cells]
    if all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", cell) for cell in cells):
        assert got is not None  # the forms every spreadsheet writes take the fast way


@needs_pyarrow
@given(cells=numeric_texts(blanks=True), pad=st.integers(0, 3), cut=st.integers(0, 6))
def test_a_column_read_by_its_bytes_is_the_column_the_pattern_reads(cells, pad, cut):
    """`_arrow_cells` of a column of text (blanks, spaces, letters, a boolean's words
    among the numbers), sliced from a longer array or in two chunks, gives the numbers
    and the text the pattern-by-pattern way gives (the same cells as a large string
    array, which it reads that way), a column of a boolean's words as booleans that say
    what the words say, with their text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tradeoff.model.numerals import BOOLEAN_CODES

    def read(column):
        got = table_read._arrow_cells(pa, pc, column, names=False)
        if isinstance(got, Typed) and got.kind == "boolean":
            assert [got.text(i) for i in range(len(got))] == [cell.strip() for cell in cells]
            return ("words", [2 if n else int(v) for v, n in zip(got.values.tolist(), got.null.tolist())])
        if isinstance(got, Typed):
            return ("number", got.values.tolist(), got.null.tolist())
        if all(cell in BOOLEAN_CODES for cell in got):  # the pattern's way keeps words as text
            return ("words", [BOOLEAN_CODES[cell] for cell in got])
        return ("text", got)

    sliced = pa.array(["pad"] * pad + cells).slice(pad)
    chunked = pa.chunked_array([cells[:cut], cells[cut:]], type=pa.string())
    reference = read(pa.array(cells, type=pa.large_string()))
    assert read(pa.array(cells)) == read(sliced) == read(chunked) == reference
