"""Reading CSV files of alternatives (`tradeoff.table_read`): one reader, the `csv`
module, for every file; bad quoting is an error at its row, never rows lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from tradeoff import ScenarioError
from tradeoff.cli import main
from tradeoff.table_read import CELL_LIMIT, read_table

from .strategies import CsvTable, csv_tables

SCENARIO = """\
title = "Offers"
method = "topsis"
[criteria.price]
weight = 1
direction = "min"
[criteria.speed]
weight = 1
direction = "max"
"""


def write(tmp_path: Path, text: str, name: str = "offers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def error(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        read_table(path)
    return str(caught.value)


@settings(max_examples=300, deadline=None)
@given(csv_tables())
def test_the_table_is_what_the_text_holds(tmp_path_factory, case: CsvTable):
    """Cells, the line of each row and the ragged rows, for texts with quotes,
    separators and line breaks in cells, CR/LF line ends, blank lines and empty cells."""
    path = write(tmp_path_factory.mktemp("csv"), case.text)
    table = read_table(path)
    assert table.header == case.header
    assert table.rows.tolist() == [line for line, _ in case.rows]
    for j, head in enumerate(case.header):
        assert table.cells[head] == [cells[j] for _, cells in case.rows]
    assert [str(f) for f in table.faults] == [
        f"{path}:{line}: expected {len(case.header)} cells, as the header has, got {width}"
        for line, width in case.ragged
    ]


def test_a_stray_quote_is_an_error_at_its_row_not_rows_lost(tmp_path, capsys):
    (tmp_path / "s.toml").write_text(SCENARIO)
    path = write(tmp_path, 'name,price,speed,note\nA,10,3,\nB,12,5,"oops\nC,9,4,\nD,11,2,\n')
    message = (
        f"{path}:3: expected every quote that opens a cell closed (a quote in a cell is "
        "doubled), got a quote opened in this row and never closed"
    )
    assert error(path) == message
    assert main(["rank", str(tmp_path / "s.toml"), "--alternatives", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_a_stray_quote_before_a_long_file_is_placed_too(tmp_path):
    """A quote never closed runs past the cell limit before the end of the file."""
    rows = "".join(f"R{i},{i},1,\n" for i in range(20_000))
    path = write(tmp_path, f'name,price,speed,note\nA,10,3,\nB,12,5,"oops\n{rows}')
    assert error(path).startswith(f"{path}:3: expected every quote that opens a cell closed")


def test_text_after_a_closing_quote_is_an_error_at_its_row(tmp_path):
    path = write(tmp_path, 'name,price\nA,1\n"B"x,2\n')
    assert error(path).startswith(f"{path}:3: expected a separator or the end of the line after a closing quote")


def test_a_quoted_header_with_a_line_break_is_one_header(tmp_path):
    path = write(tmp_path, 'name,price,"speed\n(km/h)"\nA,10,3\nB,12,5\n')
    table = read_table(path)
    assert table.header == ("name", "price", "speed\n(km/h)")
    assert table.cells["name"] == ["A", "B"]
    assert table.rows.tolist() == [3, 4]
    assert table.faults == ()


@pytest.mark.parametrize("quotes", ["", '"'])
def test_one_cell_limit_whether_or_not_the_file_has_quotes(tmp_path, quotes):
    big = "x" * 200_000
    path = write(tmp_path, f"name,price\n{quotes}A{quotes},1\nB,{big}\nC,3\n")
    assert error(path) == f"{path}:3: expected cells of at most {CELL_LIMIT} characters, got a longer cell"
    fits = write(tmp_path, f"name,price\n{quotes}A{quotes},1\nB,{'1' * CELL_LIMIT}\n", "fits.csv")
    assert read_table(fits).cells["price"][1] == "1" * CELL_LIMIT
