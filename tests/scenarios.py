"""The small scenarios tests start from: one base file, and builders for the rest.

`BASE` is the file docs/errors.md shows (price, a cost of weight 2; speed, a benefit;
alternatives A and B); a test states only how its input differs (`change`).  A test
that needs other criteria or rows builds them with `scenario_text` (a file's text)
or `scenario_of` (the object) instead of writing out one more file by hand.
`VENDORS` is the criteria/ plugins' scenario a table's rows complete, `group_text`
a scenario of stakeholders (`person`).  The `write_scenario` fixture
(tests/conftest.py) puts any of these texts in a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import tradeoff

BASE = """\
[criteria.price]
direction = "min"
weight = 2

[criteria.speed]
direction = "max"

[[alternatives]]
name = "A"
values = { price = 10, speed = 3 }

[[alternatives]]
name = "B"
values = { price = 12, speed = 5 }
"""

#: `BASE` under a title and a method: the scenario tests/test_scenario_file.py edits.
TITLED = 'title = "t"\nmethod = "wsm"\n\n' + BASE


def change(old: str, new: str, text: str = BASE) -> str:
    """`text` with `old` (which must be in it, once) replaced by `new`."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _value(v: object) -> str:
    return json.dumps(v) if isinstance(v, str) else repr(v)


def scenario_text(
    criteria: Mapping[str, str | Mapping[str, object]],
    rows: Mapping[str, Mapping[str, object]],
    head: str = "",
) -> str:
    """A scenario file, one key a line: `criteria` maps each id to its direction or to
    its settings (``{"direction": "min", "weight": 1}``), `rows` each alternative's
    name to its values; `head` (top-level keys, ``method = "wsm"\\n``) comes first."""
    lines = [head.rstrip("\n")] if head else []
    for cid, settings in criteria.items():
        table = {"direction": settings} if isinstance(settings, str) else settings
        lines += [f"[criteria.{cid}]", *(f"{k} = {_value(v)}" for k, v in table.items())]
    for name, values in rows.items():
        inline = ", ".join(f"{k} = {_value(v)}" for k, v in values.items())
        lines += ["[[alternatives]]", f"name = {_value(name)}", f"values = {{ {inline} }}"]
    return "\n".join(lines) + "\n"


def scenario_of(
    criteria: Mapping[str, str], rows: Mapping[str, Mapping[str, float]], **fields: object
) -> tradeoff.Scenario:
    """The `Scenario` object: `criteria` maps each id to its direction ("max", "min"),
    `rows` each alternative's name to its values; `fields` are the other fields
    (``method=tradeoff.MethodChoice(name="topsis")``)."""
    return tradeoff.Scenario(
        criteria=[tradeoff.CriterionChoice(id=c, direction=d) for c, d in criteria.items()],
        alternatives=[tradeoff.Alternative(name=n, values=dict(v)) for n, v in rows.items()],
        **fields,
    )


#: The vendor scenario (criteria/ plugins) with no alternatives: they come from a table.
VENDORS = """\
title = "Vendors"
method = "topsis"

[context]
horizon_months = 36
staff_hourly_cost = 45
headcount = 14

[criteria.cost]
weight = 30
[criteria.expertise]
weight = 20
[criteria.control]
weight = 20
[criteria.lock_in]
weight = 15
[criteria.morale]
weight = 15
[criteria.uptime]
direction = "max"
unit = "%"
weight = 10
"""

#: The criteria and alternatives that stakeholders weigh (`group_text`).
GROUP_CRITERIA = {"a": "max", "b": "min", "c": "max"}
GROUP_ROWS = {"P": {"a": 3, "b": 2, "c": 1}, "Q": {"a": 1, "b": 1, "c": 3}}


def person(name: str, weights: str, influence: float = 1) -> str:
    """One ``[[stakeholders]]`` table; `weights` is its inline table's text."""
    return f'[[stakeholders]]\nname = "{name}"\ninfluence = {influence}\nweights = {weights}\n'


def group_text(*people: str, rows: Mapping[str, Mapping[str, object]] = GROUP_ROWS) -> str:
    """A scenario of `people` (`person` texts, first in the file, so their line numbers
    are their own) weighing `GROUP_CRITERIA` over `rows`."""
    return scenario_text(GROUP_CRITERIA, rows, head="".join(people))
