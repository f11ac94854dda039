"""The scenario's weights: its criteria's own, those its ``[weights]`` scheme derives
(blended with a second scheme if asked), or its stakeholders' combined."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from ..model.errors import (
    PluginError,
    ScenarioError,
    clip,
    closest_first,
    describe,
    did_you_mean,
    within,
)
from ..model.frozen import thaw
from ..model.scenario import Scenario
from .facts import Catalogue
from .methods import normalize_weights
from .weighting import Group, StakeholderWeights, Weighting, WeightingScheme


def derive_weights(
    scenario: Scenario, registry: Catalogue, matrix: np.ndarray, benefit: np.ndarray
) -> tuple[str, Weighting]:
    """The scenario's weights: its criteria's own, or those its ``[weights]`` derive."""
    ids = [c.id for c in scenario.criteria]
    choice = scenario.weighting
    if scenario.stakeholders:
        return "stakeholders", _group(scenario, registry, ids, matrix, benefit)
    if choice is None:
        w = normalize_weights(np.asarray(scenario.weights, dtype=float))
        return "direct", Weighting(weights=tuple(float(v) for v in w))
    return _derive_choice(registry, choice, ids, matrix, benefit, ("weights",))


def _derive_choice(
    registry: Catalogue,
    choice: Any,
    ids: list[str],
    matrix: np.ndarray,
    benefit: np.ndarray,
    place: tuple[Any, ...],
) -> tuple[str, Weighting]:
    """A ``[weights]``-style choice: its scheme, and a blended second one if asked."""
    settings = thaw(choice.settings)  # plugins get plain dicts and lists, theirs to change
    blend = settings.pop("blend", None)
    name, out = _derive(registry, choice.scheme, settings, ids, matrix, benefit, place)
    if blend is None:
        return name, out
    other, share = _blend_spec(blend, place)
    other_settings = {k: v for k, v in blend.items() if k not in ("scheme", "share")}
    other_name, mixed_in = _derive(
        registry, other, other_settings, ids, matrix, benefit, (*place, "blend")
    )
    w = (1 - share) * np.asarray(out.weights) + share * np.asarray(mixed_in.weights)
    details = {
        **out.details,
        "blend": {
            "scheme": other_name,
            "share": share,
            "weights": dict(zip(ids, mixed_in.weights)),
            **mixed_in.details,
        },
        "unblended": dict(zip(ids, out.weights)),
    }
    return name, Weighting(
        weights=tuple(float(v) for v in w / w.sum()),
        details=details,
        warnings=out.warnings + mixed_in.warnings,
        summary=out.summary,
    )


def _group(
    scenario: Scenario, registry: Catalogue, ids: list[str], matrix: np.ndarray, benefit: np.ndarray
) -> Weighting:
    """The group's weights from its stakeholders': the influence-weighted arithmetic mean
    of their normalised weights, or, when everyone uses one scheme that has its own
    `combine` (AHP: the judgements' geometric mean), that scheme's."""
    people = scenario.stakeholders
    own = [
        _derive_choice(registry, p.weighting, ids, matrix, benefit, ("stakeholders", (i, p.name), "weights"))
        for i, p in enumerate(people)
    ]
    share = np.array([p.influence for p in people], dtype=float)
    share = share / share.sum()
    group = Group(
        members=[
            StakeholderWeights(name=p.name, influence=p.influence, scheme=name, weighting=w)
            for p, (name, w) in zip(people, own)
        ],
        aggregation="weighted arithmetic mean of the normalised weights",
    )
    warnings = tuple(f"{p.name}: {text}" for p, (_, w) in zip(people, own) for text in w.warnings)
    scheme = registry.weightings[own[0][0]]
    if (
        scheme.combine is not None
        and all(name == scheme.name for name, _ in own)
        and not any("blend" in p.weighting.settings for p in people)
    ):
        each = [w for _, w in own]
        combined = _checked(
            scheme, lambda: scheme.combine(each, share, tuple(ids), matrix, benefit), ids, ("stakeholders",)
        )
        group = attrs.evolve(group, aggregation=scheme.combination or f"the {scheme.name} scheme's own")
        return attrs.evolve(
            combined, warnings=warnings + tuple(f"group: {text}" for text in combined.warnings), group=group
        )
    weights = share @ group.weights
    return Weighting(weights=tuple(float(v) for v in weights / weights.sum()), warnings=warnings, group=group)


def _blend_spec(blend: Any, place: tuple[Any, ...] = ("weights",)) -> tuple[str, float]:
    """``blend = { scheme = "entropy", share = 0.3, ... }``: the other scheme and its share."""
    share = blend.get("share") if isinstance(blend, dict) else None
    scheme = blend.get("scheme") if isinstance(blend, dict) else None
    if not isinstance(scheme, str) or scheme == "":
        raise ScenarioError(
            expected='blend = { scheme = "...", share = 0 to 1, ... }',
            found=describe(blend),
            path=(*place, "blend"),
        )
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ScenarioError(
            expected="a share from 0 to 1 for the blended scheme",
            found=describe(share),
            path=(*place, "blend", "share"),
        )
    return scheme, float(share)


def _derive(
    registry: Catalogue,
    name: str,
    settings: dict[str, Any],
    ids: list[str],
    matrix: np.ndarray,
    benefit: np.ndarray,
    place: tuple[str, ...],
) -> tuple[str, Weighting]:
    """One scheme's weights, checked, with errors placed under `place`."""
    if name not in registry.weightings:
        known = registry.weightings
        raise ScenarioError(
            expected=f"a weighting scheme ({closest_first(name, known)})" + did_you_mean(name, known),
            found=f'"{clip(name)}"',
            path=(*place, "scheme"),
        )
    scheme = registry.weightings[name]
    return scheme.name, _checked(scheme, lambda: scheme.derive(settings, tuple(ids), matrix, benefit), ids, place)


def _checked(
    scheme: WeightingScheme, call: Callable[[], Any], ids: list[str], place: tuple[Any, ...]
) -> Weighting:
    """What one of `scheme`'s hooks returns, checked and normalised; its own errors
    placed under `place`, any other exception the plugin's fault."""
    where = dict(plugin=scheme.provided_by or "?", hook=f"weighting scheme {scheme.name!r}")
    try:
        with within(*place):
            out = call()
    except ScenarioError:
        raise
    except Exception as error:
        raise PluginError(**where, problem=f"raised {error!r}") from error
    w = np.asarray(out.weights, dtype=float) if isinstance(out, Weighting) else None
    if w is None or w.shape != (len(ids),) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise PluginError(
            **where, problem=f"returned {out!r}, expected a Weighting of {len(ids)} weights >= 0"
        )
    return attrs.evolve(out, weights=tuple(float(v) for v in w / w.sum()), group=None)
