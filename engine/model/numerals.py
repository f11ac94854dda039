"""How a number is written for people: in a table cell, a sentence or an explanation's
JSON.  The one rule, below every layer, so an analysis can word its findings the way
the text output prints them; and the words a table's boolean cell may be written in,
read by both the file readers and the checks of a table."""

from __future__ import annotations

import math
import re

#: A boolean cell as written: 0 false, 1 true, 2 empty (anything else is not a
#: boolean; the reader of a table tries other cases of these words, "tRuE", " YES").
BOOLEAN_CODES = {
    "false": 0, "FALSE": 0, "False": 0, "no": 0, "No": 0, "NO": 0, "n": 0, "N": 0,
    "true": 1, "TRUE": 1, "True": 1, "yes": 1, "Yes": 1, "YES": 1, "y": 1, "Y": 1,
    "": 2,
}


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


def number_toward(value: float, side: float) -> str:
    """`number(value)`, rounded away from `value` towards `side` (> 0: up, < 0: down)
    where plain rounding would fall short: a threshold shown so is still past it."""
    text = number(value)
    shown = float(text.replace(",", ""))
    if side == 0 or (shown - value) * side >= 0:
        return text
    mantissa, _, exponent = text.replace(",", "").partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - decimals)
    return number(shown + math.copysign(unit, side))


def score_text(value: float) -> str:
    return f"{value:.4f}" if abs(value) < 10 else number(value)


def unit_text(unit: str) -> str:
    """A unit worth printing after a number: " USD", not a scale such as "points (0-10)"."""
    scale = unit.startswith("points") or re.fullmatch(r"[\d.]+\s*-\s*[\d.]+", unit)
    return "" if not unit or scale else f" {unit}"


def amount(value: float, unit: str) -> str:
    """A criterion value with its unit: "44,640 USD"."""
    return number(value) + unit_text(unit)
