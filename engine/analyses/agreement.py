"""Method agreement: does the choice of ranking method change the answer?

The prepared decision is ranked again with every method given (tradeoff's own, each
with its default parameters and normalization, and the scenario's per-criterion
settings such as SPOTIS's bounds): a method that cannot take the data (a zero where
it divides, say, as `misfits` finds) is skipped, with the reason.  Per option it
gives how many methods put it first, its best and worst rank over them and its rank
under the scenario's own method; and one plain sentence: which option most methods
put first, and which methods prefer another one, with the criterion that counts most
in that one's lead under the method (`explain.gap`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.methods import Method, misfits
from ..core.pipeline import Prepared, choose_method
from ..core.result import Result
from ..model.errors import ScenarioError
from ..model.frozen import as_tuple, read_only
from ..model.numerals import amount
from .analysis import ranked
from .explain import _and, gap

if TYPE_CHECKING:
    from ..core.facts import Catalogue


@attrs.frozen(kw_only=True)
class Skipped:
    """A method not compared, and why (the value it cannot take)."""

    method: str
    reason: str


@attrs.frozen(kw_only=True)
class Agreement:
    """The ranks (N methods, n options) of one decision under every applicable method."""

    result: Result = attrs.field(eq=False)  # the ranking under the scenario's own method
    methods: tuple[str, ...] = attrs.field(converter=as_tuple)
    ranks: np.ndarray = attrs.field(eq=False, converter=read_only)  # (N, n), alternatives as `result`'s
    skipped: tuple[Skipped, ...] = attrs.field(converter=as_tuple)
    summary: str
    #: Whether `summary` says why the methods that prefer another option do (a split
    #: of that lead: 2^m runs of a method that is not a weighted sum).
    reasons: bool = True

    @property
    def firsts(self) -> np.ndarray:
        """(n,) how many methods put each option first (ties count for each)."""
        return (self.ranks == 1).sum(axis=0)

    @property
    def best(self) -> np.ndarray:
        return self.ranks.min(axis=0)

    @property
    def worst(self) -> np.ndarray:
        return self.ranks.max(axis=0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``tradeoff rank --compare-methods --format json``."""
        names, own = self.result.names, self.result.ranking.ranks
        firsts, best, worst = self.firsts, self.best, self.worst
        return {
            "format": 1,
            "title": self.result.scenario.title,
            "method": self.result.ranking.method,
            "methods": list(self.methods),
            "skipped": [{"method": s.method, "reason": s.reason} for s in self.skipped],
            "alternatives": [
                {
                    "name": str(names[i]),
                    "first_under": int(firsts[i]),
                    "best_rank": int(best[i]),
                    "worst_rank": int(worst[i]),
                    "own_rank": int(own[i]),
                    "ranks": {m: int(self.ranks[k, i]) for k, m in enumerate(self.methods)},
                }
                for i in _order(self.result)
            ],
            "summary": self.summary,
        }


def _order(result: Result) -> list[int]:
    """The alternatives' indices in the order of their rank under the scenario's method."""
    return [int(i) for i in np.argsort(result.ranking.ranks, kind="stable")]


def agreement(
    job: Prepared, result: Result | None, catalogue: Catalogue, methods: Iterable[str], *, reasons: bool = True
) -> Agreement:
    """Rank the prepared decision `job` with each of `methods` (names in `catalogue`)
    that can take its values; `result` is its ranking when the caller has it.
    Without `reasons` the summary does not say why a method prefers another option
    (what a report on a long list leaves out)."""
    result = ranked(job, result)
    done: list[tuple[Method, Prepared]] = []
    skipped: list[Skipped] = []
    for name in methods:
        other, why = _prepared_for(job, catalogue, name)
        if other is None:
            skipped.append(Skipped(method=name, reason=why))
        else:
            done.append((other.method, other))
    if not done:
        raise ScenarioError(expected="a method that can take these values", found="none", path=("method",))
    ranks = np.stack([m.run_checked(p.x, p.w, p.benefit, p.params).ranks for m, p in done])
    return Agreement(
        result=result,
        methods=tuple(m.name for m, _ in done),
        ranks=ranks,
        skipped=skipped,
        summary=_summary(result, done, ranks, reasons),
        reasons=reasons,
    )


def _prepared_for(job: Prepared, catalogue: Catalogue, name: str) -> tuple[Prepared | None, str]:
    """`job` for method `name` with its defaults, or None and why it cannot take it."""
    decision = job.decision
    try:
        method, params = choose_method(decision.scenario, catalogue, name)
    except ScenarioError as error:
        return None, str(error)
    ids = [c.id for c in decision.criteria]
    faults = misfits(ids, method, params, job.x, job.benefit, decision.low, decision.high)
    if faults:
        row, (_, expected, found) = next(iter(faults.items()))
        return None, f"it needs {expected}, and {decision.names[row]} has {found}"
    return attrs.evolve(job, method=method, params=params), ""


def _summary(result: Result, done: list[tuple[Method, Prepared]], ranks: np.ndarray, reasons: bool = True) -> str:
    """One sentence: the option most methods put first, and who prefers another."""
    names, own = result.names, result.ranking.ranks
    firsts = (ranks == 1).sum(axis=0)
    lead = min(range(len(names)), key=lambda i: (-firsts[i], own[i], i))
    total = len(done)
    head = f"{names[lead]} is first under {_count(firsts[lead], total)}"
    if firsts[lead] == total:
        return head + ": the choice of method does not change the answer."
    others: dict[int, list[int]] = {}
    for k in range(total):
        if ranks[k, lead] != 1:
            others.setdefault(int(np.flatnonzero(ranks[k] == 1)[0]), []).append(k)
    parts = []
    for choice, who in sorted(others.items(), key=lambda item: -len(item[1]))[:2]:
        labels = [done[k][0].label or done[k][0].name for k in who]
        shown = _and(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
        verb = "prefers" if len(labels) == 1 else "prefer"
        why = _why(result, done[who[0]][1], choice, lead) if reasons else ""
        parts.append(f"{shown} {verb} {names[choice]}{why}")
    return head + "; " + "; ".join(parts) + "."


def _why(result: Result, job: Prepared, a: int, b: int) -> str:
    """", where price counts most (1,200 USD against 1,450 USD)": the criterion
    giving `a` the largest share of its lead over `b` under `job`'s method."""
    shares = gap(job, a, b).shares
    if not len(shares) or shares.max() <= 0:
        return ""
    j = int(np.argmax(shares))
    c, x = result.criteria[j], job.x
    return f", where {c.title.lower()} counts most ({amount(x[a, j], c.unit)} against {amount(x[b, j], c.unit)})"


def _count(k: int, total: int) -> str:
    return f"all {total} methods" if k == total and total > 1 else f"{k} of {total} methods"

