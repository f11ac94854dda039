"""Weighting schemes: weights derived from what people can say (an order, points...).

A scheme is registered by a plugin like a method; `derive` turns the ``[weights]``
settings of a scenario into one weight per criterion, and checks them on the way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

#: derive(settings, criterion ids, matrix (n, m), benefit (m,)) -> Weighting.  The
#: matrix is for data-driven schemes (entropy, CRITIC); the others ignore it.
Derive = Callable[[Mapping[str, Any], Sequence[str], np.ndarray, np.ndarray], "Weighting"]


@attrs.frozen(kw_only=True)
class Weighting:
    """Derived weights (summing to 1, in the criteria's order) and how they came about."""

    weights: tuple[float, ...]
    #: Scheme-specific details for the result (a consistency ratio, the order used...).
    details: dict[str, Any] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class WeightingScheme:
    """A way to derive weights, as plugins register it."""

    name: str
    label: str = ""
    description: str = ""
    derive: Derive = attrs.field(eq=False, repr=False)
    #: The keys `derive` reads from ``[weights]`` (besides ``scheme``), for hints.
    settings: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: The plugin that registered this scheme (set by the registry).
    provided_by: str = attrs.field(default="", eq=False)


def normalised(values: Sequence[float]) -> tuple[float, ...]:
    w = np.asarray(values, dtype=float)
    return tuple(float(v) for v in w / w.sum())
