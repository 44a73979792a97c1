"""A term's compliance as a spreadsheet: XLSX (summary + one sheet per township) and CSV.

Both are written from `compliance.term_report`, the same rows the screens show."""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def summary_header():
    return [
        _("乡镇"),
        _("学校数"),
        _("达标学校数"),
        _("达标率（%）"),
        _("课时不足班级数"),
        _("无演练学校数"),
        _("疏散超时学校数"),
        _("基地参观"),
    ]


def summary_row(rollup):
    return [
        rollup.name,
        rollup.schools,
        rollup.compliant,
        rollup.share,
        rollup.classes_short,
        rollup.no_drill,
        rollup.slow,
        rollup.base_visits,
    ]


def school_header():
    return [
        _("乡镇"),
        _("学校"),
        _("学校类型"),
        _("状态"),
        _("班级数"),
        _("课时达标班级数"),
        _("课时不足班级数"),
        _("累计课时（班·课时）"),
        _("疏散演练次数"),
        _("最慢疏散用时（秒）"),
        _("还缺少"),
    ]


def plain_number(value):
    """12 rather than 12.0, so the CSV and the workbook read the same."""
    return int(value) if value == int(value) else float(value)


def school_row(row):
    return [
        row.school.township.name,
        row.school.name,
        row.school.get_kind_display(),
        str(row.status_label),
        row.classes,
        row.classes_met,
        row.classes_short,
        plain_number(row.hours),
        row.drills,
        row.slowest if row.slowest is not None else "",
        "；".join(str(item) for item in row.missing),
    ]


def sheet_title(name, used):
    title = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "-"
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}({n})"
        n += 1
    used.add(title)
    return title


def _write(sheet, header, rows):
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(column)) * 2 + 2)


def report_xlsx(report):
    """The workbook as bytes."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("汇总")
    used = {summary.title}
    _write(
        summary, summary_header(), [summary_row(t) for t in report.townships] + [summary_row(report.county)]
    )
    summary.append([])
    summary.append([_("学期"), report.term.name])
    summary.append([_("统计日期"), report.today.isoformat()])
    for rollup in report.townships:
        sheet = workbook.create_sheet(sheet_title(rollup.name, used))
        rows = [school_row(row) for row in report.rows if row.school.township_id == rollup.township.pk]
        _write(sheet, school_header(), rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_csv(report):
    """One line per school, UTF-8 with a byte-order mark so Excel opens the Chinese right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(school_header())
    for row in report.rows:
        writer.writerow(school_row(row))
    return out.getvalue().encode("utf-8")
