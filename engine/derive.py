"""The scenario's weights: its criteria's own, those its ``[weights]`` scheme derives
(blended with a second scheme if asked), or its stakeholders' combined."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .errors import (
    PluginError,
    ScenarioError,
    clip,
    closest_first,
    describe,
    did_you_mean,
    within,
)
from .frozen import thaw
from .methods import normalize_weights
from .model import Scenario
from .registry import Registry
from .weighting import Weighting


def derive_weights(
    scenario: Scenario, registry: Registry, matrix: np.ndarray, benefit: np.ndarray
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
    registry: Registry,
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
    )


def _group(
    scenario: Scenario, registry: Registry, ids: list[str], matrix: np.ndarray, benefit: np.ndarray
) -> Weighting:
    """The group's weights from its stakeholders': the influence-weighted arithmetic mean
    of their normalised weights, or, when everyone gave AHP judgements, the weighted
    geometric mean of the judgements (Aczel & Saaty 1983) and its eigenvector."""
    people = scenario.stakeholders
    own = [
        _derive_choice(registry, p.weighting, ids, matrix, benefit, ("stakeholders", (i, p.name), "weights"))
        for i, p in enumerate(people)
    ]
    share = np.array([p.influence for p in people], dtype=float)
    share = share / share.sum()
    each = np.array([w.weights for _, w in own])
    warnings = tuple(f"{p.name}: {text}" for p, (_, w) in zip(people, own) for text in w.warnings)
    details: dict[str, Any] = {}
    if all(name == "ahp" and "pairwise" in w.details and "blend" not in w.details for name, w in own):
        logs = np.array([np.log(np.asarray(w.details["pairwise"], dtype=float)) for _, w in own])
        judged = np.exp(np.tensordot(share, logs, axes=1))
        _, group = _derive(registry, "ahp", {"pairwise": judged.tolist()}, ids, matrix, benefit, ("stakeholders",))
        weights = np.asarray(group.weights)
        details.update(group.details)
        details["aggregation"] = "weighted geometric mean of the judgements (Aczel & Saaty 1983)"
        warnings += tuple(f"group: {text}" for text in group.warnings)
    else:
        weights = share @ each
        details["aggregation"] = "weighted arithmetic mean of the normalised weights"
    details["stakeholders"] = [
        {
            "name": p.name,
            "influence": p.influence,
            "scheme": name,
            "weights": dict(zip(ids, w.weights)),
            **{k: v for k, v in w.details.items() if k != "pairwise"},
        }
        for p, (name, w) in zip(people, own)
    ]
    details["spread"] = {
        cid: {"min": float(each[:, j].min()), "max": float(each[:, j].max()), "std": float(each[:, j].std())}
        for j, cid in enumerate(ids)
    }
    return Weighting(
        weights=tuple(float(v) for v in weights / weights.sum()), details=details, warnings=warnings
    )


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
    registry: Registry,
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
    where = dict(plugin=scheme.provided_by or "?", hook=f"weighting scheme {scheme.name!r}")
    try:
        with within(*place):
            out = scheme.derive(settings, tuple(ids), matrix, benefit)
    except ScenarioError:
        raise
    except Exception as error:
        raise PluginError(**where, problem=f"raised {error!r}") from error
    w = np.asarray(out.weights, dtype=float) if isinstance(out, Weighting) else None
    if w is None or w.shape != (len(ids),) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise PluginError(
            **where, problem=f"returned {out!r}, expected a Weighting of {len(ids)} weights >= 0"
        )
    return scheme.name, attrs.evolve(out, weights=tuple(float(v) for v in w / w.sum()))
