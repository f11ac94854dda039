"""tradeoff: an explicit, repeatable, explainable ranking of the options.

Three lines for an app::

    import tradeoff
    result = tradeoff.rank(tradeoff.load("examples/it-outsourcing.toml"))
    print(result.best.name)

`load`, `rank` and `rank_matrix` use a default `Engine` (tradeoff's own plugins plus
installed ones).  Build an `Engine` yourself to choose the plugins.
"""

from __future__ import annotations

from typing import Any

from .core.methods import Method, Param, Ranking
from .core.result import DecisionMatrix, Result, Row
from .core.weighting import Weighting, WeightingScheme
from .engine import Engine, default_engine
from .files.scenario_file import dump, dumps, load, loads
from .host.hookspecs import hookimpl, hookspec
from .host.plugin_types import Chart, Registrar, ReportFormat, Template
from .host.registry import PluginInfo
from .model.errors import PluginError, ScenarioError, TradeoffError
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
from .output.report import Provenance, Report
from .version import __version__

__all__ = [
    "Alternative",
    "Chart",
    "Criterion",
    "CriterionChoice",
    "DecisionMatrix",
    "Direction",
    "Engine",
    "Fact",
    "FactType",
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
    "Row",
    "Scenario",
    "ScenarioError",
    "Stakeholder",
    "Template",
    "TradeoffError",
    "Weighting",
    "WeightingScheme",
    "WeightsChoice",
    "dump",
    "dumps",
    "hookimpl",
    "hookspec",
    "load",
    "loads",
    "rank",
    "rank_matrix",
]


def rank(scenario: Scenario, method: str | None = None) -> Result:
    """Rank `scenario` with the default engine (see `Engine.rank`)."""
    return default_engine().rank(scenario, method)


def rank_matrix(
    matrix: Any, weights: Any, directions: Any, method: str = "topsis", **params: Any
) -> Ranking:
    """Rank a decision matrix with the default engine (see `Engine.rank_matrix`)."""
    return default_engine().rank_matrix(matrix, weights, directions, method, **params)
