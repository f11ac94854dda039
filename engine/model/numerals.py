"""How a number is written for people: in a table cell, a sentence or an explanation's
JSON.  The one rule, below every layer, so an analysis can word its findings the way
the text output prints them."""

from __future__ import annotations

import re


def number(value: float) -> str:
    """A criterion value in at most ~9 characters: 60,180  8.04  0.125  1.2e+07."""
    a = abs(value)
    if a >= 1e9:
        return f"{value:.3g}"
    if a >= 1000:
        return f"{value:,.0f}"
    if a >= 100:
        return f"{value:.0f}" if value == round(value) else f"{value:.1f}"
    if a >= 1 or a == 0:
        return f"{value:.2f}"
    return f"{value:.3g}"


def score_text(value: float) -> str:
    return f"{value:.4f}" if abs(value) < 10 else number(value)


def unit_text(unit: str) -> str:
    """A unit worth printing after a number: " USD", not a scale such as "points (0-10)"."""
    scale = unit.startswith("points") or re.fullmatch(r"[\d.]+\s*-\s*[\d.]+", unit)
    return "" if not unit or scale else f" {unit}"


def amount(value: float, unit: str) -> str:
    """A criterion value with its unit: "44,640 USD"."""
    return number(value) + unit_text(unit)
