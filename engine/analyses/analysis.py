"""What every analysis starts from: a prepared decision (`pipeline.prepare`) and the
`Result` of ranking it, made once and shared by the analyses of one call; how the
analyses rank many weight vectors at once, in stacked calls of bounded size; and how
much of a long list of alternatives they detail."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..core import pipeline
from ..core.pipeline import Prepared
from ..core.result import Result

#: Matrices per stacked call are chosen so that a call's stack holds about this many
#: values (16 MiB of floats; a kernel makes a few temporaries of that size).
CHUNK_VALUES = 1 << 21
#: ... and at most this many matrices per call, however small the problem.
MAX_CHUNK = 4096

#: Up to this many alternatives an analysis details every one of them (every rank of
#: SMAA-2's rank acceptability, every alternative's Shapley split)...
ALL_UP_TO = 100
#: ... and beyond, only the first SHOWN (ranks, or alternatives in rank order), so
#: that memory and time grow linearly with the alternatives, not with their square.
SHOWN = 10


def ranked(job: Prepared, result: Result | None = None) -> Result:
    """`result`, or the prepared decision ranked by its method, as `pipeline.rank` does."""
    if result is not None:
        return result
    return pipeline.finish(job, job.method.run_checked(job.x, job.w, job.benefit, job.params))


def detailed(n: int) -> int:
    """How many of n alternatives (or ranks) an analysis details by default."""
    return n if n <= ALL_UP_TO else SHOWN


def chunk_size(n: int, m: int) -> int:
    """Matrices of n alternatives and m criteria ranked per stacked call: bounds memory."""
    return max(1, min(MAX_CHUNK, CHUNK_VALUES // (n * m)))


def rank_chunks(job: Prepared, weights: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(start, ranks): the ranks (k, n) of `job`'s alternatives under weights[start:start
    + k], chunk by chunk, so that a caller keeping a summary never holds them all."""
    n, m = job.x.shape
    size = chunk_size(n, m)
    for start in range(0, len(weights), size):
        part = weights[start : start + size]
        yield start, job.method.run_checked(np.broadcast_to(job.x, (len(part), n, m)), part, job.benefit, job.params).ranks


def ranks_under(job: Prepared, weights: np.ndarray) -> np.ndarray:
    """(k, n): the ranks of `job`'s alternatives under each of `weights` (k, m)."""
    return np.concatenate([ranks for _, ranks in rank_chunks(job, weights)])
