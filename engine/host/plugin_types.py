"""What plugins and the host hand each other: the registrar every registration hook
receives, and the report formats, charts and starters it registers.

Kept apart and light (attrs and the model only) so that the registry and the hook
specs need nothing from the analyses or the output code, and `import tradeoff` pulls
in no more than a plugin declaration needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ..model.errors import PluginError
from ..model.frozen import as_tuple
from ..model.scenario import Criterion

if TYPE_CHECKING:
    from ..core.methods import Method
    from ..core.weighting import WeightingScheme
    from ..model.scenario import Scenario

    Item = Criterion | Method | WeightingScheme | ReportFormat | Chart | Template


@attrs.frozen
class Registration:
    """One ``registrar.add(...)``: the item (stamped with its plugin), and how."""

    item: Any
    plugin: str
    hook: str
    override: bool


@attrs.define
class Registrar:
    """What every ``tradeoff_register_*`` hook receives: call ``registrar.add(item)``
    once per item.  The host makes one per plugin and hook, accepting that hook's kind
    (`accepts`), so a wrong type or a duplicate id is reported against the plugin."""

    plugin: str
    hook: str
    accepts: type
    added: list[Registration] = attrs.field(factory=list, init=False)

    def add(self, item: Item, *, override: bool = False) -> None:
        """Register `item`.  An id another plugin registers too is an error naming
        both, unless one of them passes ``override=True``: that one wins, whichever
        registers first."""
        problem = ""
        if not isinstance(item, self.accepts):
            problem = f"add() expects a tradeoff.{self.accepts.__name__}, got {type(item).__name__}"
        elif isinstance(item, Criterion) and item.score is None:
            problem = f"criterion {item.id!r} has no score function"
        if problem:
            raise PluginError(plugin=self.plugin, hook=self.hook, problem=problem)
        self.added.append(Registration(attrs.evolve(item, provided_by=self.plugin), self.plugin, self.hook, override))


@attrs.frozen(kw_only=True)
class ReportFormat:
    """A way to write a report: `render(report)` returns the whole document as text."""

    name: str
    label: str
    #: File suffixes that choose this format when ``--format`` is not given.
    suffixes: tuple[str, ...] = attrs.field(converter=as_tuple)
    render: Callable[[Any], str] = attrs.field(eq=False, repr=False)  # (report: tradeoff.Report)
    provided_by: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class Chart:
    """One figure of a report.

    `draw(report, figure)` draws on a fresh matplotlib `Figure` (sized by the chart
    with ``figure.set_size_inches``) and returns the figure's text alternative: what
    it shows, with the numbers that matter, for readers who cannot see it.
    """

    name: str
    title: str
    description: str
    draw: Callable[[Any, Any], str] = attrs.field(eq=False, repr=False)  # (report, figure)
    #: Drawn only when the report has SMAA-2 figures (`Report.sensitivity`).
    sensitivity: bool = False
    #: The report section the chart belongs in (the html page has "ranking",
    #: "contributions", "stability" and "sensitivity"); a chart with none, or one the
    #: page does not show, goes under "More charts".  In a section, registration order.
    section: str = ""
    provided_by: str = attrs.field(default="", eq=False)

    def applies(self, report: Any) -> bool:
        return report.sensitivity is not None or not self.sensitivity


@attrs.frozen(kw_only=True)
class Template:
    """A starter scenario: `scenario()` builds it afresh each time it is asked for."""

    name: str
    description: str
    scenario: Callable[[], Scenario] = attrs.field(eq=False, repr=False)
    provided_by: str = attrs.field(default="", eq=False)
