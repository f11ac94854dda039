"""Alternatives from a table: a CSV file (or .xlsx, or Parquet), one row per alternative.

``tradeoff rank SCENARIO --alternatives vendors.csv``: the scenario gives the criteria,
weights and method; each row of the table is an alternative.  The ``name`` column
names it; a column whose header is one of the scenario's criteria gives that
criterion's value; a column named after a fact a criterion reads gives that fact.
Headers match ids and criteria's labels whatever their case and spaces
(`header_key`), or as the scenario's ``[columns]`` maps them (`_matched`).
Other columns are ignored, unless the header looks like a typo of a fact or a
criterion (``monthly_fe``).

Reading is two steps, both a column at a time, so a million rows take seconds:

- `tradeoff.files.table_read.read_table` reads the file into columns of text and checks its
  shape (an empty file, bad quoting, no ``name`` column, a header named twice are
  errors; a row with the wrong number of cells is a bad row);
- `check_table` turns the columns into `tradeoff.core.facts.Columns` for a scenario, the
  checked columns its own alternatives become too: numbers as spreadsheets write
  them (`numeral`), ``true``/``false``/``yes``/``no``, the limits of each fact,
  what an empty cell falls back to, unique names.  Types and
  limits come from the criteria that read a fact, so this step needs the scenario and
  the engine's criteria.

`read_alternatives` does both.  A bad row is a `ScenarioError` naming the file, the
row's line (header = line 1), the column, what was expected and what was found::

    vendors.csv:7: monthly_fee: expected a number from 0 to 1e12 (USD/month) for
    criterion 'cost' (...), got "call us"

With ``on_error="raise"`` the first bad row (by line) is raised; with ``"collect"``
bad rows are left out and listed in `Columns.errors`, one error per bad row (a
`RowError` when it has several bad cells: each is said, by column), and the others
are kept.  Problems with the file itself
always raise.  See docs/scenario-file.md, "Alternatives from a CSV file".
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np

from ..files.places import first_at, located
from ..files.table_read import NAME, Cells, Reader, Table, Typed, header_key, read_table
from ..model.errors import ScenarioError, clip, did_you_mean, one_line, render_path
from ..model.numerals import BOOLEAN_CODES
from ..model.scenario import (
    Criterion,
    Fact,
    FactType,
    Scenario,
    first_places,
    not_unique,
)
from .facts import (
    TYPO,
    Catalogue,
    Columns,
    OnError,
    error_order,
    expected,
    fallback,
    out_of_range,
    resolve_criteria,
)

#: A number as people write it in a spreadsheet, once Python's own reading of the cell
#: failed: a sign, a currency (a symbol or a three-letter code, before or after), digits
#: with thousands grouped, a decimal part, a percent sign.  `numeral` checks the digits.
_NUMERAL = re.compile(
    r"^(?P<sign>[-+\u2212]?)\s*(?:(?:[$€£¥₹]|[A-Z]{3})\s*)?(?P<sign2>[-+\u2212]?)"
    r"(?P<digits>[0-9](?:[0-9 ,.'\u00a0\u202f]*[0-9])?)"
    r"\s*(?:[$€£¥₹]|[A-Z]{3})?\s*(?P<percent>%)?$"
)
#: Marks that group thousands whatever the decimal mark: spaces (plain, no-break,
#: narrow no-break) and the apostrophe (1'300).
_GROUPS = " \u00a0\u202f'"


@attrs.define(eq=False, kw_only=True)
class RowError(ScenarioError):
    """A row with several bad cells, as one error: the first (by column) is placed as
    any error is, and `also` are the others, each said after it, on the same line."""

    also: tuple[ScenarioError, ...] = ()

    def __str__(self) -> str:
        more = "; ".join(map(_cell_said, self.also))
        return one_line(f"{super().__str__()}; and {more}") if more else super().__str__()


def _cell_said(error: ScenarioError | str) -> str:
    """Another bad cell of a row, as its error says it after the first: its column,
    what was expected and found (the row and file are the first's)."""
    if not isinstance(error, ScenarioError):
        return str(error)
    column = render_path(error.path[-1:]) + ": " if error.path else ""
    return f"{column}expected {clip(error.expected, 500)}, got {clip(error.found, 200)}"


def read_alternatives(
    path: str | os.PathLike[str],
    scenario: Scenario,
    engine: Catalogue,
    *,
    on_error: OnError = "raise",
    reader: Reader = "auto",
    sheet: str | None = None,
) -> Columns:
    """Read and check a table of alternatives for `scenario`: `read_table` (`sheet`: a
    workbook's sheet, the first by default), then `check_table`."""
    table = read_table(path, reader=reader, sheet=sheet, name=names_header(scenario))
    return check_table(table, scenario, engine, on_error=on_error)


def names_header(scenario: Scenario) -> str:
    """The header of a table's column of names: ``name``, or the one the scenario's
    ``[columns]`` maps to it (two are an error)."""
    mapped = [head for head, target in scenario.columns.items() if target == NAME]
    if len(mapped) > 1:
        with located(scenario):
            raise ScenarioError(
                path=("columns", mapped[1]),
                expected='one header for "name" (the column of names)',
                found=f'"{clip(mapped[0])}" and "{clip(mapped[1])}"',
            )
    return mapped[0] if mapped else NAME


def check_table(
    table: Table, scenario: Scenario, engine: Catalogue, *, on_error: OnError = "raise", repeats: bool = True
) -> Columns:
    """The table's rows as checked numpy columns for `scenario`'s criteria.

    `engine` is an `Engine` (its `criteria`) or a registry.  With ``on_error="raise"``
    the first bad row raises; with ``"collect"`` bad rows are left out and listed in
    `Columns.errors`.  Problems that are not a row's (no column for a required fact,
    a bad ``[context]`` value, a header that looks like a typo) always raise.
    `repeats`: a name given again is the later row's error (False: a chunk of a table,
    whose names the caller checks across chunks).
    """
    if on_error not in ("raise", "collect"):
        raise ValueError(f'on_error must be "raise" or "collect", got {on_error!r}')
    with located(scenario):
        criteria = resolve_criteria(scenario, engine)
        return _Checker(_matched(table, scenario, criteria), scenario, criteria, repeats=repeats).run(on_error)


def _matched(table: Table, scenario: Scenario, criteria: Sequence[Criterion]) -> Table:
    """The table with each header read as the fact or criterion it names: by
    ``[columns]``, by its id exactly, or by an id or a criterion's or fact's label as
    `header_key` has it.  A header that could be two, or two headers for one, is an
    error; errors name the header as the file writes it (`Table.written`)."""
    known = {c.id for c in scenario.criteria} | {f.name for c in criteria for f in c.facts}
    for head, target in scenario.columns.items():
        if target not in known and target != NAME:  # "name": read_table found it
            raise ScenarioError(
                expected=f'"name", a fact a criterion reads or a criterion of the scenario{did_you_mean(target, sorted(known))}',
                found=f'"{clip(target)}"',
                path=("columns", head),
            )
    explicit: dict[str, str] = {}
    for head, target in scenario.columns.items():
        if target == NAME:
            continue
        other = explicit.setdefault(header_key(head), target)
        if other != target:
            raise ScenarioError(
                expected=f'one id for the header "{clip(head)}" (headers match whatever their case and spaces)',
                found=f'"{other}" and "{target}"',
                path=("columns", head),
            )
    names: dict[str, set[str]] = {}
    for key in known:
        names.setdefault(header_key(key), set()).add(key)
    for criterion in criteria:
        if criterion.label:
            names.setdefault(header_key(criterion.label), set()).add(criterion.id)
        for fact in criterion.facts:
            if fact.label:
                names.setdefault(header_key(fact.label), set()).add(fact.name)
    header = []
    for head in table.header:
        key = header_key(head)
        if not head or head == NAME or head in known and key not in explicit:
            header.append(head)
            continue
        targets = {explicit[key]} if key in explicit else names.get(key, set())
        if len(targets) > 1:
            raise ScenarioError(
                **table.where(None, head),
                expected=f"a header naming one fact or criterion (say which under [columns]: "
                f"\"{clip(head)}\" = one of {', '.join(sorted(targets))})",
                found=f'the column "{clip(head)}", which could be any of them',
            )
        header.append(next(iter(targets)) if targets else head)
    if header == list(table.header):
        return table
    _one_column_each(table, header)
    written = {**table.written, **{new: old for new, old in zip(header, table.header) if new != old}}
    cells = {new: table.cells[old] for new, old in zip(header, table.header)}
    return attrs.evolve(table, header=tuple(header), cells=cells, written=written)


def _one_column_each(table: Table, header: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for j, key in enumerate(header):
        if key and key in seen:
            first, again = table.header[seen[key]], table.header[j]
            raise ScenarioError(
                **table.where(None, None),
                expected=f'one column for "{key}"',
                found=f'the columns "{clip(first)}" (column {seen[key] + 1}) and "{clip(again)}" (column {j + 1})',
            )
        seen[key] = j


def _shown(text: str) -> str:
    """A cell as an error shows it: a number as written, other text quoted."""
    if text == "":
        return "an empty cell"
    try:
        float(text)
    except ValueError:
        return f'"{clip(text, tail=1)}"'
    return text


class _Faults:
    """Each row's problems, one per bad cell: vectorised bookkeeping (a mask per kind
    of problem), errors built only for the rows that are reported."""

    def __init__(self, n: int) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.marks: list[tuple[np.ndarray, int, Callable[[int], ScenarioError]]] = []

    def add(self, bad: np.ndarray, column: int, make: Callable[[int], ScenarioError]) -> None:
        if not bad.any():
            return
        self.marks.append((bad, column, make))
        self.bad |= bad

    def error(self, row: int) -> ScenarioError:
        """The row's error: its first bad cell by column (the first problem found in
        it), and each other bad cell of the row with it (a `RowError`)."""
        cells: dict[int, Callable[[int], ScenarioError]] = {}
        for bad, column, make in self.marks:
            if bad[row]:
                cells.setdefault(column, make)
        return row_error([cells[column](row) for column in sorted(cells)])


def row_error(cells: Sequence[ScenarioError]) -> ScenarioError:
    """A row's error from its bad cells' errors, in column order: the first, with the
    others said after it (a `RowError`) when there are several."""
    first, *rest = cells
    if not rest:
        return first
    fields = {f.name: getattr(first, f.name) for f in attrs.fields(ScenarioError)}
    return RowError(**fields, also=tuple(rest))


def cell_errors(error: ScenarioError) -> list[ScenarioError]:
    """The errors of a row's bad cells, as `row_error` joined them."""
    if isinstance(error, RowError):
        fields = {f.name: getattr(error, f.name) for f in attrs.fields(ScenarioError)}
        return [ScenarioError(**fields), *error.also]
    return [error]


class _Checker:
    def __init__(
        self, table: Table, scenario: Scenario, criteria: Sequence[Criterion], *, repeats: bool = True
    ) -> None:
        self.repeats = repeats
        self.table = table
        self.scenario = scenario
        self.criteria = criteria
        self.n = table.n
        self.faults = _Faults(table.n)
        self.position = {head: j for j, head in enumerate(table.header)}
        self.numbers: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        self.booleans: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # -- the parts ---------------------------------------------------------------

    def run(self, on_error: OnError) -> Columns:
        self._check_columns()
        names = self._names()
        values, empty = self._values()
        inputs, needs = {}, {}
        for criterion in self.criteria:
            if criterion.inline:
                continue
            need = empty.get(criterion.id, np.ones(self.n, dtype=bool))
            needs[criterion.id] = need
            inputs[criterion.id] = {f.name: self._fact(criterion, f, need) for f in criterion.facts}
        bad = self.faults.bad
        found = np.flatnonzero(bad)  # in file order
        if on_error == "raise":
            first = [*self.table.faults, *(self.faults.error(i) for i in found[:1])]
            if first:
                raise min(first, key=error_order)
        errors = [*self.table.faults, *(self.faults.error(i) for i in found)]
        columns = Columns(
            file=self.table.file,
            names=np.array(names, dtype=object) if names else np.empty(0, dtype=object),
            rows=self.table.rows,
            values=values,
            inputs=inputs,
            needs=needs,
            kind=self.table.kind,
            header=self.table.header,  # as matched: ids, for the columns no criterion reads
            checked_for=self.scenario,
        )
        return columns.without(bad, errors) if bad.any() or errors else columns

    def _check_columns(self) -> None:
        """Headers that are neither a criterion nor a read fact but look like a typo."""
        ids = {c.id for c in self.scenario.criteria}
        read = {f.name for c in self.criteria for f in c.facts}
        for head in self.table.header:
            if not head or head == NAME or head in ids or head in read:
                continue
            hint = did_you_mean(head, sorted(read | ids), TYPO) or did_you_mean(
                header_key(head), sorted(read | ids), TYPO
            )
            if hint:
                raise ScenarioError(
                    **self.table.where(None, head),
                    expected=f"a criterion of the scenario or a fact a criterion reads{hint}",
                    found=f'the column "{head}"',
                )
        for criterion in self.criteria:
            if criterion.inline and criterion.id not in self.position:
                raise ScenarioError(
                    **self.table.where(None, None),
                    expected=f'a column "{criterion.id}" with values for the inline criterion "{criterion.id}"',
                    found="no such column",
                )

    def _names(self) -> list[str]:
        column = self.position[NAME]
        cells = self.table.cells[NAME]
        names = [cells.text(i) for i in range(self.n)] if isinstance(cells, Typed) else cells
        table = self.table
        # The set of names tells at C speed whether any is empty or given twice: the
        # map of each name's first row (twice the time, a million rows) only then.
        unique = set(names) if self.repeats else None
        if names and (unique is None or "" in unique):
            empty = np.array(names, dtype=object) == ""
        else:
            empty = np.zeros(len(names), dtype=bool)
        self.faults.add(
            empty,
            column,
            lambda i: ScenarioError(
                **table.where(i, NAME), expected="a non-empty name", found="an empty cell"
            ),
        )
        own = {alt.name: k for k, alt in enumerate(self.scenario.alternatives)}
        if unique is not None:
            clash = len(unique) < len(names) or not own.keys().isdisjoint(unique)
            first = first_places(names) if clash else {}
        else:  # a chunk, whose names the caller checks across chunks: no map of first rows
            first, clash = {}, not own.keys().isdisjoint(names)
        if clash:
            named = ~empty
            theirs = named & np.fromiter(map(own.__contains__, names), dtype=bool, count=self.n)
            self.faults.add(
                theirs,
                column,
                lambda i: not_unique(
                    "alternative names", names[i], f"the scenario's alternatives[{own[names[i]]}]",
                    **table.where(i, NAME),
                ),
            )
            if not self.repeats:
                return list(names)
            earlier = np.fromiter(map(first.__getitem__, names), dtype=np.int64, count=self.n)
            again = named & ~theirs & (earlier != np.arange(self.n))
            self.faults.add(
                again,
                column,
                lambda i: not_unique(
                    "alternative names", names[i], first_at(table.kind, int(table.rows[earlier[i]])), **table.where(i, NAME)
                ),
            )
        return list(names)

    def _values(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Criterion values given in the table (NaN where a cell is empty or bad), and
        where their cells are empty (the criterion computes those from facts)."""
        out, blank = {}, {}
        table = self.table
        for criterion in self.criteria:
            head = criterion.id
            if head not in self.position:
                continue
            column = self.position[head]
            numbers, empty, bad = self._parse_numbers(head, _percent_scale(criterion.unit, None))

            def wrong(i: int, head: str = head) -> ScenarioError:
                text = table.text(head, i)
                expected = "a finite number" if _looks_numeric(text) else "a number"
                return ScenarioError(**table.where(i, head), expected=expected, found=_shown(text))

            self.faults.add(bad, column, wrong)
            if criterion.inline:
                self.faults.add(
                    empty,
                    column,
                    lambda i, head=head: ScenarioError(
                        **table.where(i, head),
                        expected=f'a value for the inline criterion "{head}"',
                        found="an empty cell",
                    ),
                )
            out[head] = np.where(empty | bad, np.nan, numbers)
            blank[head] = empty
        return out, blank

    def _fact(self, criterion: Criterion, fact: Fact, need: np.ndarray) -> np.ndarray:
        """One checked fact column for `criterion`, filled where its cells are empty
        (meaningful on the rows that `need` it: those without a given value)."""
        boolean = fact.type is FactType.BOOLEAN
        dtype = bool if boolean else float
        head = fact.name
        table = self.table
        wanted = expected(criterion, fact)
        if head not in self.position:
            if not need.any():
                return np.zeros(self.n, dtype=dtype)
            return np.full(self.n, self._no_column(criterion, fact), dtype=dtype)
        column = self.position[head]
        if boolean:
            values, empty, wrong = self._parse_booleans(head)
        else:
            values, empty, wrong = self._parse_numbers(head, _percent_scale(fact.unit, fact.high))
        bad = _bad_values(fact, values, empty, wrong)
        percent = self.numbers[head][3] if head in self.numbers else np.zeros(self.n, dtype=bool)
        self.faults.add(
            need & bad,
            column,
            lambda i: ScenarioError(
                **table.where(i, head),
                expected=wanted + (_PERCENT_HINT if percent[i] else ""),
                found=_shown(table.text(head, i)),
            ),
        )
        missing = need & empty
        filler: Any = False if boolean else (fact.low if fact.low is not None else 0.0)
        if missing.any():
            given = fallback(criterion, fact, self.scenario.context)
            if given is None:
                self.faults.add(
                    missing,
                    column,
                    lambda i: ScenarioError(**table.where(i, head), expected=wanted, found="an empty cell"),
                )
            else:
                filler = given
        if empty.any() or bad.any():
            return np.where(empty | bad, np.asarray(filler, dtype=dtype), values)
        return values

    def _no_column(self, criterion: Criterion, fact: Fact) -> Any:
        """What every row takes for a fact the table has no column of: its `fallback`.
        A required fact without one is the file's problem (the scenario's, for a fact
        meant for ``[context]``)."""
        given = fallback(criterion, fact, self.scenario.context)
        if given is not None:
            return given
        if fact.context:
            raise ScenarioError(
                expected=f'{expected(criterion, fact)} (or a column "{fact.name}" in {self.table.file})',
                found="nothing",
                path=("context", fact.name),
            )
        raise ScenarioError(
            **self.table.where(None, None),
            expected=f'a column "{fact.name}" ({expected(criterion, fact)}) '
            f'or a column "{criterion.id}" with the values',
            found="no such column",
        )

    # -- parsing, a column at a time, cached ---------------------------------------

    def _parse_numbers(self, head: str, percent: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(values, empty, bad): floats as `_numbers` reads them; NaN and infinity are
        bad, and so is a percentage where `percent` (what 1% is) is None."""
        if head not in self.numbers:
            cells = self.table.cells[head]
            decimal = self.scenario.table.decimal
            if decimal != "." and isinstance(cells, Typed) and cells.written is not None and self.table.kind == "csv":
                cells = [cells.text(i) for i in range(len(cells))]  # read as text: "1.300" is 1300
            self.numbers[head] = _numbers(cells, decimal)
        values, empty, bad, percent_cells = self.numbers[head]
        if percent_cells.any():
            if percent is None:
                bad = bad | percent_cells
            else:
                values = np.where(percent_cells, values * percent, values)
        return values, empty, bad

    def _parse_booleans(self, head: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if head not in self.booleans:
            self.booleans[head] = _booleans(self.table.cells[head])
        return self.booleans[head]


def _numbers(cells: Cells, decimal: str = ".") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(values, empty, bad, percent) of a column: a text cell as Python reads it (with
    the decimal mark "."), else as `numeral` reads it; `percent` marks the cells
    written with % (their value is the number before it)."""
    n = len(cells)
    none = np.zeros(n, dtype=bool)
    if isinstance(cells, Typed):
        if cells.kind == "boolean":
            return np.zeros(n), cells.null, ~cells.null, none
        values = cells.values
        return values, cells.null, ~cells.null & ~np.isfinite(values), none
    try:
        if decimal != ".":
            raise ValueError("Python's reading of 1.300 is not this table's")
        values = np.array(cells, dtype=float) if n else np.empty(0)
        empty, bad, percent = none, none.copy(), none.copy()
    except (ValueError, OverflowError):  # empty cells or text: find them one by one
        values = np.zeros(n)
        empty, bad, percent = none.copy(), none.copy(), none.copy()
        for i, cell in enumerate(cells):
            read = numeral(cell, decimal) if isinstance(cell, str) else (float(cell), False)
            if read is None:
                empty[i] = not cell.strip()
                bad[i] = not empty[i]
            else:
                values[i], percent[i] = read
    nonfinite = ~np.isfinite(values)
    if nonfinite.any():
        bad = bad | nonfinite
        values = np.where(nonfinite, 0.0, values)
    return values, empty, bad, percent


def numeral(text: str, decimal: str = ".") -> tuple[float, bool] | None:
    """A cell's number and whether it was written with %, or None where it is not a
    number (or is blank).  With decimal ".", what Python's float reads (``1450.5``,
    ``1e3``), else a number as a spreadsheet shows it: ``$1,300``, ``1 300``,
    ``USD 1,300.50``, ``-40%``; with decimal ",", ``1.300,50 €``.  Thousands are
    grouped in threes by the mark that is not the decimal one, a space or '; anything
    else (``1,30`` with decimal ".", ``1.300,50`` with ".", mixed marks) is no number."""
    if decimal == ".":
        try:
            return float(text), False
        except ValueError:
            pass
    match = _NUMERAL.match(text.strip())
    if match is None or (match["sign"] and match["sign2"]):
        return None
    digits = match["digits"]
    whole, point, fraction = digits.partition(decimal)
    if not fraction.isdigit() and point:
        return None
    group = next((mark for mark in f"{_GROUPS}{'.,'.replace(decimal, '')}" if mark in whole), None)
    if group is not None:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) and all(map(str.isdigit, parts))):
            return None
    elif not whole.isdigit():
        return None
    sign = -1.0 if (match["sign"] or match["sign2"]) in ("-", "\u2212") else 1.0
    return sign * float(whole.replace(group or "_", "") + "." + (fraction or "0")), bool(match["percent"])


_PERCENT_HINT = " (a percentage is read as 40 where the unit is %, as 0.4 where the range ends at 1)"


def _percent_scale(unit: str, high: float | None) -> float | None:
    """What a cell of 1% is for a fact or criterion: 1 where its unit is a percentage
    ("%", "percent"), 0.01 where its range ends at 1 (a fraction), else None (no
    reading of 40% is sure: an error)."""
    if "%" in unit or "percent" in unit.lower():
        return 1.0
    if high is not None and high <= 1:
        return 0.01
    return None


def _booleans(cells: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(cells, Typed):
        if cells.kind == "number":
            return np.zeros(len(cells.null), dtype=bool), cells.null, ~cells.null
        return cells.values, cells.null, np.zeros(len(cells.null), dtype=bool)
    code = np.fromiter(
        map(BOOLEAN_CODES.get, cells, itertools.repeat(3)), dtype=np.int8, count=len(cells)
    )
    for i in np.flatnonzero(code == 3):  # other spellings: "tRuE", " true"
        cell = cells[i]
        code[i] = BOOLEAN_CODES.get(cell.strip().lower(), 3) if isinstance(cell, str) else 3
    return code == 1, code == 2, code == 3


def _bad_values(fact: Fact, values: np.ndarray, empty: np.ndarray, wrong: np.ndarray) -> np.ndarray:
    """Where a fact's given values are not what it asks for: of the wrong type
    (`wrong`, as the cell reads), a fraction for an integer, out of its range."""
    if fact.type is FactType.BOOLEAN:
        return wrong
    given = ~empty & ~wrong
    bad = wrong | (given & out_of_range(fact, values))
    if fact.type is FactType.INTEGER:
        bad |= given & (values != np.floor(values))
    return bad


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
