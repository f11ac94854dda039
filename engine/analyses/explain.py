"""Why a ranking is what it is: each criterion's share of a score, and of a gap.

Additive methods (those that declare `utilities`, such as wsm and moora) split a score
exactly: criterion j gives alternative i the share ``w_j * u_ij``, and the shares sum
to the score.  No such split exists for the other methods (TOPSIS's distances, say,
mix every criterion in a square root), so they get a Shapley attribution: each
criterion's average effect on the score when it is switched on in every possible
order.  Shapley shares always add up to exactly the difference they explain:

* an alternative's score: switching criterion j on gives the alternative its own value
  on j instead of the average alternative's (the column mean), the matrix staying as
  it is otherwise; the shares sum to the score minus the `baseline`, the score the
  average alternative would get in its place.
* why A ranks above B: switching criterion j on gives B A's value on j; the shares sum
  to the gap between A and B, less the gap left when B has become a copy of A (zero
  for every method that ties identical alternatives: the `residual`).

Up to `EXACT_MAX` criteria every coalition is evaluated (2^m stacked kernel calls);
beyond, a fixed seeded sample of `PERMUTATIONS` orders, whose shares still add up
exactly.  Shares are in score units; for a method where lower is better a negative
share helps.

Each Shapley split ranks 2^m (or P (m + 1)) whole matrices, so splitting every
score of n alternatives would cost n^2 in time: beyond `ALL_UP_TO` alternatives only
the first `SHOWN` in rank order and the two compared are split (the others' shares
are NaN, `Breakdown.split` says which), and memory stays linear in n.
"""

from __future__ import annotations

from math import factorial
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.methods import Method
from ..core.ranks import best_first
from ..core.result import Result
from ..model.errors import ScenarioError, did_you_mean, one_of
from ..model.frozen import read_only
from ..model.numerals import amount, score_text
from .analysis import ALL_UP_TO, SHOWN, chunk_size, ranked
from .whatif import Change, what_if

if TYPE_CHECKING:
    from ..core.pipeline import Prepared

#: Criteria up to which Shapley shares are exact (2^m coalitions).
EXACT_MAX = 12
#: Orders sampled above EXACT_MAX criteria.
PERMUTATIONS = 512
#: Shares smaller than this part of the largest one are not worth a sentence.
NEGLIGIBLE = 0.01


@attrs.frozen(kw_only=True)
class Breakdown:
    """Each alternative's score split by criterion: score = baseline + shares.sum();
    NaN for the alternatives not split (see `split`)."""

    exact: bool  # True for an additive method's own split, False for Shapley shares
    baseline: np.ndarray = attrs.field(eq=False, converter=read_only)  # (n,) 0 for additive methods
    shares: np.ndarray = attrs.field(eq=False, converter=read_only)  # (n, m)

    @property
    def split(self) -> np.ndarray:
        """(n,) bool: the alternatives whose score is split (all of them for an additive
        method or up to `ALL_UP_TO` alternatives)."""
        return ~np.isnan(self.shares).any(axis=1)


@attrs.frozen(kw_only=True)
class Gap:
    """How far `above` leads `below`, in the better direction, split by criterion."""

    above: int
    below: int
    gap: float  # >= 0: score difference, sign turned so that more is better
    shares: np.ndarray = attrs.field(eq=False, converter=read_only)  # (m,) > 0 favours `above`
    residual: float  # the gap left when `below` copies `above`; shares sum to gap - residual
    exact: bool


@attrs.frozen(kw_only=True)
class Explanation:
    """A ranking explained: every score split by criterion, why one alternative ranks
    above another, and what single change would let the lower one overtake."""

    result: Result = attrs.field(eq=False)
    breakdown: Breakdown
    gap: Gap | None  # None when the scenario has one alternative
    changes: tuple[Change, ...]

    @property
    def tie(self) -> bool:
        """Whether the two alternatives compared share a rank."""
        ranks = self.result.ranking.ranks
        return self.gap is not None and bool(ranks[self.gap.above] == ranks[self.gap.below])

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``tradeoff explain --format json``."""
        result, split, g = self.result, self.breakdown, self.gap
        ids = [c.id for c in result.criteria]
        index = {name: i for i, name in enumerate(result.names)}
        data: dict[str, Any] = {
            "format": 1,
            "title": result.scenario.title,
            "method": {k: v for k, v in result.to_dict()["method"].items() if k != "diagnostics"},
            "attribution": "exact" if split.exact else "shapley",
            "alternatives": [
                {"name": row.name, "rank": row.rank, "score": row.score, **_split_json(split, index[row.name], ids)}
                for row in result.rows
            ],
            "comparison": None,
        }
        if g is not None:
            data["comparison"] = {
                "above": result.names[g.above],
                "below": result.names[g.below],
                "tie": self.tie,
                "gap": g.gap,
                "residual": g.residual,
                "contributions": {c: float(v) for c, v in zip(ids, g.shares)},
                "because": because(self),
                "what_if": [c.to_dict() for c in self.changes],
            }
        return data


def _split_json(split: Breakdown, i: int, ids: list[str]) -> dict[str, Any]:
    """Alternative i's baseline and contributions, both None where it is not split."""
    if np.isnan(split.shares[i]).any():
        return {"baseline": None, "contributions": None}
    return {"baseline": float(split.baseline[i]), "contributions": {c: float(v) for c, v in zip(ids, split.shares[i])}}


def because(ex: Explanation) -> list[str]:
    """A few plain sentences on why one alternative ranks above the other."""
    g = ex.gap
    if g is None:
        return []
    result = ex.result
    names, crit, x = result.scenario.names, result.criteria, result.decision.matrix
    a, b = names[g.above], names[g.below]
    scores = result.ranking.scores
    better = "higher" if result.ranking.higher_is_better else "lower"
    out = []
    tie = ex.tie
    if tie:
        out.append(f"{a} and {b} tie (score {score_text(scores[g.above])}, {result.ranking.method}).")
    else:
        out.append(
            f"{a} ranks above {b}: score {score_text(scores[g.above])} against "
            f"{score_text(scores[g.below])} ({result.ranking.method}, {better} is better)."
        )
    top = float(np.abs(g.shares).max()) if len(g.shares) else 0.0
    order = np.argsort(-g.shares, kind="stable")
    pro = [j for j in order if g.shares[j] > NEGLIGIBLE * top]
    con = [j for j in order[::-1] if g.shares[j] < -NEGLIGIBLE * top]

    def versus(j: int, first: int, second: int) -> str:
        return f"{amount(x[first, j], crit[j].unit)} against {amount(x[second, j], crit[j].unit)}"

    if pro:
        j = pro[0]
        share = g.shares[j] / g.shares[pro].sum()
        word = "less" if not crit[j].direction.benefit else "more"
        out.append(
            f"{crit[j].title} counts most ({versus(j, g.above, g.below)}, {word} is better): "
            f"{share:.0%} of {a}'s lead."
        )
        if len(pro) > 1:
            also = [f"{crit[j].title.lower()} ({versus(j, g.above, g.below)})" for j in pro[1:3]]
            out.append(f"Also in its favour: {_and(also)}.")
    if con:
        them = [f"{crit[j].title.lower()} ({versus(j, g.below, g.above)})" for j in con[:3]]
        out.append(f"{b} does better on {_and(them)}, which {'keeps it level' if tie else 'narrows the gap'}.")
    if not pro and not con:
        out.append("No criterion separates them: their values are the same.")
    if abs(g.residual) > 1e-9 * max(1.0, abs(g.gap)):
        out.append(
            f"The method scores identical options unequally here; {score_text(g.residual)} "
            "of the gap is not due to any criterion."
        )
    return out


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def explain(
    job: Prepared,
    result: Result | None = None,
    *,
    alternative: str | None = None,
    vs: str | None = None,
    split_all: bool = False,
) -> Explanation:
    """Explain the prepared decision `job` (`pipeline.prepare`; `result` is its ranking
    when the caller has it already), comparing `alternative` (default: the top choice)
    with `vs` (default: the runner-up, or the top choice when `alternative` is not it).

    Scores are split for every alternative up to `ALL_UP_TO` of them (or whatever the
    method, when it is additive); beyond, a Shapley split is made for the first `SHOWN`
    in rank order and the two compared only, unless `split_all` (n^2 time)."""
    result = ranked(job, result)
    names = tuple(result.names)
    if len(names) < 2:
        if alternative is not None or vs is not None:
            _index(names, vs if alternative is None else alternative, "--alternative")
        return Explanation(result=result, breakdown=breakdown(job), gap=None, changes=())
    a, b = _pair(result, alternative, vs)
    ranks = result.ranking.ranks
    if ranks[b] < ranks[a]:
        a, b = b, a
    rows = None
    if len(names) > ALL_UP_TO and not split_all:
        rows = np.union1d(best_first(ranks)[:SHOWN], [a, b])
    return Explanation(
        result=result, breakdown=breakdown(job, rows), gap=gap(job, a, b), changes=tuple(what_if(job, a, b))
    )


def _pair(result: Result, alternative: str | None, vs: str | None) -> tuple[int, int]:
    names = tuple(result.names)
    order = [int(i) for i in best_first(result.ranking.ranks)]
    a = order[0] if alternative is None else _index(names, alternative, "--alternative")
    if vs is None:
        return a, next(i for i in order if i != a)
    b = _index(names, vs, "--vs")
    if a == b:
        raise ScenarioError(
            expected="two different alternatives to compare", found=f'"{names[a]}" twice', path=("--vs",)
        )
    return a, b


def _index(names: tuple[str, ...], name: str, option: str) -> int:
    if name not in names:
        raise ScenarioError(
            expected=f"an alternative of the scenario ({one_of(names)}){did_you_mean(name, names)}",
            found=f'"{name}"',
            path=(option,),
        )
    return names.index(name)


def breakdown(job: Prepared, rows: np.ndarray | None = None) -> Breakdown:
    """Every alternative's score split by criterion (see the module's docstring), or,
    for a method that is not additive, the scores of alternatives `rows` only."""
    method, x, w, benefit, params = job.method, job.x, job.w, job.benefit, job.params
    n, m = x.shape
    if method.additive:
        shares = method.utilities_checked(x, benefit, params) * w
        return Breakdown(exact=True, baseline=np.zeros(n), shares=shares)
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.intp)
    mean = np.broadcast_to(x.mean(axis=0), (len(rows), m))
    values = _coalitions(method, x, w, benefit, params, rows, x[rows], mean, rows[:, None])
    shares, baseline = np.full((n, m), np.nan), np.full(n, np.nan)
    shares[rows], baseline[rows] = _shapley(values[:, :, 0], m)  # each row's own score
    return Breakdown(exact=False, baseline=baseline, shares=shares)


def gap(job: Prepared, a: int, b: int) -> Gap:
    """Why alternative `a` scores better than `b` (or ties), split by criterion."""
    method, x, w, benefit, params = job.method, job.x, job.w, job.benefit, job.params
    m = x.shape[1]
    sign = 1.0 if method.higher_is_better else -1.0
    if method.additive:
        u = method.utilities_checked(x, benefit, params)
        shares = sign * w * (u[a] - u[b])
        return Gap(above=a, below=b, gap=float(shares.sum()), shares=shares, residual=0.0, exact=True)
    values = _coalitions(method, x, w, benefit, params, np.array([b]), x[[a]], x[[b]], np.array([[a, b]]))[0]
    lead = sign * (values[:, 0] - values[:, 1])  # (coalitions,) A's lead as B takes A's values
    shares, _ = _shapley(-lead[None, :], m)  # the lead each criterion closes
    return Gap(above=a, below=b, gap=float(lead[0]), shares=shares[0], residual=float(lead[-1]), exact=False)


def _masks(m: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Coalitions to evaluate (k, m) and, when sampled, the orders behind them."""
    if m <= EXACT_MAX:
        codes = np.arange(2**m)
        return (codes[:, None] >> np.arange(m) & 1).astype(bool), None
    orders = np.argsort(np.random.default_rng(0).random((PERMUTATIONS, m)), axis=1)
    steps = np.arange(m + 1)[None, :, None] > np.argsort(orders, axis=1)[:, None, :]
    return steps.reshape(-1, m), orders  # (P * (m + 1), m): each order's growing prefixes


def _coalitions(
    method: Method,
    x: np.ndarray,
    w: np.ndarray,
    benefit: np.ndarray,
    params: dict[str, Any],
    rows: np.ndarray,
    on: np.ndarray,
    off: np.ndarray,
    read: np.ndarray,
) -> np.ndarray:
    """Scores (len(rows), coalitions, c) of alternatives read[r] (c of them) when row
    rows[r] takes on[r] where the coalition has the criterion and off[r] elsewhere,
    every other row unchanged: only the scores read are kept."""
    n, m = x.shape
    masks, _ = _masks(m)
    k = len(masks)
    pairs = len(rows) * k
    out = np.empty((pairs, read.shape[1]))
    step = chunk_size(n, m)
    for start in range(0, pairs, step):
        idx = np.arange(start, min(start + step, pairs))
        r, c = idx // k, idx % k
        stack = np.array(np.broadcast_to(x, (len(idx), n, m)))
        here = np.arange(len(idx))
        stack[here, rows[r]] = np.where(masks[c], on[r], off[r])
        out[idx] = method.run_checked(stack, w, benefit, params).scores[here[:, None], read[r]]
    return out.reshape(len(rows), k, read.shape[1])


def _shapley(values: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Shapley shares (r, m) of the games `values` (r, coalitions), and v(empty) (r,)."""
    masks, orders = _masks(m)
    if orders is None:
        size = masks.sum(axis=1)
        weight = np.array([factorial(s) * factorial(m - s - 1) / factorial(m) for s in range(m)])
        shares = np.empty((values.shape[0], m))
        codes = np.arange(len(masks))
        for j in range(m):
            without = codes[~masks[:, j]]
            shares[:, j] = (values[:, without | (1 << j)] - values[:, without]) @ weight[size[without]]
        return shares, values[:, 0]
    path = values.reshape(values.shape[0], len(orders), m + 1)
    steps = np.diff(path, axis=2)  # (r, P, m): the gain of each order's t-th criterion
    shares = np.zeros((values.shape[0], m))
    for p, order in enumerate(orders):
        shares[:, order] += steps[:, p, :]
    return shares / len(orders), path[:, 0, 0]
