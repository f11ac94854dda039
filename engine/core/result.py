"""What ranking a scenario produces, and its JSON form (docs/scenario-file.md, "The JSON result")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from ..model.errors import ScenarioError
from ..model.frozen import FrozenMap, as_tuple, read_only, thaw
from ..model.scenario import FORMAT, Criterion, Scenario
from .methods import Ranking
from .ranks import best_first
from .weighting import Group, Weighting

_maybe_read_only = attrs.converters.optional(read_only)


@attrs.frozen(kw_only=True)
class DecisionMatrix:
    """A scenario's numbers: one row per alternative, one column per criterion.

    Its arrays are read-only (copies of those given, unless read-only already)."""

    scenario: Scenario
    criteria: tuple[Criterion, ...] = attrs.field(converter=as_tuple)
    matrix: np.ndarray = attrs.field(eq=False, converter=read_only)
    #: The weights used, summing to 1: the criteria's own, or derived by a scheme.
    weights: np.ndarray = attrs.field(eq=False, converter=read_only)
    #: The scheme that gave them ("direct" for the criteria's own) and its details.
    scheme: str = "direct"
    weighting: Weighting | None = None
    #: Where some values are uncertain (intervals in the scenario): each value's
    #: interval as two (n, m) arrays, low <= matrix <= high, equal to `matrix` where a
    #: value is exact (computed from facts, or a plain number).  None when every value
    #: is exact; `matrix` then holds the values and, for intervals, their midpoints.
    low: np.ndarray | None = attrs.field(default=None, eq=False, converter=_maybe_read_only)
    high: np.ndarray | None = attrs.field(default=None, eq=False, converter=_maybe_read_only)
    #: The rows' names when they are not just the scenario's alternatives: with a
    #: table of alternatives (`tradeoff.core.columnar`), the scenario's own first, then the
    #: table's rows in file order.  None: the rows are ``scenario.alternatives``.
    row_names: np.ndarray | None = attrs.field(default=None, eq=False, converter=_maybe_read_only)

    @property
    def names(self) -> Sequence[str]:
        """Each row's alternative name, in row order."""
        return self.scenario.names if self.row_names is None else self.row_names

    @property
    def benefit(self) -> np.ndarray:
        return np.array([c.direction.benefit for c in self.criteria], dtype=bool)

    @property
    def uncertain(self) -> bool:
        """Whether some value is an interval rather than a number."""
        return self.low is not None

    @property
    def group(self) -> Group | None:
        """The stakeholders' own weights, when the scenario has any."""
        return self.weighting.group if self.weighting is not None else None

    @property
    def stakeholder_weights(self) -> FrozenMap[str, np.ndarray]:
        """Each stakeholder's own normalised weights (m,), by name; empty without any."""
        group = self.group
        if group is None:
            return FrozenMap()
        return FrozenMap(zip((p.name for p in group.members), group.weights))

    def weighting_dict(self) -> dict[str, Any]:
        """The weighting step as plain data: the ``weighting`` object of the JSON
        result, without the stakeholders' rankings (those need the method)."""
        ids = [c.id for c in self.criteria]
        out: dict[str, Any] = {"scheme": self.scheme, "weights": dict(zip(ids, self.weights.tolist()))}
        w = self.weighting
        if w is None:
            return out
        out.update(thaw(w.details))
        if w.group is not None:
            out["aggregation"] = w.group.aggregation
            out["stakeholders"] = [
                {
                    "name": p.name,
                    "influence": p.influence,
                    "scheme": p.scheme,
                    "weights": dict(zip(ids, p.weighting.weights)),
                    **thaw(p.weighting.details),
                }
                for p in w.group.members
            ]
            out["spread"] = {cid: attrs.asdict(s) for cid, s in zip(ids, w.group.spread)}
        if w.warnings:
            out["warnings"] = list(w.warnings)
        return out


@attrs.frozen(kw_only=True)
class Row:
    """One alternative's line of the ranking."""

    name: str
    rank: int
    score: float
    values: FrozenMap[str, float] = attrs.field(converter=FrozenMap)


@attrs.frozen(kw_only=True)
class StakeholderView:
    """One stakeholder's weights and the ranking they give under the same method."""

    name: str
    influence: float
    scheme: str
    #: Their own normalised weights, by criterion id.
    weights: FrozenMap[str, float] = attrs.field(converter=FrozenMap)
    #: Their own rank of each alternative, in the decision matrix's row order (read-only).
    ranks: np.ndarray = attrs.field(eq=False, converter=read_only)
    #: Their own first place(s), in row order.
    top: tuple[str, ...] = attrs.field(converter=as_tuple)
    #: Whether their first places include one of the group's.
    agrees: bool


def stakeholder_views(
    decision: DecisionMatrix, own_ranks: np.ndarray, group_ranks: np.ndarray
) -> tuple[StakeholderView, ...]:
    """Each stakeholder's view from their own ranks (k, n) beside the group's (n,)."""
    group = decision.group
    if group is None:
        return ()
    ids = [c.id for c in decision.criteria]
    names = decision.names
    first = np.asarray(own_ranks) == 1
    agrees = (first & (np.asarray(group_ranks) == 1)).any(axis=-1)
    return tuple(
        StakeholderView(
            name=p.name,
            influence=p.influence,
            scheme=p.scheme,
            weights=zip(ids, p.weighting.weights),
            ranks=ranks,
            top=(str(names[i]) for i in np.flatnonzero(tops)),
            agrees=bool(agree),
        )
        for p, ranks, tops, agree in zip(group.members, own_ranks, first, agrees)
    )


def _check_top(_inst: Any, _attr: attrs.Attribute, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError(f"top must be None or an integer >= 1, got {value!r}")


def best_k(ranks: np.ndarray, k: int | None) -> np.ndarray:
    """The indices of the first `k` alternatives of the ranking (all when None), best
    first, ties in their original order: exactly ``best_first(ranks)[:k]``, found with
    a partition rather than a full sort when k is smaller than the ranking."""
    n = len(ranks)
    if k is None or k >= n:
        return best_first(ranks)
    key = np.asarray(ranks, dtype=np.int64) * n + np.arange(n, dtype=np.int64)  # ranks <= n
    chosen = np.argpartition(key, k - 1)[:k]
    return chosen[np.argsort(key[chosen])]


@attrs.frozen(kw_only=True)
class Result:
    """A ranked scenario: the decision matrix and what the method made of it.

    `top` keeps only the best K alternatives in `rows` and `to_dict()` (every one is
    ranked; ties at the cut are kept in the scenario's, then the table's, order and
    the list is cut at exactly K).
    """

    decision: DecisionMatrix
    ranking: Ranking
    #: Each stakeholder's own weights and ranking, when the scenario has any.
    stakeholders: tuple[StakeholderView, ...] = attrs.field(default=(), converter=as_tuple)
    #: Show only the best `top` alternatives (None: all of them).
    top: int | None = attrs.field(default=None, validator=_check_top)
    #: Rows of a table of alternatives left out of the ranking for their errors
    #: (`tradeoff.core.pipeline.rank` with ``on_error="collect"``), in file order.
    skipped: tuple[ScenarioError, ...] = attrs.field(default=(), converter=as_tuple, eq=False)
    #: Every warning, one line each: the weighting's, and the facts of the alternatives
    #: and the columns of a table that no criterion reads (`tradeoff.core.pipeline.warnings`).
    warnings: tuple[str, ...] = attrs.field(default=(), converter=as_tuple, eq=False)
    #: When the result holds only the leading rows of a larger ranking (the best
    #: `top` of a table, with ties, ranked without sorting the rest): how many were
    #: ranked in all.  None: every ranked alternative is here.
    ranked: int | None = None

    def __attrs_post_init__(self) -> None:
        held = int(self.ranking.scores.shape[-1])
        if self.ranked is not None and (self.top is None or self.top > held):
            raise ValueError(
                f"a result holding only the leading {held} of {self.ranked} rows cannot show more "
                f"than it holds (top={self.top})"
            )

    @property
    def scenario(self) -> Scenario:
        return self.decision.scenario

    @property
    def stakeholder_ranks(self) -> np.ndarray | None:
        """Each stakeholder's own ranks (k, n), when there are any."""
        return np.stack([p.ranks for p in self.stakeholders]) if self.stakeholders else None

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.decision.criteria

    @property
    def names(self) -> Sequence[str]:
        """Every ranked alternative's name, in the decision matrix's row order."""
        return self.decision.names

    @property
    def total(self) -> int:
        """How many alternatives were ranked (`rows` may show fewer, see `top`)."""
        return self.ranked if self.ranked is not None else int(self.ranking.scores.shape[-1])

    @property
    def cut(self) -> bool:
        """Whether `top` leaves some ranked alternatives out of `rows`."""
        return self.top is not None and self.top < self.total

    @property
    def order(self) -> np.ndarray:
        """The row indices `rows` shows, best first."""
        return best_k(self.ranking.ranks, self.top)

    @property
    def rows(self) -> tuple[Row, ...]:
        """The alternatives best first (only the best `top` when set); ties keep the
        scenario's order."""
        return self._rows(self.order)

    def leaders(self, k: int) -> tuple[Row, ...]:
        """The best `k` rows, whatever `top` says (the verdict needs the runner-up)."""
        return self._rows(best_k(self.ranking.ranks, k))

    def _rows(self, order: np.ndarray) -> tuple[Row, ...]:
        ids = [c.id for c in self.criteria]
        names = self.names
        ranks, scores = self.ranking.ranks, self.ranking.scores
        matrix = self.decision.matrix
        return tuple(
            Row(
                name=str(names[i]),
                rank=int(ranks[i]),
                score=float(scores[i]),
                values={c: float(v) for c, v in zip(ids, matrix[i])},
            )
            for i in order
        )

    @property
    def best(self) -> Row:
        return self.leaders(1)[0]

    def to_dict(self) -> dict[str, Any]:
        """The JSON result (docs/scenario-file.md), as plain Python data.

        The method's diagnostics: one value per alternative (a distance, VIKOR's S
        and R...) goes under ``alternatives[].diagnostics``, one row per alternative
        and criterion under it by criterion id, one row of a pairwise (outranking)
        matrix under it by alternative name; one value per criterion (an ideal
        point...) under ``method.diagnostics`` by criterion id; anything else there as
        it is.  Non-finite numbers become null.

        With `top` set and fewer shown than ranked, ``alternatives`` holds the best
        `top` and ``alternatives_total`` says how many were ranked.
        """
        ids = [c.id for c in self.criteria]
        names = self.names
        order = self.order
        # A column at a time, then one dict per shown row: a table may hold a million.
        per_alternative, overall = self._diagnostics(order)
        method: dict[str, Any] = {
            "name": self.ranking.method,
            "params": thaw(self.ranking.params),
            "higher_is_better": self.ranking.higher_is_better,
        }
        if overall:
            method["diagnostics"] = overall
        ranks = self.ranking.ranks[order].tolist()
        scores = np.asarray(self.ranking.scores[order], dtype=float).tolist()
        values = np.asarray(self.decision.matrix[order], dtype=float).tolist()
        rows = []
        for k, i in enumerate(order.tolist()):
            entry: dict[str, Any] = {
                "name": str(names[i]),
                "rank": int(ranks[k]),
                "score": scores[k],
                "values": dict(zip(ids, values[k])),
            }
            if per_alternative:
                entry["diagnostics"] = {key: column[k] for key, column in per_alternative.items()}
            rows.append(entry)
        weighting = self.decision.weighting_dict()
        if self.stakeholders:
            for person, view in zip(weighting["stakeholders"], self.stakeholders):
                own = best_k(view.ranks, self.top)
                person["ranking"] = [{"name": str(names[i]), "rank": int(view.ranks[i])} for i in own]
            weighting["disagree_with_top"] = [view.name for view in self.stakeholders if not view.agrees]
        out = {
            "format": FORMAT,
            "title": self.scenario.title,
            "method": method,
            "weighting": weighting,
            "criteria": [
                {
                    "id": c.id,
                    "label": c.title,
                    "direction": c.direction.value,
                    "weight": float(w),
                    "unit": c.unit,
                }
                for c, w in zip(self.criteria, self.decision.weights)
            ],
            "alternatives": rows,
        }
        if self.cut:
            out["alternatives_total"] = self.total
        return out

    def _diagnostics(self, order: np.ndarray) -> tuple[dict[str, list[Any]], dict[str, Any]]:
        """The method's diagnostics as `to_dict` places them: (a column per key, one
        entry per row of `order`; the rest, whole)."""
        ids = [c.id for c in self.criteria]
        n = int(self.ranking.scores.shape[-1])  # the rows held here (see `ranked`)
        per_alternative: dict[str, list[Any]] = {}
        overall: dict[str, Any] = {}
        for key, value in self.ranking.diagnostics.items():
            a = np.asarray(value)
            if key in self.ranking.criterion_diagnostics:
                overall[key] = _plain(a, ids)
            elif key in self.ranking.pairwise_diagnostics and a.shape == (n, n):
                per_alternative[key] = _plain_rows(a[order], [str(name) for name in self.names])
            elif a.shape[:1] == (n,) and a.ndim <= 2:
                per_alternative[key] = _plain_rows(a[order], ids if a.ndim == 2 else None)
            else:
                overall[key] = _plain(a, None)
        return per_alternative, overall


def _plain_rows(value: np.ndarray, ids: list[str] | None) -> list[Any]:
    """`_plain` of each row of `value` (one per alternative), without a numpy scalar
    per element."""
    if value.ndim == 1:
        return [_scalar(v) for v in value.tolist()]
    if value.ndim == 2 and ids is not None and value.shape[1] == len(ids):
        return [dict(zip(ids, map(_scalar, row))) for row in value.tolist()]
    return [_plain(row, ids) for row in value]


def _scalar(item: Any) -> Any:
    """A plain Python scalar made JSON-ready, as `_plain` does."""
    if isinstance(item, bool):
        return item
    if isinstance(item, (int, float)):
        return float(item) if np.isfinite(item) else None
    return str(item)


def _plain(value: np.ndarray, ids: list[str] | None) -> Any:
    """JSON-ready data: numbers, booleans, lists, or a dict keyed by `ids`."""
    if ids is not None and value.ndim == 1 and len(value) == len(ids):
        return {cid: _plain(v, None) for cid, v in zip(ids, value)}
    if value.ndim > 0:
        return [_plain(v, None) for v in value]
    return _scalar(value.item())
