"""tradeoff's html report: one self-contained page (see `tradeoff.plugins.html_page`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeoff import ReportFormat, hookimpl

if TYPE_CHECKING:
    from tradeoff import Report


def render(report: Report) -> str:
    from tradeoff.plugins.html_page import render as page  # only when a report is made

    return page(report)


@hookimpl
def tradeoff_register_reports(registrar: Any) -> None:
    registrar.add(ReportFormat(name="html", label="HTML page", suffixes=(".html", ".htm"), render=render))
