"""What every analysis starts from: a prepared decision (`pipeline.prepare`) and the
`Result` of ranking it, made once and shared by the analyses of one call; and how
the analyses rank many weight vectors at once, in stacked calls of bounded size."""

from __future__ import annotations

import numpy as np

from ..core import pipeline
from ..core.pipeline import Prepared
from ..core.result import Result

#: Matrices per stacked call are chosen so that a call's stack holds about this many
#: values (16 MiB of floats; a kernel makes a few temporaries of that size).
CHUNK_VALUES = 1 << 21
#: ... and at most this many matrices per call, however small the problem.
MAX_CHUNK = 4096


def ranked(job: Prepared, result: Result | None = None) -> Result:
    """`result`, or the prepared decision ranked by its method, as `pipeline.rank` does."""
    if result is not None:
        return result
    return pipeline.finish(job, job.method.run_checked(job.x, job.w, job.benefit, job.params))


def chunk_size(n: int, m: int) -> int:
    """Matrices of n alternatives and m criteria ranked per stacked call: bounds memory."""
    return max(1, min(MAX_CHUNK, CHUNK_VALUES // (n * m)))


def ranks_under(job: Prepared, weights: np.ndarray) -> np.ndarray:
    """(k, n): the ranks of `job`'s alternatives under each of `weights` (k, m)."""
    n, m = job.x.shape
    size = chunk_size(n, m)
    return np.concatenate([
        job.method.run_checked(np.broadcast_to(job.x, (len(part), n, m)), part, job.benefit, job.params).ranks
        for part in (weights[start : start + size] for start in range(0, len(weights), size))
    ])
