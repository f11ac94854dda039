"""What ranking a scenario produces, and its JSON form (CONTRACT.md section 3)."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .methods import Ranking
from .weighting import Weighting
from .model import FORMAT, Criterion, Scenario
from .ranks import best_first


@attrs.frozen(kw_only=True)
class DecisionMatrix:
    """A scenario's numbers: one row per alternative, one column per criterion."""

    scenario: Scenario
    criteria: tuple[Criterion, ...]
    matrix: np.ndarray = attrs.field(eq=False)
    #: The weights used, summing to 1: the criteria's own, or derived by a scheme.
    weights: np.ndarray = attrs.field(eq=False)
    #: The scheme that gave them ("direct" for the criteria's own) and its details.
    scheme: str = "direct"
    weighting: Weighting | None = None
    #: Where some values are uncertain (intervals in the scenario): each value's
    #: interval as two (n, m) arrays, low <= matrix <= high, equal to `matrix` where a
    #: value is exact (computed from facts, or a plain number).  None when every value
    #: is exact; `matrix` then holds the values and, for intervals, their midpoints.
    low: np.ndarray | None = attrs.field(default=None, eq=False)
    high: np.ndarray | None = attrs.field(default=None, eq=False)

    @property
    def benefit(self) -> np.ndarray:
        return np.array([c.direction.benefit for c in self.criteria], dtype=bool)

    @property
    def uncertain(self) -> bool:
        """Whether some value is an interval rather than a number."""
        return self.low is not None

    @property
    def stakeholder_weights(self) -> dict[str, np.ndarray]:
        """Each stakeholder's own normalised weights (m,), by name; empty without any."""
        if self.scheme != "stakeholders" or self.weighting is None:
            return {}
        details = self.weighting.details
        return {
            p["name"]: np.array(list(p["weights"].values()), dtype=float)
            for p in details.get("stakeholders", [])
        }


@attrs.frozen(kw_only=True)
class Row:
    """One alternative's line of the ranking."""

    name: str
    rank: int
    score: float
    values: dict[str, float]


@attrs.frozen(kw_only=True)
class Result:
    """A ranked scenario: the decision matrix and what the method made of it."""

    decision: DecisionMatrix
    ranking: Ranking
    #: Each stakeholder's own ranks (k, n) with their own weights, when there are any.
    stakeholder_ranks: np.ndarray | None = attrs.field(default=None, eq=False)

    @property
    def scenario(self) -> Scenario:
        return self.decision.scenario

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.decision.criteria

    @property
    def rows(self) -> tuple[Row, ...]:
        """The alternatives best first; ties keep the scenario's order."""
        ids = [c.id for c in self.criteria]
        out = []
        for i in best_first(self.ranking.ranks):
            alt = self.scenario.alternatives[i]
            out.append(
                Row(
                    name=alt.name,
                    rank=int(self.ranking.ranks[i]),
                    score=float(self.ranking.scores[i]),
                    values={c: float(v) for c, v in zip(ids, self.decision.matrix[i])},
                )
            )
        return tuple(out)

    @property
    def best(self) -> Row:
        return self.rows[0]

    def to_dict(self) -> dict[str, Any]:
        """The JSON result of CONTRACT.md, as plain Python data.

        Extension (issue 3): the method's diagnostics.  One value per alternative (a
        distance, VIKOR's S and R...) goes under ``alternatives[].diagnostics``, one
        row per alternative and criterion under it by criterion id, one row of a
        pairwise (outranking) matrix under it by alternative name; one value per
        criterion (an ideal point...) under ``method.diagnostics`` by criterion id;
        anything else there as it is.  Non-finite numbers become null.
        """
        weights = self.decision.weights
        ids = [c.id for c in self.criteria]
        n = len(self.scenario.alternatives)
        per_alternative: list[dict[str, Any]] = [{} for _ in range(n)]
        overall: dict[str, Any] = {}
        for key, value in self.ranking.diagnostics.items():
            a = np.asarray(value)
            if key in self.ranking.criterion_diagnostics:
                overall[key] = _plain(a, ids)
            elif key in self.ranking.pairwise_diagnostics and a.shape == (n, n):
                names = list(self.scenario.names)
                for i in range(n):
                    per_alternative[i][key] = _plain(a[i], names)
            elif a.shape[:1] == (n,) and a.ndim <= 2:
                for i in range(n):
                    per_alternative[i][key] = _plain(a[i], ids if a.ndim == 2 else None)
            else:
                overall[key] = _plain(a, None)
        method: dict[str, Any] = {
            "name": self.ranking.method,
            "params": _json_ready(dict(self.ranking.params)),
            "higher_is_better": self.ranking.higher_is_better,
        }
        if overall:
            method["diagnostics"] = overall
        rows = []
        for row, i in zip(self.rows, best_first(self.ranking.ranks)):
            entry = attrs.asdict(row)
            if per_alternative[i]:
                entry["diagnostics"] = per_alternative[i]
            rows.append(entry)
        weighting: dict[str, Any] = {
            "scheme": self.decision.scheme,
            "weights": {cid: float(w) for cid, w in zip(ids, weights)},
        }
        if self.decision.weighting is not None:
            weighting.update(_json_ready(self.decision.weighting.details))
        if self.stakeholder_ranks is not None:
            names = self.scenario.names
            group_top = {r.name for r in self.rows if r.rank == 1}
            dissent = []
            for person, ranks in zip(weighting["stakeholders"], self.stakeholder_ranks):
                order = best_first(ranks)
                person["ranking"] = [{"name": names[i], "rank": int(ranks[i])} for i in order]
                top = {names[i] for i in order if ranks[i] == 1}
                if not top & group_top:
                    dissent.append(person["name"])
            weighting["disagree_with_top"] = dissent
            if self.decision.weighting.warnings:
                weighting["warnings"] = list(self.decision.weighting.warnings)
        return {
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
                for c, w in zip(self.criteria, weights)
            ],
            "alternatives": rows,
        }


def _json_ready(value: Any) -> Any:
    """Tuples as lists, recursively, so `to_dict()` equals the JSON read back."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def _plain(value: np.ndarray, ids: list[str] | None) -> Any:
    """JSON-ready data: numbers, booleans, lists, or a dict keyed by `ids`."""
    if ids is not None and value.ndim == 1 and len(value) == len(ids):
        return {cid: _plain(v, None) for cid, v in zip(ids, value)}
    if value.ndim > 0:
        return [_plain(v, None) for v in value]
    item = value.item()
    if isinstance(item, bool):
        return item
    if isinstance(item, (int, float)):
        return float(item) if np.isfinite(item) else None
    return str(item)
