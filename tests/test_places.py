"""Finding the line where a place is written, in files of every TOML shape."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given

import tradeoff
from tradeoff.files.places import find_line

from .strategies import scenarios

TRICKY = '''\
title = "Pick [draft"          # brackets in a string
[criteria.x] # note [1
direction = "max"
[[alternatives]]
name = "A"
description = """
[[alternatives]]
name = "not an alternative"
"""
values = { x = 1 }
[[alternatives]]
name = 'B [literal'
values = { x = 2 }
[alternatives.facts]
fee = 3
'''

INLINE_ARRAY = """\
alternatives = [
  { name = "A", values = { x = 1 } },
  { name = "B", values = { x = 2 } },  # a comment with [ and {
]
[criteria.x]
direction = "max"
"""


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        (TRICKY, ("criteria", "x", "direction"), 3),
        (TRICKY, ("alternatives", (0, "A"), "values", "x"), 10),
        (TRICKY, ("alternatives", (1, "B"), "values", "x"), 13),
        (TRICKY, ("alternatives", (1, "B"), "facts", "fee"), 15),
        (TRICKY, ("alternatives", (1, "B"), "facts"), 14),
        (TRICKY, ("criteria",), 2),  # no [criteria] line: the first table below it
        (INLINE_ARRAY, ("alternatives", (1, "B"), "values", "x"), 3),
        (INLINE_ARRAY, ("alternatives", 0, "name"), 2),
        (INLINE_ARRAY, ("criteria", "x", "direction"), 6),
        ('alternatives = [{ name = "A" }, { name = "B" }]\n', ("alternatives", 1, "name"), 1),
        ("a = [\n  1,\n  2,\n]\nb = 1\n", ("b",), 5),
        ("title = 1\n", ("nowhere", "at", "all"), None),
    ],
)
def test_find_line(text, path, line):
    assert find_line(text, path) == line


def test_errors_in_a_tricky_file_point_at_the_right_alternative():
    text = TRICKY.replace("values = { x = 2 }", "values = { x = inf }")
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.loads(text, file="t.toml")
    assert str(info.value).startswith('t.toml:13: alternatives[1] "B [literal".values.x:')


@given(scenarios())
def test_every_alternatives_name_is_found_on_its_own_line_in_written_files(scenario):
    text = tradeoff.dumps(scenario)
    lines = text.split("\n")  # TOML lines end at a newline only, not at U+0085 or U+2028
    for i, alt in enumerate(scenario.alternatives):
        number = find_line(text, ("alternatives", (i, alt.name), "name"))
        assert number is not None
        line = lines[number - 1].strip()
        if line.startswith("{"):  # an item of an inline array of tables
            found = tomllib.loads(f"x = [{line}]")["x"][0]["name"]
        else:
            found = tomllib.loads(line)["name"]
        assert found == alt.name
