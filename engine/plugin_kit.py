"""What a criterion, method or weighting scheme may use beyond `tradeoff` itself.

The engine's modules may move and change; these names stay (docs/plugins.md, "What a
plugin may import").  tradeoff's own plugins import from here too, so the kit is
exactly what they need and nothing a third party could not have.
"""

from __future__ import annotations

from .errors import clip, describe, did_you_mean
from .methods import INVARIANTS
from .model import finite_number, parse_bounds
from .normalize import _HUGE as HUGE
from .normalize import ColumnStats, apply, column_stats, extreme_scale, normalize
from .ranks import RELATIVE_TIE
from .weighting import normalised

__all__ = [
    "HUGE",
    "INVARIANTS",
    "RELATIVE_TIE",
    "ColumnStats",
    "apply",
    "clip",
    "column_stats",
    "describe",
    "did_you_mean",
    "extreme_scale",
    "finite_number",
    "normalised",
    "normalize",
    "parse_bounds",
]
