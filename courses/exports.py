"""A term's compliance as a spreadsheet: XLSX (summary + one sheet per township) and CSV.

Both are written from `compliance.term_report`, the same rows the screens show, by the
one table writer (outreach.exports: formula-like names stay text)."""

from django.utils.translation import gettext as _

from outreach.exports import Sheet, write_csv, write_xlsx


def summary_header():
    return [
        _("乡镇"),
        _("学校数"),
        _("达标学校数"),
        _("达标率（%）"),
        _("课时不足班级数"),
        _("无演练学校数"),
        _("疏散超时学校数"),
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


def report_sheets(report):
    """The summary sheet, then one sheet of schools per township."""
    sheets = [
        Sheet(
            _("汇总"),
            summary_header(),
            [summary_row(t) for t in report.townships] + [summary_row(report.county)],
            footer=[[_("学期"), report.term.name], [_("统计日期"), report.today.isoformat()]],
        )
    ]
    for rollup in report.townships:
        rows = [school_row(row) for row in report.rows if row.school.township_id == rollup.township.pk]
        sheets.append(Sheet(rollup.name, school_header(), rows))
    return sheets


def report_xlsx(report):
    """The workbook as bytes."""
    return write_xlsx(report_sheets(report))


def report_csv(report):
    """One line per school, UTF-8 with a byte-order mark so Excel opens the Chinese right."""
    return write_csv(school_header(), [school_row(row) for row in report.rows])
