"""The hooks a `tradeoff` plugin can implement.

A plugin is any module or object with functions marked ``@tradeoff.hookimpl`` and named
like the specs below.  Installed packages announce theirs in the ``tradeoff``
entry-point group; the built-in criteria and methods are registered the same way.

Registration hooks receive a `tradeoff.Registrar` rather than returning a list: it
checks each ``add(...)`` at once and knows which plugin is calling, so a duplicate id
or a wrong type is reported against the plugin that caused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .plugin_types import Registrar

PROJECT = "tradeoff"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def tradeoff_register_criteria(registrar: Registrar) -> None:
    """Register the criteria this plugin provides.

    :param registrar: call ``registrar.add(criterion)`` with a
        :class:`tradeoff.Criterion` for each criterion.  Its ``score(facts)`` receives
        a mapping with one numpy array per declared fact (one element per
        alternative; taken from the alternative, else the scenario's ``[context]``,
        else the fact's default; already checked against the fact's type and range)
        and returns one finite value per alternative.
    """


@hookspec
def tradeoff_register_methods(registrar: Registrar) -> None:
    """Register the ranking methods this plugin provides.

    :param registrar: call ``registrar.add(method)`` with a :class:`tradeoff.Method`
        for each method.  Its ``kernel(matrix, weights, benefit, **params)`` receives
        the checked decision matrix ``(..., n, m)``, weights ``(..., m)`` that sum to
        1, a boolean benefit mask ``(..., m)`` and the method's parameters (with
        ``normalization`` when the method accepts one), and returns
        ``(scores, diagnostics)``.
    """


@hookspec
def tradeoff_register_weightings(registrar: Registrar) -> None:
    """Register the weighting schemes this plugin provides.

    :param registrar: call ``registrar.add(scheme)`` with a
        :class:`tradeoff.WeightingScheme` for each scheme.  Its
        ``derive(settings, criteria, matrix, benefit)`` receives the ``[weights]``
        table without ``scheme``, the scenario's criterion ids in file order, and the
        decision matrix ``(n, m)`` with its benefit mask, and returns a
        :class:`tradeoff.Weighting` (weights >= 0 summing to 1, in that order); it
        raises ``tradeoff.ScenarioError`` with a place relative to ``[weights]`` for
        bad settings.
    """


@hookspec
def tradeoff_register_reports(registrar: Registrar) -> None:
    """Register the report formats this plugin provides (``tradeoff report --format``).

    :param registrar: call ``registrar.add(fmt)`` with a :class:`tradeoff.ReportFormat`
        for each format.  Its ``render(report)`` receives a :class:`tradeoff.Report`
        (the ranking, its explanation, weight stability, SMAA-2 figures when asked
        for, provenance and the engine's charts) and returns the whole document as
        text; user-supplied text in it must be escaped for the format.
    """


@hookspec
def tradeoff_register_charts(registrar: Registrar) -> None:
    """Register the charts this plugin provides (``tradeoff plot``, and in reports).

    :param registrar: call ``registrar.add(chart)`` with a :class:`tradeoff.Chart` for
        each chart.  Its ``draw(report, figure)`` draws on a fresh matplotlib
        ``Figure`` and returns the chart's text alternative (what it shows, with the
        numbers that matter); a chart with ``sensitivity=True`` is drawn only when the
        report has SMAA-2 figures, and its ``section`` says where a report places it.
    """


@hookspec
def tradeoff_register_templates(registrar: Registrar) -> None:
    """Register the starter scenarios this plugin provides (``tradeoff new --template``).

    :param registrar: call ``registrar.add(template)`` with a
        :class:`tradeoff.Template` for each starter.  Its ``scenario()`` returns a
        fresh :class:`tradeoff.Scenario`, usually one that uses the plugin's own
        criteria, which ``tradeoff new`` writes as TOML.
    """
