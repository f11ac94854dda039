"""What a criterion, method or weighting scheme may use beyond `tradeoff` itself.

The engine's modules may move and change; these names stay (docs/plugins.md, "What a
plugin may import").  tradeoff's own plugins import from here too, so the kit is
exactly what they need and nothing a third party could not have.
"""

from __future__ import annotations

from .core.domain import ANY, NONNEGATIVE, POSITIVE, Domain
from .core.methods import INVARIANTS
from .core.normalize import (
    HUGE,
    ROW_BLOCK,
    ColumnStats,
    across,
    apply,
    by_row_blocks,
    column_max,
    column_stats,
    extreme_scale,
    extremes,
    fused,
    log_weighted_sum,
    matrix_vector,
    normalize,
    row_blocks,
    row_sum,
    row_sum_of,
    sum_of_squares,
    vector_norms,
    weighted_sum,
)
from .core.partition import (
    Known,
    Passes,
    Round,
    WeightPasses,
    additive,
    normalization_rounds,
    normalization_stats,
)
from .core.ranks import RELATIVE_TIE
from .core.weighting import normalised
from .model.errors import clip, describe, did_you_mean
from .model.frozen import Deferred
from .model.scenario import finite_number, parse_bounds, parse_reference

__all__ = [
    "ANY",
    "HUGE",
    "NONNEGATIVE",
    "POSITIVE",
    "INVARIANTS",
    "RELATIVE_TIE",
    "ROW_BLOCK",
    "ColumnStats",
    "Deferred",
    "Domain",
    "across",
    "Known",
    "Passes",
    "Round",
    "WeightPasses",
    "additive",
    "apply",
    "by_row_blocks",
    "clip",
    "column_max",
    "column_stats",
    "describe",
    "did_you_mean",
    "extreme_scale",
    "extremes",
    "finite_number",
    "fused",
    "log_weighted_sum",
    "matrix_vector",
    "normalised",
    "normalization_rounds",
    "normalization_stats",
    "normalize",
    "parse_bounds",
    "parse_reference",
    "row_blocks",
    "row_sum",
    "row_sum_of",
    "sum_of_squares",
    "vector_norms",
    "weighted_sum",
]
