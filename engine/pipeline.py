"""From a scenario to a decision matrix to a result.

`evaluate` resolves each criterion (a plugin's, or the scenario's inline one), checks
the facts every criterion reads, and scores whole columns: one call per criterion,
however many alternatives.  `rank` hands the matrix to the method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .derive import derive_weights
from .errors import (
    PluginError,
    ScenarioError,
    clip,
    closest_first,
    describe,
    did_you_mean,
    one_of,
    within,
)
from .facts import fact_columns
from .frozen import FrozenMap, freeze, read_only
from .methods import Method, Ranking, check_inputs, normalize_weights
from .model import Criterion, Scenario
from .registry import Registry
from .result import DecisionMatrix, Result, stakeholder_views


def resolve_criteria(scenario: Scenario, registry: Registry) -> tuple[Criterion, ...]:
    out = []
    for choice in scenario.criteria:
        if choice.inline:
            out.append(choice.as_criterion())
        elif choice.id in registry.criteria:
            for key in ("label", "unit", "description"):
                if getattr(choice, key) is not None:
                    raise ScenarioError(
                        expected=f"no {key} for criterion {choice.id!r}, which a plugin "
                        "provides with its own (set direction to define a criterion here)",
                        found=describe(getattr(choice, key)),
                        path=("criteria", choice.id, key),
                    )
            out.append(registry.criteria[choice.id])
        else:
            from .known_plugins import missing_plugin

            known = registry.criteria
            raise ScenarioError(
                expected=f"a criterion a plugin provides ({one_of(known)})"
                f"{did_you_mean(choice.id, known)} or an inline one with a direction",
                found=f'"{clip(choice.id)}"{missing_plugin(choice.id)}',
                path=("criteria", choice.id),
            )
    return tuple(out)


def evaluate(scenario: Scenario, registry: Registry) -> DecisionMatrix:
    """Every alternative's value on every criterion, checked."""
    criteria = resolve_criteria(scenario, registry)
    alternatives = scenario.alternatives
    n = len(alternatives)
    if n == 0:  # a scenario loaded with alternatives_optional, ranked without its table
        raise ScenarioError(
            expected="at least one alternative (in the file, or from a table of them)",
            found="none",
            path=("alternatives",),
        )
    _check_fact_names(scenario, criteria)
    columns = []
    for criterion in criteria:
        column = np.full(n, np.nan)
        todo = given_values(scenario, criterion, column)
        if todo:
            facts = fact_columns(criterion, scenario, todo)
            column[todo] = score_column(criterion, facts, len(todo))
        columns.append(column)
    matrix = np.column_stack(columns) if columns else np.empty((n, 0))
    low, high = _intervals(scenario, criteria, matrix)
    return decision(scenario, registry, criteria, matrix, low, high)


def decision(
    scenario: Scenario,
    registry: Any,
    criteria: Sequence[Criterion],
    matrix: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
    row_names: np.ndarray | None = None,
) -> DecisionMatrix:
    """The decision matrix of evaluated values, with the weights the scenario derives."""
    benefit = np.array([c.direction.benefit for c in criteria], dtype=bool)
    scheme, weighting = derive_weights(scenario, registry, matrix, benefit)
    return DecisionMatrix(
        scenario=scenario,
        criteria=tuple(criteria),
        matrix=matrix,
        weights=np.asarray(weighting.weights, dtype=float),
        scheme=scheme,
        weighting=weighting,
        low=low,
        high=high,
        row_names=row_names,
    )


def _intervals(
    scenario: Scenario, criteria: Sequence[Criterion], matrix: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The values' intervals as (low, high) matrices, or (None, None) when all are exact.

    Values a criterion computes from facts are exact: facts cannot be intervals."""
    spreads = [alt.spread for alt in scenario.alternatives]
    if not any(spreads):
        return None, None
    low, high = matrix.copy(), matrix.copy()
    column = {c.id: j for j, c in enumerate(criteria)}
    for i, spread in enumerate(spreads):
        for cid, (lo, hi) in spread.items():
            low[i, column[cid]], high[i, column[cid]] = lo, hi
    return low, high


def given_values(scenario: Scenario, criterion: Criterion, column: np.ndarray) -> list[int]:
    """Put the values the scenario's alternatives give for `criterion` into `column`
    (an interval's midpoint for an uncertain one); the rows left for its plugin."""
    todo = []
    for i, alt in enumerate(scenario.alternatives):
        if criterion.id in alt.values:
            column[i] = alt.values[criterion.id]
        else:
            todo.append(i)
    return todo


def score_column(criterion: Criterion, facts: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    plugin = criterion.provided_by or "?"
    hook = f"criterion {criterion.id!r} score()"
    assert criterion.score is not None  # the registry refuses criteria without one
    try:
        raw = criterion.score(facts)
        out = np.asarray(raw, dtype=float)
    except Exception as error:
        raise PluginError(plugin=plugin, hook=hook, problem=f"raised {error!r}") from error
    if out.shape != (n,):
        raise PluginError(
            plugin=plugin,
            hook=hook,
            problem=f"returned shape {out.shape} for {n} alternatives, expected ({n},)",
        )
    if not np.isfinite(out).all():
        bad = int(np.flatnonzero(~np.isfinite(out))[0])
        raise PluginError(
            plugin=plugin, hook=hook, problem=f"returned {out[bad]} (not finite) at position {bad}"
        )
    return out


def _check_fact_names(scenario: Scenario, criteria: Sequence[Criterion]) -> None:
    """A fact no criterion reads is kept and ignored, unless it looks like a typo."""
    read = {f.name for c in criteria for f in c.facts}
    typo = 0.85  # closer than ordinary hints: these names are the user's own
    hints: dict[str, str] = {}  # one look per distinct key, however many alternatives

    def hint(key: str) -> str:
        if key not in hints:
            hints[key] = did_you_mean(key, read, typo) if key not in read else ""
        return hints[key]

    if not read:
        return
    for i, alt in enumerate(scenario.alternatives):
        for key in alt.facts:
            if hint(key):
                raise ScenarioError(
                    expected=f"a fact a criterion reads{hint(key)}",
                    found=f'"{clip(key)}"',
                    path=("alternatives", (i, alt.name), "facts", key),
                )
    for key in scenario.context:
        if hint(key):
            raise ScenarioError(
                expected=f"a fact a criterion reads{hint(key)}", found=f'"{clip(key)}"', path=("context", key)
            )


def find_method(registry: Registry, name: str, path: tuple[str, ...] = ("method",)) -> Method:
    if name not in registry.methods:
        known = registry.methods
        raise ScenarioError(
            expected=f"a registered method ({closest_first(name, known)})"
            + did_you_mean(name, known),
            found=f'"{clip(name)}"',
            path=path,
        )
    return registry.methods[name]


def choose_method(
    scenario: Scenario, registry: Registry, method: str | None
) -> tuple[Method, dict[str, Any]]:
    """The method to run and its checked parameters (an override uses its defaults)."""
    choice = scenario.method
    name = method or choice.name
    found = find_method(registry, name, ("method",) if method else ("method", "name"))
    settings = {}
    for setting in found.criterion_params:
        given = [c.setting(setting) for c in scenario.criteria]
        if any(v is not None for v in given):
            settings[setting] = given
    if name != choice.name:
        return found, _with_places(scenario, found, None, settings)
    return found, _with_places(scenario, found, choice, settings)


def _with_places(
    scenario: Scenario, method: Method, choice: Any, settings: dict[str, list[Any]]
) -> dict[str, Any]:
    """Resolve the method's parameters; errors in per-criterion settings point at
    ``criteria.<id>.<setting>``, the others at ``method``."""
    try:
        if choice is None:
            return method.resolve_params(None, settings)
        with within("method"):
            return method.resolve_params(choice.normalization, {**choice.params, **settings})
    except ScenarioError as error:
        path = error.path
        if path[:1] == ("method",):
            path = path[1:]
        if path and path[0] in method.criterion_params and len(path) > 1 and isinstance(path[1], int):
            cid = scenario.criteria[path[1]].id
            raise attrs.evolve(error, path=("criteria", cid, path[0], *path[2:])) from None
        raise


#: For values a method takes as they are (normalization "none", or a method that
#: normalizes as its literature does): the largest in size, and the inverse the smallest
#: non-zero one; far beyond any decision's numbers, well inside what a float can square.
MAGNITUDE = 1e100
MAGNITUDE_EXPECTED = f"a value of at most {MAGNITUDE:g} in size, and 0 or at least {1 / MAGNITUDE:g}"


def beyond_magnitude(matrix: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    """Where values are too large or too small (non-zero) for a method that takes them
    as they are; a normalization of ours rescales any finite column first."""
    if params.get("normalization", "none") != "none":
        return np.zeros(matrix.shape, dtype=bool)
    size = np.abs(matrix)
    return (size > MAGNITUDE) | ((size < 1 / MAGNITUDE) & (size > 0))


def check_values_fit(dm: DecisionMatrix, method: Method, params: dict[str, Any]) -> None:
    """Values the method cannot take (beyond `MAGNITUDE`, outside SPOTIS's bounds,
    <= 0 under max or sum), placed at the alternative's value.  An interval must fit as a whole, because
    sensitivity analysis samples anywhere inside it."""
    alternatives = dm.scenario.alternatives

    def place(row: int, col: int) -> tuple[Any, ...]:
        return ("alternatives", (row, alternatives[row].name), "values", dm.criteria[col].id)

    def shown(row: int, col: int, value: float) -> str:
        if dm.low is None or dm.low[row, col] == dm.high[row, col]:  # type: ignore[index]
            return f"{value:g}"
        return f"[{dm.low[row, col]:g}, {dm.high[row, col]:g}] (an interval)"  # type: ignore[index]

    ends = [dm.matrix] if dm.low is None else [dm.matrix, dm.low, dm.high]
    for matrix in ends:
        bad = beyond_magnitude(matrix, params)
        if bad.any():
            cols, rows = np.nonzero(bad.T)
            row, col = int(rows[0]), int(cols[0])
            raise ScenarioError(expected=MAGNITUDE_EXPECTED, found=shown(row, col, matrix[row, col]), path=place(row, col))
    if method.check_data is not None:
        for matrix in ends:  # a check of bounds holds for an interval when for its ends
            bad = method.check_data(matrix, params)
            if bad is not None:
                row, col, expected = bad
                raise ScenarioError(expected=expected, found=shown(row, col, matrix[row, col]), path=place(row, col))
    cols, rows = np.nonzero(method.nonpositive(params, dm.matrix, dm.low, dm.high).T)
    if len(rows):  # column-major: the first criterion first
        row, col = int(rows[0]), int(cols[0])
        raise ScenarioError(
            expected=f"values > 0 on criterion {dm.criteria[col].id!r} for "
            f"{method.positive_reason(params)}",
            found=shown(row, col, dm.matrix[row, col]),
            path=place(row, col),
        )


def rank(scenario: Scenario, registry: Registry, method: str | None = None) -> Result:
    job = prepare(scenario, registry, method)
    return finish(job, job.method.run_checked(job.x, job.w, job.benefit, job.params))


@attrs.frozen(kw_only=True)
class Prepared:
    """A scenario checked and evaluated, ready for its method: what `rank` does before
    the kernel, so a batch can stack many of these into one kernel call.  Frozen all
    the way down: the parameters a `FrozenMap`, the arrays read-only."""

    decision: DecisionMatrix
    method: Method
    params: FrozenMap[str, Any] = attrs.field(converter=freeze)
    x: np.ndarray = attrs.field(eq=False, converter=read_only)
    w: np.ndarray = attrs.field(eq=False, converter=read_only)
    benefit: np.ndarray = attrs.field(eq=False, converter=read_only)


def prepare(scenario: Scenario, registry: Registry, method: str | None = None) -> Prepared:
    chosen, params = choose_method(scenario, registry, method)
    dm = evaluate(scenario, registry)
    check_values_fit(dm, chosen, params)
    x, w, benefit = check_inputs(dm.matrix, dm.weights, dm.benefit)
    return Prepared(decision=dm, method=chosen, params=params, x=x, w=w, benefit=benefit)


def finish(job: Prepared, ranking: Ranking) -> Result:
    """The result of a prepared scenario, given its method's ranking; with stakeholders,
    each one's own ranking too, in one stacked call of the method."""
    group = job.decision.group
    if group is None:
        return Result(decision=job.decision, ranking=ranking)
    own = group.weights
    stack = np.broadcast_to(job.x, (len(own), *job.x.shape))
    ranks = job.method.run_checked(stack, normalize_weights(own), job.benefit, job.params).ranks
    views = stakeholder_views(job.decision, ranks, ranking.ranks)
    return Result(decision=job.decision, ranking=ranking, stakeholders=views)
