"""Starter scenarios: what ``tradeoff new --template NAME`` writes.

Templates (`tradeoff.Template`) come from plugins (``tradeoff_register_templates``),
tradeoff's own included, so a team that ships criteria can ship a starter that uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..host.plugin_types import Template

HEADER = """\
# A tradeoff scenario (format 1).  Edit the options and their facts, then run:
#     tradeoff rank {name}
# `tradeoff plugins --criteria` lists every criterion's facts, units and formula.

"""


def text(template: Template, shown_name: str) -> str:
    """The starter file: a comment saying how to use it, then the scenario as TOML."""
    from ..files.scenario_file import dumps
    from ..model.errors import plugin_fault

    with plugin_fault(template.provided_by or "?", f"template {template.name!r} scenario"):
        scenario = template.scenario()
    return HEADER.format(name=shown_name) + dumps(scenario)
