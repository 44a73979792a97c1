"""Staff screens in the admin: the activity list and its review, trainings with their QR,
attendance list and export, and key units' coverage with import and export.

Registered with register_admin_urls; each view checks its own permission, because the
admin only checks that the user may enter the admin at all.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import OutreachSetting
from outreach.exports import Sheet, xlsx_response
from outreach.http import parse_day, parse_id
from outreach.imports import ImportRefused
from outreach.siteurl import absolute

from .. import keyunits, permissions, services
from ..forms import ExpectedForm, KeyUnitImportForm, ReviewForm, SessionForm
from ..models import Activity, KeyUnit

LIST_LIMIT = 200


def _require(predicate, user):
    if not predicate(user):
        raise PermissionDenied


# Activities ------------------------------------------------------------------------------


def _filtered(request):
    """The activities the user may see, filtered by the query string; (queryset, filters, errors)."""
    params = request.GET
    year = timezone.localdate().year
    start, start_error = parse_day(params.get("start"), datetime.date(year, 1, 1))
    end, end_error = parse_day(params.get("end"), datetime.date(year, 12, 31))
    errors = [e for e in (start_error, end_error) if e]
    activities = permissions.activities_for(request.user).filter(date__gte=start, date__lte=end)
    status = params.get("status", Activity.APPROVED)
    if status in dict(Activity.STATUS_CHOICES):
        activities = activities.filter(status=status)
    else:
        status = ""
    setting = params.get("setting") or ""
    if setting:
        activities = activities.filter(outreach_settings__code=setting)
    township = params.get("township") or ""
    if township:
        activities = activities.filter(township__code=township)
    filters = {"start": start, "end": end, "status": status, "setting": setting, "township": township}
    return activities.distinct(), filters, errors


def activity_list(request):
    """The activities behind the ledger's cells and the dashboard's numbers."""
    _require(permissions.may_record, request.user)
    activities, filters, errors = _filtered(request)
    totals = activities.order_by().aggregate(n=Count("pk", distinct=True))
    audience = Activity.objects.filter(pk__in=activities.values("pk")).aggregate(n=Sum("audience"))["n"] or 0
    rows = (
        activities.select_related("kind", "township", "school")
        .prefetch_related("outreach_settings")
        .order_by("-date", "-pk")[:LIST_LIMIT]
    )
    return render(
        request,
        "activities/admin/activity_list.html",
        {
            "activities": rows,
            "count": totals["n"],
            "audience": audience,
            "filters": filters,
            "errors": errors,
            "statuses": Activity.STATUS_CHOICES,
            "settings": OutreachSetting.objects.in_order(),
            "townships": permissions.townships_for(request.user),
            "limit": LIST_LIMIT,
            "may_review": permissions.may_review(request.user),
        },
    )


def review(request):
    _require(permissions.may_review, request.user)
    waiting = (
        Activity.objects.filter(status=Activity.SUBMITTED)
        .select_related("kind", "township", "school", "created_by")
        .prefetch_related("outreach_settings", "photos")
        .order_by("date", "pk")[:LIST_LIMIT]
    )
    return render(request, "activities/admin/review.html", {"activities": waiting, "form": ReviewForm()})


@require_POST
def decide(request, pk):
    _require(permissions.may_review, request.user)
    activity = get_object_or_404(Activity, pk=pk)
    form = ReviewForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.review_activity(activity.pk, request.user, approve=approve, reason=reason)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("已审核通过：%(t)s") % {"t": activity.title}
            if approve
            else _("已退回：%(t)s") % {"t": activity.title},
        )
    return redirect("activities_admin:review")


@require_POST
def news_draft(request, pk):
    _require(permissions.may_publish_news, request.user)
    activity = get_object_or_404(Activity, pk=pk)
    try:
        page, created = services.news_draft_from(activity.pk, request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("activities_admin:list") + "?status=approved")
    if created:
        messages.success(request, _("已生成新闻稿草稿，请修改后提交审核发布。"))
    return redirect("wagtailadmin_pages:edit", page.pk)


# Trainings -------------------------------------------------------------------------------


def trainings(request):
    _require(permissions.may_run_trainings, request.user)
    sessions = (
        permissions.trainings_for(request.user)
        .select_related("township", "quiz")
        .annotate(present=Count("attendances", filter=Q(attendances__signed_in_at__isnull=False)))
        .order_by("-starts_at")[:LIST_LIMIT]
    )
    return render(request, "activities/admin/trainings.html", {"sessions": sessions})


def training_new(request):
    _require(permissions.may_run_trainings, request.user)
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.created_by = request.user
        session.save()
        form.save_m2m()
        messages.success(request, _("已建立培训，签到二维码已生成。"))
        return redirect("activities_admin:training", session.pk)
    return render(request, "activities/admin/training_form.html", {"form": form})


def _session(request, pk):
    _require(permissions.may_run_trainings, request.user)
    return get_object_or_404(
        permissions.trainings_for(request.user).select_related("township", "quiz"), pk=pk
    )


def training(request, pk):
    session = _session(request, pk)
    attendances = session.attendances.select_related("category", "certificate", "key_unit").order_by(
        "signed_in_at", "pk"
    )
    form = ExpectedForm(session=session)
    return render(
        request,
        "activities/admin/training.html",
        {
            "session": session,
            "attendances": attendances,
            "present": sum(1 for a in attendances if a.present),
            "form": form,
            "sign_in_url": absolute(reverse("activities:sign_in", args=[session.code])),
            "state": session.sign_in_state(),
            "key_units": KeyUnit.objects.filter(township_id=session.township_id)
            .order_by("name")
            .only("pk", "name"),
        },
    )


def training_qr(request, pk):
    """The sign-in code, large, to show on the room's screen or print."""
    session = _session(request, pk)
    return render(
        request,
        "activities/admin/training_qr.html",
        {"session": session, "sign_in_url": absolute(reverse("activities:sign_in", args=[session.code]))},
    )


@require_POST
def training_add(request, pk):
    session = _session(request, pk)
    form = ExpectedForm(request.POST, session=session)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_expected(
                session,
                name=data["name"],
                unit=data["unit"],
                post=data["post"],
                category=data["category"],
                mobile=data["mobile"],
                user=request.user,
            )
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("已加入名单。"))
    else:
        messages.error(
            request, _("没有加入名单：") + " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("activities_admin:training", session.pk)


@require_POST
def training_key_unit(request, pk):
    """Staff say which key unit an attendee works for, when the typed name did not match."""
    session = _session(request, pk)
    attendance = get_object_or_404(session.attendances, pk=parse_id(request.POST.get("attendance")))
    unit_id = parse_id(request.POST.get("key_unit"))
    key_unit = None
    if unit_id:
        key_unit = KeyUnit.objects.filter(pk=unit_id, township_id=session.township_id).first()
        if key_unit is None:
            messages.error(request, _("这个重点单位不在本场培训的乡镇。"))
            return redirect("activities_admin:training", session.pk)
    services.set_key_unit(attendance, key_unit, request.user)
    messages.success(request, _("已更正%(name)s所在的重点单位。") % {"name": attendance.name})
    return redirect("activities_admin:training", session.pk)


@require_POST
def training_tick(request, pk):
    session = _session(request, pk)
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("present")) if i]
    marked = services.tick(session, ids, request.user)
    messages.success(request, _("已勾选签到 %(n)d 人。") % {"n": marked})
    return redirect("activities_admin:training", session.pk)


@require_POST
def training_close(request, pk):
    session = _session(request, pk)
    services.close_sign_in(session, request.user)
    messages.success(request, _("签到已关闭。"))
    return redirect("activities_admin:training", session.pk)


def training_export(request, pk):
    """The attendance list with the columns of a paper sign-in sheet."""
    session = _session(request, pk)
    attendances = session.attendances.select_related("category", "certificate").order_by("signed_in_at", "pk")
    header = [
        _("序号"),
        _("姓名"),
        _("工作单位"),
        _("岗位"),
        _("人员类别"),
        _("联系电话"),
        _("签到时间"),
        _("签到方式"),
        _("测验成绩"),
        _("证书编号"),
        _("本人签名"),
    ]
    rows = []
    for number, a in enumerate(attendances, start=1):
        certificate = getattr(a, "certificate", None)
        rows.append(
            [
                number,
                a.name,
                a.unit,
                a.post,
                a.category.name,
                a.mobile,
                timezone.localtime(a.signed_in_at).strftime("%Y-%m-%d %H:%M")
                if a.signed_in_at
                else _("未到"),
                a.get_source_display(),
                a.score if a.score is not None else "",
                certificate.number if certificate else "",
                "",
            ]
        )
    title = _("%(topic)s 签到表（%(day)s，%(place)s，授课人：%(trainer)s）") % {
        "topic": session.topic,
        "day": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "place": session.place,
        "trainer": session.trainer,
    }
    sheet = Sheet(_("签到表"), header, rows, title_line=title, column_widths={"C": 28, "G": 18, "K": 16})
    return xlsx_response(f"sign-in-{session.pk}.xlsx", [sheet])


# Key units -------------------------------------------------------------------------------


def _units(request):
    _require(permissions.may_see_key_units, request.user)
    units = KeyUnit.objects.filter(permissions.key_unit_scope(request.user))
    township_id = parse_id(request.GET.get("township"))
    if township_id:
        units = units.filter(township_id=township_id)
    return units


def key_units(request):
    units = _units(request)
    on = timezone.localdate()
    rows, by_township = keyunits.coverage(on, units)
    townships = sorted(by_township.items(), key=lambda item: item[0].sort_order)
    covered = sum(row.covered for row in rows)
    return render(
        request,
        "activities/admin/key_units.html",
        {
            "rows": rows,
            "townships": townships,
            "covered": covered,
            "total": len(rows),
            "on": on,
            "may_import": permissions.may_import_key_units(request.user),
            "form": KeyUnitImportForm(),
        },
    )


def key_units_export(request):
    units = _units(request)
    on = timezone.localdate()
    rows, by_township = keyunits.coverage(on, units)
    yes, no = _("已培训"), _("未培训")
    body = [
        [
            row.unit.township.name,
            row.unit.name,
            row.unit.kind,
            row.unit.responsible_person,
            yes if row.responsible else no,
            row.unit.manager_person,
            yes if row.manager else no,
            _("已覆盖") if row.covered else _("未覆盖"),
        ]
        for row in rows
    ]
    header = [
        _("乡镇"),
        _("单位名称"),
        _("单位类别"),
        _("消防安全责任人"),
        _("责任人培训"),
        _("消防安全管理人"),
        _("管理人培训"),
        _("覆盖情况"),
    ]
    summary = [
        [township.name, covered, total, f"{covered * 100 / total:.1f}%" if total else "—"]
        for township, (covered, total) in sorted(by_township.items(), key=lambda item: item[0].sort_order)
    ]
    all_covered = sum(c for c, _t in by_township.values())
    all_total = sum(t for _c, t in by_township.values())
    summary.append(
        [_("全县"), all_covered, all_total, f"{all_covered * 100 / all_total:.1f}%" if all_total else "—"]
    )
    title = _("%(year)s年重点单位消防安全责任人、管理人培训覆盖情况（截至%(day)s）") % {
        "year": on.year,
        "day": on.isoformat(),
    }
    sheets = [
        Sheet(
            _("乡镇汇总"),
            [_("乡镇"), _("已覆盖"), _("重点单位数"), _("覆盖率")],
            summary,
            title_line=title,
            bold_last_row=True,
        ),
        Sheet(
            _("重点单位"),
            header,
            body,
            title_line=title,
            highlight=lambda r, c, v: c == 7 and v == _("未覆盖"),
        ),
    ]
    return xlsx_response(f"key-units-{on:%Y%m%d}.xlsx", sheets)


def key_units_template(request):
    _require(permissions.may_import_key_units, request.user)
    return xlsx_response("key-units-template.xlsx", [keyunits.template_sheet()])


@require_POST
def key_units_import(request):
    _require(permissions.may_import_key_units, request.user)
    form = KeyUnitImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要导入的文件。"))
        return redirect("activities_admin:key_units")
    try:
        result = keyunits.import_key_units(form.cleaned_data["file"], request.user)
    except ImportRefused as refused:
        messages.error(
            request, _("没有导入任何单位，请改正以下问题后重新上传：") + "；".join(refused.errors[:50])
        )
    else:
        messages.success(
            request,
            _("已导入：新增 %(c)d 个，更新 %(u)d 个重点单位。") % {"c": result.created, "u": result.updated},
        )
    return redirect("activities_admin:key_units")
