"""Alternatives from a CSV file (or Parquet): reading, checks with row numbers, the
ranking (exactly as if the rows were written in the scenario file), bad rows left out
and reported once, and the best K."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import tempfile
from pathlib import Path

import attrs
import numpy as np
import pytest
import tradeoff
from hypothesis import given
from hypothesis import strategies as st
from tradeoff import ScenarioError
from tradeoff.core.ranks import best_first, competition_ranks
from tradeoff.core.result import best_k
from tradeoff.core.table_input import check_table, read_alternatives
from tradeoff.files.table_read import read_table
from tradeoff.output.render import render

from .scenarios import VENDORS as SCENARIO
from .strategies import (
    METHODS,
    SIGN_AGNOSTIC,
    VENDOR_FACTS,
    VENDOR_VALUE,
    score_rows,
    table_faults,
    vendor_rows,
)

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "examples" / "batch"

#: The csv module, and pyarrow (the fast-csv extra) where installed: both give the same columns.
READERS = ("python", "pyarrow") if (
    os.environ.get("TRADEOFF_REQUIRE_PYARROW") == "1" or importlib.util.find_spec("pyarrow") is not None
) else ("python",)

COLUMNS = ["name", *(f[0] for f in VENDOR_FACTS), VENDOR_VALUE]
FEE = (
    "a number from 0 to 1e12 (USD/month) for criterion 'cost' "
    "(the vendor's monthly fee, or in-house IT salaries and tools)"
)


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(rows: list[dict[str, object]], columns: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()


def alternative(row: dict[str, object]) -> tradeoff.Alternative:
    facts = {k: v for k, v in row.items() if k not in ("name", VENDOR_VALUE) and v is not None}
    return tradeoff.Alternative(name=row["name"], values={VENDOR_VALUE: row[VENDOR_VALUE]}, facts=facts)


def scenario(text: str = SCENARIO, rows=(), *, optional: bool = True) -> tradeoff.Scenario:
    base = tradeoff.loads(text, file="s.toml", alternatives_optional=True)
    return attrs.evolve(base, alternatives=[alternative(r) for r in rows], alternatives_optional=optional)


def write(tmp: Path, text: str, name: str = "vendors.csv") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def rank_csv(engine, path, sc=None, *, on_error="raise", reader="auto", method=None, top=None):
    sc = sc or scenario()
    columns = read_alternatives(path, sc, engine, on_error=on_error, reader=reader)
    return engine.rank(sc, method, alternatives=columns, top=top, on_error=on_error)


def error(engine, path, sc=None, **kw) -> str:
    with pytest.raises(ScenarioError) as caught:
        rank_csv(engine, path, sc, **kw)
    return str(caught.value)


GOOD = [
    {"name": "Acme", "monthly_fee": 1450, "response_hours": 4, "contract_months": 12, "uptime": 99.9},
    {"name": "Bolt", "monthly_fee": 1050, "response_hours": 8, "contract_months": 36, "uptime": 99.5},
    {"name": "Cray", "monthly_fee": 700, "response_hours": 24, "contract_months": 0, "uptime": 98.0},
]


# -- the ranking is the scenario file's ----------------------------------------------------


@given(
    rows=vendor_rows(),
    own=st.integers(0, 3),
    method=st.sampled_from(METHODS),
    normalization=st.sampled_from(SIGN_AGNOSTIC),
    reader=st.sampled_from(READERS),
)
def test_a_table_ranks_exactly_like_the_same_alternatives_in_the_scenario_file(
    engine, rows, own, method, normalization, reader
):
    text = SCENARIO.replace('method = "topsis"', f'method = {{ name = "{method}", normalization = "{normalization}" }}')
    whole = tradeoff.loads(tradeoff.dumps(scenario(text, rows, optional=False)))
    try:
        expected = engine.rank(whole)
    except ScenarioError as error:  # values taken as they are, beyond 1e100 in size: both refuse
        assert normalization == "none" and "expected a value of at most 1e+100" in str(error)
        own = min(own, len(rows) - 1)
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp), csv_text(rows[own:]))
            with pytest.raises(ScenarioError, match="expected a value of at most 1e\\+100"):
                rank_csv(engine, path, scenario(text, rows[:own]), on_error="raise")
        return
    own = min(own, len(rows) - 1)
    mine = scenario(text, rows[:own])  # the scenario's own alternatives come first
    with tempfile.TemporaryDirectory() as tmp:
        result = rank_csv(engine, write(Path(tmp), csv_text(rows[own:])), mine, reader=reader)
    assert np.array_equal(result.decision.matrix, expected.decision.matrix)
    assert np.array_equal(result.ranking.scores, expected.ranking.scores)
    assert np.array_equal(result.ranking.ranks, expected.ranking.ranks)
    assert list(result.names) == list(whole.names)
    assert result.to_dict() == expected.to_dict()


def test_data_driven_weights_see_every_row(engine, tmp_path):
    text = SCENARIO.replace("weight = 30\n", "").replace("weight = 20\n", "").replace("weight = 15\n", "")
    text = text.replace("weight = 10\n", "") + '\n[weights]\nscheme = "entropy"\n'
    whole = scenario(text, GOOD, optional=False)
    expected = engine.rank(whole)
    result = rank_csv(engine, write(tmp_path, csv_text(GOOD[1:])), scenario(text, GOOD[:1]))
    assert result.decision.scheme == "entropy"
    assert np.array_equal(result.decision.weights, expected.decision.weights)
    assert result.to_dict() == expected.to_dict()


def test_evaluating_a_table_gives_the_decision_matrix_of_the_scenario_file(engine, tmp_path):
    sc = scenario()
    columns = read_alternatives(write(tmp_path, csv_text(GOOD)), sc, engine)
    got = engine.evaluate(sc, alternatives=columns)
    want = engine.evaluate(scenario(rows=GOOD, optional=False))
    assert np.array_equal(got.matrix, want.matrix)
    assert np.array_equal(got.weights, want.weights)
    assert list(got.names) == ["Acme", "Bolt", "Cray"]


def test_values_in_the_table_override_facts_and_empty_ones_are_computed(engine, tmp_path):
    rows = [dict(GOOD[0], cost=5000.0), dict(GOOD[1], cost=None), dict(GOOD[2], monthly_fee=None, cost=9.5)]
    path = write(tmp_path, csv_text(rows, [*COLUMNS, "cost"]))
    result = rank_csv(engine, path)
    cost = {row.name: row.values["cost"] for row in result.rows}
    assert cost["Acme"] == 5000.0 and cost["Cray"] == 9.5
    assert cost["Bolt"] == 1050 * 36 + 3000 * 0  # monthly_fee x horizon, no setup fee


def test_the_shipped_example_ranks_the_in_house_option_with_the_vendors(engine):
    sc = tradeoff.load(BATCH / "vendors-scenario.toml", alternatives_optional=True)
    result = rank_csv(engine, BATCH / "vendors.csv", sc)
    assert result.total == 21 and not result.skipped
    assert result.names[0] == "Keep it in-house"
    assert "Keep it in-house" in {row.name for row in result.rows}


# -- a scenario with no alternatives of its own ---------------------------------------------


def test_a_scenario_without_alternatives_loads_only_when_they_come_from_a_table(engine, tmp_path):
    path = write(tmp_path, SCENARIO, "s.toml")
    with pytest.raises(ScenarioError) as caught:
        tradeoff.load(path)
    assert str(caught.value) == f"{path}: alternatives: expected at least one alternative, got none"
    empty = tradeoff.load(path, alternatives_optional=True)
    assert empty.alternatives == ()
    with pytest.raises(ScenarioError, match="at least one alternative"):
        engine.rank(empty)  # ranking it needs the table
    assert "alternatives" not in tradeoff.dumps(empty)


# -- file errors -------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'vendors.csv: expected a header line naming the columns ("name", then criteria and facts), got an empty file'),
        ("\n \n", 'vendors.csv: expected a header line naming the columns ("name", then criteria and facts), got an empty file'),
        (",".join(COLUMNS) + "\n", "vendors.csv:1: expected at least one row of alternatives below the header, got none"),
        (",".join(COLUMNS) + "\n,,,,,,,,,,,,,,,,\n\n", "vendors.csv:1: expected at least one row of alternatives below the header, got none"),
        (
            "Vendor,monthly_fee\nAcme,1\n",
            (
                'vendors.csv:1: expected a column "name" with each alternative\'s name (or map yours under '
                '[columns], e.g. "Vendor" = "name"), got the columns Vendor, monthly_fee'
            ),
        ),
        (
            "Name,NAME,monthly_fee\nAcme,B,1\n",
            (
                'vendors.csv:1: expected a column "name" with each alternative\'s name (one column only: Name, '
                "NAME could each be it), got the columns Name, NAME, monthly_fee"
            ),
        ),
        ("name,uptime,uptime\nA,1,2\n", 'vendors.csv:1: uptime: expected column names that are unique, got "uptime" in columns 2 and 3'),
        (
            "name,monthly_fe,response_hours,contract_months,uptime\nA,1,1,1,1\n",
            (
                "vendors.csv:1: monthly_fe: expected a criterion of the scenario or a fact a criterion reads "
                '(did you mean "monthly_fee"?), got the column "monthly_fe"'
            ),
        ),
        (
            "name,monthly_fee,response_hours,contract_months\nA,1,1,1\n",
            'vendors.csv:1: expected a column "uptime" with values for the inline criterion "uptime", got no such column',
        ),
        (
            "name,response_hours,contract_months,uptime\nA,1,1,1\n",
            f'vendors.csv:1: expected a column "monthly_fee" ({FEE}) or a column "cost" with the values, got no such column',
        ),
    ],
)
def test_a_file_that_is_not_a_table_of_alternatives_is_one_clear_error(engine, tmp_path, text, message, reader):
    path = write(tmp_path, text)
    got = error(engine, path, reader=reader, on_error="collect")  # file errors raise anyway
    assert got == message.replace("vendors.csv", str(path))


def test_unreadable_files_name_the_problem(engine, tmp_path):
    assert error(engine, tmp_path / "nope.csv") == f"{tmp_path / 'nope.csv'}: expected a file of alternatives, got no such file"
    assert error(engine, tmp_path) == f"{tmp_path}: expected a file of alternatives, got a directory"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,uptime\nA,1\nCaf\xe9,2\n".encode("latin-1"))
    assert error(engine, latin) == f"{latin}:3: expected UTF-8 text (in a spreadsheet: save as CSV UTF-8), got byte 0xe9"
    zipped = tmp_path / "vendors.csv"  # a workbook named .csv (one named .xlsx is read as one)
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 20)
    assert error(engine, zipped) == (
        f"{zipped}: expected a CSV file (in a spreadsheet: save as CSV UTF-8; a workbook is read as one "
        "when named .xlsx), got a spreadsheet or zip file"
    )


def test_a_required_context_fact_missing_everywhere_points_at_the_scenarios_context(engine, tmp_path):
    sc = scenario(SCENARIO.replace("headcount = 14\n", ""))
    got = error(engine, write(tmp_path, csv_text(GOOD)), sc)
    assert got.startswith("s.toml:4: context.headcount: expected an integer from 1 to 1e7 (people) for criterion 'morale'")
    assert got.endswith(f'(or a column "headcount" in {tmp_path / "vendors.csv"}), got nothing')
    columns = [*COLUMNS, "headcount"]  # a column of it does as well
    assert rank_csv(engine, write(tmp_path, csv_text([dict(r, headcount=9) for r in GOOD], columns)), sc).total == 3


def test_a_bad_context_value_is_the_scenarios_error(engine, tmp_path):
    sc = scenario(SCENARIO.replace("horizon_months = 36", "horizon_months = 0"))
    got = error(engine, write(tmp_path, csv_text(GOOD)), sc)
    assert got.startswith("s.toml:5: context.horizon_months: expected an integer from 1 to 240 (months)")


# -- row errors: the line, the column, what was expected and found -------------------------


def spoil(rows, **cells) -> str:
    """The CSV of GOOD rows with `cells` ("line:column" = text) written in."""
    lines = csv_text(rows).splitlines()
    for place, text in cells.items():
        line, column = place.split("__")
        number = int(line[1:])
        parts = lines[number - 1].split(",")
        parts[COLUMNS.index(column)] = text
        lines[number - 1] = ",".join(parts)
    return "\n".join(lines) + "\n"


ROW_ERRORS = [
    ({"l3__monthly_fee": "call us"}, f'vendors.csv:3: monthly_fee: expected {FEE}, got "call us"'),
    ({"l3__monthly_fee": ""}, f"vendors.csv:3: monthly_fee: expected {FEE}, got an empty cell"),
    ({"l4__monthly_fee": "-5"}, f"vendors.csv:4: monthly_fee: expected {FEE}, got -5"),
    ({"l2__uptime": "inf"}, "vendors.csv:2: uptime: expected a finite number, got inf"),
    ({"l2__uptime": "nan"}, "vendors.csv:2: uptime: expected a finite number, got nan"),
    ({"l2__uptime": "high"}, 'vendors.csv:2: uptime: expected a number, got "high"'),
    ({"l4__uptime": ""}, 'vendors.csv:4: uptime: expected a value for the inline criterion "uptime", got an empty cell'),
    (
        {"l3__contract_months": "1.5"},
        (
            "vendors.csv:3: contract_months: expected an integer from 0 to 120 (months) for criterion 'lock_in' "
            "(minimum contract term (0 for none)), got 1.5"
        ),
    ),
    (
        {"l2__nda": "maybe"},
        (
            "vendors.csv:2: nda: expected true or false for criterion 'control' "
            '(a confidentiality agreement covers your data), got "maybe"'
        ),
    ),
    ({"l3__name": ""}, "vendors.csv:3: name: expected a non-empty name, got an empty cell"),
    ({"l4__name": "Acme"}, 'vendors.csv:4: name: expected alternative names that are unique, got "Acme" again (first at line 2)'),
    # the first bad row by line, and in it the first bad cell by column:
    ({"l4__monthly_fee": "x", "l3__uptime": "x", "l3__response_hours": "-1"}, "vendors.csv:3: response_hours: expected a number from 0 to 720"),
]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("cells", "message"), ROW_ERRORS)
def test_a_bad_row_is_an_error_naming_its_line_and_column(engine, tmp_path, cells, message, reader):
    path = write(tmp_path, spoil(GOOD, **cells))
    assert error(engine, path, reader=reader).startswith(message.replace("vendors.csv", str(path)))


@pytest.mark.parametrize("reader", READERS)
def test_ragged_and_quoted_rows(engine, tmp_path, reader):
    text = csv_text(GOOD) + "Dune,1,2\n"
    assert error(engine, write(tmp_path, text), reader=reader) == f"{tmp_path / 'vendors.csv'}:5: expected 17 cells, as the header has, got 3"
    rows = [dict(GOOD[0], name='Acme, "the" firm'), dict(GOOD[1], name="Bolt\nSecond line"), GOOD[2]]
    text = csv_text(rows) + "Dune,1\n"
    result = rank_csv(engine, write(tmp_path, text), reader=reader, on_error="collect")
    assert sorted(result.names) == sorted(['Acme, "the" firm', "Bolt\nSecond line", "Cray"])
    assert [str(e) for e in result.skipped] == [f"{tmp_path / 'vendors.csv'}:6: expected 17 cells, as the header has, got 2"]


@pytest.mark.parametrize("reader", READERS)
def test_spreadsheet_habits_are_read(engine, tmp_path, reader):
    """A byte-order mark, Windows line ends, semicolons, TRUE/FALSE, spaces around
    cells, blank lines and rows of empty cells."""
    text = csv_text([dict(r, nda=True, admin_access=False) for r in GOOD]).replace(",", ";")
    text = text.replace("true", "TRUE").replace("false", "False").replace("Bolt;", " Bolt ; ")
    text = text.replace("\n", "\r\n") + "\r\n;;;;;;;;;;;;;;;;\r\n"
    path = tmp_path / "vendors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    plain = rank_csv(engine, write(tmp_path, csv_text([dict(r, nda=True, admin_access=False) for r in GOOD]), "plain.csv"))
    assert rank_csv(engine, path, reader=reader).to_dict() == plain.to_dict()


def test_empty_optional_facts_fall_back_to_context_then_the_default(engine, tmp_path):
    rows = [dict(GOOD[0], staff_it_hours=None, setup_fee=None), dict(GOOD[1], staff_it_hours=10), GOOD[2]]
    columns = [*COLUMNS, "staff_hourly_cost"]
    rows[1]["staff_hourly_cost"] = 0  # a context fact given per row wins over [context]
    result = rank_csv(engine, write(tmp_path, csv_text(rows, columns)))
    cost = {row.name: row.values["cost"] for row in result.rows}
    assert cost["Acme"] == 36 * 1450  # staff hours and setup fee default to 0
    assert cost["Bolt"] == 36 * 1050  # 10 hours, but at 0 per hour on this row


# -- bad rows left out: each reported once, the rest ranked --------------------------------


def apply(rows, faults) -> str:
    clean = min(set(range(len(rows))) - set(faults))
    lines = csv_text(rows).splitlines()
    for i, kind in faults.items():
        cells = next(csv.reader([lines[i + 1]]))
        at = COLUMNS.index
        if kind == "text":
            cells[at("monthly_fee")] = "lots"
        elif kind == "empty_required":
            cells[at("response_hours")] = ""
        elif kind == "out_of_range":
            cells[at("reference_rating")] = "7"
        elif kind == "fraction":
            cells[at("contract_months")] = "1.5"
        elif kind == "not_boolean":
            cells[at("nda")] = "maybe"
        elif kind == "infinite":
            cells[at("uptime")] = "inf"
        elif kind == "duplicate":
            cells[at("name")] = rows[clean]["name"]
        elif kind == "blank_name":
            cells[at("name")] = ""
        elif kind == "ragged":
            cells.append("1")
        elif kind == "empty_value":
            cells[at("uptime")] = ""
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        lines[i + 1] = out.getvalue()
    return "\n".join(lines) + "\n"


@given(rows=vendor_rows(min_rows=2), data=st.data(), reader=st.sampled_from(READERS))
def test_collect_keeps_the_good_rows_and_reports_each_bad_row_once(engine, rows, data, reader):
    faults = data.draw(table_faults(len(rows)))
    sc = scenario()
    with tempfile.TemporaryDirectory() as tmp:
        text = apply(rows, faults)
        path = write(Path(tmp), text)
        columns = read_alternatives(path, sc, engine, on_error="collect", reader=reader)
        with pytest.raises(ScenarioError) as caught:
            read_alternatives(path, sc, engine, reader=reader)
    lines = [i + 2 for i in sorted(faults)]  # header = line 1; names hold no line break
    assert [e.line for e in columns.errors] == lines
    assert all(e.file == str(path) for e in columns.errors)
    assert list(columns.names) == [r["name"] for i, r in enumerate(rows) if i not in faults]
    assert caught.value.line == lines[0]
    assert str(caught.value) == str(columns.errors[0])
    good = [r for i, r in enumerate(rows) if i not in faults]
    expected = engine.rank(scenario(rows=good, optional=False))
    result = engine.rank(sc, alternatives=columns, on_error="collect")
    assert result.to_dict() == expected.to_dict()
    assert [str(e) for e in result.skipped] == [str(e) for e in columns.errors]


def test_every_row_bad_is_an_error_but_the_scenarios_own_are_still_ranked(engine, tmp_path):
    path = write(tmp_path, spoil(GOOD, l2__uptime="x", l3__uptime="x", l4__uptime="x"))
    got = error(engine, path, on_error="collect")
    assert got == f"{path}: expected at least one alternative (a row without errors, or one in the scenario), got none left: all 3 rows have errors"
    result = rank_csv(engine, path, scenario(rows=[dict(GOOD[0], name="In-house")]), on_error="collect")
    assert list(result.names) == ["In-house"] and len(result.skipped) == 3


def test_a_name_the_scenario_already_has_is_a_row_error(engine, tmp_path):
    sc = scenario(rows=[dict(GOOD[0], name="Bolt")])
    path = write(tmp_path, csv_text(GOOD))
    assert error(engine, path, sc) == (
        f'{path}:3: name: expected alternative names that are unique, got "Bolt" again (the scenario\'s alternatives[0])'
    )


def test_values_the_method_cannot_take_are_row_errors_too(engine, tmp_path):
    """Under max a benefit (uptime) takes 0, x / max, but not a negative value."""
    rows = [GOOD[0], dict(GOOD[1], uptime=-1.0), dict(GOOD[2], uptime=-3.0)]
    path = write(tmp_path, csv_text(rows))
    sc = scenario(SCENARIO.replace('method = "topsis"', 'method = { name = "topsis", normalization = "max" }'))
    assert error(engine, path, sc) == (
        f"{path}:3: uptime: expected values >= 0 on criterion 'uptime' for normalization 'max' "
        "(or use 'minmax' or 'vector'), got -1"
    )
    result = rank_csv(engine, path, sc, on_error="collect")
    assert list(result.names) == ["Acme"]
    assert [e.line for e in result.skipped] == [3, 4]
    own = scenario(SCENARIO.replace('method = "topsis"', 'method = { name = "topsis", normalization = "max" }'),
                   rows=[dict(GOOD[0], name="Home", uptime=-1.0)])
    got = error(engine, write(tmp_path, csv_text(GOOD[1:])), own, on_error="collect")
    assert got.startswith('s.toml: alternatives[0] "Home".values.uptime: expected values >= 0')
    zero = rank_csv(engine, write(tmp_path, csv_text([GOOD[0], dict(GOOD[1], uptime=0.0)])), sc)
    assert list(zero.names) == ["Acme", "Bolt"]  # Bolt's uptime of 0 is the worst there is


@pytest.mark.parametrize("method", ["aras", "copras"])
def test_a_cost_column_of_zeros_is_a_row_error_for_a_method_that_divides_by_its_costs(engine, tmp_path, capsys, method):
    from tradeoff.cli import main

    head = f'method = "{method}"\n[criteria.a]\ndirection = "max"\n[criteria.b]\ndirection = "min"\n'
    rows = [("P", 1.0, 0.0), ("Q", 2.0, 0.0), ("R", 3.0, 0.0)]
    inline = write(tmp_path, head + "".join(
        f'[[alternatives]]\nname = "{n}"\nvalues = {{ a = {a}, b = {b} }}\n' for n, a, b in rows
    ), "inline.toml")
    table = write(tmp_path, "name,a,b\n" + "".join(f"{n},{a},{b}\n" for n, a, b in rows))
    expected = f"expected values > 0 on criterion 'b' for method '{method}', got 0"
    assert main(["rank", str(inline)]) == 2
    assert f'alternatives[0] "P".values.b: {expected}' in capsys.readouterr().err
    assert error(engine, table, scenario(head)) == f"{table}:2: b: {expected}"
    assert main(["rank", str(write(tmp_path, head, "s.toml")), "--alternatives", str(table)]) == 2
    assert capsys.readouterr().err == "".join(f"error: {table}:{line}: b: {expected}\n" for line in (2, 3, 4)) \
        + f"error: {table}: expected at least one alternative (a row without " \
        "errors, or one in the scenario), got none left: all 3 rows have errors\n"
    with pytest.raises(ScenarioError, match=rf"matrix: expected values > 0 for method '{method}', got 0 in column 1"):
        tradeoff.rank_matrix([[a, b] for _, a, b in rows], [1, 1], ["max", "min"], method=method)


def test_values_outside_spotis_bounds_are_each_reported(engine, tmp_path):
    text = SCENARIO.replace('method = "topsis"', 'method = "spotis"').replace(
        'unit = "%"', 'unit = "%"\nbounds = [90, 100]'
    )
    sc = scenario(text)
    rows = [GOOD[0], dict(GOOD[1], uptime=80.0), dict(GOOD[2], uptime=101.0), dict(GOOD[0], name="Dune")]
    path = write(tmp_path, csv_text(rows))
    result = rank_csv(engine, path, sc, on_error="collect")
    assert [e.line for e in result.skipped] == [3, 4]
    assert str(result.skipped[0]).endswith("uptime: expected a value within the criterion's bounds [90, 100], got 80")
    assert list(result.names) == ["Acme", "Dune"]


# -- the best K ----------------------------------------------------------------------------


@given(scores=score_rows(), data=st.data())
def test_best_k_is_the_first_k_of_the_full_ranking(scores, data):
    ranks = competition_ranks(scores[0])
    k = data.draw(st.integers(1, len(ranks) + 2))
    assert best_k(ranks, k).tolist() == best_first(ranks)[:k].tolist()


@given(rows=vendor_rows(min_rows=1, max_rows=10), data=st.data())
def test_top_k_shows_the_first_k_rows_of_the_full_result(engine, rows, data):
    k = data.draw(st.integers(1, len(rows) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), csv_text(rows))
        full = rank_csv(engine, path)
        top = rank_csv(engine, path, top=k)
    whole, cut = full.to_dict(), top.to_dict()
    assert cut["alternatives"] == whole["alternatives"][:k]
    assert cut.pop("alternatives_total", None) == (len(rows) if k < len(rows) else None)
    assert {**cut, "alternatives": None} == {**whole, "alternatives": None}
    assert top.rows == full.rows[:k] and top.best == full.best
    assert render(top, "csv").splitlines() == render(full, "csv").splitlines()[: k + 1]


def test_a_cut_result_says_how_many_were_ranked(engine, tmp_path):
    result = rank_csv(engine, write(tmp_path, csv_text(GOOD)), top=1)
    table = render(result, "table")
    assert "Showing the best 1 of 3 alternatives; every one was ranked." in table
    assert "ahead of" in table  # the verdict still names the runner-up
    assert "Showing the best 1 of 3" in render(result, "markdown")
    assert result.to_dict()["alternatives_total"] == 3 and len(result.to_dict()["alternatives"]) == 1
    assert "Showing" not in render(rank_csv(engine, write(tmp_path, csv_text(GOOD)), top=3), "table")
    with pytest.raises(ValueError, match="cannot show more than it holds"):
        attrs.evolve(result, top=3)  # it holds the leaders only: 2 of 3
    with pytest.raises(ValueError):
        attrs.evolve(result, top=0)


def test_ties_at_the_cut_keep_the_scenarios_then_the_files_order(engine, tmp_path):
    rows = [dict(GOOD[0], name=f"Twin {i}") for i in range(4)]
    sc = scenario(rows=[dict(GOOD[0], name="Home")])
    result = rank_csv(engine, write(tmp_path, csv_text(rows)), sc, top=2)
    assert [(r.name, r.rank) for r in result.rows] == [("Home", 1), ("Twin 0", 1)]


# -- size, and Parquet ----------------------------------------------------------------------


def big_csv(path: Path, n: int, seed: int = 0) -> None:
    """n rows of vendor facts, written a column at a time."""
    rng = np.random.default_rng(seed)
    columns = {
        "name": np.char.add("Vendor ", np.arange(n).astype(str)),
        "monthly_fee": rng.integers(300, 5000, n).astype(str),
        "setup_fee": rng.integers(0, 5000, n).astype(str),
        "staff_it_hours": rng.integers(0, 40, n).astype(str),
        "certified_staff": rng.integers(0, 30, n).astype(str),
        "years_in_business": rng.integers(0, 40, n).astype(str),
        "references": rng.integers(0, 6, n).astype(str),
        "reference_rating": np.round(rng.uniform(0, 5, n), 1).astype(str),
        "response_hours": rng.choice(["1", "2", "4", "8", "24", "48"], n),
        "nda": rng.choice(["true", "false"], n),
        "data_on_premises": rng.choice(["true", "false"], n),
        "admin_access": rng.choice(["true", "false"], n),
        "contract_months": rng.choice(["0", "12", "24", "36"], n),
        "documented_share": np.round(rng.uniform(0, 1, n), 2).astype(str),
        "proprietary_software": rng.choice(["true", "false"], n),
        "layoffs": rng.choice(["0", "0", "0", "1", "2"], n),
        "uptime": np.round(rng.uniform(98, 99.99, n), 2).astype(str),
    }
    table = np.column_stack(list(columns.values()))
    path.write_text(",".join(columns) + "\n" + "\n".join(map(",".join, table.tolist())) + "\n")


def test_twenty_thousand_rows_rank_and_both_readers_agree(engine, tmp_path):
    path = tmp_path / "big.csv"
    big_csv(path, 20_000)
    sc = scenario(rows=[dict(GOOD[0], name="Keep it in-house")])
    results = [rank_csv(engine, path, sc, reader=reader, top=5) for reader in READERS]
    for result in results:
        assert result.total == 20_001 and len(result.rows) == 5
        assert result.to_dict() == results[0].to_dict()
    # a sample of the rows, written in the scenario file, ranks to the same values
    table = read_table(path)
    some = [
        {c: table.text(c, i) for c in table.header} for i in range(0, 20_000, 2_500)
    ]
    columns = check_table(table, sc, engine)
    matrix = engine.evaluate(sc, alternatives=columns).matrix
    for i, row in zip(range(0, 20_000, 2_500), some):
        facts = {}
        for fact, kind, *_ in VENDOR_FACTS:
            text = row[fact]
            facts[fact] = text == "true" if kind == "boolean" else int(text) if kind == "integer" else float(text)
        alone = tradeoff.Alternative(name=row["name"], values={"uptime": float(row["uptime"])}, facts=facts)
        want = engine.evaluate(attrs.evolve(sc, alternatives=[alone])).matrix[0]
        assert np.array_equal(matrix[i + 1], want)


def test_parquet_reads_like_csv(engine, tmp_path):
    if os.environ.get("TRADEOFF_REQUIRE_PYARROW") != "1":  # .ci/run installs it and sets this
        pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [dict(GOOD[0], nda=True, setup_fee=None), dict(GOOD[1], nda=None), GOOD[2]]
    columns = {c: [r.get(c) for r in rows] for c in COLUMNS}
    pq.write_table(pa.table(columns), tmp_path / "vendors.parquet")
    got = rank_csv(engine, tmp_path / "vendors.parquet")
    want = rank_csv(engine, write(tmp_path, csv_text(rows)))
    assert got.to_dict() == want.to_dict()
    columns["monthly_fee"][1] = -5
    pq.write_table(pa.table(columns), tmp_path / "bad.parquet")
    assert error(engine, tmp_path / "bad.parquet") == f"{tmp_path / 'bad.parquet'}: rows[1].monthly_fee: expected {FEE}, got -5"


def test_parquet_without_pyarrow_says_how_to_install_it(engine, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    path = tmp_path / "vendors.parquet"
    path.write_bytes(b"PAR1")
    assert error(engine, path) == (
        f"{path}: expected pyarrow, to read Parquet files (python -m pip install pyarrow), "
        "or a CSV file, got pyarrow not installed"
    )


# -- plugins score whole columns -------------------------------------------------------------


def test_a_criterion_scores_the_whole_column_in_one_call(tmp_path):
    calls = []

    def score(facts):
        calls.append(len(facts["speed"]))
        return facts["speed"] * 2

    speed = tradeoff.Criterion(
        id="fast", direction="max", facts=[tradeoff.Fact(name="speed", low=0)], score=score
    )

    class Plugin:
        @tradeoff.hookimpl
        def tradeoff_register_criteria(self, registrar):
            registrar.add(speed)

    engine = tradeoff.Engine(entry_points=False, builtins=True, plugins=[Plugin()])
    sc = attrs.evolve(
        tradeoff.loads('[criteria.fast]\nweight = 1\n[criteria.cost]\nweight = 1\n', alternatives_optional=True),
        alternatives=[tradeoff.Alternative(name="Home", facts={"speed": 1, "monthly_fee": 1})],
    )
    path = write(tmp_path, "name,speed,monthly_fee\n" + "".join(f"V{i},{i},{i}\n" for i in range(50)))
    result = rank_csv(engine, path, sc)
    assert calls == [51] and result.total == 51


# -- the command line ----------------------------------------------------------------


def test_cli_ranks_the_rows_of_a_csv_with_the_scenario_and_cuts_at_top(capsys):
    from tradeoff.cli import main

    scenario = "examples/batch/vendors-scenario.toml"
    rows = "examples/batch/vendors.csv"
    assert main(["rank", scenario, "--alternatives", rows, "--format", "json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert main(["rank", scenario, "--alternatives", rows, "--format", "json", "--top", "3"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert top["alternatives"] == full["alternatives"][:3]
    assert top["alternatives_total"] == len(full["alternatives"]) == 21


def test_cli_reports_bad_rows_ranks_the_rest_and_writes_the_errors_file(tmp_path, capsys):
    from tradeoff.cli import main

    text = Path("examples/batch/vendors.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",1050,", ",call us,", 1)  # line 3: Cloudwise's monthly fee
    bad = tmp_path / "vendors.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.txt"
    args = ["rank", "examples/batch/vendors-scenario.toml", "--alternatives", str(bad), "--format", "json"]
    assert main([*args, "--errors", str(errors)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("error:") == 1
    assert f"{bad}:3: monthly_fee:" in captured.err and '"call us"' in captured.err
    assert errors.read_text(encoding="utf-8") == captured.err
    names = [a["name"] for a in json.loads(captured.out)["alternatives"]]
    assert len(names) == 20 and "Cloudwise Solutions" not in names


@pytest.mark.parametrize("top", ["0", "-2"])
def test_cli_top_must_be_positive(capsys, top):
    from tradeoff.cli import main

    assert main(["rank", "examples/it-outsourcing.toml", "--top", top]) == 2
    assert "--top: expected --top of at least 1" in capsys.readouterr().err


def test_a_table_checked_for_one_scenario_is_refused_for_another():
    """The rows were checked against one scenario's criteria and own names: ranked with
    another, they could repeat its alternatives' names or miss its facts."""
    import tradeoff
    from tradeoff.core.table_input import read_alternatives

    root = Path(__file__).resolve().parents[1]
    engine = tradeoff.Engine(entry_points=False)
    vendors = tradeoff.load(root / "examples/batch/vendors-scenario.toml", alternatives_optional=True)
    rows = read_alternatives(root / "examples/batch/vendors.csv", vendors, engine)
    assert len(engine.rank(vendors, alternatives=rows).rows) == len(vendors.alternatives) + 20
    other = tradeoff.load(root / "examples/it-outsourcing.toml")  # has BrightPath... of its own
    with pytest.raises(tradeoff.ScenarioError) as caught:
        engine.rank(other, alternatives=rows)
    assert "expected a table checked for this scenario" in str(caught.value)
    assert "another scenario ('Which IT provider, if any?')" in str(caught.value)
