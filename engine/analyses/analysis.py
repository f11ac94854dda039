"""What every analysis starts from: a prepared decision (`pipeline.prepare`) and the
`Result` of ranking it, made once and shared by the analyses of one call."""

from __future__ import annotations

from ..core import pipeline
from ..core.pipeline import Prepared
from ..core.result import Result


def ranked(job: Prepared, result: Result | None = None) -> Result:
    """`result`, or the prepared decision ranked by its method, as `pipeline.rank` does."""
    if result is not None:
        return result
    return pipeline.finish(job, job.method.run_checked(job.x, job.w, job.benefit, job.params))
