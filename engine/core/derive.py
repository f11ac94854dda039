"""The scenario's weights: its criteria's own, those its ``[weights]`` scheme derives
(blended with a second scheme if asked), or its stakeholders' combined."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import attrs
import numpy as np

from ..model.errors import PluginError, ScenarioError, describe, plugin_fault, within
from ..model.frozen import thaw
from ..model.scenario import Scenario
from .facts import Catalogue, find
from .methods import read_only_view
from .weighting import Group, StakeholderWeights, Weighting, WeightingScheme, normalised


def derive_weights(
    scenario: Scenario, registry: Catalogue, matrix: np.ndarray, benefit: np.ndarray
) -> tuple[str, Weighting]:
    """The scenario's weights: its criteria's own, or those its ``[weights]`` derive."""
    # the schemes see the matrix the method ranks next: read-only views, so none changes it
    ids = tuple(c.id for c in scenario.criteria)
    schemes = _Schemes(registry, ids, read_only_view(np.asarray(matrix)), read_only_view(np.asarray(benefit)))
    if scenario.stakeholders:
        return "stakeholders", schemes.group(scenario)
    if scenario.weighting is None:
        return "direct", Weighting(weights=normalised(scenario.weights))
    return schemes.choice(scenario.weighting, ("weights",))


@attrs.frozen
class _Schemes:
    """The registry's weighting schemes, applied to one decision's criteria, matrix
    (n, m) and benefit (m,)."""

    registry: Catalogue
    ids: tuple[str, ...]
    matrix: np.ndarray
    benefit: np.ndarray

    def choice(self, choice: Any, place: tuple[Any, ...]) -> tuple[str, Weighting]:
        """A ``[weights]``-style choice: its scheme, and a blended second one if asked."""
        settings = thaw(choice.settings)  # plugins get plain dicts and lists, theirs to change
        blend = settings.pop("blend", None)
        name, out = self.one(choice.scheme, settings, place)
        if blend is None:
            return name, out
        other, share = _blend_spec(blend, place)
        other_settings = {k: v for k, v in blend.items() if k not in ("scheme", "share")}
        other_name, mixed_in = self.one(other, other_settings, (*place, "blend"))
        w = (1 - share) * np.asarray(out.weights) + share * np.asarray(mixed_in.weights)
        details = {
            **out.details,
            "blend": {
                "scheme": other_name,
                "share": share,
                "weights": dict(zip(self.ids, mixed_in.weights)),
                **mixed_in.details,
            },
            "unblended": dict(zip(self.ids, out.weights)),
        }
        return name, Weighting(
            weights=normalised(w), details=details, warnings=out.warnings + mixed_in.warnings, summary=out.summary
        )

    def group(self, scenario: Scenario) -> Weighting:
        """The group's weights from its stakeholders': the influence-weighted arithmetic
        mean of their normalised weights, or, when everyone uses one scheme that has its
        own `combine` (AHP: the judgements' geometric mean), that scheme's."""
        people = scenario.stakeholders
        own = [self.choice(p.weighting, ("stakeholders", (i, p.name), "weights")) for i, p in enumerate(people)]
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
        scheme = self.registry.weightings[own[0][0]]
        if (
            scheme.combine is not None
            and all(name == scheme.name for name, _ in own)
            and not any("blend" in p.weighting.settings for p in people)
        ):
            each = [w for _, w in own]
            combine = partial(scheme.combine, each, share, self.ids, self.matrix, self.benefit)
            combined = self.checked(scheme, combine, ("stakeholders",))
            group = attrs.evolve(group, aggregation=scheme.combination or f"the {scheme.name} scheme's own")
            return attrs.evolve(
                combined, warnings=warnings + tuple(f"group: {text}" for text in combined.warnings), group=group
            )
        return Weighting(weights=normalised(share @ group.weights), warnings=warnings, group=group)

    def one(self, name: str, settings: dict[str, Any], place: tuple[Any, ...]) -> tuple[str, Weighting]:
        """One scheme's weights, checked, with errors placed under `place`."""
        scheme: WeightingScheme = find(self.registry.weightings, name, "weighting scheme", (*place, "scheme"))
        derive = partial(scheme.derive, settings, self.ids, self.matrix, self.benefit)
        return scheme.name, self.checked(scheme, derive, place)

    def checked(self, scheme: WeightingScheme, call: Callable[[], Any], place: tuple[Any, ...]) -> Weighting:
        """What one of `scheme`'s hooks returns, checked and normalised; its own errors
        placed under `place` (a scheme checks the user's settings), any other exception
        the plugin's fault."""
        where = dict(plugin=scheme.provided_by or "?", hook=f"weighting scheme {scheme.name!r}")
        with plugin_fault(**where, user_errors=True), within(*place):
            out = call()
        m = len(self.ids)
        w = np.asarray(out.weights, dtype=float) if isinstance(out, Weighting) else None
        if w is None or w.shape != (m,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
            raise PluginError(**where, problem=f"returned {out!r}, expected a Weighting of {m} weights >= 0")
        return attrs.evolve(out, weights=normalised(w), group=None)


def _blend_spec(blend: Any, place: tuple[Any, ...]) -> tuple[str, float]:
    """``blend = { scheme = "entropy", share = 0.3, ... }``: the other scheme and its share."""
    share = blend.get("share") if isinstance(blend, dict) else None
    scheme = blend.get("scheme") if isinstance(blend, dict) else None
    if not isinstance(scheme, str) or scheme == "":
        raise ScenarioError(
            expected='blend = { scheme = "...", share = 0 to 1, ... }', found=describe(blend), path=(*place, "blend")
        )
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ScenarioError(
            expected="a share from 0 to 1 for the blended scheme",
            found=describe(share),
            path=(*place, "blend", "share"),
        )
    return scheme, float(share)
