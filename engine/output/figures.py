"""matplotlib, kept at arm's length: a chart drawn on a fresh Figure, then SVG or PNG.

matplotlib is the optional extra ``report``; nothing here imports it before a chart is
drawn.  Only the object-oriented API is used (a `Figure` with its own canvas, never
pyplot), and no global setting is changed, so charts can be drawn in many threads and
beside an app's own matplotlib use.

A chart is drawn `WIDTH` wide, for a phone: the html page shows it at most at its
natural size and shrinks it to the screen's width, so text drawn at 11 pt (as
tradeoff's own charts draw all of theirs) is at least 11 px at 390 px, a phone's
width with its 358 px of content (358 / (4.8 * 72) = 1.04 px per point).  One drawing
serves every screen and paper.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..model.errors import (  # MissingExtra: tradeoff plot raises it as figures.MissingExtra
    MissingExtra,
    install_hint,
)

EXTRA_HINT = install_hint("report")
#: Inches: the width a chart is drawn at (a chart sets its own height).
WIDTH = 4.8
#: Suffixes `tradeoff plot` writes.
SUFFIXES = (".svg", ".png")


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def draw(chart: Any, report: Any) -> tuple[Any, str]:
    """`chart` drawn on a new Figure: (figure, its text alternative)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtra(f"charts need matplotlib, the optional extra 'report': {EXTRA_HINT}") from None
    from .report import _guarded

    figure = Figure(figsize=(WIDTH, 3.5), layout="constrained")
    alt = _guarded(chart.provided_by, f"chart {chart.name!r}", chart.draw, report, figure)
    literal(figure)
    return figure, alt


def literal(figure: Any) -> None:
    """No text of `figure` goes to LaTeX, even where an app turned on ``text.usetex``:
    names and titles come from the scenario, and LaTeX can read files
    (``\\input{/etc/passwd}``) and, configured so, run programs.  (TeX *math*, the
    ``$...$`` matplotlib draws itself, is harmless; tradeoff's charts escape the ``$``
    of scenario text so that it shows as written.)"""
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        text.set_usetex(False)


def svg(figure: Any, prefix: str) -> str:
    """The figure as an ``<svg>`` element to put inside an HTML page.

    The XML prologue and the RDF metadata go, and every id (matplotlib's clip paths, patches and glyphs)
    is renamed ``{prefix}-{k}`` in order of appearance: ids stay unique when several
    charts share a page, and the same figure gives the same text every time.
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)  # RDF naming matplotlib, per chart
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        old = match.group(2)
        new = names.setdefault(old, f"{prefix}-{len(names) + 1}")
        return f'{match.group(1)}"{new}"'

    text = re.sub(r'(\bid=)"([^"]+)"', rename, text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{names.get(m.group(1), m.group(1))})", text)
    return re.sub(
        r'(xlink:href|href)="#([^"]+)"',
        lambda m: f'{m.group(1)}="#{names.get(m.group(2), m.group(2))}"',
        text,
    )


def image(figure: Any, suffix: str) -> bytes:
    """The figure as the bytes of an .svg or .png file."""
    buffer = io.BytesIO()
    kind = suffix.lower().lstrip(".")
    options: dict[str, Any] = {"metadata": {"Date": None}} if kind == "svg" else {"dpi": 150}
    figure.savefig(buffer, format=kind, **options)
    return buffer.getvalue()


def suffix_of(path: str) -> str:
    return Path(path).suffix.lower()
