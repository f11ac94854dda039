"""Facts that more than one built-in criterion reads, declared once."""

from __future__ import annotations

from tradeoff import Fact

STAFF_IT_HOURS = Fact(
    name="staff_it_hours",
    label="Staff hours on IT",
    unit="hours/month",
    description="hours a month your regular staff still spend on IT on the side",
    low=0,
    high=744,
    default=0,
)
