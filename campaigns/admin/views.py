"""The coverage ledger screens of the admin: the table, its drill-down and exports.

Registered with register_admin_urls; each view checks its own permission because the
admin only checks that the user may enter the admin at all.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from campaigns import coverage
from campaigns.models import OutreachSetting
from campaigns.permissions import can_view_ledger
from outreach.exports import Sheet, csv_response, xlsx_response
from outreach.models import Township


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
    return csv_response(_filename(start, end, "csv"), header, [*body, totals])


def export_xlsx(request):
    _require(request)
    start, end, kind, _errors = _period(request)
    ledger = coverage.Ledger(start, end, kind).compute()
    header, body, totals = ledger.table()
    last_count_column = len(header) - 2  # the last column is the row's total

    def empty_cell(row_index, column_index, value):
        # Highlight a setting × township with nothing published; not the totals.
        return row_index < len(body) and 1 <= column_index <= last_count_column and value == 0

    sheet = Sheet(
        _("覆盖台账"),
        header,
        [*body, totals],
        title_line=_("五进宣传覆盖台账（%(kind)s）%(start)s 至 %(end)s")
        % {"kind": dict(coverage.KINDS)[kind], "start": start.isoformat(), "end": end.isoformat()},
        highlight=empty_cell,
        bold_last_row=True,
        freeze="B4",
        column_widths={"A": 14},
        center_header=True,
    )
    sheets = [sheet] + [
        Sheet(
            label,
            figure_header,
            [*figure_body, figure_totals],
            title_line=_("%(label)s %(start)s 至 %(end)s")
            % {"label": label, "start": start.isoformat(), "end": end.isoformat()},
            bold_last_row=True,
            freeze="B4",
            column_widths={"A": 14},
            center_header=True,
        )
        for label, figure_header, figure_body, figure_totals in ledger.figure_tables()
    ]
    return xlsx_response(_filename(start, end, "xlsx"), sheets)
