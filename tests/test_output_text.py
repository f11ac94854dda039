"""Text outputs keep hostile names as data: one Markdown escaper, one CSV writer.

A name may hold a carriage return, a CRLF, blank lines, html, a table's ``|`` or a line
that would start a heading or a list.  In ``rank --format markdown`` it must stay one
cell of its row and the verdict one paragraph (read back with markdown-it-py, as a
renderer would); in every CSV the engine writes it must come back exactly, one record
per row (read back with the standard library's reader, as a spreadsheet would).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeoff.cli import main
from tradeoff.model.errors import clip
from tradeoff.output.render import json_text, plain_data

from .strategies import csv_records, json_data, printed_floats
from .test_report import parse_md, tables

#: Best first: the scenario's costs rise down the list (lower cost is better).
HOSTILE = [
    "Blank\n\n<script>alert(1)</script>\n\n# not a heading",
    "Bare\rreturn",
    "CR LF\r\nrow",
    "pipe | here \\",
    "# hash",
    "- dash",
    "1. one",
    "`tick` ``two``",
    "=== underline",
]


def hostile_scenario(path: Path, names: list[str] = HOSTILE) -> Path:
    """A scenario whose alternatives are `names`, best first (lower cost is better)."""
    # a JSON string is a TOML basic string: its escapes stand for the same characters
    alternatives = "".join(
        f"[[alternatives]]\nname = {json.dumps(name)}\nvalues = {{ cost = {100 + 10 * k} }}\n"
        for k, name in enumerate(names)
    )
    path.write_text(
        f'format = 1\ntitle = "Hostile names"\nmethod = "wsm"\n'
        f'[criteria.cost]\ndirection = "min"\nweight = 1\n{alternatives}',
        encoding="utf-8",
    )
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_rank_markdown_keeps_every_row_one_row_and_the_verdict_one_paragraph(tmp_path):
    out = tmp_path / "out.md"
    assert main(["rank", str(hostile_scenario(tmp_path / "s.toml")), "--format", "markdown", "-o", str(out)]) == 0
    tokens = parse_md(out.read_text(encoding="utf-8"))
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "code_block", "hr", "bullet_list_open",
                                                "ordered_list_open")]
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"]  # the title only
    ranking, criteria = tables(tokens)
    assert len(ranking) == 1 + len(HOSTILE)
    assert {len(row) for row in ranking} == {4}
    assert [row[1] for row in ranking[1:]] == [" ".join(name.split()) for name in HOSTILE]
    assert len(criteria) == 2 and {len(row) for row in criteria} == {5}
    # between the two tables: the verdict and the method line, two paragraphs, nothing else
    start = next(k for k, t in enumerate(tokens) if t.type == "table_close")
    end = [k for k, t in enumerate(tokens) if t.type == "table_open"][1]
    between = [t for t in tokens[start + 1 : end] if t.type not in ("paragraph_close", "inline")]
    assert [t.type for t in between] == ["paragraph_open", "paragraph_open"]
    best, second = (" ".join(n.split()) for n in HOSTILE[:2])
    assert "".join(c.content for c in tokens[start + 2].children) == (
        f"Top choice: {best} (score 1.0000, 0.1250 ahead of {second})."
    )


def test_rank_csv_gives_back_every_name_exactly(tmp_path):
    out = tmp_path / "out.csv"
    assert main(["rank", str(hostile_scenario(tmp_path / "s.toml")), "--format", "csv", "-o", str(out)]) == 0
    rows = read_csv(out)
    assert len(rows) == 1 + len(HOSTILE)
    assert [row[1] for row in rows[1:]] == HOSTILE
    assert {len(row) for row in rows} == {4}


def test_batch_csv_results_and_summary_give_back_every_name_exactly(tmp_path, capsys):
    tops = HOSTILE[:3]  # each scenario's top choice is one of them: the summary names it
    files = [str(hostile_scenario(tmp_path / f"s{k}.toml", [top, *HOSTILE[3:]])) for k, top in enumerate(tops)]
    assert main(["batch", *files, "-o", str(tmp_path / "out"), "--format", "csv"]) == 0
    summary = read_csv(tmp_path / "out" / "summary.csv")
    assert len(summary) == 1 + len(files) and {len(row) for row in summary} == {6}
    assert [row[3] for row in summary[1:]] == tops
    result = read_csv(tmp_path / "out" / "s1.csv")
    assert [row[1] for row in result[1:]] == [HOSTILE[1], *HOSTILE[3:]]


@pytest.mark.parametrize(
    ("text", "limit", "options", "expected"),
    [
        ("a" * 60, 60, {}, "a" * 60),  # short enough: as it is
        ("x" * 47 + "y" * 60, 60, {}, "x" * 47 + "..." + "y" * 10),  # errors: start and end
        ("TechNeighbor (freelancer)", 21, {"tail": 0, "marker": ".."}, "TechNeighbor (freel.."),  # a text table
        ("Very long alternative name", 10, {"tail": 0, "marker": "…"}, "Very long…"),  # a chart: no space kept
        ('"' + "q" * 70 + '"', 60, {"tail": 1}, '"' + "q" * 55 + '..."'),  # a value as an error describes it
    ],
)
def test_one_truncation_rule(text, limit, options, expected):
    assert clip(text, limit, **options) == expected
    assert len(clip(text, limit, **options)) <= limit


def test_frozen_parameters_are_shown_as_plain_data(engine):
    """Per-criterion parameters are held frozen; the method line and the provenance show
    them as the file writes them, never as the holder's type."""
    import tradeoff
    from tradeoff.output.render import method_line, weights_table

    from .test_frozen import TEXT

    scenario = tradeoff.loads(TEXT)
    result = engine.rank(scenario)
    assert method_line(result) == (
        "Method: promethee2 (preference [{'function': 'linear', 'q': 1.0, 'p': 5.0}, None, None]); "
        "score: higher is better."
    )
    shown = weights_table(result.decision) + engine.report(scenario, fmt="markdown")
    assert "FrozenMap" not in shown and "preference = [{'function': 'linear'" in shown


# -- the terminal: its width, wide characters, plain numbers ---------------------------


def cells(line: str) -> int:
    """A line's width on a terminal, counted here by hand: wide and fullwidth characters
    two cells, combining marks none."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line
    )


def test_rank_table_is_as_wide_as_the_terminal(capsys, monkeypatch, example_path):
    widths = {}
    for columns in ("60", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        assert main(["rank", str(example_path)]) == 0
        lines = capsys.readouterr().out.splitlines()
        widths[columns] = max(cells(line) for line in lines)
        assert widths[columns] <= int(columns)
        # the rank table's header: at 60 columns its 5 criteria need two blocks
        assert sum(line.startswith("Rank  Alternative") for line in lines) == (2 if columns == "60" else 1)
    assert widths["60"] < widths["200"]


def test_wide_and_combining_names_line_up(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    names = ["株式会社テック", "Cafe\u0301 Soft", "Plain Ltd", "東京ソフトウェア開発株式会社グループ"]
    path = hostile_scenario(tmp_path / "wide.toml", names)
    assert main(["rank", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Rank  Alternative"))
    block = lines[start : start + 2 + len(names)]
    assert {cells(line) for line in block} == {cells(block[0])}  # every row as wide as the header
    score = block[0].index("Score") + len("Score")  # the score column's right edge, in cells
    for line in block[2:]:
        end = re.match(r"^\s*\d+  .*?\s(\d\.\d{4})  ", line).end(1)  # past the score
        assert cells(line[:end]) == cells(block[0][:score])
    assert any("株式会社テック" in line for line in block)
    assert any("東京ソフトウェア開発株式会社グ..  " in line for line in block)  # cut to its 32 cells


def test_a_computed_value_is_written_as_what_it_means(tmp_path, capsys):
    import tradeoff

    value = 0.1 * 6 * 10  # 0.1 * 60 happens to round to 6.0 exactly; this does not
    assert repr(value) == "6.000000000000001"
    scenario = tradeoff.Scenario(
        criteria=[tradeoff.CriterionChoice(id="hours", direction="min")],
        alternatives=[
            tradeoff.Alternative(name="A", values={"hours": value}),
            tradeoff.Alternative(name="B", values={"hours": 0.3 * 3}),  # 0.8999999999999999
        ],
        method=tradeoff.MethodChoice(name="wsm"),
    )
    from tradeoff.output import render

    result = tradeoff.Engine(entry_points=False).rank(scenario)
    rows = list(csv.reader(render.to_csv(result).splitlines()))
    assert {r[1]: r[3] for r in rows[1:]} == {"A": "6.0", "B": "0.9"}
    data = json.loads(render.to_json(result))
    assert {a["name"]: a["values"]["hours"] for a in data["alternatives"]} == {"A": 6, "B": 0.9}
    assert "6.000000000000001" not in render.to_json(result)
    assert render.plain_number(1 / 3) == 0.333333333333333 and render.plain_number(7) == 7


@given(value=printed_floats())
def test_plain_text_is_the_repr_of_the_plain_number(value):
    """The CSV's fast text of a float is exactly the repr of `plain_number`'s rounding:
    every float, the positional and scientific forms' border (1e15, 1e16), whole numbers,
    the subnormals and the float limit (where the rounding reaches infinity)."""
    from tradeoff.output import render

    assert render.plain_text(value) == repr(render.plain_number(value))


@given(data=st.data(), width=st.integers(1, 4))
def test_a_table_of_columns_is_written_as_its_rows(data, width):
    """`csv_columns` writes the text `csv_text` writes for the same rows (quotes,
    separators, CR and LF inside a field, spaces, empty fields, a lone empty field in a
    table of one column, empty tables)."""
    from tradeoff.output import render

    cells = data.draw(csv_records(width))
    header = [f"h{j}" for j in range(width)]
    columns = [[str(row[j]) for row in cells] for j in range(width)]
    rows = [[str(cell) for cell in row] for row in cells]
    assert render.csv_columns(header, columns) == render.csv_text([header, *rows])


def _floats_in(data):
    if isinstance(data, float):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _floats_in(v)
    elif isinstance(data, list):
        for v in data:
            yield from _floats_in(v)


@pytest.mark.parametrize(
    "command",
    [["rank"], ["explain"], ["sensitivity", "--samples", "200"], ["weights"]],
)
def test_every_json_the_command_line_writes_rounds_its_numbers(tmp_path, capsys, command):
    """Weights of 0.1 and thirds make sums such as 0.30000000000000004 everywhere: each
    command's JSON writes at most 15 significant digits, and names as written."""
    path = tmp_path / "s.toml"
    path.write_text(
        'format = 1\nmethod = "topsis"\n'
        '[criteria.cost]\nweight = 0.1\ndirection = "min"\n'
        '[criteria.speed]\nweight = 0.2\ndirection = "max"\n'
        '[criteria.care]\nweight = 0.3\ndirection = "max"\n'
        '[[alternatives]]\nname = "Bäcker"\nvalues = { cost = 0.30000000000000004, speed = 3, care = 0.7 }\n'
        '[[alternatives]]\nname = "B"\nvalues = { cost = 0.1, speed = 0.6000000000000001, care = 1 }\n'
        '[[alternatives]]\nname = "C"\nvalues = { cost = 1.1, speed = 2, care = 0.2 }\n',
        encoding="utf-8",
    )
    assert main([command[0], str(path), *command[1:], "--format", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    floats = list(_floats_in(data))
    assert floats, out  # the check below checks something
    assert all(float(f"{v:.15g}") == v for v in floats), [v for v in floats if float(f"{v:.15g}") != v][:5]
    assert "Bäcker" in out or command[0] == "weights"


# -- JSON ------------------------------------------------------------------------------


@settings(deadline=None)
@given(data=json_data())
def test_json_text_is_the_standard_library_s_indented_json(data):
    """The one JSON writer's own fast pass writes what json.dumps would, or leaves the
    data to it (and then json_text gives json.dumps's text, or its error)."""
    try:
        expected = json.dumps(plain_data(data), indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    except (ValueError, TypeError) as error:
        with pytest.raises(type(error)):
            json_text(data)
        return
    assert json_text(data) == expected
