"""Tables as CSV and XLSX: the one writer every export uses.

A table is a header and rows of plain values; a workbook is one or more sheets of them.
Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
carriage return) is written so that it stays text: in CSV with a leading apostrophe (the
OWASP advice), in XLSX as a string cell, never a formula. Numbers stay numbers.

    sheet = Sheet(_("学校"), header, rows, title_line=_("2026年秋季学期"))
    return xlsx_response("schools.xlsx", [sheet])
    return csv_response("schools.csv", header, rows)
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIGHLIGHT = PatternFill("solid", fgColor="FFE0B2")


def _is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value):
    """The value as a CSV cell that no spreadsheet executes."""
    if value is None:
        return ""
    if _is_formula_like(value):
        return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    header: list
    rows: list
    title_line: str = ""  # a caption above the table
    footer: list = field(default_factory=list)  # extra rows after a blank line
    highlight: callable = None  # (row_index, column_index, value) -> bool: fill the cell
    bold_last_row: bool = False
    freeze: str = ""  # the first cell that scrolls, e.g. "B4"; default: the row below the header
    column_widths: dict = field(default_factory=dict)  # {"A": 14}: instead of the header's width
    center_header: bool = False


def safe_sheet_title(name, used):
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    title = re.sub(r"[\[\]:*?/\\]", "", str(name))[:31] or "-"
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}({n})"
        n += 1
    used.add(title)
    return title


def _append(sheet, values):
    sheet.append([None if value is None else value for value in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if _is_formula_like(value):
            # openpyxl would store "=…" as a formula; keep it a string cell.
            cell.value = value
            cell.data_type = TYPE_STRING


def write_xlsx(sheets):
    """The workbook as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for spec in sheets:
        sheet = workbook.create_sheet(safe_sheet_title(spec.title, used))
        first = 1
        if spec.title_line:
            _append(sheet, [spec.title_line])
            sheet["A1"].font = Font(bold=True, size=14)
            sheet.append([])
            first = 3
        _append(sheet, spec.header)
        for cell in sheet[first]:
            cell.font = Font(bold=True)
            if spec.center_header:
                cell.alignment = Alignment(horizontal="center")
        for index, row in enumerate(spec.rows):
            _append(sheet, row)
            if spec.highlight:
                for column, cell in enumerate(sheet[sheet.max_row]):
                    if spec.highlight(index, column, row[column] if column < len(row) else None):
                        cell.fill = HIGHLIGHT
        if spec.bold_last_row and spec.rows:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if spec.footer:
            sheet.append([])
            for row in spec.footer:
                _append(sheet, row)
        sheet.freeze_panes = spec.freeze or sheet.cell(row=first + 1, column=1).coordinate
        for index, column in enumerate(spec.header, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = spec.column_widths.get(letter) or max(
                10, len(str(column)) * 2 + 2
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(header, rows):
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename, sheets):
    return _attachment(write_xlsx(sheets), XLSX_TYPE, filename)


def csv_response(filename, header, rows):
    return _attachment(write_csv(header, rows), "text/csv; charset=utf-8", filename)
