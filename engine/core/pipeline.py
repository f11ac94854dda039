"""From a scenario (and a table of its alternatives, if any) to a decision matrix to
a result.

`evaluate` turns the scenario's own alternatives and a table's rows into the same
checked columns (`tradeoff.core.facts`) and evaluates them as one matrix
(`tradeoff.core.columnar`); `prepare` also finds every value the chosen method cannot
take: one of the scenario's own raises, placed in the scenario file, and a table's
row raises or, with ``on_error="collect"``, is left out and reported.  `rank` hands
the matrix to the method.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import attrs
import numpy as np

from ..model.errors import ScenarioError, memory_for, within
from ..model.frozen import FrozenMap, as_tuple, freeze, read_only
from ..model.scenario import Alternative, Criterion, FactType, Scenario
from . import columnar
from .derive import derive_weights
from .facts import (
    Catalogue,
    Columns,
    OnError,
    check_fact_names,
    fallback,
    find,
    own_columns,
    resolve_criteria,
    unread_facts,
)
from .methods import Method, Ranking, check_inputs, normalize_weights
from .ranks import competition_ranks, leading
from .result import DecisionMatrix, Result, stakeholder_views


def evaluate(scenario: Scenario, catalogue: Catalogue, table: Columns | None = None) -> DecisionMatrix:
    """Every alternative's value on every criterion, checked: the scenario's own, then
    the table's rows; weights derived from the whole matrix."""
    with memory_for(_size(scenario, table), "the evaluation"):
        criteria, sources = _sources(scenario, catalogue, table)
        matrix, low, high = columnar.evaluate(criteria, sources)
        return decision(scenario, catalogue, criteria, matrix, low, high, _names(sources, table))


def _sources(
    scenario: Scenario, catalogue: Catalogue, table: Columns | None
) -> tuple[tuple[Criterion, ...], list[Columns]]:
    criteria = resolve_criteria(scenario, catalogue)
    if table is None and not scenario.alternatives:  # loaded with alternatives_optional
        raise ScenarioError(
            expected="at least one alternative (in the file, or from a table of them)",
            found="none",
            path=("alternatives",),
        )
    if table is not None:
        _check_some_left(scenario, table, table.n)
    check_fact_names(scenario, criteria)
    own = own_columns(scenario, criteria)
    return criteria, [own] if table is None else [own, table]


def _names(sources: Sequence[Columns], table: Columns | None) -> np.ndarray | None:
    """The rows' names when a table adds rows to the scenario's own (None: just those)."""
    return None if table is None else np.concatenate([s.names.astype(object, copy=False) for s in sources])


@attrs.define(eq=False, kw_only=True)
class NoneLeft(ScenarioError):
    """No alternative is left: the scenario has none of its own and every row of its
    table has an error (or the table has no rows).  `rows` are those rows' errors, one
    each in file order, as `Result.skipped` lists them when some rows are left, so
    that a caller can show each row's error here too."""

    rows: tuple[ScenarioError, ...] = attrs.field(default=(), converter=as_tuple)


def _check_some_left(scenario: Scenario, table: Columns, kept: int) -> None:
    if len(scenario.alternatives) + kept > 0:
        return
    found = f"none left: all {len(table.errors)} rows have errors" if table.errors else "none"
    raise NoneLeft(
        file=table.file,
        expected="at least one alternative (a row without errors, or one in the scenario)",
        found=found,
        rows=table.errors,
    )


def decision(
    scenario: Scenario,
    catalogue: Catalogue,
    criteria: Sequence[Criterion],
    matrix: np.ndarray,
    low: np.ndarray | None,
    high: np.ndarray | None,
    row_names: np.ndarray | None = None,
) -> DecisionMatrix:
    """The decision matrix of evaluated values, with the weights the scenario derives."""
    benefit = np.array([c.direction.benefit for c in criteria], dtype=bool)
    scheme, weighting = derive_weights(scenario, catalogue, matrix, benefit)  # type: ignore[arg-type]
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


def warnings(decision: DecisionMatrix, table: Columns | None = None) -> tuple[str, ...]:
    """Every warning about a decision: its weighting's, then the facts of its
    alternatives (and `table`'s columns) that no criterion reads."""
    own = decision.weighting.warnings if decision.weighting else ()
    return (*own, *unread_facts(decision.scenario, decision.criteria, table))


def choose_method(
    scenario: Scenario, catalogue: Catalogue, method: str | None
) -> tuple[Method, dict[str, Any]]:
    """The method to run and its checked parameters (an override uses its defaults)."""
    choice = scenario.method
    name = method or choice.name
    found: Method = find(catalogue.methods, name, "method", ("method",) if method else ("method", "name"))
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


def prepare(
    scenario: Scenario,
    catalogue: Catalogue,
    method: str | None = None,
    *,
    table: Columns | None = None,
    on_error: OnError = "raise",
) -> Prepared:
    """The scenario (and `table`'s rows) evaluated and checked for its method, or `method`."""
    return prepare_rows(scenario, catalogue, method, table=table, on_error=on_error)[0]


def prepare_rows(
    scenario: Scenario,
    catalogue: Catalogue,
    method: str | None = None,
    *,
    table: Columns | None = None,
    on_error: OnError = "raise",
) -> tuple[Prepared, tuple[ScenarioError, ...]]:
    """`prepare`, and the table's rows left out (``on_error="collect"``): the table's
    bad rows and those with values the method cannot take, one error each, in file
    order, as `rank` lists them in `Result.skipped`."""
    with memory_for(_size(scenario, table), method or scenario.method.name, ("method",)):
        return _prepare(scenario, catalogue, method, table, on_error)


class Joined(NamedTuple):
    """A scenario with a table's rows as alternatives of its own (`with_rows`)."""

    scenario: Scenario
    #: The rows left out, one error each, as `Result.skipped` lists them.
    skipped: tuple[ScenarioError, ...]
    #: As `Result.warnings`: the table's columns no criterion reads among them, which
    #: the scenario's alternatives do not keep.
    warnings: tuple[str, ...]


def with_rows(
    scenario: Scenario, catalogue: Catalogue, method: str | None, table: Columns, on_error: OnError = "raise"
) -> Joined:
    """The scenario with `table`'s rows that rank (for its method, or `method`) as
    alternatives of its own, after its own, the rows left out (as `prepare_rows`
    gives them) and the warnings: what an analysis that looks into each alternative's
    facts works on, and what ``tradeoff new --from`` writes.  It ranks as the scenario
    and its table do."""
    job, skipped = prepare_rows(scenario, catalogue, method, table=table, on_error=on_error)
    kept = set(job.decision.names[len(scenario.alternatives) :])
    rows = [i for i, name in enumerate(table.names) if name in kept]
    criteria = resolve_criteria(scenario, catalogue)
    own = tuple(_alternative(scenario, criteria, table, i) for i in rows)
    whole = attrs.evolve(scenario, alternatives=(*scenario.alternatives, *own))
    return Joined(whole, skipped, warnings(job.decision, table))


def _alternative(scenario: Scenario, criteria: Sequence[Criterion], table: Columns, row: int) -> Alternative:
    """Row `row` of `table` as an alternative: its values given, and the facts of the
    criteria that compute the others, but those it takes from ``[context]`` or a
    default anyway (so it still takes them from there)."""
    values = {cid: float(v[row]) for cid, v in table.values.items() if not np.isnan(v[row])}
    facts: dict[str, Any] = {}
    for criterion in criteria:
        need = table.needs.get(criterion.id)
        if need is None or not need[row]:
            continue
        for fact in criterion.facts:
            value = _plain(fact.type, table.inputs[criterion.id][fact.name][row])
            if value != fallback(criterion, fact, scenario.context):
                facts[fact.name] = value
    return Alternative(name=str(table.names[row]), values=values, facts=facts)


def _plain(kind: FactType, value: Any) -> Any:
    """A checked column's cell as the Python value a scenario file holds (a whole
    number as written in a spreadsheet: 1450, not 1450.0)."""
    if kind is FactType.BOOLEAN:
        return bool(value)
    number = float(value)
    whole = kind is FactType.INTEGER or (number.is_integer() and abs(number) < 2**53)
    return int(number) if whole else number


def _size(scenario: Scenario, table: Columns | None) -> int:
    """How many alternatives a decision has: the scenario's own and a table's rows."""
    return len(scenario.alternatives) + (0 if table is None else table.n)


def _prepare(
    scenario: Scenario, catalogue: Catalogue, method: str | None, table: Columns | None, on_error: OnError
) -> tuple[Prepared, tuple[ScenarioError, ...]]:
    """`prepare`, and the table's rows left out, one error each, in file order."""
    chosen, params = choose_method(scenario, catalogue, method)
    criteria, sources = _sources(scenario, catalogue, table)
    matrix, low, high = columnar.evaluate(criteria, sources)
    names = _names(sources, table)
    up = np.array([c.direction.benefit for c in criteria], dtype=bool)
    faults = columnar.misfits([c.id for c in criteria], chosen, params, matrix, up, low, high)
    k = len(scenario.alternatives)
    errors = {}
    for row, (col, expected, found) in faults.items():
        source, at = (sources[0], row) if row < k else (sources[1], row - k)
        error = ScenarioError(**source.where(at, criteria[col].id), expected=expected, found=found)
        if row < k or on_error == "raise":
            raise error
        errors[row] = error
    if errors:
        assert table is not None
        drop = np.zeros(len(matrix), dtype=bool)
        drop[list(errors)] = True
        table = table.without(drop[k:], list(errors.values()))
        _check_some_left(scenario, table, table.n)
        matrix, names = matrix[~drop], names[~drop]  # type: ignore[index]
        low, high = (None, None) if low is None else (low[~drop], high[~drop])  # type: ignore[index]
    dm = decision(scenario, catalogue, criteria, matrix, low, high, names)
    x, w, benefit = check_inputs(dm.matrix, dm.weights, dm.benefit)
    job = Prepared(decision=dm, method=chosen, params=params, x=x, w=w, benefit=benefit)
    return job, () if table is None else table.errors


def rank(
    scenario: Scenario,
    catalogue: Catalogue,
    method: str | None = None,
    *,
    table: Columns | None = None,
    top: int | None = None,
    on_error: OnError = "raise",
) -> Result:
    """Rank the scenario's own alternatives and `table`'s rows together.

    `method` overrides the scenario's (with that method's defaults); `top` keeps only
    the best K in the result's rows and JSON.  Values the method cannot take are a
    row's error too: with ``on_error="collect"`` such rows are left out and, with
    the rows `table` left out, listed in `Result.skipped`.
    """
    with memory_for(_size(scenario, table), method or scenario.method.name, ("method",)):  # a kernel's says so itself
        job, skipped = _prepare(scenario, catalogue, method, table, on_error)
        if top is not None and top < len(job.x) and not scenario.stakeholders:
            said = warnings(job.decision, table)
            return attrs.evolve(_leaders(job, top), skipped=skipped, warnings=said)
        ranking = job.method.run_checked(job.x, job.w, job.benefit, job.params)
        return attrs.evolve(finish(job, ranking), top=top, skipped=skipped, warnings=warnings(job.decision, table))


def _leaders(job: Prepared, top: int) -> Result:
    """The best `top` (and their ties), ranked without sorting the rest (a large
    table's million rows): the method scores every row, a partition finds the leaders, and only they
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
