"""Weighting schemes for weights people state directly: ``direct`` points and ``equal``.

``[weights] scheme = "direct", points = { cost = 30, control = 20, ... }``: any
non-negative numbers, normalised to sum 1 (a criterion without points gets 0).
``[weights] scheme = "equal"``: every criterion the same weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.errors import describe, did_you_mean
from tradeoff.model import finite_number
from tradeoff.weighting import normalised


def _no_other_keys(settings: Mapping[str, Any], allowed: Sequence[str], scheme: str) -> None:
    for key in settings:
        if key not in allowed:
            names = ", ".join(allowed) or "none"
            raise ScenarioError(
                expected=f"a setting of scheme {scheme} ({names}){did_you_mean(key, allowed)}",
                found=f'"{key}"',
                path=(key,),
            )


def direct(settings: Mapping[str, Any], criteria: Sequence[str]) -> Weighting:
    _no_other_keys(settings, ("points",), "direct")
    points = settings.get("points")
    if not isinstance(points, dict):
        raise ScenarioError(
            expected="points = { criterion = number, ... }", found=describe(points), path=("points",)
        )
    for key, value in points.items():
        if key not in criteria:
            raise ScenarioError(
                expected=f"a criterion of the scenario ({', '.join(criteria)}){did_you_mean(key, criteria)}",
                found=f'"{key}"',
                path=("points", key),
            )
        if not finite_number(value) or value < 0:
            raise ScenarioError(expected="points >= 0", found=describe(value), path=("points", key))
    raw = [float(points.get(c, 0.0)) for c in criteria]
    if sum(raw) <= 0:
        raise ScenarioError(expected="at least one criterion with points > 0", found="all 0", path=("points",))
    return Weighting(weights=normalised(raw), details={"points": dict(points)})


def equal(settings: Mapping[str, Any], criteria: Sequence[str]) -> Weighting:
    _no_other_keys(settings, (), "equal")
    return Weighting(weights=normalised([1.0] * len(criteria)))


@hookimpl
def tradeoff_register_weightings(registrar):
    registrar.add(WeightingScheme(
        name="direct", label="Direct points", derive=direct, settings=("points",),
        description="Points per criterion, normalised to sum 1.",
    ))
    registrar.add(WeightingScheme(
        name="equal", label="Equal weights", derive=equal,
        description="The same weight for every criterion.",
    ))
