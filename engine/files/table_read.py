"""Reading a table of alternatives: a CSV, Parquet or .xlsx file into columns of cells.

This is the first of the two steps of `tradeoff.core.table_input`: it knows files, not
scenarios.  `read_table` gives a `Table`: one column of cells per header, where each
row is in the file, and the rows whose shape is wrong (`Table.faults`); problems with
the file itself raise a `ScenarioError`.

The standard library's `csv` module is the one reference reader of CSV files
(quoting is strict: a quote opened and never closed, or text after a closing quote, is
an error at its row; every cell, quoted or not, has the module's size limit).  With
pyarrow installed (the ``fast-csv`` extra, the ``parquet`` extra's one dependency), a
large file is read by `pyarrow.csv` instead, but only when the file holds nothing the
two could read differently: no quote, no carriage return, no NUL, a header on line 1,
every row as wide as the header, valid UTF-8, every cell within the limit; anything
else is read by the `csv` module, so every error is the `csv` module's.  Its columns
of plain numbers come as numbers (parsed where both parsers agree: a decimal or
exponent form, told by the column's bytes, then one cast) with their text kept for
errors.  bench/csv_read.py, 1e6 rows:
``tradeoff rank --alternatives`` 1.98 s of CPU with pyarrow, 3.75 s with the `csv`
module.  pyarrow rather than polars: reading the text they are level (0.19 s against
0.25 s of CPU, so the whole command would be too); one dependency reads CSV and
Parquet; and pyarrow refuses a short row where polars pads it with nulls, so no
extra pass is needed to find ragged rows.  Parquet is read through pyarrow (the
``parquet`` extra), a workbook (``.xlsx``) through openpyxl (the ``xlsx`` extra, see
`_read_xlsx`): its number and boolean cells arrive as numbers and booleans, its text
cells as text that `tradeoff.core.table_input` reads by the same rules as a CSV cell.
`tradeoff.files.table_stream` reads CSV and Parquet files in chunks of rows with the
same pieces (`csv_rows`, `fast_rows`, `arrow_table`), so a chunk is the table this
module reads for its rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np

from ..model.errors import MissingExtra, ScenarioError, did_you_mean, install_hint
from ..model.numerals import BOOLEAN_CODES
from .inputs import read_input
from .places import where

#: "python": the `csv` module; "pyarrow": pyarrow where it reads the file as the `csv`
#: module would (else the `csv` module); "auto": "pyarrow" for files of at least
#: `FAST_BYTES` when pyarrow is installed, else "python".
Reader = Literal["auto", "python", "pyarrow"]
NAME = "name"
#: UTF-8's byte order mark, which a spreadsheet may write at the start of a CSV file.
BOM = b"\xef\xbb\xbf"
#: Extensions read as Parquet (needs pyarrow); anything else is read as CSV.
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Extensions read as a workbook (needs openpyxl, the ``xlsx`` extra).
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: How to install the reader of workbooks, from a checkout of tradeoff.
XLSX_HINT = install_hint("xlsx")
#: The longest cell, in characters: the `csv` module's own limit (its default), for
#: every cell of every file; a longer one is almost always a quote never closed.
CELL_LIMIT = 131072
#: Rows transposed into columns at a time: fewer than the garbage collector's first
#: threshold (700) alive at once, so that row lists die young instead of being walked
#: again and again (bench/csv_read.py: 512 takes 2.2 s of CPU on 1e6 rows, 4096 3.4 s,
#: all rows at once 4.1 s before any transposition).
_CHUNK = 512
#: The smallest file "auto" reads with pyarrow: below it, importing pyarrow costs
#: more than the `csv` module's reading saves (the rank command, CPU: even at 2.7 MB,
#: 0.38 s against 0.53 s at 5.5 MB).
FAST_BYTES = 4 << 20
#: The most a workbook's parts may unpack to, in bytes: a sheet of a million rows of a
#: name and ten numbers is about 430 MiB of XML (openpyxl writes it so).
XLSX_EXPANDED = 1 << 30
#: Cells pyarrow parses to the same float as Python (both round correctly): digits,
#: an optional point and an optional exponent.  A column with any other cell but a
#: blank one stays text, parsed where it is checked.
_NUMBER_OR_BLANK = r"^(?:-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[ \t]*)$"
_BLANK = r"^[ \t]*$"


@attrs.frozen(kw_only=True)
class Typed:
    """A column read with its type (Parquet, or a CSV file's column of numbers or of a
    boolean's words read by pyarrow): numbers or booleans, and where its cells are
    empty (null)."""

    kind: Literal["number", "boolean"]
    values: np.ndarray
    null: np.ndarray
    #: The numbers were integers in the file (shown without ".0" in errors).
    integral: bool = False
    #: The cells as written (a pyarrow array: a CSV file's text read by pyarrow, or a
    #: Parquet file's integers), so that errors show them as written.
    written: Any = None

    def __len__(self) -> int:
        return len(self.null)

    def text(self, i: int) -> str:
        """The cell as an error shows it."""
        if self.written is not None:
            cell = self.written[i].as_py()
            return "" if cell is None else str(cell).strip()
        if self.null[i]:
            return ""
        value = self.values[i].item()
        if isinstance(value, bool):
            return "true" if value else "false"
        if self.integral and float(value).is_integer():
            return str(int(value))
        return repr(value)


#: A column's cells: text as in the file (names stripped of surrounding spaces, other
#: cells stripped where they are parsed), or a typed column.  A workbook's column that
#: mixes numbers and text is a list holding both (its numbers as int or float).
Cells = list[str] | list[str | float] | Typed


@attrs.frozen(kw_only=True)
class Table:
    """A table's columns before any check but its shape.

    `cells` holds one column per header, one cell per row.  `rows` says where each
    row is in the file: its line (CSV, header = line 1; a cell over several lines
    counts from the row's first) or its index from 0 (Parquet).  `faults` are rows
    left out because their shape is wrong (a CSV row with more or fewer cells than the
    header), one error each.
    """

    file: str
    header: tuple[str, ...]
    cells: dict[str, Cells] = attrs.field(eq=False)
    rows: np.ndarray = attrs.field(eq=False)
    faults: tuple[ScenarioError, ...] = ()
    #: "csv" (rows are lines), "xlsx" (rows are a sheet's row numbers) or "parquet"
    #: (rows are indices).
    kind: str = "csv"
    #: The header as the file writes it, by the key a column is read as, where the two
    #: differ (`tradeoff.core.table_input` reads "Monthly fee" as ``monthly_fee``):
    #: errors name the column the file has.
    written: dict[str, str] = attrs.field(factory=dict, eq=False)

    @property
    def n(self) -> int:
        return len(self.rows)

    def where(self, row: int | None, column: str | None) -> dict[str, Any]:
        """The `ScenarioError` fields placing a problem at a row (its position in this
        table; None for the header) and a column."""
        shown = self.written.get(column, column) if column else column
        return where(self.file, self.kind, None if row is None else int(self.rows[row]), shown)

    def text(self, column: str, row: int) -> str:
        """A cell's text, stripped of surrounding spaces."""
        cells = self.cells[column]
        return cells.text(row) if isinstance(cells, Typed) else cell_text(cells[row])


def read_table(
    path: str | os.PathLike[str], *, reader: Reader = "auto", sheet: str | None = None, name: str = NAME
) -> Table:
    """Read a CSV (or, by its extension, Parquet or .xlsx) file into columns.

    Raises a `ScenarioError` for a file that cannot be read as a table: missing,
    unreadable, not UTF-8, empty, badly quoted, without a ``name`` column, a column
    named twice, no row below the header.  Bad rows are not raised here: they are
    `Table.faults`.  `reader` chooses the CSV reader (see `Reader`); every reader
    gives the same table and the same errors.  `sheet` names a workbook's sheet (the
    first by default); a workbook without the ``xlsx`` extra is a `MissingExtra`.
    `name` is the header of the column of names (a scenario's ``[columns]`` can map
    one, ``"Vendor" = "name"``), matched as `header_key` matches; the table calls it
    ``name``, and its errors say the header as mapped.
    """
    if reader not in ("auto", "python", "pyarrow"):
        raise ValueError(f'reader must be "auto", "python" or "pyarrow", got {reader!r}')
    names = name
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        table = _read_xlsx(name, sheet, names)
    elif sheet is not None:
        raise ScenarioError(
            file=name, expected="a workbook (.xlsx) when a sheet is named", found=f"a sheet {sheet!r} asked of it"
        )
    elif suffix in PARQUET_SUFFIXES:
        table = _read_parquet(name, names)
    else:
        data = _read_bytes(name)
        fast = _fast_csv(name, data, reader, names) if reader != "python" else None
        table = fast or _read_csv(name, data, names)
    table = named(table, names)
    check_header(table, names)
    if table.n == 0 and not table.faults:
        raise no_rows(table)
    return table


def named(table: Table, names: str) -> Table:
    """The table saying its column of names as the file writes it, where [columns]
    maps one (`Table.written`)."""
    return table if names == NAME else attrs.evolve(table, written={**table.written, NAME: names})


def _read_bytes(name: str, limit: int | None = None) -> bytes:
    """The file's bytes (at most `limit` + 1 of them), or the error any input file
    has: missing, a directory, a device, unreadable."""
    return read_input(name, "a file of alternatives", limit)


def _decode(name: str, data: bytes, *, first: bool = True, before: int = 0, later: Iterable[bytes] = ()) -> str:
    """The text of a file's bytes, or its first problem: a zip file, a NUL byte, bad
    UTF-8 (each placed at its line: the line ends before it).  `data` may be a block of
    the file: `first` says whether it starts the file (a byte order mark, a zip file's
    signature), `before` how many line ends ("\\n") come before it, and `later` gives
    the blocks after it, so that a NUL anywhere is reported before bad UTF-8, as when
    the whole file is decoded at once."""
    if first and data.startswith(b"PK\x03\x04"):
        raise ScenarioError(
            file=name,
            expected="a CSV file (in a spreadsheet: save as CSV UTF-8; a workbook is read as one when named .xlsx)",
            found="a spreadsheet or zip file",
        )
    _check_nul(name, data, before)
    bom = 3 if first and data.startswith(BOM) else 0
    try:
        return data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        at = error.start + bom  # utf-8-sig counts from after the mark
        line = before + data.count(b"\n", 0, at) + 1
        before += data.count(b"\n")
        for block in later:
            _check_nul(name, block, before)
            before += block.count(b"\n")
        raise ScenarioError(
            file=name,
            line=line,
            expected="UTF-8 text (in a spreadsheet: save as CSV UTF-8)",
            found=f"byte 0x{data[at]:02x}",
        ) from None


def _check_nul(name: str, data: bytes, before: int) -> None:
    nul = data.find(b"\0")
    if nul >= 0:
        raise ScenarioError(
            file=name,
            line=before + data.count(b"\n", 0, nul) + 1,
            expected="a CSV file of text",
            found="a NUL byte (a binary file?)",
        )


def line_ends(text: str) -> str:
    """Windows and old Mac line ends (in cells too) as "\\n", as the `csv` module
    and the line numbers read them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def delimiter_of(text: str) -> str:
    """Comma, unless the first line that is not blank has more semicolons (a
    spreadsheet's CSV where the decimal mark is a comma) or tabs."""
    line = next((line for line in text.split("\n", 64) if line.strip()), "")
    return delimiter_by({d: line.count(d) for d in DELIMITERS})


#: The separators a CSV file may use, the first the default.
DELIMITERS = (",", ";", "\t")


def delimiter_by(counts: dict[str, int]) -> str:
    """The separator a line's counts of each choose (`delimiter_of`)."""
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def header_key(text: str) -> str:
    """How a header is matched to a fact or criterion id or label: lower case, runs of
    spaces and _ as one _ ("Monthly fee", "MONTHLY_FEE" and "monthly_fee" match)."""
    return re.sub(r"[\s_]+", "_", text.strip().lower())


def table_header(names: Sequence[str], name: str) -> tuple[str, ...]:
    """A table's column names, stripped of surrounding spaces: the one rule for every
    reader's header (a spreadsheet's "price " is the column "price").  The column of
    names becomes ``name``: the one header `name` matches as `header_key` matches
    ("Name" and "NAME" alike), unless a header is ``name`` exactly."""
    header = [text.strip() for text in names]
    if name == NAME and NAME in header:
        return tuple(header)
    key = header_key(name)
    found = [j for j, head in enumerate(header) if header_key(head) == key]
    if len(found) == 1:
        header[found[0]] = NAME
    return tuple(header)


def _blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _ragged(name: str, line: int, width: int, found: int) -> ScenarioError:
    return ScenarioError(
        file=name, line=line, expected=f"{width} cells, as the header has", found=f"{found}"
    )


def _read_csv(name: str, data: bytes, names: str = NAME) -> Table:
    """The `csv` module reads the whole text; the rows become columns a chunk at a time
    (`zip`), and each row's line follows from the lines the reader has consumed (a
    chunk whose rows hold no line break needs no count per row)."""
    text = line_ends(_decode(name, data))
    delimiter = delimiter_of(text)
    reader = csv_reader(io.StringIO(text, newline=""), delimiter)
    try:
        return _columns(name, reader, names)
    except csv.Error:
        raise _quoting_error(name, text, delimiter) from None


def csv_reader(lines: Iterable[str], delimiter: str) -> Any:
    """The one way every CSV file is read by the `csv` module: strict quoting."""
    return csv.reader(lines, delimiter=delimiter, strict=True)


def _columns(name: str, reader: Any, names: str = NAME) -> Table:
    header = csv_header(reader, names)
    if header is None:
        raise no_header(name)
    return csv_rows(name, reader, header)


def csv_header(reader: Any, names: str = NAME) -> tuple[str, ...] | None:
    """The first record that is not blank, as a header (None: the lines ran out
    first)."""
    for record in reader:
        if not _blank(record):
            return table_header(record, names)
    return None


def no_header(name: str) -> ScenarioError:
    return ScenarioError(
        file=name,
        expected='a header line naming the columns ("name", then criteria and facts)',
        found="an empty file",
    )


def csv_rows(
    name: str, reader: Any, header: tuple[str, ...], *, offset: int = 0, limit: int | None = None
) -> Table:
    """The table of the next `limit` records of `reader` (all of them by default):
    `offset` lines of the file come before the reader's first (read otherwise)."""
    k = len(header)
    line = offset + reader.line_num  # the lines read so far
    records = reader if limit is None else itertools.islice(reader, limit)
    parts: list[list[np.ndarray]] = [[] for _ in range(k)]
    numbers: list[np.ndarray] = []
    faults: list[ScenarioError] = []
    while chunk := list(itertools.islice(records, _CHUNK)):
        end = offset + reader.line_num
        if end - line == len(chunk):  # one line per row
            at = np.arange(line + 1, end + 1, dtype=np.int64)
        else:  # a quoted cell with line breaks: the row after it starts that much later
            spans = [1 + sum(cell.count("\n") for cell in record) for record in chunk]
            at = line + 1 + np.cumsum([0, *spans[:-1]], dtype=np.int64)
        line = end
        width = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        good = width == k
        if not good.all():
            for j in np.flatnonzero(~good):
                if not _blank(chunk[j]):  # a blank line is no row
                    faults.append(_ragged(name, int(at[j]), k, int(width[j])))
            chunk = list(itertools.compress(chunk, good))
            at = at[good]
        if chunk:
            for part, cells in zip(parts, zip(*chunk)):
                part.append(np.array(cells, dtype=object))
            numbers.append(at)
    columns: list[Cells] = [np.concatenate(p).tolist() if p else [] for p in parts]
    rows = np.concatenate(numbers) if numbers else np.empty(0, dtype=np.int64)
    return _table(name, header, columns, rows, faults)


def _fast_csv(name: str, data: bytes, reader: Reader, names: str = NAME) -> Table | None:
    """The table as pyarrow reads it, or None where the `csv` module must read the
    file: pyarrow missing ("auto"), a small file ("auto"), or anything in it the two
    might read differently (`fast_header`, `fast_rows`)."""
    if reader == "auto" and len(data) < FAST_BYTES:
        return None
    arrow = arrow_csv(reader)
    if arrow is None:
        return None
    head = fast_header(data, names)
    if head is None or head[2] >= len(data) - 1:
        return None  # no line below the header: the csv module's error
    heads, delimiter, end = head
    return fast_rows(arrow, name, data, end + 1, heads, delimiter, 2)


def arrow_csv(reader: Reader) -> tuple[Any, Any, Any] | None:
    """pyarrow and its compute and csv modules, or None when "auto" finds it missing
    (``reader="pyarrow"`` without it is a `MissingExtra`)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        if reader == "auto":
            return None
        raise MissingExtra(f'reader="pyarrow" needs pyarrow, the optional extra \'fast-csv\': {install_hint("fast-csv")}') from None
    return pa, pc, pacsv


def fast_header(data: bytes, names: str = NAME) -> tuple[tuple[str, ...], str, int] | None:
    """The header pyarrow's reading may take from line 1 of `data` (the start of a
    file): the header, the separator and where the line ends; None where the `csv`
    module must read it (no line end, a zip file, a quote, a carriage return, a NUL,
    bad UTF-8, a blank line, a cell over the limit)."""
    start = len(BOM) if data.startswith(BOM) else 0
    end = data.find(b"\n", start)
    if end < 0 or data.startswith(b"PK\x03\x04"):
        return None
    line = data[start:end]
    if b'"' in line or b"\r" in line or b"\0" in line:
        return None
    try:
        first = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = delimiter_of(first)
    header = first.split(delimiter)
    if _blank(header) or max(map(len, header)) > CELL_LIMIT:
        return None
    return table_header(header, names), delimiter, end


def fast_rows(
    arrow: tuple[Any, Any, Any],
    name: str,
    data: bytes,
    start: int,
    heads: tuple[str, ...],
    delimiter: str,
    line: int,
) -> Table | None:
    """The rows of ``data[start:]`` (whole lines, the first of them line `line` of the
    file) as pyarrow reads them, or None where the `csv` module must read them.
    Without quotes and carriage returns each line is one row, split at every
    separator, as the `csv` module splits it; pyarrow refuses a row of another width,
    text that is not UTF-8, and every other surprise, and each of those goes to the
    `csv` module for its error."""
    pa, pc, pacsv = arrow
    if data.find(b'"', start) >= 0 or data.find(b"\r", start) >= 0 or data.find(b"\0", start) >= 0:
        return None
    keys = [str(j) for j in range(len(heads))]
    try:
        read = pacsv.read_csv(
            pa.py_buffer(memoryview(data)[start:]),
            read_options=pacsv.ReadOptions(column_names=keys),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False, escape_char=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(keys, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowException, OSError):
        return None
    lines = data.count(b"\n", start) + (not data.endswith(b"\n"))
    if read.num_rows != lines:  # never seen; a row lost or made would misplace the rest
        return None
    columns: list[Cells] = []
    for j, column in enumerate(read.columns):
        if len(column) and pc.max(pc.binary_length(column)).as_py() > CELL_LIMIT:
            return None
        columns.append(_arrow_cells(pa, pc, column, names=heads[j] == NAME))
    rows = np.arange(line, line + lines, dtype=np.int64)
    return _table(name, heads, columns, rows, [])


#: The bytes of a cell in `_NUMBER_OR_BLANK`'s decimal and exponent forms; and those
#: with the blanks' space and tab.
_NUMERIC_BYTES = np.zeros(256, dtype=bool)
_NUMERIC_BYTES[np.frombuffer(b"0123456789.eE+-", dtype=np.uint8)] = True
_NUMERIC_OR_BLANK_BYTES = _NUMERIC_BYTES.copy()
_NUMERIC_OR_BLANK_BYTES[np.frombuffer(b" \t", dtype=np.uint8)] = True
_EXPONENT = np.frombuffer(b"eE", dtype=np.uint8)


def _string_bytes(pa: Any, array: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The cell offsets and the bytes of a string array without nulls (zero-copy
    views of its buffers), or None for another kind of array."""
    if not len(array) or array.null_count or not pa.types.is_string(array.type):
        return None
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array) + 1, offset=array.offset * 4)
    data = array.buffers()[2]
    text = np.zeros(0, dtype=np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
    return offsets, text[offsets[0] : offsets[-1]]


def _plain_numbers(pa: Any, pc: Any, array: Any, offsets: np.ndarray, text: np.ndarray) -> np.ndarray | None:
    """The numbers of a string array (`_string_bytes`' offsets and bytes) with no blank
    cell, every cell in the form `_NUMBER_OR_BLANK` takes, found without matching that
    pattern cell by cell: every byte a digit, a point, e, E or a sign; a minus only
    first or after an exponent's e, a plus only there; and pyarrow's cast takes each
    (it refuses what is no number: "1.2.3", "e5", "-").  None where that is not so:
    the pattern decides."""
    if (np.diff(offsets) == 0).any() or not _NUMERIC_BYTES[text].all():  # a blank cell, a space
        return None
    firsts = np.zeros(len(text), dtype=bool)
    firsts[offsets[:-1] - offsets[0]] = True
    signs = np.flatnonzero((text == ord("-")) | (text == ord("+")))
    after_e = np.isin(text[signs - 1], _EXPONENT) & ~firsts[signs] & (signs > 0)
    leading_minus = firsts[signs] & (text[signs] == ord("-"))
    if not (after_e | leading_minus).all():
        return None
    try:
        return _numpy(pa, pc.cast(array, pa.float64()), np.float64)
    except pa.ArrowException:
        return None


#: The words of a boolean cell as written, and what each says (`BOOLEAN_CODES`).
_WORDS = tuple(BOOLEAN_CODES)
_WORD_CODES = np.array([BOOLEAN_CODES[word] for word in _WORDS], dtype=np.int8)


def _boolean_words(pa: Any, pc: Any, array: Any, column: Any) -> Cells:
    """A column of text whose every cell is a boolean's word as written (``true``,
    ``no``, an empty cell: `BOOLEAN_CODES`) as booleans, found by one lookup, with the
    text kept for errors; any other column as its text."""
    at = pc.index_in(array, value_set=pa.array(_WORDS))
    if at.null_count:
        return column.to_pylist()
    code = _WORD_CODES[_numpy(pa, at, np.int64)]
    return Typed(kind="boolean", values=code == 1, null=code == 2, written=column)


def _arrow_cells(pa: Any, pc: Any, column: Any, *, names: bool) -> Cells:
    """A column of numbers, blank cells null, when every cell is one or blank; else
    the text (names always).  Its bytes are looked at first: a byte no number or blank
    holds (a letter) makes it text, and a column of plain numbers is one cast."""
    if names:
        return column.to_pylist()
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    view = _string_bytes(pa, array)
    if view is not None:
        if not _NUMERIC_OR_BLANK_BYTES[view[1]].all():  # a letter: text, or words of a boolean
            return _boolean_words(pa, pc, array, column)
        plain = _plain_numbers(pa, pc, array, *view)
        if plain is not None:  # the common case
            return Typed(kind="number", values=plain, null=np.zeros(len(plain), dtype=bool), written=column)
    if pc.all(pc.match_substring_regex(column, _NUMBER_OR_BLANK)).as_py() is False:
        return column.to_pylist()
    try:  # no blank cell: the common case, one cast
        numbers, null = pc.cast(column, pa.float64()), np.zeros(len(column), dtype=bool)
    except pa.ArrowException:
        blank = pc.match_substring_regex(column, _BLANK)
        try:
            text = pc.if_else(blank, pa.scalar(None, pa.string()), column)
            numbers = pc.cast(text, pa.float64())
        except pa.ArrowException:  # a form pyarrow does not take ("1."?): Python parses it
            return column.to_pylist()
        numbers, null = numbers.fill_null(0.0), _numpy(pa, blank, np.uint8) == 1
    return Typed(kind="number", values=_numpy(pa, numbers, np.float64), null=null, written=column)


def _numpy(pa: Any, column: Any, dtype: Any) -> np.ndarray:
    """A pyarrow column (an array or a chunked one) without nulls as a numpy array,
    from its buffer (pyarrow's own `to_numpy` imports pandas, 0.5 s)."""
    array = column.cast(pa.from_numpy_dtype(dtype))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not len(array):
        return np.zeros(0, dtype=dtype)
    offset = array.offset * np.dtype(dtype).itemsize
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=offset)


def _quoting_error(name: str, text: str, delimiter: str) -> ScenarioError:
    error = quoting_error(name, io.StringIO(text, newline=""), delimiter)
    if error is None:  # pragma: no cover
        raise AssertionError("the csv module failed once and not twice")
    return error


def quoting_error(name: str, lines: Iterable[str], delimiter: str) -> ScenarioError | None:
    """The row where the `csv` module gives up on the file's `lines` (all of them,
    from line 1; None if it does not), read one row at a time to place it: a quote
    never closed (it runs to the end of the file, or past the cell limit), or text
    after a closing quote."""
    start = 1
    first = [""]  # line `start`, the first of the record being read

    def feed() -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            if number == start:
                first[0] = line
            yield line

    reader = csv_reader(feed(), delimiter)
    try:
        for _ in reader:
            start, first[0] = reader.line_num + 1, ""
    except csv.Error as error:
        message = str(error)
        opened = '"' in first[0]
        if "end of data" in message or (opened and "field limit" in message):
            return ScenarioError(
                file=name,
                line=start,
                expected="every quote that opens a cell closed (a quote in a cell is doubled)",
                found="a quote opened in this row and never closed",
            )
        if "field limit" in message:
            return ScenarioError(
                file=name,
                line=start,
                expected=f"cells of at most {CELL_LIMIT} characters",
                found="a longer cell",
            )
        return ScenarioError(
            file=name,
            line=start,
            expected="a separator or the end of the line after a closing quote",
            found=f"more text ({message})",
        )
    return None


def _table(
    name: str,
    header: tuple[str, ...],
    columns: list[Cells],
    numbers: np.ndarray,
    faults: list[ScenarioError],
) -> Table:
    """The table, names stripped of surrounding spaces (other cells are stripped where
    they are parsed) and rows of empty cells (a spreadsheet's trailing rows) left out."""
    if NAME in header:
        j = header.index(NAME)
        names = columns[j]
        if not isinstance(names, Typed):
            columns[j] = names = list(map(str.strip, names))
        blank = np.flatnonzero(names.null if isinstance(names, Typed) else np.array(names, dtype=object) == "")
        empty = [int(i) for i in blank if all(_empty(column, i) for column in columns)]
        if empty:
            keep = np.ones(len(numbers), dtype=bool)
            keep[empty] = False
            columns = [_keep(column, keep) for column in columns]
            numbers = numbers[keep]
    return Table(
        file=name,
        header=header,
        cells=dict(zip(header, columns)),
        rows=numbers,
        faults=tuple(faults),
        kind="csv",
    )


def _empty(column: Cells, i: int) -> bool:
    return bool(column.null[i]) if isinstance(column, Typed) else not cell_text(column[i])


def cell_text(cell: str | float) -> str:
    """A cell of a column of text as text, stripped (a workbook's number in it as
    Python writes it)."""
    return cell.strip() if isinstance(cell, str) else str(cell)


def _keep(column: Cells, keep: np.ndarray) -> Cells:
    if isinstance(column, Typed):
        written = None if column.written is None else column.written.filter(keep)
        return attrs.evolve(
            column, values=column.values[keep], null=column.null[keep], written=written
        )
    return list(itertools.compress(column, keep))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _text_cells(pa: Any, column: Any) -> list[str]:
    """A Parquet column of anything but numbers and booleans as `_cell_text` reads
    each cell.  Text is read in one call (`to_pylist`, null as ""), and only its cells
    that may have spaces to strip are stripped one by one: those whose first or last
    byte is not printable ASCII (a UTF-8 byte from 0x80 is part of a longer
    character), so that Python's `str.strip` says what a space is.  That takes 1e6
    names in about 0.1 s of CPU, against 1.1 s a cell at a time."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return [_cell_text(v) for v in column.to_pylist()]
    cells = (column.fill_null("") if column.null_count else column).to_pylist()
    start, large = 0, pa.types.is_large_string(column.type)
    for chunk in column.chunks if isinstance(column, pa.ChunkedArray) else (column,):
        for i in np.flatnonzero(_may_strip(chunk, large)).tolist():
            cells[start + i] = cells[start + i].strip()
        start += len(chunk)
    return cells


def _may_strip(array: Any, large: bool) -> np.ndarray:
    """Where a pyarrow array of text has cells that may start or end with a space:
    a first or last byte outside the printable ASCII characters but the space (0x21
    to 0x7E); an empty or null cell is not one.  `large`: the array's offsets are
    64-bit (``large_string``)."""
    n = len(array)
    _, offsets, data = array.buffers()
    if not n or data is None:
        return np.zeros(n, dtype=bool)
    width = np.int64 if large else np.int32
    ends = np.frombuffer(offsets, dtype=width, count=n + 1, offset=array.offset * np.dtype(width).itemsize)
    text = np.frombuffer(data, dtype=np.uint8)
    filled = ends[1:] > ends[:-1]
    may = np.zeros(n, dtype=bool)
    first = text[ends[:-1][filled]]
    last = text[ends[1:][filled] - 1]
    may[filled] = (first < 0x21) | (first > 0x7E) | (last < 0x21) | (last > 0x7E)
    return may


def _read_parquet(name: str, names: str = NAME) -> Table:
    file = parquet_file(name)
    import pyarrow as pa

    try:
        data = file.read()
    except (pa.ArrowException, OSError) as error:
        raise not_parquet(name, error) from None
    return arrow_table(name, data, table_header(data.column_names, names), 0)


def parquet_file(name: str) -> Any:
    """The Parquet file, its footer read (its schema, row groups and number of rows),
    its rows not yet: a `pyarrow.parquet.ParquetFile`."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ScenarioError(
            file=name,
            expected="pyarrow, to read Parquet files (python -m pip install pyarrow), or a CSV file",
            found="pyarrow not installed",
        ) from None
    _read_bytes(name, 0)  # the same errors as for CSV: missing, a directory, a device
    try:
        return pq.ParquetFile(name)
    except (pa.ArrowException, OSError) as error:
        raise not_parquet(name, error) from None


def not_parquet(name: str, error: Exception) -> ScenarioError:
    """The error for a file pyarrow cannot read as Parquet.  Running out of memory
    (pyarrow's `ArrowMemoryError` is an `ArrowException` too) is no fault of the
    file: it is raised as it is, for `tradeoff.model.errors.memory_for` to say."""
    if isinstance(error, MemoryError):
        raise error
    return ScenarioError(file=name, expected="a Parquet file", found=str(error).splitlines()[0])


def arrow_table(name: str, data: Any, header: tuple[str, ...], first: int) -> Table:
    """A pyarrow table or record batch of a Parquet file as a `Table`, its rows from
    index `first`: numbers and booleans as `Typed` columns, anything else as text."""
    import pyarrow as pa

    cells: dict[str, Cells] = {}
    for head, column in zip(header, data.columns):
        kind = column.type
        null = _numpy(pa, column.is_null(), np.uint8) == 1
        if pa.types.is_boolean(kind):
            values = _numpy(pa, column.fill_null(False), np.uint8) == 1
            cells.setdefault(head, Typed(kind="boolean", values=values, null=null))
        elif pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            # safe=False: an integer beyond 2**53 becomes the nearest float, as the same
            # digits in a CSV file or a scenario do; its cell keeps the exact integer
            values = _numpy(pa, column.cast(pa.float64(), safe=False).fill_null(0.0), np.float64)
            integral = pa.types.is_integer(kind)
            whole = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
            typed = Typed(kind="number", values=values, null=null, integral=integral, written=whole if integral else None)
            cells.setdefault(head, typed)
        else:
            cells.setdefault(head, _text_cells(pa, column))
    rows = np.arange(first, first + data.num_rows, dtype=np.int64)
    return Table(file=name, header=header, cells=cells, rows=rows, kind="parquet")


def _read_xlsx(name: str, sheet: str | None, names: str = NAME) -> Table:
    """A workbook's sheet (the first by default) as a table: its first row that is not
    blank is the header, each row below it an alternative placed by its row number,
    blank rows skipped.  A formula gives the value the workbook saved with it.

    openpyxl rather than python-calamine: it reads and writes workbooks (the tests
    make theirs with it), is pure Python with a wheel for every platform, and has long
    been the reference library for .xlsx; its read-only mode streams the rows.
    """
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:
        raise MissingExtra(f"reading {name} needs openpyxl, the optional extra 'xlsx': {XLSX_HINT}") from None
    raw = _read_bytes(name)
    _check_expansion(name, raw)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:  # not a workbook
        found = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ScenarioError(file=name, expected="an .xlsx workbook", found=found) from None
    try:
        chosen = _sheet(name, book, sheet)
        return _sheet_table(f"{name}, sheet '{chosen.title}'", chosen.iter_rows(values_only=True), names)
    finally:
        book.close()


def _check_expansion(name: str, raw: bytes) -> None:
    """Refuse a workbook whose parts expand beyond `XLSX_EXPANDED` bytes (a zip bomb:
    a few kilobytes that unpack to gigabytes).  The sizes its zip directory declares
    bound what is unpacked: Python's zip reader stops at them."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip file: openpyxl says what it is not
    if expanded > XLSX_EXPANDED:
        raise ScenarioError(
            file=name,
            expected=f"a workbook that unpacks to at most {XLSX_EXPANDED >> 20:,} MiB",
            found=f"one that unpacks to {expanded / (1 << 20):,.0f} MiB from {len(raw) / (1 << 20):,.1f} MiB",
        )


def _sheet(name: str, book: Any, sheet: str | None) -> Any:
    names = list(book.sheetnames)
    if sheet is None:
        return book[names[0]]
    if sheet not in names:
        raise ScenarioError(
            file=name,
            expected=f"one of its sheets {', '.join(repr(n) for n in names)}{did_you_mean(sheet, names)}",
            found=f"no sheet {sheet!r}",
        )
    return book[sheet]


def _sheet_table(name: str, rows: Any, names: str = NAME) -> Table:
    """The rows of a sheet (tuples of cell values, None for an empty cell, from row 1)
    as columns: numbers and booleans as `Typed` columns where a column holds nothing
    else, text (with any numbers among it) otherwise."""
    header: tuple[str, ...] | None = None
    records: list[tuple[Any, ...]] = []
    at: list[int] = []
    faults: list[ScenarioError] = []
    for number, record in enumerate(rows, start=1):
        if all(_no_value(v) for v in record):
            continue
        if header is None:
            header = table_header([_value_text(v) for v in record], names)
            while header and not header[-1]:
                header = header[:-1]
            header_row = number
            continue
        extra = [j for j in range(len(header), len(record)) if not _no_value(record[j])]
        if extra:
            faults.append(ScenarioError(
                file=name, line=number,
                expected=f"cells only in the {len(header)} columns with a header (from row {header_row})",
                found=f"a cell in column {extra[0] + 1}",
            ))
            continue
        records.append(tuple(record[: len(header)]) + (None,) * (len(header) - len(record)))
        at.append(number)
    if header is None:
        raise ScenarioError(
            file=name,
            expected='a header row naming the columns ("name", then criteria and facts)',
            found="an empty sheet",
        )
    columns = list(zip(*records)) if records else [()] * len(header)
    cells = {
        head: _sheet_cells(column, text=head == NAME) for head, column in zip(header, columns)
    }
    return Table(
        file=name, header=header, cells=cells, rows=np.array(at, dtype=np.int64), faults=tuple(faults), kind="xlsx"
    )


def _no_value(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_cells(column: tuple[Any, ...], *, text: bool) -> Cells:
    """A sheet's column as `Cells`: `Typed` when its cells are all numbers (or all
    booleans) or empty; else a list of text, with its numbers kept as numbers."""
    null = np.fromiter(map(_no_value, column), dtype=bool, count=len(column))
    given = [v for v in column if not _no_value(v)]
    if not text and given and all(isinstance(v, bool) for v in given):
        values = np.array([bool(v) if not e else False for v, e in zip(column, null)], dtype=bool)
        return Typed(kind="boolean", values=values, null=null)
    if not text and given and all(_is_number(v) for v in given):
        values = np.array([0.0 if e else float(v) for v, e in zip(column, null)], dtype=float)
        return Typed(kind="number", values=values, null=null, integral=all(isinstance(v, int) for v in given))
    if text:
        return [_value_text(v) for v in column]
    return [v if _is_number(v) else _value_text(v) for v in column]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_text(value: Any) -> str:
    """A sheet's cell as text: empty, a boolean as true/false, a date in ISO form, a
    whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _cell_text(value)


def check_header(table: Table, names: str = NAME) -> None:
    """Refuse a header naming a column twice, or none of them ``name``."""
    seen: dict[str, int] = {}
    for j, head in enumerate(table.header):
        if head and head in seen:
            if head == NAME and names != NAME:  # a column "name" besides the one [columns] names
                raise ScenarioError(
                    **table.where(None, None),
                    expected=f'one column of names: "{names}", as [columns] says, or "name"',
                    found=f"both (columns {seen[head] + 1} and {j + 1})",
                )
            raise ScenarioError(
                **table.where(None, head),
                expected="column names that are unique",
                found=f'"{head}" in columns {seen[head] + 1} and {j + 1}',
            )
        seen[head] = j
    if NAME not in seen:
        close = [h for h in table.header if header_key(h) == header_key(names)]
        if close:
            hint = f" (one column only: {', '.join(close)} could each be it)"
        elif names != NAME:
            hint = ' (as [columns] maps it to "name")'
        else:
            hint = f" (or map yours under [columns], e.g. \"{table.header[0] if table.header else 'Vendor'}\" = \"name\")"
        shown = ", ".join(h for h in table.header if h) or "none"
        raise ScenarioError(
            **table.where(None, None),
            expected=f'a column "{names}" with each alternative\'s name{hint}',
            found=f"the columns {shown}",
        )


def no_rows(table: Table) -> ScenarioError:
    """A table's error for a file with a header and no row below it."""
    return ScenarioError(
        **table.where(None, None), expected="at least one row of alternatives below the header", found="none"
    )
