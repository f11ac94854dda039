"""The scenario's weights: its criteria's own, those its ``[weights]`` scheme derives
(blended with a second scheme if asked), or its stakeholders' combined."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


@attrs.frozen(kw_only=True)
class ChunkWeights:
    """The weights of a decision whose rows are read in chunks: known before any row
    is read (`fixed`), or derived by a scheme's passes over the rows (`passes`: its
    rounds, then `weighting` of what they found)."""

    scheme: str
    fixed: Weighting | None = None
    passes: Any = None  # tradeoff.core.partition.WeightPasses
    settings: Mapping[str, Any] = attrs.field(factory=dict)
    _schemes: Any = attrs.field(default=None, repr=False)

    def known(self, n: int) -> Any:
        """What the scheme's rounds start from, for `n` rows: equal weights, the
        benefit mask, and its settings with the criterion ids (``params["criteria"]``,
        for its messages)."""
        from .partition import Known

        benefit = self._schemes.benefit
        ids = self._schemes.ids
        return Known(weights=np.full(len(ids), 1 / len(ids)), benefit=benefit, params={**self.settings, "criteria": ids}, n=n)

    def weighting(self, known: Any) -> Weighting:
        """The scheme's `Weighting` from its rounds' totals in `known`, checked."""
        if self.fixed is not None:
            return self.fixed
        scheme = self._schemes.registry.weightings[self.scheme]
        return self._schemes.checked(scheme, partial(self.passes.weighting, known), ("weights",))


def over_chunks(scenario: Scenario, registry: Catalogue, benefit: np.ndarray) -> ChunkWeights:
    """The scenario's weights for a table read in chunks, checked before any row is
    read: those no scheme derives from the data, or a data-driven scheme's passes; a
    scheme that reads the whole matrix without passes, a blend with one, and
    stakeholders (each one's ranking needs the whole table) are refused, one line each."""
    from .partition import WeightPasses

    if scenario.stakeholders:
        raise ScenarioError(
            path=("stakeholders",),
            expected="no [[stakeholders]] for a table read in chunks (each one's own ranking needs "
            "the whole table: rank it with --engine memory, or give the group's weights)",
            found=f"{len(scenario.stakeholders)} stakeholders",
        )
    empty = np.zeros((0, len(scenario.criteria)))
    schemes = _Schemes(registry, tuple(c.id for c in scenario.criteria), empty, read_only_view(benefit))
    choice = scenario.weighting
    blend = None if choice is None else choice.settings.get("blend")
    used = [] if choice is None else [choice.scheme, *([blend.get("scheme")] if isinstance(blend, Mapping) else [])]
    found = {name: registry.weightings.get(name) for name in used if isinstance(name, str)}
    reading = [s for s in found.values() if s is not None and s.reads_data]
    if not reading:
        name, weighting = derive_weights(scenario, registry, empty, benefit)
        return ChunkWeights(scheme=name, fixed=weighting)
    scheme = reading[0]
    able = sorted(n for n, s in registry.weightings.items() if not s.reads_data or s.passes is not None)
    if scheme.passes is None or len(used) > 1:
        raise ScenarioError(
            path=("weights", "scheme"),
            expected="a weighting scheme that derives weights over chunks of rows, for a table read in chunks ("
            + ", ".join(able) + "), and no blend with one that reads the data",
            found=f'"{scheme.name}"' + (" in a blend" if len(used) > 1 else ", which reads the whole matrix"),
        )
    settings = thaw(choice.settings)
    passes = schemes.checked_call(scheme, partial(scheme.passes, settings), ("weights",))
    if not isinstance(passes, WeightPasses):
        raise PluginError(
            plugin=scheme.provided_by or "?", hook=f"weighting scheme {scheme.name!r} passes",
            problem=f"returned {type(passes).__name__}, expected a tradeoff WeightPasses",
        )
    return ChunkWeights(scheme=scheme.name, passes=passes, settings=settings, schemes=schemes)


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

    def checked_call(self, scheme: WeightingScheme, call: Callable[[], Any], place: tuple[Any, ...]) -> Any:
        """What one of `scheme`'s hooks returns: its own errors placed under `place` (a
        scheme checks the user's settings), any other exception the plugin's fault."""
        with plugin_fault(scheme.provided_by or "?", f"weighting scheme {scheme.name!r}", user_errors=True), within(*place):
            return call()

    def checked(self, scheme: WeightingScheme, call: Callable[[], Any], place: tuple[Any, ...]) -> Weighting:
        """What one of `scheme`'s hooks returns, checked and normalised (`checked_call`)."""
        where = dict(plugin=scheme.provided_by or "?", hook=f"weighting scheme {scheme.name!r}")
        out = self.checked_call(scheme, call, place)
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
