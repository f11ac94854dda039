"""What a report format or a chart may use beyond `tradeoff` itself: the report's
tables, the numbers and sentences the text output shows, and the chart drawing.

The html and Markdown pages are built from these alone, so a third party's format can
show the same things in the same words (docs/plugins.md, "What a plugin may import").
"""

from __future__ import annotations

from .output.figures import EXTRA_HINT, available, draw, svg
from .output.narrate import because, change_text
from .output.render import (
    column,
    markdown_text,
    score_text,
    verdict,
    weighting_warnings,
    weights_line,
)
from .output.report import (
    LISTED,
    Listing,
    Table,
    acceptability_ranks,
    acceptability_rows,
    compact_rows,
    contribution_rows,
    fact_rows,
    fact_text,
    listing,
    provenance_items,
    stability_rows,
    stakeholder_rows,
)

__all__ = [
    "EXTRA_HINT",
    "LISTED",
    "Listing",
    "Table",
    "acceptability_ranks",
    "acceptability_rows",
    "available",
    "because",
    "change_text",
    "column",
    "compact_rows",
    "contribution_rows",
    "draw",
    "fact_rows",
    "fact_text",
    "listing",
    "markdown_text",
    "provenance_items",
    "score_text",
    "stability_rows",
    "stakeholder_rows",
    "svg",
    "verdict",
    "weighting_warnings",
    "weights_line",
]
