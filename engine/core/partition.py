"""Methods computed in passes over chunks of rows: how a table bigger than memory is
ranked, on one machine or across a cluster.

Most methods need a few numbers per column of the whole matrix (extremes, sums of
squares, means) and then score each row from its own values and those numbers.  A
method declares that through `Passes`:

- `Passes.rounds`: what each pass over the rows reduces.  A `Round`'s ``of(rows,
  known)`` gives one chunk's partial results, by name; its ``reduce`` says how partials
  of any two chunks combine (``"sum"``, ``"min"`` or ``"max"``), so chunks may be read
  in any order and on any machine; its ``then(known)`` may turn the totals into
  constants.  A later round sees what the earlier ones found (VIKOR needs the extremes
  before the range of its S and R);
- `Passes.score`: ``score(rows, known)`` scores a chunk's rows from their values and
  the constants; it must give each row what the method's kernel gives it in the whole
  matrix.

`Known` is what a hook is given: the weights, the benefit mask, the method's
parameters, the number of rows ``n`` and every total and constant found so far.
Sums are compensated across chunks (each partial a chunk's own sum; `Totals` adds them
as a pair of floats, Neumaier's way), so how a table is split changes a statistic by an
ulp or two, not by the rounding of a long running sum.

A weighting scheme that reads the data (entropy, CRITIC) declares `WeightPasses`: the
same rounds, then ``weighting(known)`` gives its `Weighting`.

`run_rounds` is the one driver of the rounds, over any source of chunks; `scores_of`
runs a `Passes` over chunks held in memory (tests, and the reference every partitioned
engine is compared with).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from ..model.frozen import FrozenMap, as_tuple, freeze
from . import normalize as norm

Kind = Literal["sum", "min", "max"]
KINDS = ("sum", "min", "max")


@attrs.frozen(kw_only=True)
class Known:
    """What a round's or a score's hook is given: the decision's weights ``(m,)``,
    benefit mask ``(m,)`` and parameters, the number of rows, and the totals and
    constants found so far, by name (``known["lo"]``)."""

    weights: np.ndarray
    benefit: np.ndarray
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=freeze)
    n: int = 0
    values: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=freeze)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def adding(self, found: Mapping[str, Any]) -> Known:
        return attrs.evolve(self, values={**self.values, **found})


@attrs.frozen(kw_only=True)
class Round:
    """One pass over the rows: each chunk's partials (``of``), how they combine
    (``reduce``, by name), and the constants the totals give (``then``)."""

    of: Callable[[np.ndarray, Known], Mapping[str, np.ndarray]] = attrs.field(eq=False)
    reduce: FrozenMap[str, Kind] = attrs.field(converter=freeze)
    then: Callable[[Known], Mapping[str, Any]] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        wrong = {k: v for k, v in self.reduce.items() if v not in KINDS}
        if wrong:
            raise ValueError(f"a round reduces by {KINDS}, got {wrong}")


@attrs.frozen(kw_only=True)
class Passes:
    """How a method is computed over chunks of rows: its rounds, then the scores."""

    rounds: tuple[Round, ...] = attrs.field(converter=as_tuple)
    score: Callable[[np.ndarray, Known], np.ndarray] = attrs.field(eq=False)
    #: For an additive method: the rows' weight-free utilities ``(k, m)`` from the
    #: rounds' constants, whose weighted sum is the score; its rounds read no weights,
    #: so many weight vectors score a chunk in one matrix product (SMAA on a table).
    utilities: Callable[[np.ndarray, Known], np.ndarray] | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class WeightPasses:
    """How a data-driven weighting scheme is computed over chunks of rows."""

    rounds: tuple[Round, ...] = attrs.field(converter=as_tuple)
    weighting: Callable[[Known], Any] = attrs.field(eq=False)  # -> tradeoff.Weighting


class Totals:
    """One round's partials, combined chunk by chunk (or partial by partial, as a
    cluster's tree reduction does): sums as a compensated pair, extremes as they are."""

    def __init__(self, round_: Round, parts: Mapping[str, Any] | None = None) -> None:
        self.round = round_
        #: By name, the total and (sums) what its additions rounded away: plain
        #: arrays, so partial totals can travel between processes and meet again.
        self.parts: dict[str, Any] = dict(parts or {})

    def add(self, partials: Mapping[str, np.ndarray]) -> None:
        """Fold one chunk's partials in (their names must be those of ``reduce``)."""
        if set(partials) != set(self.round.reduce):
            raise ValueError(f"a round's partials are {sorted(self.round.reduce)}, got {sorted(partials)}")
        for name, value in partials.items():
            self._fold(name, self.round.reduce[name], np.asarray(value, dtype=float), None)

    def merge(self, other: Totals) -> None:
        """Fold another chunk set's totals in."""
        for name, (value, error) in other.parts.items():
            self._fold(name, self.round.reduce[name], value, error)

    def _fold(self, name: str, kind: Kind, value: np.ndarray, error: np.ndarray | None) -> None:
        seen = self.parts.get(name)
        if seen is None:
            self.parts[name] = (value.copy(), None if kind != "sum" else (np.zeros_like(value) if error is None else error.copy()))
            return
        total, carried = seen
        if kind == "min":
            self.parts[name] = (np.minimum(total, value), None)
        elif kind == "max":
            self.parts[name] = (np.maximum(total, value), None)
        else:  # Neumaier: what each addition rounds away is kept apart and added last
            both = total + value
            lost = np.where(np.abs(total) >= np.abs(value), (total - both) + value, (value - both) + total)
            carried = carried + lost + (0.0 if error is None else error)
            self.parts[name] = (both, carried)

    def result(self) -> dict[str, np.ndarray]:
        missing = set(self.round.reduce) - set(self.parts)
        if missing:
            raise ValueError(f"no rows were reduced for {sorted(missing)}")
        return {name: value if error is None else value + error for name, (value, error) in self.parts.items()}


def finish_round(round_: Round, totals: Totals, known: Known) -> Known:
    """`known` with a round's totals, and the constants its ``then`` makes of them."""
    known = known.adding(totals.result())
    if round_.then is not None:
        known = known.adding(dict(round_.then(known)))
    return known


def run_rounds(
    rounds: Sequence[Round], each_pass: Callable[[], Iterable[np.ndarray]], known: Known
) -> Known:
    """Every round, one pass of `each_pass()` (a fresh iterator of chunks ``(k, m)``) each."""
    for round_ in rounds:
        totals = Totals(round_)
        for rows in each_pass():
            if len(rows):
                totals.add(round_.of(rows, known))
        known = finish_round(round_, totals, known)
    return known


def scores_of(
    passes: Passes,
    chunks: Sequence[np.ndarray],
    weights: np.ndarray,
    benefit: np.ndarray,
    params: Mapping[str, Any],
) -> np.ndarray:
    """The scores of chunks held in memory, in their order: the reference driver."""
    known = Known(
        weights=np.asarray(weights, dtype=float),
        benefit=np.asarray(benefit, dtype=bool),
        params=params,
        n=sum(len(c) for c in chunks),
    )
    known = run_rounds(passes.rounds, lambda: iter(chunks), known)
    return np.concatenate([np.asarray(passes.score(c, known), dtype=float) for c in chunks if len(c)])


# --- the normalizations, as rounds: every method that takes one starts with these ---


def normalization_rounds(how: str) -> tuple[Round, ...]:
    """The rounds whose totals `normalization_stats` turns into `how`'s column
    constants: the extremes, then (``vector``, ``sum``) the sums, in the units the
    extremes' scale gives (`tradeoff.core.normalize.column_sums`)."""
    if how not in norm.NAMES:
        raise ValueError(f"unknown normalization {how!r}")
    extremes = Round(of=_extremes, reduce={"lo": "min", "hi": "max"})
    if how not in norm.SUMMED:
        return (extremes,)
    names = norm.SUMMED[how]
    return extremes, Round(of=lambda rows, k: norm.column_sums(rows, how, k["lo"], k["hi"]), reduce=dict.fromkeys(names, "sum"))


def _extremes(rows: np.ndarray, _known: Known) -> dict[str, np.ndarray]:
    lo, hi = norm.extremes(rows)
    return {"lo": lo, "hi": hi}


def normalization_stats(known: Known, how: str) -> norm.ColumnStats:
    """`how`'s `ColumnStats` from the totals of `normalization_rounds`."""
    sums = {name: known[name] for name in norm.SUMMED.get(how, ())}
    return norm.stats_from(how, known["lo"], known["hi"], sums)


def additive(
    utilities: Callable[..., np.ndarray], weighted: Callable[..., np.ndarray] | None = None
) -> Callable[[Mapping[str, Any]], Passes]:
    """The `Passes` of an additive method whose `utilities(rows, benefit, stats=...,
    **params)` take the whole matrix's normalization constants: a weighted sum per row,
    or `weighted(rows, weights, benefit, stats=..., **params)`, the method's own (fused)
    form of that sum."""

    def passes(params: Mapping[str, Any]) -> Passes:
        how = params["normalization"]

        def weight_free(rows: np.ndarray, known: Known) -> np.ndarray:
            return utilities(rows, known.benefit, stats=normalization_stats(known, how), **known.params)

        def score(rows: np.ndarray, known: Known) -> np.ndarray:
            if weighted is not None:
                return weighted(rows, known.weights, known.benefit, stats=normalization_stats(known, how), **known.params)
            return (weight_free(rows, known) * known.weights).sum(axis=-1)

        return Passes(rounds=normalization_rounds(how), score=score, utilities=weight_free)

    return passes
