"""The coverage ledger screens of the admin: the table, its drill-down and exports.

Registered with register_admin_urls; each view checks its own permission because the
admin only checks that the user may enter the admin at all.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from campaigns import coverage
from campaigns.models import OutreachSetting
from outreach import roles
from outreach.access import has_role
from outreach.models import Township

LEDGER_ROLES = (roles.EDITOR, roles.REVIEWER)
EMPTY_FILL = PatternFill("solid", fgColor="FFE0B2")


def can_view_ledger(user):
    return has_role(user, *LEDGER_ROLES)


def _require(request):
    if not can_view_ledger(request.user):
        raise PermissionDenied


def _period(request):
    start, end, errors = coverage.parse_period(request.GET)
    return start, end, coverage.parse_kind(request.GET), errors


def ledger(request):
    _require(request)
    start, end, kind, errors = _period(request)
    result = coverage.Ledger(start, end, kind).compute()
    return render(
        request,
        "campaigns/admin/coverage.html",
        {
            "ledger": result,
            "grid": result.grid(),
            "start": start,
            "end": end,
            "kind": kind,
            "kinds": coverage.KINDS,
            "errors": errors,
            "county": coverage.COUNTY,
        },
    )


def ledger_items(request):
    _require(request)
    start, end, kind, errors = _period(request)
    setting_code = request.GET.get("setting") or None
    township_code = request.GET.get("township") or None
    setting = OutreachSetting.objects.filter(code=setting_code).first() if setting_code else None
    township = None
    if township_code and township_code != coverage.COUNTY:
        township = Township.objects.filter(code=township_code).first()
        if township is None:
            errors.append(_("没有这个乡镇，已显示全部乡镇。"))
            township_code = None
    if setting_code and setting is None:
        errors.append(_("没有这个五进领域，已显示全部领域。"))
        setting_code = None
    found = coverage.items(start, end, kind, setting=setting_code, township=township_code)
    return render(
        request,
        "campaigns/admin/coverage_items.html",
        {
            "items": found,
            "setting": setting,
            "township": township,
            "county": township_code == coverage.COUNTY,
            "start": start,
            "end": end,
            "kind": kind,
            "kind_label": dict(coverage.KINDS)[kind],
            "errors": errors,
        },
    )


def _filename(start, end, extension):
    return f"coverage-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


def export_csv(request):
    _require(request)
    start, end, kind, _errors = _period(request)
    header, body, totals = coverage.Ledger(start, end, kind).compute().table()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([header, *body, totals])
    # The byte-order mark makes Excel open the Chinese text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(start, end, "csv")}"'
    return response


def export_xlsx(request):
    _require(request)
    start, end, kind, _errors = _period(request)
    header, body, totals = coverage.Ledger(start, end, kind).compute().table()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("覆盖台账")
    sheet.append(
        [
            _("五进宣传覆盖台账（%(kind)s）%(start)s 至 %(end)s")
            % {"kind": dict(coverage.KINDS)[kind], "start": start.isoformat(), "end": end.isoformat()}
        ]
    )
    sheet.append([])
    sheet.append(header)
    for row in body:
        sheet.append(row)
    sheet.append(totals)
    bold = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(body), min_col=2, max_col=len(header) - 1):
        for cell in row:
            if cell.value == 0:
                cell.fill = EMPTY_FILL
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 14
    sheet.freeze_panes = "B4"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(start, end, "xlsx")}"'
    return response
