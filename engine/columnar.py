"""Rank a table of alternatives: a scenario's criteria, weights and method, and rows
read by `tradeoff.table_input`, a column at a time.

No Python object is made per row: each criterion's `score` is called once, on whole
fact columns (the scenario's own alternatives and the table's rows together), the
method runs once on the whole matrix, and a `Result` with ``top=K`` builds only the
K rows it shows.  The scenario's own ``[[alternatives]]`` (say "Keep it in-house")
come first, then the table's rows in file order; ties keep that order.

    engine = tradeoff.Engine()
    scenario = tradeoff.load("vendors-scenario.toml", alternatives_optional=True)
    columns = read_alternatives("vendors.csv", scenario, engine, on_error="collect")
    result = rank_table(engine, scenario, columns, top=10, on_error="collect")
    for error in result.skipped:          # the bad rows, one error each
        print(error)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs
import numpy as np

from .errors import PluginError, ScenarioError
from .facts import fact_columns
from .methods import Method, Ranking, check_inputs
from .model import Criterion, Scenario
from .pipeline import (
    MAGNITUDE_EXPECTED,
    Prepared,
    _check_fact_names,
    _intervals,
    beyond_magnitude,
    choose_method,
    decision,
    finish,
    given_values,
    resolve_criteria,
    score_column,
)
from .ranks import competition_ranks, leading
from .result import DecisionMatrix, Result
from .table_input import Columns, OnError
from .table_input import located as _located
from .weighting import WeightingScheme


class Catalogue(Protocol):
    """What ranking needs from an `Engine` (or a registry): its public mappings."""

    @property
    def criteria(self) -> Mapping[str, Criterion]: ...

    @property
    def methods(self) -> Mapping[str, Method]: ...

    @property
    def weightings(self) -> Mapping[str, WeightingScheme]: ...


def evaluate_columns(scenario: Scenario, columns: Columns, engine: Catalogue) -> DecisionMatrix:
    """Every alternative's value on every criterion: the scenario's own alternatives,
    then the table's rows; weights derived from the whole matrix."""
    with _located(scenario):
        criteria = resolve_criteria(scenario, engine)  # type: ignore[arg-type]
        matrix, low, high = _matrix(scenario, criteria, columns)
        return _decision(scenario, engine, criteria, matrix, low, high, _names(scenario, columns))


def rank_table(
    engine: Catalogue,
    scenario: Scenario,
    columns: Columns,
    method: str | None = None,
    top: int | None = None,
    *,
    on_error: OnError = "raise",
) -> Result:
    """Rank the scenario's own alternatives and the table's rows together.

    `method` overrides the scenario's (with that method's defaults), as for
    `Engine.rank`; `top` keeps only the best K in the result's rows and JSON.  Values
    the method cannot take (<= 0 under ``max`` or ``sum``, outside SPOTIS's bounds)
    are a row's error too: with ``on_error="collect"`` such rows are left out and,
    with the rows `columns` left out, listed in `Result.skipped`.  Errors in the
    scenario's own alternatives always raise, located in the scenario file.
    """
    with _located(scenario):
        chosen, params = choose_method(scenario, engine, method)  # type: ignore[arg-type]
        criteria = resolve_criteria(scenario, engine)  # type: ignore[arg-type]
        matrix, low, high = _matrix(scenario, criteria, columns)
        names = _names(scenario, columns)
        drop = _misfits(scenario, columns, criteria, chosen, params, matrix, low, high, on_error)
        skipped: list[ScenarioError] = list(columns.errors)
        if drop:
            rows = np.zeros(len(matrix), dtype=bool)
            rows[list(drop)] = True
            k = len(scenario.alternatives)
            columns = columns.without(rows[k:], list(drop.values()))
            skipped = list(columns.errors)
            keep = ~rows
            matrix, names = matrix[keep], names[keep]
            low, high = (None, None) if low is None else (low[keep], high[keep])  # type: ignore[index]
        _check_some_left(scenario, columns, len(matrix))
        dm = _decision(scenario, engine, criteria, matrix, low, high, names)
        x, w, benefit = check_inputs(dm.matrix, dm.weights, dm.benefit)
        job = Prepared(decision=dm, method=chosen, params=params, x=x, w=w, benefit=benefit)
        try:
            if top is not None and top < len(x) and not scenario.stakeholders:
                result = _leaders(job, top)
                return attrs.evolve(result, skipped=tuple(skipped))
            ranking = chosen.run_checked(x, w, benefit, params)
        except PluginError as error:
            if isinstance(error.__cause__, MemoryError):
                raise ScenarioError(
                    expected=f"a method that scales to {len(x):,} alternatives "
                    f"(such as wsm or topsis; {chosen.name} compares every pair)",
                    found="not enough memory",
                    path=("method",),
                ) from None
            raise
        result = finish(job, ranking)
        return attrs.evolve(result, top=top, skipped=tuple(skipped))


def _leaders(job: Prepared, top: int) -> Result:
    """The best `top` (and their ties) of a large table, ranked without sorting the
    rest: the method scores every row, a partition finds the leaders, and only they
    are ranked and kept (their ranks are their ranks in the whole)."""
    scores, diagnostics = job.method.scores_checked(job.x, job.w, job.benefit, job.params)
    keep = leading(scores, max(top, 2), job.method.higher_is_better)  # the verdict names the runner-up
    n = len(scores)
    shown = {}
    for key, value in diagnostics.items():
        a = np.asarray(value)
        if key in job.method.criterion_diagnostics:
            shown[key] = a
        elif key in job.method.pairwise_diagnostics and a.shape == (n, n):
            shown[key] = a[np.ix_(keep, keep)]
        elif a.shape[:1] == (n,):
            shown[key] = a[keep]
        else:
            shown[key] = a
    ranking = Ranking(
        method=job.method.name,
        params=dict(job.params),
        higher_is_better=job.method.higher_is_better,
        scores=scores[keep],
        ranks=competition_ranks(scores[keep], job.method.higher_is_better),
        diagnostics=shown,
        criterion_diagnostics=job.method.criterion_diagnostics,
        pairwise_diagnostics=job.method.pairwise_diagnostics,
    )
    dm = job.decision
    decision = attrs.evolve(
        dm,
        matrix=dm.matrix[keep],
        low=None if dm.low is None else dm.low[keep],
        high=None if dm.high is None else dm.high[keep],
        row_names=np.asarray(dm.names, dtype=object)[keep],
    )
    return Result(decision=decision, ranking=ranking, top=top, ranked=n)


# -- the parts ---------------------------------------------------------------------


def _names(scenario: Scenario, columns: Columns) -> np.ndarray:
    own = np.empty(len(scenario.alternatives), dtype=object)
    own[:] = list(scenario.names)
    return np.concatenate([own, columns.names.astype(object, copy=False)])


def _check_some_left(scenario: Scenario, columns: Columns, n: int) -> None:
    if n > 0:
        return
    found = f"none left: all {len(columns.errors)} rows have errors" if columns.errors else "none"
    raise ScenarioError(
        file=columns.file,
        expected="at least one alternative (a row without errors, or one in the scenario)",
        found=found,
    )


def _matrix(
    scenario: Scenario, criteria: Sequence[Criterion], columns: Columns
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The values, (own + table rows, criteria), and the own rows' intervals if any."""
    own = scenario.alternatives
    k, n = len(own), columns.n
    _check_some_left(scenario, columns, k + n)
    _check_fact_names(scenario, criteria)
    matrix = np.empty((k + n, len(criteria)))
    for j, criterion in enumerate(criteria):
        column = matrix[:, j]
        todo = given_values(scenario, criterion, column)  # the own rows come first
        given = columns.values.get(criterion.id)
        if given is not None:
            column[k:] = given  # NaN where the criterion computes the value
        if criterion.inline:
            continue  # every value is given: the model and the table checked that
        need = columns.needs[criterion.id]
        every = bool(need.all())
        rows = None if every else np.flatnonzero(need)
        count = n if every else len(rows)  # type: ignore[arg-type]
        if not todo and count == 0:
            continue
        theirs = columns.inputs[criterion.id]
        mine = fact_columns(criterion, scenario, todo) if todo else {}
        facts = {}
        for fact in criterion.facts:
            part = theirs[fact.name] if every else theirs[fact.name][rows]
            facts[fact.name] = np.concatenate([mine[fact.name], part]) if todo else part
        scores = score_column(criterion, facts, len(todo) + count)
        column[todo] = scores[: len(todo)]
        if every:
            column[k:] = scores[len(todo) :]
        else:
            column[k + rows] = scores[len(todo) :]
    low, high = _intervals(scenario, criteria, matrix)  # the own rows come first
    return matrix, low, high


def _decision(
    scenario: Scenario,
    engine: Catalogue,
    criteria: Sequence[Criterion],
    matrix: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
    names: np.ndarray,
) -> DecisionMatrix:
    return decision(scenario, engine, criteria, matrix, low, high, names)


def _misfits(
    scenario: Scenario,
    columns: Columns,
    criteria: Sequence[Criterion],
    method: Method,
    params: dict[str, Any],
    matrix: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
    on_error: OnError,
) -> dict[int, ScenarioError]:
    """Rows whose values the method cannot take, as `pipeline.check_values_fit` finds
    them, but every one of them: {matrix row: error}, for the table's rows.  One of
    the scenario's own alternatives raises (placed in the scenario), and so does a
    table row with ``on_error="raise"``."""
    k = len(scenario.alternatives)
    found: dict[int, ScenarioError] = {}

    def shown(row: int, col: int, value: float) -> str:
        if low is None or low[row, col] == high[row, col]:  # type: ignore[index]
            return f"{value:g}"
        return f"[{low[row, col]:g}, {high[row, col]:g}] (an interval)"  # type: ignore[index]

    def fault(row: int, col: int, expected: str, value: float) -> None:
        if row in found:
            return
        if row < k:
            alt = scenario.alternatives[row]
            raise ScenarioError(
                expected=expected,
                found=shown(row, col, value),
                path=("alternatives", (row, alt.name), "values", criteria[col].id),
            )
        error = ScenarioError(
            **columns.where(row - k, criteria[col].id), expected=expected, found=f"{value:g}"
        )
        if on_error == "raise":
            raise error
        found[row] = error

    ends = [matrix] if low is None else [matrix, low, high]
    for end in ends:
        bad = beyond_magnitude(end, params)
        for row in np.flatnonzero(bad.any(axis=1)):
            col = int(np.flatnonzero(bad[row])[0])
            fault(int(row), col, MAGNITUDE_EXPECTED, float(end[row, col]))
    if method.check_data is not None:
        for end in ends:
            active = np.ones(len(matrix), dtype=bool)
            active[list(found)] = False
            while True:  # the hook reports one value at a time
                index = np.flatnonzero(active)
                bad = method.check_data(end[index], params)
                if bad is None:
                    break
                row, col, expected = bad
                fault(int(index[row]), col, expected, float(end[index[row], col]))
                active[index[row]] = False
    bad = method.nonpositive(params, matrix, low, high)
    for row in np.flatnonzero(bad.any(axis=1)):  # file order; per row its first criterion
        col = int(np.flatnonzero(bad[row])[0])
        expected = (
            f"values > 0 on criterion {criteria[col].id!r} for "
            f"{method.positive_reason(params)}"
        )
        fault(int(row), col, expected, float(matrix[row, col]))
    return dict(sorted(found.items()))
