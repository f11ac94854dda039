"""Alternatives from a table: a CSV file (or Parquet), one row per alternative.

``tradeoff rank SCENARIO --alternatives vendors.csv``: the scenario gives the criteria,
weights and method; each row of the table is an alternative.  The ``name`` column
names it; a column whose header is one of the scenario's criteria gives that
criterion's value; a column named after a fact a criterion reads gives that fact.
Other columns are ignored, unless the header looks like a typo of a fact or a
criterion (``monthly_fe``).

Reading is two steps, both a column at a time, so a million rows take seconds:

- `tradeoff.files.table_read.read_table` reads the file into columns of text and checks its
  shape (an empty file, bad quoting, no ``name`` column, a header named twice are
  errors; a row with the wrong number of cells is a bad row);
- `check_table` turns the columns into `tradeoff.core.facts.Columns` for a scenario, the
  checked columns its own alternatives become too: numbers, ``true``/``false``, the
  limits of each fact, what an empty cell falls back to, unique names.  Types and
  limits come from the criteria that read a fact, so this step needs the scenario and
  the engine's criteria.

`read_alternatives` does both.  A bad row is a `ScenarioError` naming the file, the
row's line (header = line 1), the column, what was expected and what was found::

    vendors.csv:7: monthly_fee: expected a number from 0 to 1e12 (USD/month) for
    criterion 'cost' (...), got "call us"

With ``on_error="raise"`` the first bad row (by line) is raised; with ``"collect"``
bad rows are left out and listed in `Columns.errors`, one error per bad row (its
first bad cell, by column), and the others are kept.  Problems with the file itself
always raise.  See docs/scenario-file.md, "Alternatives from a CSV file".
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..files.places import located
from ..files.table_read import NAME, Cells, Reader, Table, Typed, read_table
from ..model.errors import ScenarioError, clip, did_you_mean
from ..model.scenario import Criterion, Fact, FactType, Scenario, first_places, not_unique
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

#: A boolean cell: 0 false, 1 true, 2 empty (anything else is not a boolean).
_BOOLEAN_CODES = {"false": 0, "FALSE": 0, "False": 0, "true": 1, "TRUE": 1, "True": 1, "": 2}


def read_alternatives(
    path: str | os.PathLike[str],
    scenario: Scenario,
    engine: Catalogue,
    *,
    on_error: OnError = "raise",
    reader: Reader = "auto",
) -> Columns:
    """Read and check a table of alternatives for `scenario`: `read_table`, then
    `check_table`."""
    return check_table(read_table(path, reader=reader), scenario, engine, on_error=on_error)


def check_table(
    table: Table, scenario: Scenario, engine: Catalogue, *, on_error: OnError = "raise"
) -> Columns:
    """The table's rows as checked numpy columns for `scenario`'s criteria.

    `engine` is an `Engine` (its `criteria`) or a registry.  With ``on_error="raise"``
    the first bad row raises; with ``"collect"`` bad rows are left out and listed in
    `Columns.errors`.  Problems that are not a row's (no column for a required fact,
    a bad ``[context]`` value, a header that looks like a typo) always raise.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError(f'on_error must be "raise" or "collect", got {on_error!r}')
    with located(scenario):
        criteria = resolve_criteria(scenario, engine)
        return _Checker(table, scenario, criteria).run(on_error)


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
    """Each row's first problem, by column: vectorised bookkeeping, errors built only
    for the rows that are reported."""

    def __init__(self, n: int) -> None:
        self.column = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        self.kind = np.full(n, -1, dtype=np.int64)
        self.makers: list[Callable[[int], ScenarioError]] = []

    def add(self, bad: np.ndarray, column: int, make: Callable[[int], ScenarioError]) -> None:
        if not bad.any():
            return
        update = bad & (column < self.column)
        self.column[update] = column
        self.kind[update] = len(self.makers)
        self.makers.append(make)

    @property
    def bad(self) -> np.ndarray:
        return self.kind >= 0

    def error(self, row: int) -> ScenarioError:
        return self.makers[int(self.kind[row])](row)


class _Checker:
    def __init__(self, table: Table, scenario: Scenario, criteria: Sequence[Criterion]) -> None:
        self.table = table
        self.scenario = scenario
        self.criteria = criteria
        self.n = table.n
        self.faults = _Faults(table.n)
        self.position = {head: j for j, head in enumerate(table.header)}
        self.numbers: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
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
        )
        return columns.without(bad, errors) if bad.any() or errors else columns

    def _check_columns(self) -> None:
        """Headers that are neither a criterion nor a read fact but look like a typo."""
        ids = {c.id for c in self.scenario.criteria}
        read = {f.name for c in self.criteria for f in c.facts}
        for head in self.table.header:
            if not head or head == NAME or head in ids or head in read:
                continue
            hint = did_you_mean(head, sorted(read | ids), TYPO)
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
        empty = np.array(names, dtype=object) == "" if names else np.zeros(0, dtype=bool)
        self.faults.add(
            empty,
            column,
            lambda i: ScenarioError(
                **table.where(i, NAME), expected="a non-empty name", found="an empty cell"
            ),
        )
        own = {alt.name: k for k, alt in enumerate(self.scenario.alternatives)}
        first = first_places(names)
        if len(first) < len(names) or own.keys() & first.keys():
            named = ~empty
            theirs = named & np.fromiter(map(own.__contains__, names), dtype=bool, count=self.n)
            earlier = np.fromiter(map(first.__getitem__, names), dtype=np.int64, count=self.n)
            again = named & ~theirs & (earlier != np.arange(self.n))
            self.faults.add(
                theirs,
                column,
                lambda i: not_unique(
                    "alternative names", names[i], f"the scenario's alternatives[{own[names[i]]}]",
                    **table.where(i, NAME),
                ),
            )
            first_at = "line" if table.kind == "csv" else "row"
            self.faults.add(
                again,
                column,
                lambda i: not_unique(
                    "alternative names", names[i], f"first at {first_at} {int(table.rows[earlier[i]])}",
                    **table.where(i, NAME),
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
            numbers, empty, bad = self._parse_numbers(head)

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
        values, empty, wrong = self._parse_booleans(head) if boolean else self._parse_numbers(head)
        bad = _bad_values(fact, values, empty, wrong)
        self.faults.add(
            need & bad,
            column,
            lambda i: ScenarioError(**table.where(i, head), expected=wanted, found=_shown(table.text(head, i))),
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

    def _parse_numbers(self, head: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(values, empty, bad): floats as Python reads them; NaN and infinity are bad."""
        if head not in self.numbers:
            self.numbers[head] = _numbers(self.table.cells[head])
        return self.numbers[head]

    def _parse_booleans(self, head: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if head not in self.booleans:
            self.booleans[head] = _booleans(self.table.cells[head])
        return self.booleans[head]


def _numbers(cells: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(cells, Typed):
        if cells.kind == "boolean":
            return np.zeros(len(cells.null)), cells.null, ~cells.null
        values = cells.values
        return values, cells.null, ~cells.null & ~np.isfinite(values)
    n = len(cells)
    try:
        values = np.array(cells, dtype=float) if n else np.empty(0)
        empty = np.zeros(n, dtype=bool)
        bad = np.zeros(n, dtype=bool)
    except (ValueError, OverflowError):  # empty cells or text: find them one by one
        values = np.zeros(n)
        empty = np.zeros(n, dtype=bool)
        bad = np.zeros(n, dtype=bool)
        for i, text in enumerate(cells):
            if not text or text.isspace():
                empty[i] = True
                continue
            try:
                values[i] = float(text)
            except ValueError:
                bad[i] = True
    nonfinite = ~np.isfinite(values)
    if nonfinite.any():
        bad = bad | nonfinite
        values = np.where(nonfinite, 0.0, values)
    return values, empty, bad


def _booleans(cells: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(cells, Typed):
        if cells.kind == "number":
            return np.zeros(len(cells.null), dtype=bool), cells.null, ~cells.null
        return cells.values, cells.null, np.zeros(len(cells.null), dtype=bool)
    code = np.fromiter(
        map(_BOOLEAN_CODES.get, cells, itertools.repeat(3)), dtype=np.int8, count=len(cells)
    )
    for i in np.flatnonzero(code == 3):  # other spellings: "tRuE", " true"
        code[i] = _BOOLEAN_CODES.get(cells[i].strip().lower(), 3)
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
