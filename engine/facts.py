"""Gather and check the facts a criterion reads, as one numpy column per fact.

A fact is looked up in the alternative's ``facts``, then in the scenario's
``[context]``, then in the fact's default.  Checks happen here, before scoring, so a
criterion's formula can trust its inputs; each error names the alternative (or the
context), the criterion and the fact.  `type_ok`, `out_of_range` and `expected` are
the same checks for a table of alternatives (`tradeoff.table_input`), a column at a
time.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import ScenarioError, Step, describe
from .model import Criterion, Fact, FactType, Scenario

_MISSING = object()


def type_ok(fact: Fact, value: Any) -> bool:
    """Whether a scalar `value` has the type `fact` asks for (range aside)."""
    return _type_ok(fact, value)


def out_of_range(fact: Fact, column: np.ndarray) -> np.ndarray:
    """Where a float column is outside `fact`'s limits ``[low, high]`` (a boolean mask)."""
    bad = np.zeros(column.shape, dtype=bool)
    if fact.low is not None:
        bad |= column < fact.low
    if fact.high is not None:
        bad |= column > fact.high
    return bad


def expected(criterion: Criterion, fact: Fact) -> str:
    """What an error about `fact` says was expected: its type, range and purpose."""
    return _expected(criterion, fact)


def _type_ok(fact: Fact, value: Any) -> bool:
    if fact.type is FactType.BOOLEAN:
        return isinstance(value, (bool, np.bool_))
    if isinstance(value, (bool, np.bool_)):
        return False
    if fact.type is FactType.INTEGER:
        return isinstance(value, numbers.Integral)
    return isinstance(value, numbers.Real)


def fact_columns(
    criterion: Criterion, scenario: Scenario, rows: Sequence[int]
) -> dict[str, np.ndarray]:
    """One checked array per fact of `criterion`, for the alternatives in `rows`."""
    out = {}
    for fact in criterion.facts:
        values = []
        places: list[tuple[Step, ...]] = []
        for i in rows:
            alt = scenario.alternatives[i]
            if fact.name in alt.facts:
                value, place = alt.facts[fact.name], ("alternatives", (i, alt.name), "facts")
            elif fact.name in scenario.context:
                value, place = scenario.context[fact.name], ("context",)
            elif not fact.required:
                value, place = fact.default, ()
            else:
                where = ("context",) if fact.context else ("alternatives", (i, alt.name), "facts")
                raise ScenarioError(
                    expected=_expected(criterion, fact), found="nothing", path=(*where, fact.name)
                )
            if not _type_ok(fact, value):
                raise ScenarioError(
                    expected=_expected(criterion, fact),
                    found=describe(value),
                    path=(*place, fact.name),
                )
            values.append(value)
            places.append(place)
        dtype = bool if fact.type is FactType.BOOLEAN else float
        column = np.asarray(values, dtype=dtype)
        if dtype is float:
            bad = out_of_range(fact, column)
            if bad.any():
                k = int(np.flatnonzero(bad)[0])
                raise ScenarioError(
                    expected=_expected(criterion, fact),
                    found=describe(values[k]),
                    path=(*places[k], fact.name),
                )
        out[fact.name] = column
    return out


def _expected(criterion: Criterion, fact: Fact) -> str:
    what = f" ({fact.description})" if fact.description else ""
    return f"{fact.expectation()} for criterion {criterion.id!r}{what}"
