"""Alternatives as checked numpy columns, wherever they come from.

A scenario's own ``[[alternatives]]`` (`own_columns`) and a table's rows
(`tradeoff.core.table_input`) both become `Columns`: per criterion the values given (NaN
where the criterion computes them), the rows that need computing, and the checked
facts its `score` reads.  `tradeoff.core.columnar` evaluates any number of them as one
matrix, so every alternative meets the same evaluation and the same checks, and an
error is placed in its source's terms (a path in the scenario file, or a table's
line and column).

A fact is looked up in the alternative's ``facts`` (a table's cell), then in the
scenario's ``[context]``, then in the fact's default (`fallback`); its type
(`type_ok`), its range (`out_of_range`) and what an error says was expected
(`expected`) are one rule for both sources.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs
import numpy as np

from ..files.places import where as _where
from ..model.errors import ScenarioError, clip, closest_first, describe, did_you_mean
from ..model.frozen import as_tuple
from ..model.scenario import Criterion, Fact, FactType, Scenario

if TYPE_CHECKING:
    from .methods import Method
    from .weighting import WeightingScheme


#: What to do with a table's bad rows: raise the first, or leave each out and report it.
OnError = Literal["raise", "collect"]


class Catalogue(Protocol):
    """What evaluating and ranking need from an `Engine` or a registry."""

    @property
    def criteria(self) -> Mapping[str, Criterion]: ...

    @property
    def methods(self) -> Mapping[str, Method]: ...

    @property
    def weightings(self) -> Mapping[str, WeightingScheme]: ...


def resolve_criteria(scenario: Scenario, catalogue: Catalogue) -> tuple[Criterion, ...]:
    """Each of the scenario's criteria: its inline one, or the one a plugin provides."""
    out = []
    for choice in scenario.criteria:
        if choice.inline:
            out.append(choice.as_criterion())
        elif choice.id in catalogue.criteria:
            for key in ("label", "unit", "description"):
                if getattr(choice, key) is not None:
                    raise ScenarioError(
                        expected=f"no {key} for criterion {choice.id!r}, which a plugin "
                        "provides with its own (set direction to define a criterion here)",
                        found=describe(getattr(choice, key)),
                        path=("criteria", choice.id, key),
                    )
            out.append(catalogue.criteria[choice.id])
        else:
            from .known_plugins import missing_plugin

            find(
                catalogue.criteria, choice.id, "criterion", ("criteria", choice.id),
                alternative=" or an inline one with a direction", why=missing_plugin(choice.id),
            )
    return tuple(out)


def find(
    table: Mapping[str, Any], name: str, kind: str, path: tuple[Any, ...], *, alternative: str = "", why: str = ""
) -> Any:
    """The registered `kind` called `name`, or the one error for a name nobody
    registered: every registered name, closest first, and a "did you mean"; the
    `alternative` to a registered one and `why` it is missing, if known, follow."""
    if name not in table:
        raise ScenarioError(
            expected=f"a registered {kind} ({closest_first(name, table) or 'none'})"
            + did_you_mean(name, table)
            + alternative,
            found=f'"{clip(name)}"{why}',
            path=path,
        )
    return table[name]


#: How close a name must be to a read fact to be taken for its typo: closer than
#: ordinary hints, as these names are the user's own.
TYPO = 0.85


def check_fact_names(scenario: Scenario, criteria: Sequence[Criterion]) -> None:
    """A fact no criterion reads is kept and ignored, unless it looks like a typo."""
    read = {f.name for c in criteria for f in c.facts}
    if not read:
        return
    places = [(("alternatives", (i, alt.name), "facts"), alt.facts) for i, alt in enumerate(scenario.alternatives)]
    places.append((("context",), scenario.context))
    hints: dict[str, str] = {}  # one look per distinct key, however many alternatives
    for where, facts in places:
        for key in facts:
            if key not in hints:
                hints[key] = did_you_mean(key, read, TYPO) if key not in read else ""
            if hints[key]:
                raise ScenarioError(
                    expected=f"a fact a criterion reads{hints[key]}", found=f'"{clip(key)}"', path=(*where, key)
                )


class Headed(Protocol):
    """What `unread_facts` reads of a table (whole, or a file's first chunk)."""

    file: str | None
    kind: str
    header: tuple[str, ...]


def unread_facts(scenario: Scenario, criteria: Sequence[Criterion], table: Headed | None = None) -> tuple[str, ...]:
    """Warnings, one per name, for the facts of the scenario's alternatives and the
    columns of `table` (but its name column and the criteria's ids) that no criterion
    reads: each is ignored, so a misspelt one silently changes the ranking.  Each is
    placed as an error would be (its first place) and names the closest read fact."""
    from ..files.places import locate

    read = {f.name for c in criteria for f in c.facts}
    source = scenario.source
    out: dict[str, str] = {}
    for i, alt in enumerate(scenario.alternatives):
        for key in alt.facts:
            if key not in read and key not in out:
                error = ScenarioError(
                    expected=f"a fact a criterion reads{did_you_mean(key, read)}",
                    found=f'"{clip(key)}", which no criterion reads',
                    path=("alternatives", (i, alt.name), "facts", key),
                )
                out[key] = str(error if source is None else locate(error, source.file, source.text))
    ids = {c.id for c in scenario.criteria}
    for head in () if table is None else table.header:
        if head and head != "name" and head not in read and head not in ids and head not in out:
            out[head] = str(ScenarioError(
                **_where(table.file, table.kind, None, head),  # type: ignore[arg-type]
                expected=f"a criterion of the scenario or a fact a criterion reads{did_you_mean(head, read | ids)}",
                found=f'the column "{clip(head)}", which no criterion reads',
            ))
    return tuple(out.values())


@attrs.frozen(kw_only=True)
class Columns:
    """Alternatives checked for a scenario, as numpy columns: the scenario's own
    (``kind="scenario"``) or a table's rows (``"csv"``, ``"parquet"``).

    `values` has a column per criterion the source gives values for (NaN where the
    criterion computes the value from facts).  `inputs` has, per criterion that
    computes values, the facts its `score` reads, one checked array per fact
    (empty cells filled from ``[context]`` or the fact's default), meaningful on the
    rows where `needs` is True.  `low` and `high` are the intervals of the criteria
    with uncertain values (the scenario's own only; NaN where computed).  Only the rows without errors
    are here; `errors` are the rows left out, one error each, in file order.
    """

    kind: str
    #: The table's file; None for the scenario's own (its errors get the scenario's).
    file: str | None = None
    names: np.ndarray = attrs.field(eq=False)
    #: Where each row is in its source: its line (CSV, header = line 1), its index
    #: (Parquet, or the scenario's alternatives).
    rows: np.ndarray = attrs.field(eq=False)
    values: dict[str, np.ndarray] = attrs.field(eq=False)
    inputs: dict[str, dict[str, np.ndarray]] = attrs.field(eq=False)
    needs: dict[str, np.ndarray] = attrs.field(eq=False)
    low: dict[str, np.ndarray] = attrs.field(factory=dict, eq=False)
    high: dict[str, np.ndarray] = attrs.field(factory=dict, eq=False)
    errors: tuple[ScenarioError, ...] = ()
    #: A table's column headers, as its reader found them (for `unread_facts`).
    header: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    #: The scenario a table was checked for (its criteria, and its own alternatives'
    #: names, which a row may not repeat): an engine ranks it with that one only.
    checked_for: Scenario | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def n(self) -> int:
        return len(self.names)

    def where(self, row: int, column: str | None) -> dict[str, Any]:
        """`ScenarioError` fields placing a problem at kept row `row` and criterion or
        column `column`, in this source's terms."""
        if self.kind == "scenario":
            index = int(self.rows[row])
            return {"path": ("alternatives", (index, self.names[row]), "values", column)}
        assert self.file is not None
        return _where(self.file, self.kind, int(self.rows[row]), column)

    def without(self, drop: np.ndarray, errors: Sequence[ScenarioError]) -> Columns:
        """These columns less the rows where `drop` is True, with `errors` added."""
        keep = ~drop
        return attrs.evolve(
            self,
            names=self.names[keep],
            rows=self.rows[keep],
            values={k: v[keep] for k, v in self.values.items()},
            inputs={c: {f: a[keep] for f, a in facts.items()} for c, facts in self.inputs.items()},
            needs={c: a[keep] for c, a in self.needs.items()},
            low={k: v[keep] for k, v in self.low.items()},
            high={k: v[keep] for k, v in self.high.items()},
            errors=tuple(sorted([*self.errors, *errors], key=error_order)),
        )


def error_order(error: ScenarioError) -> int:
    """Where a row's error is in its file: its line (CSV) or index (Parquet)."""
    if error.line is not None:
        return error.line
    path = error.path
    return path[1] if len(path) > 1 and isinstance(path[1], int) else -1


# -- the rules of a fact, for every source ----------------------------------------------


def type_ok(fact: Fact, value: Any) -> bool:
    """Whether a scalar `value` has the type `fact` asks for (range aside)."""
    if fact.type is FactType.BOOLEAN:
        return isinstance(value, (bool, np.bool_))
    if isinstance(value, (bool, np.bool_)):
        return False
    if fact.type is FactType.INTEGER:
        return isinstance(value, numbers.Integral)
    return isinstance(value, numbers.Real)


def out_of_range(fact: Fact, column: np.ndarray) -> np.ndarray:
    """Where a float column is outside `fact`'s limits ``[low, high]`` (a boolean mask)."""
    if fact.low is not None and fact.high is not None:
        return (column < fact.low) | (column > fact.high)
    if fact.low is not None:
        return column < fact.low
    if fact.high is not None:
        return column > fact.high
    return np.zeros(column.shape, dtype=bool)


def fallback(criterion: Criterion, fact: Fact, context: Mapping[str, Any]) -> Any:
    """What an alternative without the fact takes: the fact in ``[context]`` (checked,
    a bad one is the scenario's error), else its default; None for a required fact."""
    if fact.name in context:
        value = context[fact.name]
        if not type_ok(fact, value) or (
            fact.type is not FactType.BOOLEAN and out_of_range(fact, np.array([float(value)])).any()
        ):
            raise ScenarioError(
                expected=expected(criterion, fact), found=describe(value), path=("context", fact.name)
            )
        return value
    return None if fact.required else fact.default


def expected(criterion: Criterion, fact: Fact) -> str:
    """What an error about `fact` says was expected: its type, range and purpose."""
    what = f" ({fact.description})" if fact.description else ""
    return f"{fact.expectation()} for criterion {criterion.id!r}{what}"


# -- the scenario's own alternatives ----------------------------------------------------


def own_columns(scenario: Scenario, criteria: Sequence[Criterion]) -> Columns:
    """The scenario's own alternatives as checked columns; the first bad fact (by
    criterion, fact, then alternative) raises, placed in the scenario."""
    alternatives = scenario.alternatives
    n = len(alternatives)
    uncertain = any(alt.spread for alt in alternatives)
    values, inputs, needs, low, high = {}, {}, {}, {}, {}
    for criterion in criteria:
        cid = criterion.id
        given = np.array([alt.values.get(cid, np.nan) for alt in alternatives], dtype=float)
        values[cid] = given
        if uncertain and any(cid in alt.spread for alt in alternatives):
            low[cid], high[cid] = given.copy(), given.copy()
            for i, alt in enumerate(alternatives):
                if cid in alt.spread:
                    low[cid][i], high[cid][i] = alt.spread[cid]
        if criterion.inline:
            continue
        need = np.isnan(given)  # the model holds only finite values
        needs[cid] = need
        if need.all():
            inputs[cid] = fact_columns(criterion, scenario, range(n))
            continue
        rows = np.flatnonzero(need)
        facts = fact_columns(criterion, scenario, rows) if len(rows) else {}
        inputs[cid] = {}
        for fact in criterion.facts:
            full = np.zeros(n, dtype=bool if fact.type is FactType.BOOLEAN else float)
            if len(rows):
                full[rows] = facts[fact.name]
            inputs[cid][fact.name] = full
    names = np.empty(n, dtype=object)
    names[:] = list(scenario.names)
    return Columns(
        kind="scenario", names=names, rows=np.arange(n), values=values, inputs=inputs,
        needs=needs, low=low, high=high,
    )


def fact_columns(criterion: Criterion, scenario: Scenario, rows: Sequence[int]) -> dict[str, np.ndarray]:
    """One checked array per fact of `criterion`, for the scenario's alternatives in
    `rows`; the first bad one raises, placed at the alternative's fact (or ``[context]``).

    A TOML value has its own type, so an integer fact takes only integers (a table's
    cell is text: there a fraction is refused by its value)."""
    out = {}
    alternatives = [scenario.alternatives[i] for i in rows]
    for fact in criterion.facts:
        given = [alt.facts.get(fact.name, _MISSING) for alt in alternatives]
        filler: Any = _MISSING
        first = None  # the first alternative whose value is missing or of the wrong type
        plain = given
        if _MISSING in given or not all(type_ok(fact, v) for v in given):
            plain = []
            for k, value in enumerate(given):
                if value is _MISSING:
                    if filler is _MISSING:
                        filler = fallback(criterion, fact, scenario.context)
                    value = filler
                if value is None or not type_ok(fact, value):
                    first = k if first is None else first
                    value = 0
                plain.append(value)
        boolean = fact.type is FactType.BOOLEAN
        column = np.array(plain, dtype=bool if boolean else float)
        if not boolean and (fact.low is not None or fact.high is not None):
            outside = out_of_range(fact, column)
            if outside.any():
                k = int(outside.argmax())
                first = k if first is None else min(first, k)
        if first is not None:
            value = given[first]
            missing = value is _MISSING
            place = ("alternatives", (int(rows[first]), alternatives[first].name), "facts", fact.name)
            raise ScenarioError(
                expected=expected(criterion, fact),
                found="nothing" if missing else describe(value),
                path=("context", fact.name) if missing and fact.context else place,
            )
        out[fact.name] = column
    return out


_MISSING = object()
