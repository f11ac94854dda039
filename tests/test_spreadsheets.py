"""Tables as people write them: .xlsx workbooks (the xlsx extra), headers by label or
by ``[columns]``, cells such as ``$1,300``, ``1.300,50 €``, ``40%`` and ``Yes``, every
bad cell of a row in its one error, and currencies other than USD."""

from __future__ import annotations

import csv
import os
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import tradeoff
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.files.table_read import header_key
from tradeoff.core.table_input import RowError, numeral, read_alternatives
from tradeoff.files import scenario_file
from tradeoff.files.table_read import read_table
from tradeoff.model.errors import MissingExtra

from .test_table_input import READERS

if os.environ.get("TRADEOFF_REQUIRE_XLSX") != "1":  # .ci/run installs the extra and sets this
    openpyxl = pytest.importorskip("openpyxl")
else:
    import openpyxl

#: cost (plugin, label "Total cost": monthly_fee in USD/month, 0 to 1e12), lock_in
#: (plugin: contract_months an integer 0 to 120, documented_share 0 to 1,
#: proprietary_software a boolean) and uptime, inline, in %.
SCENARIO = """\
[criteria.cost]
weight = 2

[criteria.lock_in]

[criteria.uptime]
direction = "max"
unit = "%"
label = "Uptime"
"""
FEE = (
    "a number from 0 to 1e12 (USD/month) for criterion 'cost' "
    "(the vendor's monthly fee, or in-house IT salaries and tools)"
)
MONTHS = "an integer from 0 to 120 (months) for criterion 'lock_in' (minimum contract term (0 for none))"


def scenario(extra: str = "", file: str = "s.toml") -> tradeoff.Scenario:
    return tradeoff.loads(SCENARIO + extra, file=file, alternatives_optional=True)


def workbook(path, sheets: dict[str, list[list[object]]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


QUOTES = [
    ["name", "Monthly fee", "Contract months", "Documented share", "Uptime"],
    ["Acme", 1200, 12, "40%", 99.5],
    ["Bolt", "$1,300.50", 24.0, 0.5, "99.9%"],
]


def test_a_workbook_sheet_by_name_gives_numbers_as_numbers_and_text_by_the_cell_rules(engine, tmp_path):
    path = workbook(tmp_path / "offers.xlsx", {"Notes": [["who", "what"], ["me", "prices"]], "Quotes": QUOTES})
    columns = read_alternatives(path, scenario(), engine, sheet="Quotes")
    assert list(columns.names) == ["Acme", "Bolt"]
    assert list(columns.rows) == [2, 3]  # the sheet's row numbers
    assert columns.inputs["cost"]["monthly_fee"].tolist() == [1200.0, 1300.5]
    assert columns.inputs["lock_in"]["contract_months"].tolist() == [12.0, 24.0]
    assert columns.inputs["lock_in"]["documented_share"].tolist() == [0.4, 0.5]  # a range ending at 1: 40% is 0.4
    assert columns.values["uptime"].tolist() == [99.5, 99.9]  # unit %: 99.9% is 99.9
    # the first sheet by default: here one without a name column
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine)
    assert str(caught.value) == (
        f"""{path}, sheet 'Notes':1: expected a column "name" with each alternative's name (or map yours """
        f"""under [columns], e.g. "who" = "name"), got the columns who, what"""
    )


def test_a_workbook_error_names_the_sheet_the_row_and_the_column_as_written(engine, tmp_path):
    rows = [[None], *QUOTES[:2], ["Bolt", "call us", 1.5, 0.5, 99.0]]  # the header on row 2
    path = workbook(tmp_path / "offers.xlsx", {"Quotes": rows})
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine)
    assert str(caught.value) == (
        f"""{path}, sheet 'Quotes':4: "Monthly fee": expected {FEE}, got "call us"; """
        f'''and "Contract months": expected {MONTHS}, got 1.5'''
    )


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    path = workbook(tmp_path / "offers.xlsx", {"Notes": [["a"]], "Quotes": QUOTES})
    with pytest.raises(ScenarioError) as caught:
        read_table(path, sheet="Quotse")
    assert str(caught.value) == (
        f"""{path}: expected one of its sheets 'Notes', 'Quotes' (did you mean "Quotes"?), got no sheet 'Quotse'"""
    )
    csv_path = tmp_path / "offers.csv"
    csv_path.write_text("name\nA\n")
    with pytest.raises(ScenarioError, match="expected a workbook"):
        read_table(csv_path, sheet="Quotes")


def test_not_a_workbook_and_the_missing_extra_are_one_clear_error(tmp_path, monkeypatch):
    junk = tmp_path / "offers.xlsx"
    junk.write_bytes(b"name,fee\nA,1\n")
    with pytest.raises(ScenarioError, match=r"offers.xlsx: expected an .xlsx workbook, got "):
        read_table(junk)
    with zipfile.ZipFile(junk, "w") as archive:  # a zip file, but no workbook
        archive.writestr("a.txt", "x")
    with pytest.raises(ScenarioError, match=r"offers.xlsx: expected an .xlsx workbook, got .*Content_Types"):
        read_table(junk)
    empty = workbook(tmp_path / "empty.xlsx", {"Quotes": [[None, "  "]]})
    with pytest.raises(ScenarioError) as caught:
        read_table(empty)
    assert str(caught.value) == (
        f"""{empty}, sheet 'Quotes': expected a header row naming the columns ("name", then criteria and facts), """
        "got an empty sheet"
    )
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if the extra were not installed
    with pytest.raises(MissingExtra) as caught:
        read_table(junk)
    assert str(caught.value) == (
        f"reading {junk} needs openpyxl, the optional extra 'xlsx': "
        'python -m pip install -e ".[xlsx]" in the tradeoff checkout'
    )
    assert caught.value.exit_status == 2


@pytest.mark.parametrize(
    ("text", "decimal", "number"),
    [
        ("1450.5", ".", (1450.5, False)),
        ("$1,300", ".", (1300.0, False)),
        ("1 300", ".", (1300.0, False)),
        ("1\u00a0300", ".", (1300.0, False)),
        ("1'300", ".", (1300.0, False)),
        ("USD 1,300.50", ".", (1300.5, False)),
        ("1,300.50 USD", ".", (1300.5, False)),
        ("-$12", ".", (-12.0, False)),
        ("40%", ".", (40.0, True)),
        ("12,5 %", ",", (12.5, True)),
        ("1.300,50 €", ",", (1300.5, False)),
        ("1 300,50", ",", (1300.5, False)),
        ("1.300", ",", (1300.0, False)),
        ("1,300", ",", (1.3, False)),  # the decimal comma says so: not a guess
        ("1,300", ".", (1300.0, False)),
        # what could be read two ways, or is no number, is none
        ("1,30", ".", None),
        ("1.30", ",", None),
        ("1.300,50", ".", None),
        ("1,300.50", ",", None),
        ("1 300,000", ".", None),
        ("1,30,000", ".", None),
        ("--5", ".", None),
        ("call us", ".", None),
        ("$", ".", None),
        ("12 apples", ".", None),
    ],
)
def test_cells_read_as_what_they_mean_and_the_ambiguous_are_no_number(text, decimal, number):
    assert numeral(text, decimal) == number


@pytest.mark.parametrize("reader", READERS)
def test_a_decimal_comma_table_reads_the_same_with_every_reader(engine, tmp_path, reader):
    path = tmp_path / "offers.csv"
    rows = "".join(f"V{i};1.300;12;0,25;99,5\n" for i in range(3))
    path.write_text("name;monthly_fee;contract_months;documented_share;uptime\n" + rows + "W;1.300,50 €;6;25%;98\n")
    sc = scenario('\n[table]\ndecimal = ","\n')
    columns = read_alternatives(path, sc, engine, reader=reader)
    assert columns.inputs["cost"]["monthly_fee"].tolist() == [1300.0, 1300.0, 1300.0, 1300.5]
    assert columns.inputs["lock_in"]["documented_share"].tolist() == [0.25, 0.25, 0.25, 0.25]
    assert columns.values["uptime"].tolist() == [99.5, 99.5, 99.5, 98.0]
    plain = tmp_path / "plain.csv"  # a column pyarrow reads as numbers: 1.300 is still 1300
    plain.write_text("name;monthly_fee;contract_months;uptime\nA;1.300;12;99\nB;2.5;12;98\n")
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(plain, sc, engine, reader=reader, on_error="raise")
    assert str(caught.value) == f'{plain}:3: monthly_fee: expected {FEE}, got 2.5'
    columns = read_alternatives(plain, sc, engine, reader=reader, on_error="collect")
    assert columns.inputs["cost"]["monthly_fee"].tolist() == [1300.0]
    # the same file without the setting: "0,25" is no number, and each bad cell is said
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine, reader=reader)
    assert str(caught.value).startswith(f'{path}:2: documented_share: expected a number from 0 to 1 (0-1) ')
    assert str(caught.value).endswith('got "0,25"; and uptime: expected a number, got "99,5"')


def test_a_percentage_where_no_reading_is_sure_is_an_error_saying_why(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,monthly_fee,contract_months,uptime\nA,10,40%,99\n")
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine)
    assert str(caught.value) == (
        f'{path}:2: contract_months: expected {MONTHS} (a percentage is read as 40 where the unit is %, '
        'as 0.4 where the range ends at 1), got "40%"'
    )


def test_booleans_as_people_write_them(engine, tmp_path):
    path = tmp_path / "offers.csv"
    cells = ["Yes", "n", "TRUE", "no", "y", "False", ""]
    rows = "".join(f"V{i},10,12,99,{c}\n" for i, c in enumerate(cells))
    path.write_text("name,monthly_fee,contract_months,uptime,Proprietary software\n" + rows)
    columns = read_alternatives(path, scenario(), engine)
    expected = [True, False, True, False, True, False, False]  # empty: the default, false
    assert columns.inputs["lock_in"]["proprietary_software"].tolist() == expected


def test_headers_match_ids_and_labels_whatever_their_case_and_spaces(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,MONTHLY_FEE,contract  months,UPTIME,total cost\nA,10,12,99,\nB,20,6,98,5\n")
    columns = read_alternatives(path, scenario(), engine)
    assert columns.inputs["cost"]["monthly_fee"].tolist() == [10.0, 20.0]
    assert columns.inputs["lock_in"]["contract_months"].tolist() == [12.0, 6.0]
    assert columns.values["uptime"].tolist() == [99.0, 98.0]
    assert np.isnan(columns.values["cost"][0]) and columns.values["cost"][1] == 5.0  # by its label


def test_two_headers_for_one_fact_or_one_header_for_two_are_errors(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,monthly_fee,Monthly Fee,contract_months,uptime\nA,10,10,12,99\n")
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine)
    assert str(caught.value) == (
        f'{path}:1: expected one column for "monthly_fee", '
        'got the columns "monthly_fee" (column 2) and "Monthly Fee" (column 3)'
    )
    path.write_text("name,Monthly fee,contract_months,uptime,fee\nA,10,12,99,1\n")
    labelled = SCENARIO + '\n[criteria.fee]\ndirection = "min"\nlabel = "Monthly fee"\n'
    sc = tradeoff.loads(labelled, file="s.toml", alternatives_optional=True)
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, sc, engine)
    assert str(caught.value) == (
        f'{path}:1: "Monthly fee": expected a header naming one fact or criterion (say which under '
        '[columns]: "Monthly fee" = one of fee, monthly_fee), got the column "Monthly fee", which could be any of them'
    )


def test_columns_map_other_headers_and_a_wrong_target_is_placed_in_the_scenario(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,Fee / month,Term,uptime\nA,10,12,99\n")
    sc = scenario('\n[columns]\n"Fee / month" = "monthly_fee"\nterm = "contract_months"\n')
    columns = read_alternatives(path, sc, engine)
    assert columns.inputs["cost"]["monthly_fee"].tolist() == [10.0]
    assert columns.inputs["lock_in"]["contract_months"].tolist() == [12.0]
    bad = scenario('\n[columns]\n"Fee / month" = "monthly_fees"\n', file="bad.toml")
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, bad, engine)
    assert str(caught.value) == (
        'bad.toml:12: columns."Fee / month": expected "name", a fact a criterion reads or a criterion of the scenario '
        '(did you mean "monthly_fee"?), got "monthly_fees"'
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_the_column_of_names_is_found_by_any_case_or_mapped_under_columns(tmp_path, engine, suffix):
    """A spreadsheet's "Name" is the names; a "VENDOR" column is, when [columns] says
    "Vendor" is, in every format; an error about a name says the column as mapped."""
    rows = [["Acme", 10, 12, 99], ["", 20, 24, 98]]

    def write(header):
        path = tmp_path / f"offers-{header[0]}{suffix}"
        if suffix == ".csv":
            path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n")
        elif suffix == ".xlsx":
            openpyxl = pytest.importorskip("openpyxl")
            book = openpyxl.Workbook()
            for r in [header, *rows]:
                book.active.append([None if v == "" else v for v in r])
            book.save(path)
        else:
            pa = pytest.importorskip("pyarrow")
            import pyarrow.parquet as pq

            pq.write_table(pa.table({h: [r[j] for r in rows] for j, h in enumerate(header)}), path)
        return path

    facts = ["monthly_fee", "contract_months", "uptime"]
    for header, extra in ((["Name", *facts], ""), (["VENDOR", *facts], '\n[columns]\nVendor = "name"\n')):
        columns = read_alternatives(write(header), scenario(extra), engine, on_error="collect")
        assert list(columns.names) == ["Acme"]
        assert columns.inputs["cost"]["monthly_fee"].tolist() == [10.0]
        (error,) = columns.errors
        assert error.path[-1:] == ("Vendor" if extra else "name",), str(error)  # as [columns] says it


def test_columns_and_table_settings_round_trip_and_bad_ones_are_placed():
    sc = scenario('\n[columns]\n"Fee / month" = "monthly_fee"\n\n[table]\ndecimal = ","\n')
    assert dict(sc.columns) == {"Fee / month": "monthly_fee"} and sc.table.decimal == ","
    again = scenario_file.loads(scenario_file.dumps(sc), alternatives_optional=True)
    assert again == sc and dict(again.columns) == dict(sc.columns) and again.table == sc.table
    assert "columns" not in scenario_file.to_dict(scenario())  # the defaults are not written
    with pytest.raises(ScenarioError) as caught:
        scenario('\n[table]\ndecimal = ";"\n')
    assert str(caught.value) == (
        's.toml:12: table.decimal: expected "." (1,300.50) or "," (1.300,50): the decimal mark of the '
        """table's numbers, got ";" (a string)"""
    )
    with pytest.raises(ScenarioError, match=r"s.toml:12: table.decmal: expected one of the keys decimal"):
        scenario('\n[table]\ndecmal = ","\n')
    with pytest.raises(ScenarioError, match=r'columns.fee: expected the id of a fact or criterion'):
        scenario('\n[columns]\nfee = 3\n')


def test_every_bad_cell_of_a_row_is_one_line_of_the_errors_file(tmp_path, capsys):
    scenario_path = tmp_path / "s.toml"
    scenario_path.write_text(SCENARIO)
    table = tmp_path / "offers.csv"
    table.write_text("name,monthly_fee,contract_months,uptime\nA,call us,1.5,99\nB,10,12,98\nC,-5,12,97\n")
    errors = tmp_path / "errors.txt"
    status = main(["rank", str(scenario_path), "--alternatives", str(table), "--errors", str(errors)])
    assert status == 2
    assert errors.read_text().splitlines() == [
        f'error: {table}:2: monthly_fee: expected {FEE}, got "call us"; and contract_months: expected {MONTHS}, got 1.5',
        f"error: {table}:4: monthly_fee: expected {FEE}, got -5",
    ]
    assert "B" in capsys.readouterr().out


def test_a_row_error_crosses_processes_as_itself():
    error = RowError(expected="a", found="b", file="f.csv", line=2, path=("x",), also=(ScenarioError(expected="c", found="d", path=("y",)),))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is RowError and str(again) == str(error) == "f.csv:2: x: expected a, got b; and y: expected c, got d"


def test_a_currency_is_a_label_not_a_conversion(engine, tmp_path):
    text = """\
[criteria.price]
direction = "min"
unit = "EUR"

[[alternatives]]
name = "Keep it in-house"
values = { price = 1500 }
"""
    sc = tradeoff.loads(text + '\n[table]\ndecimal = ","\n', file="s.toml", alternatives_optional=True)
    path = tmp_path / "quotes.csv"
    path.write_text("name;price\nHanse IT;1.300,50 €\nRhein IT;EUR 1.450\n")
    result = engine.rank(sc, alternatives=read_alternatives(path, sc, engine))
    assert [row.name for row in result.rows] == ["Hanse IT", "Rhein IT", "Keep it in-house"]
    assert [row.values["price"] for row in result.rows] == [1300.5, 1450.0, 1500.0]


def test_a_header_near_an_id_by_its_key_is_taken_for_a_typo(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,Monthly fe,monthly_fee,contract_months,uptime\nA,1,10,12,99\n")
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, scenario(), engine)
    assert str(caught.value) == (
        f'{path}:1: "Monthly fe": expected a criterion of the scenario or a fact a criterion reads '
        '(did you mean "monthly_fee"?), got the column "Monthly fe"'
    )


def test_two_columns_entries_for_one_header_are_an_error(engine, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text("name,Fee,contract_months,uptime\nA,10,12,99\n")
    sc = scenario('\n[columns]\nFee = "monthly_fee"\nFEE = "uptime"\n')
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, sc, engine)
    assert str(caught.value) == (
        's.toml:13: columns.FEE: expected one id for the header "FEE" (headers match whatever their case '
        'and spaces), got "monthly_fee" and "uptime"'
    )


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A zip bomb: the limit is lowered for the test, and a workbook made to unpack past
    it (a sheet of 4 MiB of zeros in a few kilobytes) is one located error, exit 2."""
    pytest.importorskip("openpyxl")
    from tradeoff.files import table_read

    monkeypatch.setattr(table_read, "XLSX_EXPANDED", 1 << 20)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (4 << 20))
    assert path.stat().st_size < 64 << 10
    with pytest.raises(ScenarioError) as caught:
        table_read.read_table(path)
    assert str(caught.value).startswith(f"{path}: expected a workbook that unpacks to at most 1 MiB, got one that unpacks to 4 MiB")


def test_a_header_may_be_a_facts_label(tmp_path):
    """The built-in facts have labels ("Set-up fee"), as a report shows them: a
    spreadsheet headed by them is read as the facts."""
    import tradeoff
    from tradeoff.core.table_input import read_alternatives

    root = Path(__file__).resolve().parents[1]
    engine = tradeoff.Engine(entry_points=False)
    sc = tradeoff.load(root / "examples/batch/vendors-scenario.toml", alternatives_optional=True)
    labels = {f.name: f.label for c in engine.criteria.values() for f in c.facts if f.label}
    assert labels["setup_fee"] and header_key(labels["setup_fee"]) != "setup_fee"
    rows = list(csv.reader((root / "examples/batch/vendors.csv").read_text(encoding="utf-8").splitlines()))
    relabelled = tmp_path / "labels.csv"
    with relabelled.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([[labels.get(h, h) for h in rows[0]], *rows[1:]])
    ours, theirs = read_alternatives(relabelled, sc, engine), read_alternatives(root / "examples/batch/vendors.csv", sc, engine)
    assert ours.inputs.keys() == theirs.inputs.keys()
    for cid, facts in theirs.inputs.items():
        assert {k: v.tolist() for k, v in ours.inputs[cid].items()} == {k: v.tolist() for k, v in facts.items()}


@pytest.mark.parametrize(
    ("columns", "table", "message"),
    [
        ('Vendor = "name"', "name,Vendor,price\nA,B,1\n",
         '{csv}:1: expected one column of names: "Vendor", as [columns] says, or "name", got both (columns 1 and 2)'),
        ('Vendor = "name"\nProvider = "name"', "Vendor,price\nA,1\n",
         '{toml}:8: columns.Provider: expected one header for "name" (the column of names), got "Vendor" and "Provider"'),
        ('Vendor = "name"', "Who,price\nA,1\n",
         '{csv}:1: expected a column "Vendor" with each alternative\'s name (as [columns] maps it to "name"), '
         "got the columns Who, price"),
    ],
)
def test_a_mapped_column_of_names_that_is_not_one_is_said_so(tmp_path, columns, table, message):
    import tradeoff
    from tradeoff.core.table_input import read_alternatives

    toml, path = tmp_path / "s.toml", tmp_path / "offers.csv"
    toml.write_text(f'format = 1\nmethod = "wsm"\n[criteria.price]\ndirection = "min"\n\n[columns]\n{columns}\n')
    path.write_text(table)
    sc = tradeoff.load(toml, alternatives_optional=True)
    with pytest.raises(ScenarioError) as caught:
        read_alternatives(path, sc, tradeoff.Engine(entry_points=False))
    assert str(caught.value) == message.format(csv=path, toml=toml)
