"""Reading tables bigger than memory: CSV and Parquet files a chunk of rows at a time.

``--alternatives`` may name a file, a folder or a glob pattern (`table_files`);
`read_chunks` reads the files in turn, each in chunks of at most `ROWS` rows, holding
no more than a chunk (and, for CSV, a block of `BLOCK` bytes) at once, so a table can
be read again and again, once per pass of a method over it.

Each chunk's `Table` is what `tradeoff.files.table_read.read_table` gives for those
rows: the same header (checked for each file on its own: files may order their columns
differently), the same cells, each row placed at its line (CSV) or index (Parquet) in
its file, the same bad rows in `Table.faults`, and a file's problems raise the error
`read_table` raises (a problem in a later block raises when that block is reached,
after the chunks before it).  The pieces are `read_table`'s own:

- Parquet: the footer first (header, rows), then `pyarrow.parquet.ParquetFile.iter_batches`,
  each batch turned into a table by `tradeoff.files.table_read.arrow_table`, the function
  the whole-file reader uses;
- CSV: blocks of bytes cut at line ends.  Where pyarrow may read (`Reader`), a block
  goes through `fast_rows` under every condition `read_table` sets for a whole file,
  checked on that block; any other block is read by one `csv` reader for the whole
  file, fed that block's lines, and (when the block holds a quote, which may open a
  cell running over many lines) every later block's: from there on the file is the
  `csv` module's.  A file's separator is the one `read_table` finds.

Where an error's place depends on the whole file (a NUL anywhere is reported before
bad UTF-8, bad UTF-8 anywhere before bad quoting, bad quoting before a bad header),
the file is read through once more, on that error's path only, to raise the error
`read_table` would raise first (`_first_error`).

Progress (`Chunk`): how much of its file a chunk reaches, in rows for Parquet (the
footer says how many) and bytes for CSV (the file's size), and how much of all the
files (`total`), in rows when all are Parquet, else in bytes on disk.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import attrs
import numpy as np

from ..model.errors import ScenarioError
from .table_read import (
    DELIMITERS,
    FAST_BYTES,
    NAME,
    PARQUET_SUFFIXES,
    XLSX_SUFFIXES,
    Reader,
    Table,
    Typed,
    _decode,
    _read_bytes,
    arrow_csv,
    arrow_table,
    check_header,
    csv_header,
    csv_reader,
    csv_rows,
    delimiter_by,
    delimiter_of,
    fast_header,
    fast_rows,
    line_ends,
    named,
    no_header,
    no_rows,
    not_parquet,
    parquet_file,
    quoting_error,
    table_header,
)

#: Rows in a chunk, at most: enough that a chunk's fixed costs (a numpy call per
#: column and check, a pass's reduction) are well under 1 % of its time, few enough
#: that a chunk of ten columns of text read by the `csv` module (about 60 bytes a
#: cell as Python strings) is about 40 MB.
ROWS = 1 << 16
#: Bytes of a CSV file read at a time (more when a line is longer): the size from which
#: pyarrow's reading of a whole file pays for itself (`FAST_BYTES`), so a block read by
#: it costs what a small file does.  The `csv` module reads a block through
#: `io.StringIO` (4 bytes a character: 16 MB); with the block, its text and its chunk,
#: a file is read in well under 100 MB whatever its size.
BLOCK = FAST_BYTES
#: The files a folder's tables are: CSV and Parquet (read in chunks).
TABLE_SUFFIXES = (".csv", *PARQUET_SUFFIXES)


@attrs.frozen(kw_only=True)
class Chunk:
    """A chunk of a file's rows, and how far the reading is through it.

    `file_done` of `file_total`: rows (Parquet) or bytes (CSV) of the chunk's file
    read, through this chunk; `done` of `total`: the same over all the files, in
    `unit` (see `Extent`).  The last chunk of a file has ``file_done == file_total``
    (unless the file changed since `total` measured it).
    """

    table: Table
    #: The file's place among the files read.
    index: int
    file_done: int
    file_total: int
    done: int
    total: int
    unit: Literal["rows", "bytes"]


@attrs.frozen(kw_only=True)
class Extent:
    """How much there is to read, known before reading: each file's rows (Parquet:
    its footer) or bytes (CSV), and its size on disk.  The whole is counted in rows
    when every file is Parquet; else in bytes, a Parquet file among CSV files counting
    its size, read in proportion to its rows."""

    files: tuple[str, ...]
    totals: tuple[int, ...]
    sizes: tuple[int, ...]

    @property
    def unit(self) -> Literal["rows", "bytes"]:
        return "rows" if self.files and all(map(is_parquet, self.files)) else "bytes"

    @property
    def total(self) -> int:
        return sum(self.totals if self.unit == "rows" else self.sizes)

    def done(self, index: int, file_done: int) -> int:
        """How much of all the files is read when file `index` is read to `file_done`
        (in its own unit)."""
        if self.unit == "rows":
            return sum(self.totals[:index]) + file_done
        before, size = sum(self.sizes[:index]), self.sizes[index]
        if is_parquet(self.files[index]):
            return before + min(size, size * file_done // max(self.totals[index], 1))
        return before + file_done

def table_files(spec: str | os.PathLike[str]) -> tuple[str, ...]:
    """The files `spec` names: a file (an existing path is never a pattern: a file
    named ``a[1].csv`` is that file); a folder's ``.csv``, ``.parquet`` and ``.pq``
    files, by name (not its subfolders' files; hidden files, as a spreadsheet's lock
    file ``.~lock.offers.csv#`` or macOS's ``._offers.csv``, and files of other
    kinds are not tables); or the files a glob pattern matches (``**`` for any
    folders below), sorted, whatever their extension (the pattern says which).

    A workbook among them is an error: it is read whole, never in chunks (give it on
    its own to `read_table`).  So is a pattern matching no file, or a folder without
    tables.
    """
    name = os.fspath(spec)
    if name and os.path.isdir(name):
        files = _folder(name)
    elif not _pattern(name) or os.path.lexists(name):
        _read_bytes(name, 0)  # its error if it is not a readable file
        files = (name,)
    else:
        files = tuple(sorted(f for f in glob.glob(name, recursive=True) if os.path.isfile(f)))
        if not files:
            raise ScenarioError(file=name, expected="files the pattern matches (CSV or Parquet)", found="none")
    for file in files:
        if _workbook(file):
            raise ScenarioError(
                file=name,
                expected="CSV or Parquet files, read in chunks (a workbook is read whole: give it on its own)",
                found=f'the workbook "{os.path.basename(file)}"',
            )
    return files


def _pattern(name: str) -> bool:
    return any(c in name for c in "*?[")


def _folder(name: str) -> tuple[str, ...]:
    entries = sorted(
        entry.name for entry in os.scandir(name) if not entry.name.startswith(".") and entry.is_file()
    )
    tables = [e for e in entries if Path(e).suffix.lower() in (*TABLE_SUFFIXES, *XLSX_SUFFIXES)]
    if not tables:
        raise ScenarioError(
            file=name,
            expected="a folder of .csv, .parquet or .pq files (its subfolders are not read)",
            found=f"{len(entries)} file{'s' * (len(entries) != 1)} of other kinds" if entries else "an empty folder",
        )
    return tuple(os.path.join(name, entry) for entry in tables)


def is_parquet(name: str) -> bool:
    """Whether `name` is read as Parquet (by its extension)."""
    return Path(name).suffix.lower() in PARQUET_SUFFIXES


def _workbook(name: str) -> bool:
    return Path(name).suffix.lower() in XLSX_SUFFIXES


def total(files: Sequence[str | os.PathLike[str]]) -> Extent:
    """How much `files` hold, from their sizes and Parquet footers only (each file's
    error if it cannot be read)."""
    names = tuple(map(os.fspath, files))
    totals, sizes = [], []
    for name in names:
        _read_bytes(name, 0)
        size = os.stat(name).st_size
        sizes.append(size)
        totals.append(parquet_file(name).metadata.num_rows if is_parquet(name) else size)
    return Extent(files=names, totals=tuple(totals), sizes=tuple(sizes))


def read_chunks(
    files: Sequence[str | os.PathLike[str]],
    *,
    name: str = NAME,
    rows: int = ROWS,
    reader: Reader = "auto",
    block: int = BLOCK,
) -> Iterator[Chunk]:
    """Each file's rows, in turn, in chunks of at most `rows` rows, each a `Table` as
    `read_table` gives it for those rows (`name` and `reader` as `read_table` takes
    them; "auto" chooses pyarrow by each file's size).  `block`: the bytes of a CSV
    file read at a time.  The files are measured first (`total`): a missing file is an
    error before any chunk."""
    if reader not in ("auto", "python", "pyarrow"):
        raise ValueError(f'reader must be "auto", "python" or "pyarrow", got {reader!r}')
    if rows < 1 or block < 1:
        raise ValueError(f"rows and block must be at least 1, got {rows} and {block}")
    names = tuple(map(os.fspath, files))
    for file in names:
        if _workbook(file):
            raise ScenarioError(
                file=file, expected="a CSV or Parquet file, read in chunks", found="a workbook (read whole)"
            )
    extent = total(names)
    return _chunks(extent, name, rows, reader, block)


def _chunks(extent: Extent, names: str, rows: int, reader: Reader, block: int) -> Iterator[Chunk]:
    for index, file in enumerate(extent.files):
        if is_parquet(file):
            tables = _parquet_tables(file, rows, names)
        else:
            tables = _csv_tables(file, rows, reader, names, block, extent.sizes[index])
        for table, done in tables:
            yield Chunk(
                table=table,
                index=index,
                file_done=done,
                file_total=extent.totals[index],
                done=extent.done(index, done),
                total=extent.total,
                unit=extent.unit,
            )


def _parquet_tables(file: str, rows: int, names: str) -> Iterator[tuple[Table, int]]:
    """A Parquet file's batches as tables, and the rows read through each: its header
    (from the footer) is checked before any row is read."""
    parquet, header = parquet_header(file, names)
    first = 0
    for group in range(parquet.num_row_groups):
        for table in parquet_group(parquet, file, header, group, first, rows, names):
            first += table.n
            yield table, first


def parquet_header(file: str, names: str = NAME) -> tuple[Any, tuple[str, ...]]:
    """The Parquet file (its footer read) and its header, checked as `read_table`
    checks a whole file's (and a file without rows refused), before any row is read."""
    parquet = parquet_file(file)
    header = table_header(parquet.schema_arrow.names, names)
    empty = named(Table(file=file, header=header, cells={}, rows=np.empty(0, dtype=np.int64), kind="parquet"), names)
    check_header(empty, names)
    if parquet.metadata.num_rows == 0:
        raise no_rows(empty)
    return parquet, header


def parquet_group(
    parquet: Any, file: str, header: tuple[str, ...], group: int, first: int, rows: int = ROWS, names: str = NAME
) -> Iterator[Table]:
    """Row group `group` of a Parquet file (`parquet_header`'s), its rows from index
    `first`, in tables of at most `rows` rows.  Reading a row group at a time holds a
    fifth of the memory `iter_batches` over the whole file does (5e6 rows in groups of
    500,000: 11 MB of pyarrow's against 51 MB)."""
    import pyarrow as pa

    batches = parquet.iter_batches(batch_size=rows, row_groups=[group])
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as error:
            raise not_parquet(file, error) from None
        if batch is None:
            return
        yield named(arrow_table(file, batch, header, first), names)
        first += batch.num_rows


class _Blocks:
    """A CSV file's bytes, a block at a time, each cut after a line end (never between
    the two bytes of a Windows line end), and each block's text as `read_table`
    decodes it."""

    def __init__(self, name: str, handle: IO[bytes], size: int) -> None:
        self.name = name
        self._raw = _cut(handle, size)
        self.read = 0  # bytes read, through the block last given
        self.given = 0  # blocks given
        self._before = 0  # "\n" before the block last given
        self._through = 0  # ... and in it

    def __iter__(self) -> _Blocks:
        return self

    def __next__(self) -> bytes:
        data = next(self._raw)
        self._before = self._through
        self._through += data.count(b"\n")
        self.read += len(data)
        self.given += 1
        return data

    def text(self, data: bytes) -> str:
        """The block last given as text, line ends as "\\n"; its first problem (a
        NUL in a later block is reported before bad UTF-8 in this one)."""
        return line_ends(_decode(self.name, data, first=self.given <= 1, before=self._before, later=self))

    def texts(self) -> Iterator[str]:
        for data in self:
            yield self.text(data)


def _cut(handle: IO[bytes], size: int) -> Iterator[bytes]:
    rest = b""
    while data := handle.read(size):
        data = rest + data if rest else data
        # after the last "\n", or a "\r" whose next byte is known (not a "\r\n" split)
        cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1))
        if cut < 0:
            rest = data
            continue
        rest = data[cut + 1 :]
        yield data[: cut + 1] if rest else data
    if rest:
        yield rest


def _open(name: str) -> IO[bytes]:
    _read_bytes(name, 0)  # the errors any input file has
    try:
        return open(name, "rb")  # closed by the caller
    except OSError as error:  # pragma: no cover (a file gone since it was checked)
        raise ScenarioError(file=name, expected="a readable file of alternatives", found=str(error)) from None


def _csv_tables(
    file: str, rows: int, reader: Reader, names: str, block: int, size: int
) -> Iterator[tuple[Table, int]]:
    """A CSV file's chunks, and the bytes read through each."""
    use_arrow = reader == "pyarrow" or (reader == "auto" and size >= FAST_BYTES)
    arrow = arrow_csv(reader) if use_arrow else None
    with _open(file) as handle:
        yield from _CsvFile(file, _Blocks(file, handle, block), names, rows, block, arrow).tables()


class _CsvFile:
    """The reading of one CSV file: which block goes to which reader, the lines each
    has read, the rows and bad rows found (a file of none is an error at its end)."""

    def __init__(self, name: str, blocks: _Blocks, names: str, rows: int, block: int, arrow: Any) -> None:
        self.name, self.blocks, self.names, self.rows, self.block, self.arrow = name, blocks, names, rows, block, arrow
        self.header: tuple[str, ...] | None = None
        self.found = 0  # rows and bad rows so far
        self.running = False  # the csv module reads the rest of the file
        self.offset = 0  # lines before the csv reader's first: a line is its line_num plus these
        self.delimiter = ","  # the file's, once its first block is read

    def tables(self) -> Iterator[tuple[Table, int]]:
        data = next(self.blocks, b"")
        text = self.blocks.text(data)
        self.delimiter = _first_delimiter(text) or self._whole_delimiter()
        self.reader = csv_reader(iter(()), self.delimiter)
        try:
            while True:
                fast = self._fast(data) if self.arrow is not None else None
                if fast is not None:
                    for table in _slices(fast, self.rows):
                        self.found += table.n
                        yield table, self.blocks.read
                else:
                    self._push(text if text is not None else self.blocks.text(data))
                    yield from self._read_csv()
                    if self.running:
                        break
                text = None
                data = next(self.blocks, None)
                if data is None:
                    break
        except csv.Error:
            self._first_error()
            raise AssertionError("the csv module failed once and not twice") from None  # pragma: no cover
        if self.header is None:
            raise no_header(self.name)
        if not self.found:
            raise no_rows(self._empty())

    def _fast(self, data: bytes) -> Table | None:
        """The block as pyarrow reads it, or None for the csv module; its lines are
        then read."""
        line = self.offset + self.reader.line_num + 1  # the block's first
        if self.header is None:  # the first block: its header on line 1
            if self.blocks.given > 1:
                return None
            head = fast_header(data, self.names)
            if head is None:
                return None
            header, _, end = head
            body = end + 1
            if body < len(data):
                table = fast_rows(self.arrow, self.name, data, body, header, self.delimiter, 2)
                if table is None:
                    return None
            else:
                table = Table(file=self.name, header=header, cells={}, rows=np.empty(0, dtype=np.int64))
            self._found_header(header)
        else:
            table = fast_rows(self.arrow, self.name, data, 0, self.header, self.delimiter, line)
            if table is None:
                return None
        self.offset += data.count(b"\n") + (not data.endswith(b"\n"))
        return named(table, self.names)

    def _push(self, text: str) -> None:
        """A csv reader for the block's lines and, when the block holds a quote (a cell
        may run on over many lines), every later block's.  A reader starts where the
        one before it stopped, between two records, so a new one per block reads as
        one would (and lines reach it without a Python call each)."""
        self.offset += self.reader.line_num
        lines: Iterable[str] = io.StringIO(text, newline="")
        self.running = '"' in text
        if self.running:
            later = itertools.chain.from_iterable(io.StringIO(more, newline="") for more in self.blocks.texts())
            lines = itertools.chain(lines, later)
        self.reader = csv_reader(lines, self.delimiter)

    def _read_csv(self) -> Iterator[tuple[Table, int]]:
        """The csv reader's rows, a chunk at a time, until its lines run out."""
        if self.header is None:
            header = csv_header(self.reader, self.names)
            if header is None:
                return  # blank lines so far
            self._found_header(header)
        assert self.header is not None
        while True:
            read = self.reader.line_num
            table = csv_rows(self.name, self.reader, self.header, offset=self.offset, limit=self.rows)
            if self.reader.line_num == read:
                return
            if table.n or table.faults:
                self.found += table.n + len(table.faults)
                yield named(table, self.names), self.blocks.read

    def _found_header(self, header: tuple[str, ...]) -> None:
        self.header = header
        try:
            check_header(self._empty(), self.names)
        except ScenarioError:
            self._first_error()
            raise

    def _empty(self) -> Table:
        assert self.header is not None
        return named(Table(file=self.name, header=self.header, cells={}, rows=np.empty(0, dtype=np.int64)), self.names)

    def _again(self) -> Iterator[str]:
        """The file's text again, a block at a time, from its start."""
        with _open(self.name) as handle:
            yield from _Blocks(self.name, handle, self.block).texts()

    def _first_error(self) -> None:
        """Raise the error `read_table` raises before any about rows or the header:
        bad text (a NUL, bad UTF-8) anywhere, else bad quoting anywhere."""
        for _ in self._again():
            pass
        lines = itertools.chain.from_iterable(io.StringIO(text, newline="") for text in self._again())
        error = quoting_error(self.name, lines, self.delimiter)
        if error is not None:
            raise error

    def _whole_delimiter(self) -> str:
        """`delimiter_of` the whole text, when its first 64 lines may all be blank
        (then the rest of the file counts as the line the separator is found in)."""
        head, rest = "", iter(())
        texts = self._again()
        for text in texts:
            head += text
            if head.count("\n") >= 64:
                break
        pieces = head.split("\n", 64)
        if len(pieces) <= 64 or any(piece.strip() for piece in pieces[:64]):
            return delimiter_of(head)
        rest = itertools.chain([pieces[64]], texts)
        counts, blank = dict.fromkeys(DELIMITERS, 0), True
        for text in rest:
            blank = blank and not text.strip()
            for d in DELIMITERS:
                counts[d] += text.count(d)
        return "," if blank else delimiter_by(counts)


def _first_delimiter(text: str) -> str | None:
    """`delimiter_of` the file whose first block is `text`, where the block settles
    it (a line that is not blank among its first 64)."""
    pieces = text.split("\n", 64)
    return delimiter_of(text) if any(piece.strip() for piece in pieces[:64]) else None


def _slices(table: Table, rows: int) -> Iterator[Table]:
    """A table of rows without faults (pyarrow's) in tables of at most `rows` rows."""
    for start in range(0, table.n, rows):
        stop = min(start + rows, table.n)
        if start == 0 and stop == table.n:
            yield table
            continue
        cells = {head: _sliced(column, start, stop) for head, column in table.cells.items()}
        yield attrs.evolve(table, cells=cells, rows=table.rows[start:stop])


def _sliced(column: Any, start: int, stop: int) -> Any:
    if isinstance(column, Typed):
        written = None if column.written is None else column.written.slice(start, stop - start)
        return attrs.evolve(column, values=column.values[start:stop], null=column.null[start:stop], written=written)
    return column[start:stop]
