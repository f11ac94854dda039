"""SMAA-2 on a table bigger than memory: each row's acceptability for the first
ranks, its central weights and confidence factor, from a spill of the rows
(`tradeoff.core.stream.spilled`), in bounded memory.

The weight samples are drawn once, centrally, exactly as `tradeoff.analyses.smaa`
draws them for the same table read whole (the same seed, sampler and chunks of
draws), so the answer depends neither on how the rows are cut into files, chunks or
blocks, nor on the path: it is the in-memory analysis's, with its rank acceptability
kept for the first `ranks` ranks.

Each sample is a weight vector; under it each block of rows is scored, and only the
rows that can still be among the first `ranks` (the block's best and their ties, and
none worse than the sample's running cut) are kept, with the best score left out.
At the end each sample's kept rows are ranked among themselves, which is their rank
in the whole table (everything better than a kept row is kept); a tie that could
chain past what was kept is found from the best score left out and settled by
scoring that sample again with a wider cut (rare: only rows within 1e-9 of each
other chain).

Cost: an additive method's rounds run once and a block's scores under a chunk of
samples are one matrix product; any other method runs its rounds and its score once
per sample and block: samples x (rounds + 1) passes of work, against one for the
ranking.  Memory holds a block of rows, the samples' weights and, per sample, the
rows it keeps (about `ranks` of them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import attrs
import numpy as np

from ..core import partition
from ..core.ranks import RELATIVE_TIE, competition_ranks, leading
from ..core.result import Result
from ..core.stream import Spilled
from ..model.errors import ScenarioError
from ..model.frozen import as_tuple, read_only
from .analysis import chunk_size
from .smaa import check_settings, weight_chunks, weight_sampler

#: Scores held at once for a block of rows under a chunk of samples (32 MiB).
SCORE_VALUES = 1 << 22


@attrs.frozen(kw_only=True)
class TableSensitivity:
    """SMAA-2 of a table's ranking: the rows that take one of the first `ranks` ranks
    in at least one sample, best first by their acceptability of the first rank (then
    the second...), with their figures."""

    result: Result = attrs.field(eq=False)  # the table's ranking: its leaders, among every row
    samples: int
    seed: int
    weights: str
    ranks: int
    names: tuple[str, ...] = attrs.field(converter=as_tuple)
    acceptability: np.ndarray = attrs.field(eq=False, converter=read_only)  # (rows, ranks)
    central_weights: np.ndarray = attrs.field(eq=False, converter=read_only)  # (rows, m); NaN where never first
    confidence: np.ndarray = attrs.field(eq=False, converter=read_only)  # (rows,)

    def to_dict(self) -> dict[str, Any]:
        """The ranking's JSON, with ``sensitivity``: the settings, and each row that
        takes one of the first ranks, its acceptability, central weights, confidence."""
        data = self.result.to_dict()
        ids = [c.id for c in self.result.criteria]
        rows = []
        for i, name in enumerate(self.names):
            central = self.central_weights[i]
            rows.append({
                "name": name,
                "rank_acceptability": [float(v) for v in self.acceptability[i]],
                "central_weights": None if np.isnan(central).any() else dict(zip(ids, central.tolist())),
                "confidence": float(self.confidence[i]),
            })
        data["sensitivity"] = {
            "samples": self.samples, "seed": self.seed, "weights": self.weights, "ranks": self.ranks,
            "uncertain_values": False, "alternatives": rows,
        }
        return data


def exact_values(scenario: Any) -> None:
    """Refuse the scenario's values given as intervals: they are sampled only with the
    table in memory."""
    uncertain = [alt.name for alt in scenario.alternatives if alt.spread]
    if uncertain:
        raise ScenarioError(
            path=("alternatives",),
            expected="exact values for a sensitivity analysis of a table read in chunks (intervals are "
            "sampled only in memory: --engine memory)",
            found=f"intervals in {uncertain[0]!r}" + (f" and {len(uncertain) - 1} more" if len(uncertain) > 1 else ""),
        )


def drawn_weights(base: np.ndarray, how: str, samples: int, seed: int, n: int) -> np.ndarray:
    """The (samples, m) weight vectors `smaa` draws for `n` alternatives: the same
    generator, sampler and chunks, so the same numbers."""
    return np.concatenate(list(weight_chunks(weight_sampler(base, how, {}), seed, samples, chunk_size(n, len(base)))))


def smaa_table(
    rows: Spilled | Table,
    result: Result,
    base: np.ndarray,
    *,
    samples: int,
    seed: int,
    weights: str,
    ranks: int,
) -> TableSensitivity:
    """SMAA-2 of the table `rows` (spilled on this machine, or any `Table`) ranked as
    `result` (with weights `base`)."""
    check_settings(samples, seed, ranks)
    if isinstance(rows, Spilled):
        rows = Spill(rows)
    kept = min(ranks, rows.n)
    w = drawn_weights(base, weights, samples, seed, rows.n)
    m = len(base)
    picked = _leaders_under(rows, w, kept, "samples")
    ordinals = np.concatenate([o for o, r in picked])
    places = np.concatenate([r for o, r in picked])
    sample_of = np.repeat(np.arange(samples), [len(o) for o, r in picked])
    counted = places <= kept
    ordinals, places, sample_of = ordinals[counted], places[counted], sample_of[counted]
    who, row = np.unique(ordinals, return_inverse=True)
    counts = np.zeros((len(who), kept))
    np.add.at(counts, (row, places - 1), 1)
    first = places == 1
    first_sum = np.zeros((len(who), m))
    np.add.at(first_sum, row[first], w[sample_of[first]])
    first_count = counts[:, 0]
    with np.errstate(invalid="ignore"):
        central = first_sum / first_count[:, None]
    seen = np.flatnonzero(first_count > 0)
    confidence = np.zeros(len(who))
    if seen.size:
        for i, (o, r) in zip(seen, _leaders_under(rows, central[seen], 1, "central weights")):
            confidence[i] = float(who[i] in set(o[r == 1].tolist()))
    order = np.lexsort((who, *(-counts[:, j] for j in reversed(range(kept)))))
    names = rows.names_at(who[order])
    return TableSensitivity(
        result=result, samples=samples, seed=seed, weights=weights, ranks=kept, names=tuple(names),
        acceptability=counts[order] / samples, central_weights=central[order], confidence=confidence[order],
    )


def _leaders_under(rows: Table, w: np.ndarray, top: int, what: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each weight vector of `w` (s, m): the ordinals of the rows that rank among
    the first `top` under it (with every row tied to them and maybe a few more) and
    their ranks in the whole table."""
    out: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(w)
    todo = np.arange(len(w))
    width = top
    while todo.size:
        picks = _pick(rows, w[todo], width, what)
        again = []
        for j, s in enumerate(todo.tolist()):
            keys, ords, chained = picks.final(j)
            if chained and width < rows.n:
                again.append(s)
                continue
            out[s] = (ords, competition_ranks(keys, higher_is_better=False))
        todo = np.array(again, dtype=np.int64)
        width = min(rows.n, width * 4)
    return out  # type: ignore[return-value]


class Picks:
    """Per sample, the rows kept so far (their keys, lower is better, and ordinals)
    and the best key of a row left out."""

    def __init__(self, count: int, top: int) -> None:
        self.top = top
        self.keys = [np.zeros(0)] * count
        self.ords = [np.zeros(0, dtype=np.int64)] * count
        self.cut = np.full(count, np.inf)  # the worst key kept, once `top` are
        self.out = np.full(count, np.inf)  # the best key left out

    def add(self, first: int, keys: np.ndarray, ordinals: np.ndarray) -> None:
        """Fold in a block's keys (c, k) for samples first..first + c."""
        c, k = keys.shape
        where = slice(first, first + c)
        best = np.partition(keys, self.top - 1, axis=1)[:, self.top - 1] if k > self.top else keys.max(axis=1)
        cut = np.minimum(best, self.cut[where])[:, None]
        near = keys - cut <= RELATIVE_TIE * np.maximum(np.abs(keys), np.abs(cut))  # better, or tied to the cut
        self.out[where] = np.minimum(self.out[where], np.where(near, np.inf, keys).min(axis=1))
        held, at = np.nonzero(near)
        bounds = np.searchsorted(held, np.arange(c + 1))
        for j in range(c):
            pick = at[bounds[j] : bounds[j + 1]]
            self._fold(first + j, keys[j, pick], ordinals[pick])

    def merge(self, other: Picks) -> None:
        """Fold in another set of rows' picks for the same samples (another partition's)."""
        self.out = np.minimum(self.out, other.out)
        for s in range(len(self.keys)):
            self._fold(s, other.keys[s], other.ords[s])

    def _fold(self, s: int, keys: np.ndarray, ordinals: np.ndarray) -> None:
        both = np.concatenate([self.keys[s], keys])
        ords = np.concatenate([self.ords[s], ordinals])
        keep = leading(both, self.top, higher_is_better=False)
        if len(keep) < len(both):
            left = np.ones(len(both), dtype=bool)
            left[keep] = False
            self.out[s] = min(self.out[s], float(both[left].min()))
        self.keys[s], self.ords[s] = both[keep], ords[keep]
        if len(keep) >= self.top:
            self.cut[s] = float(self.keys[s].max())

    def final(self, j: int) -> tuple[np.ndarray, np.ndarray, bool]:
        """Sample j's keys and ordinals kept, and whether a row left out may be tied,
        through a chain, to the worst one kept (then it must be scored again, wider)."""
        keys, out = self.keys[j], self.out[j]
        if not np.isfinite(out) or not len(keys):
            return keys, self.ords[j], False
        worst = float(keys.max())
        return keys, self.ords[j], out - worst <= RELATIVE_TIE * max(abs(out), abs(worst))


def _pick(rows: Table, w: np.ndarray, top: int, what: str) -> Picks:
    """One pass over the rows' scores under each of `w`, keeping each one's leaders."""
    return rows.picks(Scorer.of(rows, w), top, what)


@attrs.frozen(eq=False)
class Scorer:
    """The scores of a block of rows under weight vectors `w`: an additive method's
    weight-free utilities times the vectors (one `known`), or its score under each
    vector's own constants (`knowns`).  Plain data: it travels to where the rows are."""

    w: np.ndarray
    known: partition.Known | None = None
    knowns: Sequence[partition.Known] = ()

    @classmethod
    def of(cls, rows: Table, w: np.ndarray) -> Scorer:
        """The rounds run first, once (an additive method's read no weights) or once per vector."""
        plan = rows.plan
        if plan.passes.utilities is not None:
            return cls(w=w, known=rows.rounds_under([plan.known(w[0], rows.n)])[0])
        return cls(w=w, knowns=rows.rounds_under([plan.known(v, rows.n) for v in w]))

    def __call__(self, passes: partition.Passes, values: np.ndarray, a: int, b: int) -> np.ndarray:
        """The block's scores (b - a, k) under w[a:b]."""
        if self.known is not None:
            return self.w[a:b] @ np.asarray(passes.utilities(values, self.known), dtype=float).T  # type: ignore[misc]
        return np.stack([np.asarray(passes.score(values, self.knowns[s]), dtype=float) for s in range(a, b)])


def pick_block(picks: Picks, plan: Any, score: Scorer, values: np.ndarray, ordinals: np.ndarray) -> None:
    """Fold one block of rows' scores under every vector into `picks`."""
    if not len(values):
        return
    sign = -1.0 if plan.method.higher_is_better else 1.0
    step = max(1, SCORE_VALUES // len(values))
    count = len(score.w)
    for first in range(0, count, step):
        picks.add(first, sign * score(plan.passes, values, first, min(count, first + step)), ordinals)


def totals_under(plan: Any, round_: partition.Round, knowns: Sequence[partition.Known], blocks: Iterable[np.ndarray]) -> list[partition.Totals]:
    """One round's totals under each of `knowns`, over `blocks` of rows."""
    totals = [partition.Totals(round_) for _ in knowns]
    for values in blocks:
        if len(values):
            for t, known in zip(totals, knowns):
                t.add(round_.of(values, known))
    return totals


class Table(Protocol):
    """A table's checked rows, wherever they are (a spill on this machine, a
    cluster's partitions): what the analysis asks of them."""

    plan: Any
    n: int

    def rounds_under(self, knowns: Sequence[partition.Known]) -> list[partition.Known]:
        """The method's rounds under each of `knowns`, a pass over the rows each."""

    def picks(self, score: Scorer, top: int, what: str) -> Picks:
        """A pass over the rows: each vector's leaders (`pick_block`)."""

    def names_at(self, ordinals: np.ndarray) -> np.ndarray:
        """The names of rows `ordinals`."""


@attrs.frozen
class Spill:
    """A `Table` in a spill on this machine (`tradeoff.core.stream.spilled`)."""

    rows: Spilled

    @property
    def plan(self) -> Any:
        return self.rows.plan

    @property
    def n(self) -> int:
        return self.rows.n

    def rounds_under(self, knowns: Sequence[partition.Known]) -> list[partition.Known]:
        knowns = list(knowns)
        for round_ in self.plan.passes.rounds:
            totals = totals_under(self.plan, round_, knowns, self.rows.each_pass("rows summed up")())
            knowns = [partition.finish_round(round_, t, known) for t, known in zip(totals, knowns)]
        return knowns

    def picks(self, score: Scorer, top: int, what: str) -> Picks:
        picks = Picks(len(score.w), top)
        done = 0
        for ordinals, values in self.rows.store.blocks(self.rows.dropped):
            pick_block(picks, self.plan, score, values, ordinals)
            done += len(values)
            self.rows.follow(f"rows scored under the {what}", done, self.n)
        return picks

    def names_at(self, ordinals: np.ndarray) -> np.ndarray:
        return self.rows.store.names_at(ordinals)
