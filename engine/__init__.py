"""tradeoff: an explicit, repeatable, explainable ranking of the options.

Three lines for an app::

    import tradeoff
    result = tradeoff.rank(tradeoff.load("examples/it-outsourcing.toml"))
    print(result.best.name)

An app that holds its options as plain data builds the scenario with `from_dict`
(docs/embedding.md).  `load`, `rank` and `rank_matrix` use a default `Engine` (tradeoff's own plugins plus
installed ones).  Build an `Engine` yourself to choose the plugins.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .core.methods import Method, Param, Ranking
from .core.result import DecisionMatrix, Result, Row, StakeholderView
from .core.weighting import Group, Spread, StakeholderWeights, Weighting, WeightingScheme
from .engine import Engine, default_engine
from .files import scenario_file
from .files.scenario_file import dump, dumps, load, loads
from .host.hookspecs import hookimpl, hookspec
from .host.plugin_types import Chart, Registrar, ReportFormat, Template
from .host.registry import PluginInfo
from .model.errors import PluginError, ScenarioError, TradeoffError, describe
from .model.scenario import (
    Alternative,
    Criterion,
    CriterionChoice,
    Direction,
    Fact,
    FactType,
    MethodChoice,
    Scenario,
    Stakeholder,
    WeightsChoice,
)
from .version import __version__

if TYPE_CHECKING:
    from .analyses.agreement import Agreement
    from .analyses.explain import Breakdown, Explanation, Gap
    from .analyses.reversal import Reversal, Reversals
    from .analyses.smaa import Sensitivity
    from .analyses.stability import Stability
    from .analyses.whatif import Change
    from .output.report import Provenance, Report

#: What the analyses and reports return, imported when first asked for
#: (``tradeoff.Explanation``) so that ``import tradeoff`` loads neither.
_LAZY = {
    "Agreement": "analyses.agreement",
    "Breakdown": "analyses.explain",
    "Change": "analyses.whatif",
    "Explanation": "analyses.explain",
    "Gap": "analyses.explain",
    "Reversal": "analyses.reversal",
    "Reversals": "analyses.reversal",
    "Sensitivity": "analyses.smaa",
    "Stability": "analyses.stability",
    "Provenance": "output.report",
    "Report": "output.report",
}

__all__ = [
    "Agreement",
    "Alternative",
    "Breakdown",
    "Change",
    "Chart",
    "Criterion",
    "CriterionChoice",
    "DecisionMatrix",
    "Direction",
    "Engine",
    "Explanation",
    "Fact",
    "FactType",
    "Gap",
    "Group",
    "Method",
    "MethodChoice",
    "Param",
    "PluginError",
    "PluginInfo",
    "Provenance",
    "Ranking",
    "Registrar",
    "Report",
    "ReportFormat",
    "Result",
    "Reversal",
    "Reversals",
    "Row",
    "Scenario",
    "ScenarioError",
    "Sensitivity",
    "Spread",
    "Stability",
    "Stakeholder",
    "StakeholderView",
    "StakeholderWeights",
    "Template",
    "TradeoffError",
    "Weighting",
    "WeightingScheme",
    "WeightsChoice",
    "dump",
    "dumps",
    "from_dict",
    "hookimpl",
    "hookspec",
    "load",
    "loads",
    "rank",
    "rank_matrix",
]


def from_dict(data: Mapping[str, Any]) -> Scenario:
    """A scenario from plain Python data (dicts, lists, numbers and strings) shaped as a
    scenario file is (docs/scenario-file.md): what an app holds, checked as a file is,
    so a value of the wrong type raises a `ScenarioError` naming its place."""
    if not isinstance(data, Mapping):
        raise ScenarioError(
            expected="a dict of the scenario's keys (format, criteria, alternatives, ...)", found=describe(data)
        )
    return scenario_file.from_dict(data)


def rank(scenario: Scenario, method: str | None = None) -> Result:
    """Rank `scenario` with the default engine (see `Engine.rank`)."""
    return default_engine().rank(scenario, method)


def rank_matrix(
    matrix: Any, weights: Any, directions: Any, method: str = "topsis", **params: Any
) -> Ranking:
    """Rank a decision matrix with the default engine (see `Engine.rank_matrix`)."""
    return default_engine().rank_matrix(matrix, weights, directions, method, **params)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
