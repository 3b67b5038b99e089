"""The one escaping rule for text that leaves the app as cells (xlsx, TSV, CSV): OWASP's
formula prefixes are escaped on every path, numbers (a negative one included) are not."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from infercost.model.interchange.cell_text import cell_text, csv_text, delimited_cell, tsv_text
from infercost.model.interchange.excel_cells import put_text

# OWASP "CSV Injection": =, +, -, @, tab, carriage return (and line feed).
HOSTILE = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "-cmd|' /C calc'!A0",
)
NUMBERS = ("-5", "-12.5", "-$1,234.50", "+3", "-4.2e+09", "-45%")


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_escaped_on_every_delimited_path(text):
    assert cell_text(text).escaped
    cell = delimited_cell(text)
    assert cell.startswith("'") and "\t" not in cell and "\n" not in cell and "\r" not in cell
    (row,) = list(csv.reader(io.StringIO(csv_text([[text, "x"]]))))
    assert row[0].startswith("'") and row[1] == "x"
    (line,) = tsv_text([[text, "x"]]).splitlines()
    first, second = line.split("\t")
    assert first.startswith("'") and second == "x"


@pytest.mark.parametrize("text", NUMBERS)
def test_a_number_written_as_text_stays_a_number(text):
    assert not cell_text(text).escaped
    assert delimited_cell(text) == text


@pytest.mark.parametrize("value", [-5, -0.25, 3, 1e12])
def test_real_numbers_are_never_escaped(value):
    assert not cell_text(value).escaped
    assert float(delimited_cell(value)) == value


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_cells_take_the_same_decision(text):
    ws = openpyxl.Workbook().active
    cell = put_text(ws, 1, 1, text)
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_xlsx_keeps_a_negative_figure_unquoted():
    ws = openpyxl.Workbook().active
    assert put_text(ws, 1, 1, "-5").quotePrefix is False


def test_cells_never_split_a_row():
    assert tsv_text([["a\tb", "c\nd", "e\r\nf"]]) == "a b\tc d\te f\n"
    assert delimited_cell(None) == ""
