"""What ranking a scenario produces, and its JSON form (CONTRACT.md section 3)."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .methods import Ranking, normalize_weights
from .model import FORMAT, Criterion, Scenario
from .ranks import best_first


@attrs.frozen(kw_only=True)
class DecisionMatrix:
    """A scenario's numbers: one row per alternative, one column per criterion."""

    scenario: Scenario
    criteria: tuple[Criterion, ...]
    matrix: np.ndarray = attrs.field(eq=False)

    @property
    def weights(self) -> np.ndarray:
        """The scenario's weights, normalised to sum 1."""
        return normalize_weights(np.asarray(self.scenario.weights, dtype=float))

    @property
    def benefit(self) -> np.ndarray:
        return np.array([c.direction.benefit for c in self.criteria], dtype=bool)


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
        """The JSON result of CONTRACT.md, as plain Python data."""
        weights = self.decision.weights
        return {
            "format": FORMAT,
            "title": self.scenario.title,
            "method": {
                "name": self.ranking.method,
                "params": dict(self.ranking.params),
                "higher_is_better": self.ranking.higher_is_better,
            },
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
            "alternatives": [attrs.asdict(row) for row in self.rows],
        }
