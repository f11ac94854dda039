"""Starter scenarios: what ``tradeoff new --template NAME`` writes (with ``--from
offers.csv``, the template's criteria and settings and the table's rows as its
alternatives).

Templates (`tradeoff.Template`) come from plugins (``tradeoff_register_templates``),
tradeoff's own included, so a team that ships criteria can ship a starter that uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..host.plugin_types import Template
    from ..model.scenario import Scenario

HEADER = """\
# A tradeoff scenario (format 1).  Edit the options and their facts, then run:
#     tradeoff rank {name}
# `tradeoff plugins --criteria` lists every criterion's facts, units and formula.
# Optional: author = "...", organisation = "..." and notes = "..." (top-level keys,
# under the title) go on the cover of `tradeoff report`.

"""


def text(template: Template, shown_name: str, scenario: Scenario | None = None) -> str:
    """The starter file: a comment saying how to use it, then the scenario as TOML:
    the template's, or `scenario` made from it (`from_table`)."""
    from ..files.scenario_file import dumps

    return HEADER.format(name=shown_name) + dumps(scenario or scenario_of(template))


def scenario_of(template: Template) -> Scenario:
    """The template's scenario, built afresh; a plugin's failure is the plugin's."""
    from ..model.errors import plugin_fault

    with plugin_fault(template.provided_by or "?", f"template {template.name!r} scenario"):
        return template.scenario()


def without_alternatives(template: Template) -> Scenario:
    """The template's scenario with none of its example alternatives, for a table's
    rows to take their place (``tradeoff new --from offers.csv``)."""
    import attrs

    return attrs.evolve(scenario_of(template), alternatives=(), alternatives_optional=True)
