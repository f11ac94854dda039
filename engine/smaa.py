"""SMAA-2 (Lahdelma & Salminen 2001): how often each alternative takes each rank when
the weights are uncertain.

Weights are sampled (uniformly from the simplex, or within a band around the
scenario's), every sample is ranked by the scenario's method in stacked calls of its
kernel, and the result gives each alternative's rank acceptability (share of samples
in which it takes each rank), central weight vector (mean weights of the samples in
which it ranks first) and confidence factor (whether it ranks first under its own
central weights).  Works for every registered method; seeded and reproducible.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import numpy as np

from .errors import ScenarioError
from .methods import check_inputs

#: Samples ranked per stacked call: bounds memory at chunk x n x m floats.
CHUNK = 256


@attrs.frozen(kw_only=True)
class Sensitivity:
    """SMAA-2 results, indexed like the scenario's alternatives and criteria."""

    samples: int
    seed: int
    weights: str
    acceptability: np.ndarray = attrs.field(eq=False)  # (n alternatives, n ranks)
    central_weights: np.ndarray = attrs.field(eq=False)  # (n, m); NaN where never first
    confidence: np.ndarray = attrs.field(eq=False)  # (n,)


def sample_weights(rng: np.random.Generator, base: np.ndarray, how: str, count: int) -> np.ndarray:
    """`count` weight vectors: "uniform" on the simplex, or "around:P%" of `base`."""
    m = base.shape[-1]
    if how == "uniform":
        return rng.dirichlet(np.ones(m), size=count)  # exactly uniform on the simplex
    match = re.fullmatch(r"around:(\d+(?:\.\d+)?)%", how)
    if not match or not 0 < float(match.group(1)) < 100:
        raise ScenarioError(
            expected='weights "uniform" or "around:P%" with 0 < P < 100', found=f'"{how}"', path=("--weights",)
        )
    band = float(match.group(1)) / 100
    w = base * rng.uniform(1 - band, 1 + band, size=(count, m))
    return w / w.sum(axis=1, keepdims=True)


def smaa(method: Any, x: np.ndarray, base: np.ndarray, benefit: np.ndarray, params: dict[str, Any],
         samples: int = 10_000, seed: int = 0, weights: str = "uniform") -> Sensitivity:
    """SMAA-2 of the decision matrix `x` (n, m) under `method` with `params`."""
    if samples < 1:
        raise ScenarioError(expected="at least 1 sample", found=str(samples), path=("--samples",))
    x, base, benefit = check_inputs(x, base, benefit)
    n, m = x.shape
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n))
    first_weight_sum = np.zeros((n, m))
    first_count = np.zeros(n)
    for start in range(0, samples, CHUNK):
        size = min(CHUNK, samples - start)
        w = sample_weights(rng, base, weights, size)
        ranks = method.run_checked(np.broadcast_to(x, (size, n, m)), w, benefit, params).ranks
        np.add.at(counts, (np.broadcast_to(np.arange(n), ranks.shape), ranks - 1), 1.0)
        first = ranks == 1
        first_weight_sum += first.T.astype(float) @ w
        first_count += first.sum(axis=0)
    central = np.divide(
        first_weight_sum,
        first_count[:, None],
        out=np.full_like(first_weight_sum, np.nan),
        where=first_count[:, None] > 0,
    )
    confidence = np.zeros(n)
    seen = first_count > 0
    if seen.any():
        ranks = method.run_checked(np.broadcast_to(x, (int(seen.sum()), n, m)), central[seen], benefit, params).ranks
        confidence[seen] = ranks[np.arange(len(ranks)), np.flatnonzero(seen)] == 1
    return Sensitivity(
        samples=samples,
        seed=seed,
        weights=weights,
        acceptability=counts / samples,
        central_weights=central,
        confidence=confidence,
    )
