"""tradeoff's markdown report: the html one's sections as text (see
`tradeoff.plugins.markdown_page`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeoff import ReportFormat, hookimpl

if TYPE_CHECKING:
    from tradeoff import Report


def render(report: Report) -> str:
    from tradeoff.plugins.markdown_page import render as text  # only when a report is made

    return text(report)


@hookimpl
def tradeoff_register_reports(registrar: Any) -> None:
    registrar.add(ReportFormat(name="markdown", label="Markdown", suffixes=(".md", ".markdown"), render=render))
