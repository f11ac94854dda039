"""One evaluation path: the alternatives of a scenario file and the rows of a table go
through the same evaluation, the same checks and the same errors.

The same alternatives, written inline in a scenario and as a CSV table beside a
scenario without alternatives, rank the same (names, scores, ranks), or fail the same
check: the scenario file raises its first fault, placed at the alternative's value or
fact (``alternatives[i] "name".facts.contract_months``), and the table reports that
row at its line and column, with the same expectation.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import attrs
import numpy as np
import pytest
import tomli_w
import tradeoff
from hypothesis import given
from hypothesis import strategies as st
from tradeoff import ScenarioError

from .strategies import ONE_PATH_FACTS, ONE_PATH_METHODS, one_path_rows

COLUMNS = ["name", "a", "b", *ONE_PATH_FACTS]


def head(method: str, normalization: str | None) -> dict[str, object]:
    chosen: object = method if normalization is None else {"name": method, "normalization": normalization}
    return {
        "method": chosen,
        "criteria": {
            "a": {"direction": "max", "weight": 2},
            "b": {"direction": "min", "weight": 1},
            "lock_in": {"weight": 1},
        },
    }


def inline_text(method, normalization, rows) -> str:
    doc = head(method, normalization)
    doc["alternatives"] = [
        {
            "name": r["name"],
            "values": {"a": r["a"], "b": r["b"]},
            **({"facts": facts} if (facts := {f: r[f] for f in ONE_PATH_FACTS if r[f] is not None}) else {}),
        }
        for r in rows
    ]
    return tomli_w.dumps(doc)


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[cell(r[c]) for c in COLUMNS] for r in rows])
    return out.getvalue()


def in_scenario(error: ScenarioError) -> tuple[int, str, str]:
    """(row, key, expected) of an error placed at a scenario's alternative."""
    assert error.file == "s.toml" and error.line is not None, str(error)
    assert error.path[0] == "alternatives" and error.path[2] in ("values", "facts"), str(error)
    return error.path[1][0], error.path[3], error.expected


def in_table(error: ScenarioError, path: Path) -> tuple[int, str, str]:
    """(row, key, expected) of an error placed at a table's line and column."""
    assert error.file == str(path) and error.line is not None and len(error.path) == 1, str(error)
    return error.line - 2, error.path[0], error.expected  # header = line 1


@given(rows=one_path_rows(), method=st.sampled_from(ONE_PATH_METHODS))
def test_the_same_alternatives_inline_and_in_a_table_give_the_same_result_or_the_same_error(engine, rows, method):
    text = inline_text(*method, rows)
    base = tradeoff.loads(tomli_w.dumps(head(*method)), file="s.toml", alternatives_optional=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        try:
            inline = engine.rank(tradeoff.loads(text, file="s.toml"))
        except ScenarioError as error:
            fault = in_scenario(error)
            try:
                table = engine.rank(base, alternatives=path, on_error="collect")
            except ScenarioError as none_left:  # every row bad: then the inline one is too
                assert "none left" in str(none_left)
                with pytest.raises(ScenarioError) as first:
                    engine.rank(base, alternatives=path)
                assert in_table(first.value, path)[0] in range(len(rows))
                return
            reported = [in_table(e, path) for e in table.skipped]
            assert fault in reported
            if error.path[2] == "values":  # no bad fact: the same rows meet the method's checks
                assert fault == reported[0]
                assert error.found == table.skipped[0].found
            return
        table = engine.rank(base, alternatives=path, on_error="collect")
    assert table.skipped == ()
    assert list(table.names) == [r["name"] for r in rows]
    assert np.array_equal(table.decision.matrix, inline.decision.matrix)
    assert np.array_equal(table.ranking.scores, inline.ranking.scores)
    assert np.array_equal(table.ranking.ranks, inline.ranking.ranks)


def test_a_value_a_method_cannot_take_is_placed_in_each_sources_terms(engine, tmp_path):
    """A negative value under ARAS (a benefit takes values >= 0): the scenario file names
    the alternative's value, the table its line and column; the expectation is one text."""
    rows = [
        {"name": "P", "a": 3, "b": 2.0, "contract_months": 12, "documented_share": None, "proprietary_software": None},
        {"name": "Q", "a": -1, "b": 1.0, "contract_months": 0, "documented_share": 0.5, "proprietary_software": True},
    ]
    expected = "expected values >= 0 on criterion 'a' for method 'aras', got -1"
    with pytest.raises(ScenarioError) as inline:
        engine.rank(tradeoff.loads(inline_text("aras", None, rows), file="s.toml"))
    assert str(inline.value) == f's.toml:28: alternatives[1] "Q".values.a: {expected}'
    path = tmp_path / "rows.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    base = tradeoff.loads(tomli_w.dumps(head("aras", None)), file="s.toml", alternatives_optional=True)
    with pytest.raises(ScenarioError) as table:
        engine.rank(base, alternatives=path)
    assert str(table.value) == f"{path}:3: a: {expected}"


def test_a_scenario_file_raises_the_first_misfit_in_file_order_as_a_table_does(engine, tmp_path):
    """The scenario's check went criterion by criterion (a misfit of the second
    alternative on "a" before the first's on "b"); a table's goes row by row.  One
    finder now: the first alternative, by file order, in both."""
    rows = [
        {"name": "P", "a": 3, "b": -1.0, "contract_months": 12, "documented_share": None, "proprietary_software": None},
        {"name": "Q", "a": -2, "b": 1.0, "contract_months": 0, "documented_share": None, "proprietary_software": None},
    ]
    with pytest.raises(ScenarioError) as inline:
        engine.rank(tradeoff.loads(inline_text("aras", None, rows), file="s.toml"))
    assert inline.value.path == ("alternatives", (0, "P"), "values", "b")
    path = tmp_path / "rows.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    base = tradeoff.loads(tomli_w.dumps(head("aras", None)), file="s.toml", alternatives_optional=True)
    with pytest.raises(ScenarioError) as table:
        engine.rank(base, alternatives=path)
    assert (table.value.line, table.value.path) == (2, ("b",))
    assert table.value.expected == inline.value.expected


@given(rows=one_path_rows(max_rows=8), method=st.sampled_from(ONE_PATH_METHODS), top=st.integers(1, 8))
def test_the_best_k_of_a_scenario_file_are_the_first_k_of_its_full_ranking(engine, rows, method, top):
    """The best K, found without sorting the rest, for a scenario file as for a table."""
    scenario = tradeoff.loads(inline_text(*method, rows), file="s.toml")
    try:
        full = engine.rank(scenario)
    except ScenarioError:
        return
    best = engine.rank(scenario, top=top)
    cut = attrs.evolve(full, top=top)
    assert best.to_dict() == cut.to_dict()
    assert [(r.name, r.rank, r.score) for r in best.rows] == [(r.name, r.rank, r.score) for r in cut.rows]
