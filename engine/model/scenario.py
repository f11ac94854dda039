"""The domain model: what a decision is made of.

Value objects are frozen attrs classes with keyword-only fields, so adding a field
never breaks a caller and `attrs.evolve` makes changed copies.  Each class checks its
own fields; `Scenario` checks what involves several (unique names, a value for every
inline criterion).  A field's check raises a `ScenarioError` placed relative to its
object (``weight``, ``values.price``; an id is its object's own key, so no place): the
same error serves a program building the model, and the scenario loader places it
under the object's table and adds the file and the line.  A plugin author's mistakes
(a `Fact`, a `Criterion`) are plain `ValueError`s, raised when the plugin is imported.

Collections inside these frozen objects are immutable too (`FrozenMap`, tuples), so a
scenario can be shared between threads and sent to worker processes as it is.
"""

from __future__ import annotations

import enum
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .errors import ScenarioError, clip, describe, did_you_mean, shown
from .frozen import FrozenMap, as_float, as_tuple, freeze

#: Criterion and fact ids: ASCII letters of either case, digits and _, starting with a
#: letter (a spreadsheet's header ``C1``); case counts, ``Price`` is not ``price``.
ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
FORMAT = 1
DEFAULT_METHOD = "topsis"


class Direction(enum.Enum):
    """Which way a criterion points: benefit (more is better) or cost."""

    MAX = "max"
    MIN = "min"

    @classmethod
    def parse(cls, value: object) -> Direction:
        if isinstance(value, Direction):
            return value
        try:
            return cls(value)
        except ValueError:
            raise ScenarioError(
                expected='"max" (more is better) or "min" (less is better)',
                found=describe(value),
            ) from None

    @property
    def benefit(self) -> bool:
        return self is Direction.MAX


class FactType(enum.Enum):
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"


def _placed(field: str, check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`check` as the converter of `field`: its errors placed under the field's name,
    so the check itself only says what it expected and found."""

    def convert(value: Any) -> Any:
        try:
            return check(value)
        except ScenarioError as error:
            raise error.within(field) from None

    return convert


def _each(check: Callable[[Any], Any]) -> Callable[[Mapping[str, Any]], FrozenMap[str, Any]]:
    """A converter of a table whose every value `check` reads, errors placed under the key."""

    def convert(table: Mapping[str, Any]) -> FrozenMap[str, Any]:
        out = {}
        for key, value in dict(table).items():
            try:
                out[key] = check(value)
            except ScenarioError as error:
                raise error.within(key) from None
        return FrozenMap(out)

    return convert


#: Columns every table of results has beside the criteria's (CSV output, --scores-out):
#: no criterion may take their names, or a column would be written twice.
RESULT_COLUMNS = ("name", "rank", "score")


def _check_id(kind: str) -> Callable[[Any, attrs.Attribute, str], None]:
    def check(_inst: Any, _attr: attrs.Attribute, value: str) -> None:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise ScenarioError(
                expected=f"a {kind} id of letters, digits and _ "
                "starting with a letter",
                found=describe(value),
            )
        if value in RESULT_COLUMNS:
            raise ScenarioError(
                expected=f"a {kind} id other than {', '.join(RESULT_COLUMNS)} (the result's own columns)",
                found=describe(value),
            )

    return check


def finite_number(value: object) -> bool:
    """A real number (numpy's included) that is not a boolean, NaN, infinite or beyond
    what a float holds (TOML integers are unbounded)."""
    if not isinstance(value, numbers.Real) or isinstance(value, (bool, np.bool_)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def name_in_words(name: str) -> str:
    """An id as a reader reads it where nothing labels it: "monthly_fee" is "Monthly fee"."""
    return name.replace("_", " ").capitalize()


@attrs.frozen(kw_only=True)
class Fact:
    """A raw fact a criterion reads: a vendor's monthly fee, a contract's length...

    `low`/`high` bound the allowed range (inclusive); a fact with a `default` is
    optional.  `context=True` marks a scenario-wide fact that lives in ``[context]``.
    """

    name: str = attrs.field(validator=_check_id("fact"))
    type: FactType = attrs.field(default=FactType.NUMBER, converter=FactType)
    unit: str = ""
    description: str = ""
    low: float | None = None
    high: float | None = None
    default: float | bool | None = None
    context: bool = False
    #: What a report calls the fact ("Monthly fee"); without one, its name in words.
    label: str = ""

    def __attrs_post_init__(self) -> None:
        """A plugin author's mistakes show when the plugin is imported, not in a file."""
        if self.default is None:
            return
        if self.type is FactType.BOOLEAN:
            ok = isinstance(self.default, bool)
        else:
            ok = finite_number(self.default) and (
                self.type is FactType.NUMBER or float(self.default).is_integer()
            )
            ok = ok and (self.low is None or self.default >= self.low)
            ok = ok and (self.high is None or self.default <= self.high)
        if not ok:
            raise ValueError(
                f"fact {self.name!r}: default {self.default!r} is not {self.expectation()}"
            )

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def title(self) -> str:
        """Its label, else its name in words: "monthly_fee" reads "Monthly fee"."""
        return self.label or name_in_words(self.name)

    def expectation(self) -> str:
        """What a valid value looks like, for error messages and docs."""
        if self.type is FactType.BOOLEAN:
            return "true or false"
        kind = "an integer" if self.type is FactType.INTEGER else "a number"
        if self.low is not None and self.high is not None:
            kind += f" from {_num(self.low)} to {_num(self.high)}"
        elif self.low is not None:
            kind += f" >= {_num(self.low)}"
        elif self.high is not None:
            kind += f" <= {_num(self.high)}"
        return kind + (f" ({self.unit})" if self.unit else "")


def _num(x: float) -> str:
    if abs(x) >= 1e6:
        return f"{x:.0e}".replace("e+0", "e").replace("e+", "e")
    return str(int(x)) if float(x).is_integer() else str(x)


#: A criterion's scoring function: columns of facts in (one numpy array per fact, one
#: element per alternative), one float per alternative out.
Score = Callable[[Mapping[str, Any]], Any]


@attrs.frozen(kw_only=True)
class Criterion:
    """What to measure: a criterion's identity, meaning and (for plugins) formula.

    A criterion with a `score` function turns facts into values; one without
    (an inline criterion of a scenario file) needs its values given directly.
    """

    id: str = attrs.field(validator=_check_id("criterion"))
    label: str = ""
    direction: Direction = attrs.field(converter=Direction.parse)
    unit: str = ""
    description: str = ""
    formula: str = ""
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=as_tuple)
    score: Score | None = attrs.field(default=None, eq=False, repr=False)
    #: The plugin that registered this criterion (set by the registry).
    provided_by: str = attrs.field(default="", eq=False)

    @facts.validator
    def _check_facts(self, _attr: attrs.Attribute, facts: tuple[Fact, ...]) -> None:
        names = [f.name for f in facts]
        if not all(isinstance(f, Fact) for f in facts) or first_repeat(names) is not None:
            raise ValueError(f"criterion {self.id!r}: facts must be distinct tradeoff.Fact objects")

    @property
    def title(self) -> str:
        return self.label or self.id

    @property
    def inline(self) -> bool:
        return self.score is None


@attrs.frozen(kw_only=True)
class CriterionChoice:
    """A criterion as a scenario uses it: which one, how much it weighs.

    When `direction` is set the criterion is defined inline and needs no plugin;
    otherwise `id` names a criterion a plugin provides.
    """

    id: str = attrs.field(validator=_check_id("criterion"))
    weight: float = attrs.field(default=1, converter=_placed("weight", lambda v: _nonnegative(v, "a weight")))
    label: str | None = attrs.field(default=None, converter=lambda v: v or None)
    direction: Direction | None = attrs.field(
        default=None, converter=_placed("direction", lambda v: None if v is None else Direction.parse(v))
    )
    unit: str | None = attrs.field(default=None, converter=lambda v: v or None)
    description: str | None = attrs.field(default=None, converter=lambda v: v or None)
    #: The criterion's scale for methods that use one (SPOTIS): (low, high).
    bounds: tuple[float, float] | None = attrs.field(
        default=None, converter=_placed("bounds", lambda v: parse_bounds(v))
    )
    #: A preference function for outranking methods (PROMETHEE), checked by the method.
    preference: FrozenMap[str, Any] | None = attrs.field(
        default=None, converter=_placed("preference", lambda v: _preference(v))
    )
    #: The decision maker's expected value on this criterion, for methods that measure
    #: from a reference point (balanced SPOTIS's expected solution point).
    reference: float | None = attrs.field(
        default=None, converter=_placed("reference", lambda v: parse_reference(v))
    )

    @property
    def inline(self) -> bool:
        return self.direction is not None

    def setting(self, name: str) -> Any:
        """A per-criterion setting a method reads ("bounds", "preference", "reference")."""
        return getattr(self, name)

    def as_criterion(self) -> Criterion:
        """The inline criterion this choice defines."""
        assert self.direction is not None
        return Criterion(
            id=self.id,
            label=self.label or "",
            direction=self.direction,
            unit=self.unit or "",
            description=self.description or "",
        )


def _nonnegative(value: object, what: str) -> float:
    """A finite number >= 0 (a weight, an influence), as a plain int or float (numpy's
    included)."""
    if not finite_number(value) or value < 0:  # type: ignore[operator]
        raise ScenarioError(expected=f"{what} that is a finite number >= 0", found=describe(value))
    return int(value) if isinstance(value, numbers.Integral) else float(value)  # type: ignore[arg-type]


def parse_bounds(value: object) -> tuple[float, float] | None:
    """A criterion's ``bounds = [low, high]`` (finite, low < high), or None when unset."""
    if value is None:
        return None
    ok = (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(finite_number(v) for v in value)
        and value[0] < value[1]  # type: ignore[operator]
    )
    if not ok:
        raise ScenarioError(
            expected="bounds [low, high] with finite numbers, low < high",
            found=describe(value) if not isinstance(value, (list, tuple)) else shown(list(value)),
        )
    return (float(value[0]), float(value[1]))  # type: ignore[index]


def parse_reference(value: object) -> float | None:
    """A criterion's ``reference = X`` (a finite number), or None when unset."""
    if value is None:
        return None
    if not finite_number(value):
        raise ScenarioError(expected="a reference value that is a finite number", found=describe(value))
    return float(value)  # type: ignore[arg-type]


def _preference(value: object) -> FrozenMap[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ScenarioError(
            expected='a table such as { function = "linear", q = 1, p = 5 }',
            found=describe(value),
        )
    return freeze(value)


@attrs.frozen
class Interval:
    """An uncertain criterion value, known only to lie in [low, high].

    The ranking uses its `midpoint`; SMAA samples between its ends."""

    low: float = attrs.field(converter=as_float)
    high: float = attrs.field(converter=as_float)

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ValueError(f"an interval needs finite ends with low <= high, got [{self.low}, {self.high}]")

    @property
    def midpoint(self) -> float:
        return 0.5 * self.low + 0.5 * self.high  # halves first: no overflow


#: What a criterion value may be, in a file or through the API.
VALUE_FORMS = 'a number, an interval [low, high] with low <= high, or "X ± P%"'
_PLUS_MINUS = re.compile(
    r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:±|\+/-|\+-)\s*"
    r"((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*%\s*$"
)


def parse_value(value: object) -> float | Interval:
    """A criterion value: a finite number (as a float), or an `Interval` from
    ``[low, high]`` (finite, low <= high) or from ``"X ± P%"`` (also ``+-`` and ``+/-``,
    0 < P < 100: the interval [X - |X|·P/100, X + |X|·P/100])."""
    if isinstance(value, Interval):
        return value
    if isinstance(value, (list, tuple)):
        ok = len(value) == 2 and all(finite_number(v) for v in value) and value[0] <= value[1]
        if not ok:
            raise ScenarioError(
                expected="an interval [low, high] of two finite numbers with low <= high",
                found=shown(list(value)),
            )
        return Interval(value[0], value[1])
    if isinstance(value, str):
        match = _PLUS_MINUS.match(value)
        if match is None:
            raise ScenarioError(expected=VALUE_FORMS, found=describe(value))
        centre, percent = float(match.group(1)), float(match.group(2))
        half = abs(centre) * percent / 100
        if math.isinf(half):  # 1.7e308 * 2 overflows where the ends do not
            half = abs(centre) * (percent / 100)
        low, high = centre - half, centre + half
        if not (0 < percent < 100 and math.isfinite(low) and math.isfinite(high)):
            raise ScenarioError(
                expected='"X ± P%" with 0 < P < 100 and both ends finite',
                found=describe(value),
            )
        return Interval(low, high)
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        if not finite_number(value):
            raise ScenarioError(expected="a finite number", found=describe(value))
        return float(value)
    raise ScenarioError(expected=VALUE_FORMS, found=describe(value))


def _fact(value: object, hint: str = "") -> Any:
    """Facts are scalars; which type each must be is the reading criterion's business."""
    if not (finite_number(value) or isinstance(value, (bool, np.bool_, str))):
        raise ScenarioError(
            expected="a finite number, an integer, a boolean or a string" + hint, found=describe(value)
        )
    return value.item() if isinstance(value, np.generic) else value


def _alternative_fact(value: object) -> Any:
    """An alternative's fact, with a word for the interval that belongs under values."""
    hint = " (a fact cannot be an interval: give the criterion's value as one under values)"
    return _fact(value, hint if isinstance(value, (list, tuple)) else "")


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(expected="a non-empty name", found=describe(value))
    return value


@attrs.frozen(kw_only=True)
class Alternative:
    """One option: a vendor, or keeping IT in-house.

    ``values=`` are criterion values given directly; `facts` are raw facts that
    criterion plugins turn into values.  A value may be uncertain, given as an
    `Interval`, ``[low, high]`` or ``"X ± P%"`` (see `parse_value`).  `values` then
    holds one float per criterion, an interval's midpoint (what the ranking uses), and
    `spread` the intervals' (low, high) by criterion id; equality compares the values
    as given, so an interval's ends count.
    """

    name: str = attrs.field(converter=_placed("name", _name))
    description: str = ""
    given: FrozenMap[str, float | Interval] = attrs.field(
        alias="values", factory=FrozenMap, converter=_placed("values", _each(parse_value)), repr=False
    )
    facts: FrozenMap[str, Any] = attrs.field(
        factory=FrozenMap, converter=_placed("facts", _each(_alternative_fact))
    )
    values: FrozenMap[str, float] = attrs.field(
        init=False,
        eq=False,
        default=attrs.Factory(
            lambda self: FrozenMap(
                {k: v.midpoint if isinstance(v, Interval) else v for k, v in self.given.items()}
            ),
            takes_self=True,
        ),
    )
    spread: FrozenMap[str, tuple[float, float]] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: FrozenMap(
                {k: (v.low, v.high) for k, v in self.given.items() if isinstance(v, Interval)}
            ),
            takes_self=True,
        ),
    )


@attrs.frozen(kw_only=True)
class MethodChoice:
    """Which ranking method a scenario asks for, with its parameters."""

    name: str = DEFAULT_METHOD
    normalization: str | None = None
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=freeze)


@attrs.frozen(kw_only=True)
class WeightsChoice:
    """How a scenario derives its weights: a weighting scheme and its settings
    (``[weights] scheme = "roc", order = [...]``).  Without one, the criteria's own
    ``weight`` values are used (the ``direct`` scheme)."""

    scheme: str
    settings: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=freeze)


#: The decimal marks a table's cells may be written with (``[table] decimal``).
DECIMAL_MARKS = (".", ",")


def _decimal(value: object) -> str:
    if value not in DECIMAL_MARKS:
        raise ScenarioError(
            expected='"." (1,300.50) or "," (1.300,50): the decimal mark of the table\'s numbers',
            found=describe(value),
        )
    return str(value)


@attrs.frozen(kw_only=True)
class TableSettings:
    """How a table of alternatives writes its cells (``[table]`` in a scenario file):
    `decimal` is the decimal mark of its numbers, the other of "." and "," groups
    thousands."""

    decimal: str = attrs.field(default=".", converter=_placed("decimal", _decimal))


def _column_target(value: object) -> str:
    """What a ``[columns]`` header is read as: a fact or criterion id (which ones a
    scenario knows is checked where its criteria are, with the table)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ScenarioError(expected="the id of a fact or criterion the column gives", found=describe(value))
    return value


def _columns(table: Mapping[str, Any]) -> FrozenMap[str, str]:
    for key in table:
        if not key.strip():
            raise ScenarioError(expected="a column's header", found="an empty key", path=(key,))
    return _each(_column_target)(table)


@attrs.frozen(kw_only=True)
class Stakeholder:
    """Someone whose view of the weights counts, with how much it counts."""

    name: str = attrs.field(converter=_placed("name", _name))
    influence: float = attrs.field(
        default=1, converter=_placed("influence", lambda v: _nonnegative(v, "an influence"))
    )
    weighting: WeightsChoice


@attrs.frozen(kw_only=True)
class Source:
    """Where a scenario came from, so later errors can name the file and line."""

    file: str
    text: str = attrs.field(repr=False)


def first_places(names: Sequence[str]) -> dict[str, int]:
    """Each name's first index in `names`: the name at i repeats an earlier one where
    its first index is not i.  Built in one pass at C speed, for a table's million rows."""
    return dict(zip(reversed(names), range(len(names) - 1, -1, -1)))


def first_repeat(names: Sequence[str]) -> tuple[int, int] | None:
    """The index of the first name that repeats an earlier one, and that one's index."""
    first = first_places(names)
    if len(first) == len(names):
        return None
    return next((i, first[name]) for i, name in enumerate(names) if first[name] != i)


def not_unique(what: str, name: str, earlier: str, **place: Any) -> ScenarioError:
    """The error for `name` given again where `what` (``"alternative names"``) must be
    unique; `earlier` says where it was given first."""
    return ScenarioError(expected=f"{what} that are unique", found=f'"{clip(name)}" again ({earlier})', **place)


def _check_unique(field: str, what: str, names: Sequence[str], path: Callable[[int, str], tuple[Any, ...]]) -> None:
    repeat = first_repeat(names)
    if repeat is not None:
        i, first = repeat
        raise not_unique(what, names[i], f"first at {field}[{first}]", path=path(i, names[i]))


@attrs.frozen(kw_only=True)
class Scenario:
    """A decision: criteria with weights, alternatives with values or facts, a method."""

    title: str = ""
    description: str = ""
    #: Who made the decision, for whom, and anything to add: plain text on the report's cover.
    author: str = ""
    organisation: str = ""
    notes: str = ""
    format: int = FORMAT
    context: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=_placed("context", _each(_fact)))
    method: MethodChoice = attrs.field(factory=MethodChoice)
    weighting: WeightsChoice | None = None
    stakeholders: tuple[Stakeholder, ...] = attrs.field(default=(), converter=as_tuple)
    criteria: tuple[CriterionChoice, ...] = attrs.field(converter=as_tuple)
    alternatives: tuple[Alternative, ...] = attrs.field(converter=as_tuple)
    #: A table of alternatives' headers read as a fact or criterion (``[columns]``:
    #: header -> id), beside those that name one by its id or label.
    columns: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_placed("columns", _columns))
    #: How a table of alternatives writes its cells (``[table]``).
    table: TableSettings = attrs.field(factory=TableSettings)
    source: Source | None = attrs.field(default=None, eq=False, repr=False)
    #: The alternatives come (also) from elsewhere, a table of alternatives read with
    #: `tradeoff.core.table_input`, so this scenario may have none of its own.  Every other
    #: check stands; ranking such a scenario without its table is an error.
    alternatives_optional: bool = attrs.field(default=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.format != FORMAT:
            raise ScenarioError(
                expected=f"format {FORMAT} (the version this tradeoff reads)",
                found=describe(self.format),
                path=("format",),
            )
        if not self.criteria:
            raise ScenarioError(
                expected="at least one criterion", found="none", path=("criteria",)
            )
        if not self.alternatives and not self.alternatives_optional:
            raise ScenarioError(
                expected="at least one alternative", found="none", path=("alternatives",)
            )
        if self.stakeholders:
            self._check_stakeholders()
        derived = self.weighting is not None or bool(self.stakeholders)
        if not derived and not any(c.weight > 0 for c in self.criteria):
            raise ScenarioError(
                expected="at least one weight > 0",
                found="all weights 0",
                path=("criteria",),
            )
        for c in self.criteria if derived else ():  # a file cannot hold both: dumps() drops them
            if c.weight != 1:
                source = f'[weights] scheme "{self.weighting.scheme}"' if self.weighting else "the [[stakeholders]]"
                raise ScenarioError(
                    expected=f"no weight here: {source} derives them",
                    found=describe(c.weight),
                    path=("criteria", c.id, "weight"),
                )
        _check_unique("criteria", "criterion ids", [c.id for c in self.criteria], lambda i, cid: ("criteria", cid))
        _check_unique(
            "alternatives", "alternative names", self.names, lambda i, name: ("alternatives", (i, name), "name")
        )
        self._check_values()

    def _check_stakeholders(self) -> None:
        if self.weighting is not None:
            raise ScenarioError(
                expected="either [weights] or [[stakeholders]], whose weights make the group's",
                found="both",
                path=("weights",),
            )
        _check_unique(
            "stakeholders", "stakeholder names", [p.name for p in self.stakeholders],
            lambda i, name: ("stakeholders", (i, name), "name"),
        )
        if not any(p.influence > 0 for p in self.stakeholders):
            raise ScenarioError(
                expected="at least one stakeholder with influence > 0",
                found="all 0",
                path=("stakeholders",),
            )

    def _check_values(self) -> None:
        ids = [c.id for c in self.criteria]
        known = set(ids)  # a set: a scenario may have thousands of criteria
        for i, alt in enumerate(self.alternatives):
            for key in alt.values:
                if key not in known:
                    raise ScenarioError(
                        expected="a value for one of the scenario's criteria "
                        f"({', '.join(map(clip, ids))}){did_you_mean(key, ids)}",
                        found=f'"{clip(key)}"',
                        path=("alternatives", (i, alt.name), "values", key),
                    )
            for c in self.criteria:
                if c.inline and c.id not in alt.values:
                    raise ScenarioError(
                        expected=f'a value for the inline criterion "{c.id}"',
                        found="none",
                        path=("alternatives", (i, alt.name), "values", c.id),
                    )

    @property
    def weights(self) -> tuple[float, ...]:
        return tuple(c.weight for c in self.criteria)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.alternatives)
