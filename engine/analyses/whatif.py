"""What would let B overtake A: the smallest change of one of B's values, or facts.

For each criterion, B's value moves the way that criterion prefers (up for "max", down
for "min") until B ranks strictly above A, within the allowed range:

* a criterion with `bounds` moves within them;
* a plugin criterion whose facts all have declared limits (booleans: both values)
  moves within its scale: the lowest and highest value its formula gives at the
  corners of those limits, the scenario's ``[context]`` held as it is (exact for a
  formula monotone in each fact; otherwise narrower, never wider, than the truth);
* any other moves as far as the best value on the table plus the criterion's range
  (max - min over the alternatives), never below 0 when every value is >= 0, and
  staying > 0 for a method or normalization that needs positive values.

A change whose needed value lies outside that range is "not reachable within the
scale" (`Change.reachable` False, ``to`` null in the JSON), never a number.

For each fact B has for a plugin criterion (not the shared ``[context]`` ones), the
fact moves both ways within its own limits (a boolean flips), every criterion that
reads it is scored again, and the smaller change that works wins.

The search ranks a grid of candidate values in one stacked kernel call, then narrows
the first cell where B overtakes with further stacked calls until it is a few ulps
wide; it assumes B's standing changes once within a cell.  The value reported is
tidied to a few significant digits when the tidied value still overtakes, so "cost
1,640" rather than "cost 1,640.3724".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.columnar import score_column
from ..core.facts import fact_columns
from ..model.scenario import FactType
from .analysis import chunk_size

if TYPE_CHECKING:
    from ..core.pipeline import Prepared

#: Candidate values in the first pass (denser near B's current value).
GRID = 64
#: Candidates per narrowing pass; passes stop when the cell is a few ulps wide.
SECTIONS = 32
#: Facts a criterion may read for its scale to come from the corners (2^k scores).
CORNER_FACTS = 12


@attrs.frozen(kw_only=True)
class Change:
    """One way for `below` to overtake `above`: a criterion value, or a fact, moved."""

    criterion: str | None  # the criterion whose value moves (None for a fact)
    fact: str | None  # the fact that moves (None for a criterion value)
    criteria: tuple[str, ...]  # the criteria whose value changes with it
    unit: str
    current: float | bool
    needed: float | bool | None  # None: not reachable within the scale (low..high)
    low: float | bool  # the allowed range searched
    high: float | bool
    integer: bool = False  # an integer fact: whole values only

    @property
    def found(self) -> bool:
        return self.needed is not None

    @property
    def reachable(self) -> bool:
        """Whether a value within the scale searched (`low`..`high`) lets B overtake."""
        return self.found

    def to_dict(self) -> dict[str, Any]:
        whole = (lambda v: int(v) if v is not None else v) if self.integer else (lambda v: v)
        return {
            "criterion": self.criterion,
            "fact": self.fact,
            "criteria": list(self.criteria),
            "unit": self.unit,
            "from": whole(self.current),
            "to": whole(self.needed),
            "reachable": self.reachable,
            "range": [self.low, self.high],
        }


def what_if(job: Prepared, above: int, below: int) -> list[Change]:
    """Every single change of `below`'s values or facts that lets it overtake `above`,
    in the prepared decision `job` (`pipeline.prepare`)."""
    search = _Search(job, above, below)
    return search.values() + search.facts()


class _Search:
    def __init__(self, job: Prepared, above: int, below: int) -> None:
        self.decision, self.method, self.params = job.decision, job.method, job.params
        self.x, self.w, self.benefit = job.x, job.w, job.benefit
        self.above, self.below = above, below

    # -- whether candidates overtake ---------------------------------------------

    def overtakes(self, rows: np.ndarray, columns: list[int]) -> np.ndarray:
        """For each candidate row of B's values in `columns` (k, len(columns)): does B
        then rank strictly above A?  Candidates the method cannot take count as no.
        Ranked in stacked calls of `chunk_size` matrices, so memory stays linear in n."""
        size = chunk_size(*self.x.shape)
        if len(rows) <= size:
            return self._overtakes(rows, columns)
        return np.concatenate([self._overtakes(rows[s : s + size], columns) for s in range(0, len(rows), size)])

    def _overtakes(self, rows: np.ndarray, columns: list[int]) -> np.ndarray:
        k = len(rows)
        stack = np.array(np.broadcast_to(self.x, (k, *self.x.shape)))
        stack[:, self.below, columns] = rows
        ok = np.isfinite(stack).all(axis=(1, 2))
        if self.method.bounded(self.params):  # the changed row stays within the method's domain
            ok &= ~self.method.outside(self.params, stack, self.benefit)[:, self.below].any(axis=1)
        if self.method.check_data is not None:
            ok &= [ok[i] and self.method.check_data(stack[i], self.params) is None for i in range(k)]
        out = np.zeros(k, dtype=bool)
        if ok.any():
            ranks = self.method.run_checked(stack[ok], self.w, self.benefit, self.params).ranks
            out[ok] = ranks[:, self.below] < ranks[:, self.above]
        return out

    # -- criterion values ---------------------------------------------------------

    def values(self) -> list[Change]:
        out = []
        for j, criterion in enumerate(self.decision.criteria):
            current = float(self.x[self.below, j])
            far = self._far(j)
            needed = None
            if (far > current) == bool(self.benefit[j]) and far != current:
                needed = _first(lambda v, j=j: self.overtakes(v[:, None], [j]), current, far, False)
            low, high = sorted((current, far))
            out.append(
                Change(
                    criterion=criterion.id, fact=None, criteria=(criterion.id,), unit=criterion.unit,
                    current=current, needed=needed, low=low, high=high,
                )
            )
        return out

    def _far(self, j: int) -> float:
        """How far criterion j's value may move in its preferred direction."""
        bounds = self.decision.scenario.criteria[j].bounds or self._scale(j)
        if bounds is not None:
            return bounds[1] if self.benefit[j] else bounds[0]
        col = self.x[:, j]
        span = float(col.max() - col.min()) or abs(float(col[self.below])) or 1.0
        if self.benefit[j]:
            return float(col.max()) + span
        far = float(col.min()) - span
        if col.min() >= 0:
            far = max(far, 0.0)
        if self.method.bounded(self.params):  # kept > 0: within any domain
            far = max(far, float(col[col > 0].min()) * 1e-3 if (col > 0).any() else 1e-9)
        return far

    def _scale(self, j: int) -> tuple[float, float] | None:
        """Criterion j's scale from its facts' limits (see the module's docstring), with
        the table's own values included; None for an inline criterion or an unlimited fact."""
        criterion = self.decision.criteria[j]
        free = [f for f in criterion.facts if not f.context]
        if criterion.inline or len(free) > CORNER_FACTS:
            return None
        ends = []
        for fact in free:
            if fact.type is FactType.BOOLEAN:
                ends.append((False, True))
            elif fact.low is None or fact.high is None:
                return None
            else:
                ends.append((fact.low, fact.high))
        k = 2 ** len(free)
        corners = (np.arange(k)[:, None] >> np.arange(len(free)) & 1).astype(bool)
        facts = {
            name: np.repeat(value, k)
            for name, value in fact_columns(criterion, self.decision.scenario, [self.below]).items()
        }
        for c, (fact, (low, high)) in enumerate(zip(free, ends)):
            facts[fact.name] = np.where(corners[:, c], high, low).astype(facts[fact.name].dtype)
        values = np.concatenate([score_column(criterion, facts, k), self.x[:, j]])
        return float(values.min()), float(values.max())

    # -- facts --------------------------------------------------------------------

    def facts(self) -> list[Change]:
        scenario = self.decision.scenario
        alt = scenario.alternatives[self.below]
        readers: dict[str, list[int]] = {}
        found: dict[str, Any] = {}
        for j, criterion in enumerate(self.decision.criteria):
            if criterion.inline or criterion.id in alt.values:
                continue
            for fact in criterion.facts:
                if not fact.context:
                    readers.setdefault(fact.name, []).append(j)
                    found[fact.name] = fact
        out = []
        for name, columns in readers.items():
            fact = found[name]
            current = fact_columns(self.decision.criteria[columns[0]], scenario, [self.below])[name][0]
            flips = self._fact_overtakes(name, columns)
            ids = tuple(self.decision.criteria[j].id for j in columns)
            if fact.type is FactType.BOOLEAN:
                current, low, high, integer = bool(current), False, True, False
                needed = not current if flips(np.array([not current]))[0] else None
            else:
                current, integer = float(current), fact.type is FactType.INTEGER
                low = float(fact.low) if fact.low is not None else current - 10 * (abs(current) + 1)
                high = float(fact.high) if fact.high is not None else current + 10 * (abs(current) + 1)
                tries = [_first(flips, current, far, integer) for far in (high, low) if far != current]
                hits = [t for t in tries if t is not None]
                needed = min(hits, key=lambda t: abs(t - current)) if hits else None
                if needed is not None and integer:
                    needed = float(round(needed))
            out.append(Change(criterion=None, fact=name, criteria=ids, unit=fact.unit,
                              current=current, needed=needed, low=low, high=high, integer=integer))
        return out

    def _fact_overtakes(self, name: str, columns: list[int]) -> Callable[[np.ndarray], np.ndarray]:
        scenario = self.decision.scenario

        def flips(candidates: np.ndarray) -> np.ndarray:
            k = len(candidates)
            rows = np.empty((k, len(columns)))
            for c, j in enumerate(columns):
                criterion = self.decision.criteria[j]
                facts = {
                    key: np.repeat(value, k)
                    for key, value in fact_columns(criterion, scenario, [self.below]).items()
                }
                facts[name] = candidates.astype(facts[name].dtype)
                rows[:, c] = score_column(criterion, facts, k)
            return self.overtakes(rows, columns)

        return flips


def _first(
    flips: Callable[[np.ndarray], np.ndarray], current: float, far: float, integer: bool
) -> float | None:
    """The value nearest `current` on the way to `far` at which `flips` is true, or None."""
    t = (np.arange(1, GRID + 1) / GRID) ** 2
    points = _snap(current + t * (far - current), current, integer)
    hit = flips(points)
    if not hit.any():
        return None
    k = int(np.argmax(hit))
    lo, hi = (points[k - 1] if k else current), points[k]
    while abs(hi - lo) > (1 if integer else 4 * np.spacing(max(abs(hi), abs(lo)))):
        inner = _snap(np.linspace(lo, hi, SECTIONS + 1)[1:-1], current, integer)
        inner = inner[(inner - lo) * (hi - inner) > 0]  # strictly inside the cell
        if not len(inner):
            break
        hit = flips(inner)
        k = int(np.argmax(hit)) if hit.any() else len(inner)
        lo, hi = (inner[k - 1] if k else lo), (inner[k] if k < len(inner) else hi)
    return _tidy(flips, current, float(hi), far, integer)


def _snap(values: np.ndarray, current: float, integer: bool) -> np.ndarray:
    """Integer facts take whole values, rounded away from `current` (further, not nearer)."""
    if not integer:
        return values
    return np.unique(np.where(values > current, np.ceil(values), np.floor(values)))[
        :: 1 if values[-1] >= current else -1
    ]


def _tidy(
    flips: Callable[[np.ndarray], np.ndarray], current: float, needed: float, far: float, integer: bool
) -> float:
    """`needed`, or a rounder value at most 1 % further from `current` that still works."""
    change = needed - current
    if integer or change == 0:
        return needed
    candidates = []
    for digits in range(1, 7):
        step = 10.0 ** (math.floor(math.log10(abs(change))) - digits + 1)
        tidy = current + math.copysign(math.ceil(abs(change) / step) * step, change)
        if abs(tidy - current) <= 1.01 * abs(change) and (far - tidy) * (far - current) >= 0:
            candidates.append(tidy)
    if not candidates:
        return needed
    hit = flips(np.array(candidates))
    return float(candidates[int(np.argmax(hit))]) if hit.any() else needed
