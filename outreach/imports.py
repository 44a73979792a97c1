"""Reading a staff member's XLSX or CSV for an import that is all or nothing.

An importer reads the lines with `read_rows`, checks every one, and either saves them
all in one transaction or raises `ImportRefused` with every problem, each named by the
line number Excel shows. Nothing is saved from a file with a bad line.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_rows(upload):
    """(line number, list of cell strings) for each line after the header, and the header."""
    name = (upload.name or "").lower()
    data = upload.read()
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused([_("文件太大（不能超过5MB）。")])
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:
            raise ImportRefused([_("无法读取这个Excel文件，请用模板另存为.xlsx后再试。")]) from error
        lines = [
            ["" if v is None else str(v).strip() for v in row]
            for row in workbook.active.iter_rows(values_only=True)
        ]
    elif name.endswith(".csv"):
        # Excel on Chinese Windows saves CSV in GB18030; files from elsewhere are UTF-8.
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRefused([_("无法识别CSV文件的编码，请保存为UTF-8。")])
        lines = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ImportRefused([_("请上传.xlsx或.csv文件。")])
    if not lines:
        raise ImportRefused([_("文件是空的。")])
    return lines[0], [(number, line) for number, line in enumerate(lines[1:], start=2) if any(line)]


def parse_int(value, low, high):
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    if str(number) != value and f"{number}.0" != value:
        return None
    return number if low <= number <= high else None
