"""tradeoff-compliance: an example tradeoff plugin for regulated small businesses.

It adds what the outsourcing article mentions but tradeoff's built-in criteria leave
out: ``compliance`` ("better compliance with government regulations", and the
confidentiality side of "control might be lost") and ``feasibility`` ("it's not easy
to outsource some IT functions"), plus the starter ``tradeoff new --template
compliance``.

This module is the plugin: the entry point ``compliance = "tradeoff_compliance"`` (in
pyproject.toml) names it, and tradeoff registers every ``@tradeoff.hookimpl``
function in it whose name is a hook.  It holds only the hooks, so what they register
is plain to see; the criteria live in `criteria`, the starter in `template`.  Hooks
get a ``tradeoff.Registrar`` and call ``add`` on it (rather than returning a list) so
that a mistake, such as an id another plugin already uses, is reported against this
plugin.
"""

from __future__ import annotations

import tradeoff

from .criteria import COMPLIANCE, FEASIBILITY
from .template import build

__version__ = "0.1.0"

__all__ = ["COMPLIANCE", "FEASIBILITY", "TEMPLATE", "build"]

TEMPLATE = tradeoff.Template(
    name="compliance",
    description=(
        "a dental practice with patient records: in-house IT against three providers, "
        "with compliance and feasibility"
    ),
    scenario=build,
)


@tradeoff.hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(COMPLIANCE)
    registrar.add(FEASIBILITY)


@tradeoff.hookimpl
def tradeoff_register_templates(registrar):
    registrar.add(TEMPLATE)
