"""Weighting schemes: weights derived from what people can say (an order, points...).

A scheme is registered by a plugin like a method; `derive` turns the ``[weights]``
settings of a scenario into one weight per criterion, and checks them on the way.
With ``[[stakeholders]]`` the host derives each one's weights and combines them into a
`Group`: by the influence-weighted mean, or by the scheme's own `combine` when everyone
uses that scheme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from ..model.frozen import FrozenMap, as_tuple, freeze
from .methods import normalize_weights

#: derive(settings, criterion ids, matrix (n, m), benefit (m,)) -> Weighting.  The
#: matrix is for data-driven schemes (entropy, CRITIC); the others ignore it.
Derive = Callable[[Mapping[str, Any], Sequence[str], np.ndarray, np.ndarray], "Weighting"]
#: combine(each stakeholder's Weighting, their shares (k,) summing to 1, criterion ids,
#: matrix, benefit) -> the group's Weighting.
Combine = Callable[[Sequence["Weighting"], np.ndarray, Sequence[str], np.ndarray, np.ndarray], "Weighting"]


@attrs.frozen(kw_only=True)
class Spread:
    """How far the stakeholders' weights for one criterion lie apart."""

    min: float
    max: float
    std: float


@attrs.frozen(kw_only=True)
class StakeholderWeights:
    """One stakeholder's own weights, as their scheme derived them."""

    name: str
    influence: float
    scheme: str
    weighting: Weighting


@attrs.frozen(kw_only=True)
class Group:
    """Everyone's own weights, and how the group's were combined from them."""

    members: tuple[StakeholderWeights, ...] = attrs.field(converter=as_tuple)
    aggregation: str

    @property
    def weights(self) -> np.ndarray:
        """Each member's normalised weights, one row each (k, m)."""
        each = np.array([p.weighting.weights for p in self.members], dtype=float)
        each.flags.writeable = False
        return each

    @property
    def spread(self) -> tuple[Spread, ...]:
        """Per criterion, in the criteria's order: the members' lowest, highest weight
        and their standard deviation."""
        each = self.weights
        return tuple(
            Spread(min=float(lo), max=float(hi), std=float(sd))
            for lo, hi, sd in zip(each.min(axis=0), each.max(axis=0), each.std(axis=0))
        )


@attrs.frozen(kw_only=True)
class Weighting:
    """Derived weights (summing to 1, in the criteria's order) and how they came about."""

    weights: tuple[float, ...] = attrs.field(converter=lambda given: tuple(map(float, given)))
    #: Scheme-specific details for the result (a consistency ratio, the order used...),
    #: frozen: plain data in, `FrozenMap`s and tuples held.
    details: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=freeze)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    #: A few words the weights' heading shows after the scheme's name ("consistency
    #: ratio 0.022"); empty for none.
    summary: str = ""
    #: With ``[[stakeholders]]``: each one's weights (set by the host, not a scheme).
    group: Group | None = None


@attrs.frozen(kw_only=True)
class WeightingScheme:
    """A way to derive weights, as plugins register it."""

    name: str
    label: str = ""
    description: str = ""
    derive: Derive = attrs.field(eq=False, repr=False)
    #: The keys `derive` reads from ``[weights]`` (besides ``scheme``), for hints.
    settings: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    #: How a group whose every stakeholder uses this scheme (without a blend) combines
    #: their Weightings; None: the influence-weighted mean of their weights.
    combine: Combine | None = attrs.field(default=None, eq=False, repr=False)
    #: What `combine` does, in words, for the result's ``aggregation``.
    combination: str = ""
    #: Whether `derive` reads the decision matrix (entropy, CRITIC).  True unless
    #: declared otherwise: a table bigger than memory is never handed to a scheme
    #: that might read it whole.
    reads_data: bool = True
    #: passes(settings) -> `tradeoff.core.partition.WeightPasses`: how a scheme that
    #: reads the data derives its weights over chunks of rows (None: it cannot).
    passes: Callable[[Mapping[str, Any]], Any] | None = attrs.field(default=None, eq=False, repr=False)
    #: The plugin that registered this scheme (set by the registry).
    provided_by: str = attrs.field(default="", eq=False)


def normalised(values: Sequence[float] | np.ndarray) -> tuple[float, ...]:
    """Weights (>= 0, one > 0) as the tuple of floats summing to 1 a `Weighting` holds."""
    return tuple(float(v) for v in normalize_weights(values))
