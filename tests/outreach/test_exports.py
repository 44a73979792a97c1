"""The one table writer: formula-like text stays text, numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from outreach.exports import Sheet, csv_cell, write_csv, write_xlsx

DANGEROUS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_cells_starting_like_a_formula_are_neutralised(value):
    assert csv_cell(value) == "'" + value
    rows = list(csv.reader(io.StringIO(write_csv(["名称"], [[value]]).decode("utf-8-sig"))))
    assert rows[1] == ["'" + value]


def test_csv_keeps_numbers_and_ordinary_text_and_the_bom():
    data = write_csv(["乡镇", "数"], [["城关镇", -3], ["七贤镇", 2.5], [None, 0]])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["乡镇,数", "城关镇,-3", "七贤镇,2.5", ",0"]


def test_xlsx_writes_formula_like_text_as_string_cells_and_numbers_as_numbers():
    rows = [[value, index, -index] for index, value in enumerate(DANGEROUS, start=1)]
    sheet = load_workbook(io.BytesIO(write_xlsx([Sheet("=表", ["名称", "数", "负数"], rows)]))).active
    assert sheet.title == "=表"
    for row, value in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
        # XML reads a carriage return back as a line feed; either way it is text.
        assert row[0].value == value.replace("\r", "\n") and row[0].data_type == "s"
        assert row[1].data_type == "n" and row[2].data_type == "n" and row[2].value < 0


def test_xlsx_title_line_footer_highlight_and_freeze():
    sheet = Sheet(
        "台账",
        ["领域", "城关镇"],
        [["进学校", 0], ["合计", 0]],
        title_line="=标题",
        footer=[["学期", "-秋季"]],
        highlight=lambda row, column, value: row == 0 and column == 1,
        bold_last_row=True,
        freeze="B4",
        column_widths={"A": 14},
    )
    ws = load_workbook(io.BytesIO(write_xlsx([sheet]))).active
    assert ws["A1"].value == "=标题" and ws["A1"].data_type == "s"
    assert ws["B4"].fill.fgColor.rgb.endswith("FFE0B2") and ws["B5"].fill.fill_type is None
    assert ws["A5"].font.bold and ws.freeze_panes == "B4" and ws.column_dimensions["A"].width == 14
    assert ws["B7"].value == "-秋季" and ws["B7"].data_type == "s"
