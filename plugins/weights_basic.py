"""Weighting schemes for weights people state directly: ``direct``, ``swing``, ``equal``.

``[weights] scheme = "direct", points = { cost = 30, control = 20, ... }``: any
non-negative numbers, normalised to sum 1 (a criterion without points gets 0).
``[weights] scheme = "swing", points = { cost = 100, control = 70, ... }``: swing
weighting (von Winterfeldt & Edwards 1986; Edwards & Barron 1994): imagine every
criterion at its worst; the swing to best that matters most gets 100, every other
swing its worth relative to that, 0 to 100; every criterion is rated.
``[weights] scheme = "equal"``: every criterion the same weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import describe, did_you_mean, finite_number, normalised


def _no_other_keys(settings: Mapping[str, Any], allowed: Sequence[str], scheme: str) -> None:
    for key in settings:
        if key not in allowed:
            names = ", ".join(allowed) or "none"
            raise ScenarioError(
                expected=f"a setting of scheme {scheme} ({names}){did_you_mean(key, allowed)}",
                found=f'"{key}"',
                path=(key,),
            )


def _points(
    settings: Mapping[str, Any], criteria: Sequence[str], scheme: str, high: float | None
) -> dict[str, float]:
    """The ``points`` table of `scheme`, checked: known criteria, 0 <= points <= high."""
    _no_other_keys(settings, ("points",), scheme)
    points = settings.get("points")
    span = "number >= 0" if high is None else f"0 to {high:g}"
    if not isinstance(points, dict):
        raise ScenarioError(
            expected=f"points = {{ criterion = {span}, ... }}", found=describe(points), path=("points",)
        )
    for key, value in points.items():
        if key not in criteria:
            raise ScenarioError(
                expected=f"a criterion of the scenario ({', '.join(criteria)}){did_you_mean(key, criteria)}",
                found=f'"{key}"',
                path=("points", key),
            )
        if not finite_number(value) or value < 0 or (high is not None and value > high):
            expected = "points >= 0" if high is None else f"points from 0 to {high:g}"
            raise ScenarioError(expected=expected, found=describe(value), path=("points", key))
    return dict(points)


def direct(settings: Mapping[str, Any], criteria: Sequence[str], *_data: Any) -> Weighting:
    points = _points(settings, criteria, "direct", None)
    raw = [float(points.get(c, 0.0)) for c in criteria]
    if sum(raw) <= 0:
        raise ScenarioError(expected="at least one criterion with points > 0", found="all 0", path=("points",))
    return Weighting(weights=normalised(raw), details={"points": points})


def swing(settings: Mapping[str, Any], criteria: Sequence[str], *_data: Any) -> Weighting:
    points = _points(settings, criteria, "swing", 100)
    missing = [c for c in criteria if c not in points]
    if missing:
        raise ScenarioError(
            expected="points for every criterion's swing", found=f"none for {', '.join(missing)}", path=("points",)
        )
    if max(points.values()) != 100:
        raise ScenarioError(
            expected="100 points for the swing that matters most",
            found=f"at most {max(points.values())}",
            path=("points",),
        )
    return Weighting(weights=normalised([float(points[c]) for c in criteria]), details={"points": points})


def equal(settings: Mapping[str, Any], criteria: Sequence[str], *_data: Any) -> Weighting:
    _no_other_keys(settings, (), "equal")
    return Weighting(weights=normalised([1.0] * len(criteria)))


@hookimpl
def tradeoff_register_weightings(registrar):
    registrar.add(WeightingScheme(
        reads_data=False, name="direct", label="Direct points", derive=direct, settings=("points",),
        description="Points per criterion, normalised to sum 1.",
    ))
    registrar.add(WeightingScheme(
        reads_data=False, name="swing", label="Swing weighting", derive=swing, settings=("points",),
        description="Points for each criterion's swing from worst to best, 100 for the top one.",
    ))
    registrar.add(WeightingScheme(
        reads_data=False, name="equal", label="Equal weights", derive=equal,
        description="The same weight for every criterion.",
    ))
