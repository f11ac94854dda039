"""SMAA-2 (Lahdelma & Salminen 2001): how often each alternative takes each rank when
the weights, and possibly the criterion values, are uncertain.

Weights are sampled (uniformly from the simplex, within a band around the scenario's,
or uniformly among the weights that keep an order of importance); where criterion
values are intervals, each sample also draws every uncertain value uniformly in its
interval.  Every sample is ranked by the scenario's method, and the result gives each
alternative's rank acceptability (share of samples in which it takes each rank),
central weight vector (mean weights of the samples in which it ranks first) and
confidence factor (share of value samples in which it ranks first under its own
central weights: 0 or 1 when the values are exact).  Works for every registered
method; seeded and reproducible.

Two ways to score the samples, with the same ranks: the general one scores each chunk
of samples in one stacked call of the method's kernel; with exact values, a method
that scores one matrix under many weight vectors at once (`Method.reweigh_checked`:
an additive method's utilities times the weights, TOPSIS's distances from the squared
weights, VIKOR's regrets normalised once) does the weight-free work once and scores a
chunk without the kernel.  Its gain (bench/smaa_speed.py): 10,000 samples x 1,000
alternatives x 8 criteria in 0.3-0.4 s, not 1.1.  Both rank by the ranking's one rule
(`tradeoff.core.ranks.placed`: competition ranks, ties within a relative 1e-9), and
the ranks are counted from each sample's order, not scattered back.

Memory grows with the alternatives times the ranks kept, never with their square:
up to `ALL_UP_TO` alternatives every rank's acceptability is kept, beyond only the
first `SHOWN` ranks' (or as many as asked for), counted chunk by chunk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..core.ranks import placed
from ..core.result import Result
from ..model.errors import ScenarioError, did_you_mean
from ..model.frozen import read_only
from . import SAMPLES, SEED, WEIGHTS
from .analysis import chunk_size, detailed, rank_chunks, ranked

if TYPE_CHECKING:
    from ..core.pipeline import Prepared
    from .stability import Stability

#: progress(done, total): called after each chunk of samples.
Progress = Callable[[int, int], object]
#: sampler(rng, count) -> count draws: (count, m) weight vectors, each summing to 1, or
#: (count, n, m) decision matrices.
Sampler = Callable[[np.random.Generator, int], np.ndarray]

WEIGHT_CHOICES = '"uniform", "around:P%" (0 < P < 100), "order" or "order:NAME" (NAME a stakeholder)'


@attrs.frozen(kw_only=True)
class Sensitivity:
    """SMAA-2 results of `result`'s decision, indexed like its alternatives and criteria."""

    result: Result = attrs.field(eq=False)
    samples: int
    seed: int
    weights: str
    acceptability: np.ndarray = attrs.field(eq=False, converter=read_only)  # (n alternatives, ranks kept): ranks 1, 2...
    central_weights: np.ndarray = attrs.field(eq=False, converter=read_only)  # (n, m); NaN where never first
    confidence: np.ndarray = attrs.field(eq=False, converter=read_only)  # (n,)
    #: Whether criterion values were sampled in their intervals too.
    uncertain: bool = False
    #: The weight stability of the same decision, when asked for with it
    #: (`Engine.sensitivity(..., stability=True)`, as ``tradeoff sensitivity`` does).
    stability: Stability | None = attrs.field(default=None, eq=False)

    @property
    def ranks(self) -> int:
        """How many ranks, from the first, `acceptability` has: every rank (n) up to
        `ALL_UP_TO` alternatives, else the first `SHOWN`, unless asked otherwise."""
        return int(self.acceptability.shape[1])

    def to_dict(self) -> dict[str, Any]:
        """The rank JSON, with each alternative's SMAA-2 figures, the run's settings
        and, when present, the weight stability."""
        data = self.result.to_dict()
        index = {name: i for i, name in enumerate(self.result.names)}
        ids = [c.id for c in self.result.criteria]
        for entry in data["alternatives"]:
            i = index[entry["name"]]
            entry["rank_acceptability"] = [float(v) for v in self.acceptability[i]]
            central = self.central_weights[i]
            entry["central_weights"] = (
                None if np.isnan(central).any() else {c: float(v) for c, v in zip(ids, central)}
            )
            entry["confidence"] = float(self.confidence[i])
        data["sensitivity"] = {
            "samples": self.samples,
            "seed": self.seed,
            "weights": self.weights,
            "uncertain_values": self.uncertain,
            "ranks": self.ranks,
        }
        if self.stability is not None:
            data["stability"] = self.stability.to_dict()
        return data


def weight_sampler(
    base: np.ndarray, how: str, stakeholders: Mapping[str, np.ndarray] | None = None
) -> Sampler:
    """How to draw weight vectors, checked once; each sums to 1:

    - ``"uniform"``: uniform on the simplex;
    - ``"around:P%"``: each of `base`'s weights times a uniform factor in
      [1 - P/100, 1 + P/100], renormalised;
    - ``"order"``: uniform among the weights that keep the order of `base`'s (equal
      weights free among themselves);
    - ``"order:NAME"``: the same with the order of stakeholder NAME's weights, from
      `stakeholders` (name -> weights).
    """
    m = base.shape[-1]
    if how == "uniform":
        return lambda rng, count: rng.dirichlet(np.ones(m), size=count)  # exactly uniform
    if how.startswith("order:"):
        name, known = how[len("order:"):], dict(stakeholders or {})
        if name not in known:
            names = ", ".join(f'"{k}"' for k in known)
            raise ScenarioError(
                expected='"order:NAME" with NAME one of the scenario\'s stakeholders '
                + (f"({names}){did_you_mean(name, known)}" if known else "(it has none)"),
                found=f'"{how}"',
                path=("--weights",),
            )
        how, base = "order", known[name]
    if how == "order":
        return _ordered(np.asarray(base, dtype=float))
    match = re.fullmatch(r"around:(\d+(?:\.\d+)?)%", how)
    if not match or not 0 < float(match.group(1)) < 100:
        raise ScenarioError(expected=f"weights {WEIGHT_CHOICES}", found=f'"{how}"', path=("--weights",))
    band = float(match.group(1)) / 100

    def around(rng: np.random.Generator, count: int) -> np.ndarray:
        w = base * rng.uniform(1 - band, 1 + band, size=(count, m))
        return w / w.sum(axis=1, keepdims=True)

    return around


def _ordered(reference: np.ndarray) -> Sampler:
    """Uniform on the weights that keep `reference`'s order of importance.

    A Dirichlet(1, ..., 1) draw sorted in decreasing order is uniform on the ordered
    simplex w_(1) >= ... >= w_(m); its k-th largest weight goes to the criterion of
    k-th largest reference weight.  Criteria of equal reference weight are not ordered
    among themselves: their places are shuffled in each sample, which makes the draw
    uniform on the union of the orders they allow.
    """
    m = len(reference)
    levels = np.unique(reference)[::-1]  # distinct weights, largest first
    group = np.searchsorted(-levels, -reference)  # 0 for the most important criteria
    tied = len(levels) < m

    def sample(rng: np.random.Generator, count: int) -> np.ndarray:
        w = np.sort(rng.dirichlet(np.ones(m), size=count), axis=1)[:, ::-1]
        if not tied:
            return w[:, group]  # group is then each criterion's place, 0 to m - 1
        key = group + rng.random((count, m))  # a random order within each tie group
        place = np.argsort(np.argsort(key, axis=1), axis=1)
        return np.take_along_axis(w, place, axis=1)

    return sample


def value_sampler(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> Sampler:
    """Draws (count, n, m) matrices: every value with low < high uniform in [low, high],
    independently; the others as in `x`."""
    varies = high > low
    lo, hi = low[varies], high[varies]

    def sample(rng: np.random.Generator, count: int) -> np.ndarray:
        out = np.repeat(x[None], count, axis=0)
        u = rng.random((count, lo.size))
        out[:, varies] = np.clip(lo * (1 - u) + hi * u, lo, hi)  # no overflow, never outside
        return out

    return sample


def weight_chunks(draw: Sampler, seed: int, samples: int, size: int) -> Iterator[np.ndarray]:
    """The weight samples of a run, `size` at a time, from the seed's first stream:
    the one order of draws, so a table read in chunks gets the same samples."""
    rng = np.random.default_rng(seed)
    for start in range(0, samples, size):
        yield draw(rng, min(size, samples - start))


def check_settings(samples: int, seed: int, ranks: int | None = None) -> None:
    """The sample count, seed and ranks kept of a run, checked before any work."""
    if ranks is not None and ranks < 1:
        raise ScenarioError(expected="at least 1 rank", found=str(ranks), path=("--ranks",))
    if samples < 1:
        raise ScenarioError(expected="at least 1 sample", found=str(samples), path=("--samples",))
    if seed < 0:
        raise ScenarioError(expected="a seed >= 0", found=str(seed), path=("--seed",))


def smaa(
    job: Prepared,
    result: Result | None = None,
    *,
    samples: int = SAMPLES,
    seed: int = SEED,
    weights: str = WEIGHTS,
    ranks: int | None = None,
    progress: Progress | None = None,
) -> Sensitivity:
    """SMAA-2 of the prepared decision `job` (`pipeline.prepare`); `result` is its
    ranking when the caller has it already.

    :param weights: how to sample weights (see `weight_sampler`); ``order:NAME``
        takes stakeholder NAME's weights.
    :param ranks: the ranks, from the first, whose acceptability is kept (at most n);
        None: every rank up to `ALL_UP_TO` alternatives, else the first `SHOWN`.
    :param progress: called as ``progress(done, total)`` after each chunk of samples;
        `total` is `samples`, twice that with uncertain values (the confidence factors
        draw as many value samples again).  Whatever it raises (KeyboardInterrupt...)
        stops the analysis: nothing is kept.

    Where the decision's values are intervals, each sample draws them too.
    """
    check_settings(samples, seed, ranks)
    method, x, benefit, params = job.method, job.x, job.benefit, job.params
    low, high = job.decision.low, job.decision.high
    n, m = x.shape
    kept = detailed(n) if ranks is None else min(ranks, n)
    draw_weights = weight_sampler(job.w, weights, job.decision.stakeholder_weights)
    draw_values = value_sampler(x, low, high) if low is not None and (high > low).any() else None
    # Weights and values come from two streams of the seed, so the weights drawn are
    # the same with or without uncertain values.
    value_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    size = chunk_size(n, m)
    total = samples * (1 if draw_values is None else 2)
    reweighed = method.reweigh_checked(x, benefit, params) if draw_values is None else None
    counts = np.zeros(n * kept, dtype=np.int64)  # (alternative, rank - 1), flattened
    first_weight_sum = np.zeros((n, m))
    first_count = np.zeros(n, dtype=np.int64)
    done = 0
    for w in weight_chunks(draw_weights, seed, samples, size):
        count = len(w)
        if reweighed is not None:  # the whole chunk's scores from the weight-free part
            scores = reweighed(w)
        elif draw_values is None:
            scores = method.scores_checked(np.broadcast_to(x, (count, n, m)), w, benefit, params)[0]
        else:
            scores = method.scores_checked(draw_values(value_rng, count), w, benefit, params)[0]
        order, _, places, tied = placed(scores, method.higher_is_better)
        if not tied.size:  # every sample's places are its ranks: the first `kept` count
            cells = order[:, :kept] * kept + np.arange(kept)
            firsts, first_w = order[:, 0], w
        else:
            keep = places <= kept
            cells = order[keep] * kept + (places[keep] - 1)
            sample, at = np.nonzero(places == 1)
            firsts, first_w = order[sample, at], w[sample]
        counts += np.bincount(cells.reshape(-1), minlength=n * kept)
        first_count += np.bincount(firsts, minlength=n)
        # Each (alternative, criterion) sum in one count, in sample order as m counts would.
        cell = (firsts[:, None] * m + np.arange(m)).reshape(-1)
        first_weight_sum += np.bincount(cell, weights=first_w.reshape(-1), minlength=n * m).reshape(n, m)
        done += count
        if progress is not None:
            progress(done, total)
    with np.errstate(invalid="ignore"):
        central = first_weight_sum / first_count[:, None]  # 0 / 0: NaN where never first
    seen = np.flatnonzero(first_count > 0)
    confidence = np.zeros(n)
    if draw_values is None:
        for start, got in rank_chunks(job, central[seen]):  # each keeps its own rank only
            own = seen[start : start + len(got)]
            confidence[own] = got[np.arange(len(got)), own] == 1
    else:
        hits = np.zeros(seen.size)
        per = max(1, size // max(1, seen.size))  # value samples per call
        for start in range(0, samples, per):
            count = min(per, samples - start)
            stack = draw_values(value_rng, count)
            for g in range(0, seen.size, size):  # every sample under every central weight
                group = seen[g : g + size]
                ranks = method.run_checked(
                    np.repeat(stack, group.size, axis=0), np.tile(central[group], (count, 1)), benefit, params
                ).ranks.reshape(count, group.size, n)
                hits[g : g + group.size] += (ranks[:, np.arange(group.size), group] == 1).sum(axis=0)
            done += count
            if progress is not None:
                progress(done, total)
        confidence[seen] = hits / samples
    return Sensitivity(
        result=ranked(job, result),
        samples=samples,
        seed=seed,
        weights=weights,
        acceptability=counts.reshape(n, kept) / samples,
        central_weights=central,
        confidence=confidence,
        uncertain=draw_values is not None,
    )
