"""Organiser screens for running an event: copies and weekly repeats, calling a shift off
or deleting it, messages to a shift or an event, the printable roster, walk-ins, undoing a
check-in and correcting hours. Every view checks the organiser's scope itself (404 outside
it); the work is done by the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import ModelLogEntry

from outreach.exports import Sheet, xlsx_response

from .. import pdf, services
from ..forms import (
    CopyEventForm,
    CopyShiftForm,
    CorrectHoursForm,
    MessageForm,
    ReasonForm,
    RepeatWeeklyForm,
    WalkInForm,
)
from ..models import Signup
from ..permissions import events_for, shifts_for, signups_for
from .views import _require_organiser


def _form_error(request, form):
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


def _shift(request, pk):
    _require_organiser(request)
    return get_object_or_404(shifts_for(request.user).select_related("event", "pool"), pk=pk)


@login_required
@require_POST
def shift_copy(request, pk):
    shift = _shift(request, pk)
    form = CopyShiftForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("volunteers:manage_event", shift.event_id)
    try:
        copy = services.copy_shift(shift, starts_at=form.cleaned_data["starts_at"])
    except services.Refused as refused:
        messages.error(request, refused.message)
        return redirect("volunteers:manage_event", shift.event_id)
    messages.success(request, _("已复制岗位，可以在下面修改。"))
    return redirect("volunteers:shift_edit", shift.event_id, copy.pk)


@login_required
@require_POST
def shift_repeat(request, pk):
    shift = _shift(request, pk)
    form = RepeatWeeklyForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
    else:
        copies = services.repeat_weekly(shift, form.cleaned_data["weeks"])
        messages.success(request, _("已按每周重复添加 %(n)s 个岗位。") % {"n": len(copies)})
    return redirect("volunteers:manage_event", shift.event_id)


@login_required
@require_POST
def event_copy(request, pk):
    _require_organiser(request)
    event = get_object_or_404(events_for(request.user), pk=pk)
    form = CopyEventForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("volunteers:manage_event", event.pk)
    copy = services.copy_event(event, days=form.cleaned_data["days"], user=request.user)
    messages.success(request, _("已复制为草稿活动，请核对后发布。"))
    return redirect("volunteers:manage_event", copy.pk)


@login_required
@require_POST
def shift_cancel(request, pk):
    shift = _shift(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        told = services.cancel_shift(shift, request.user, reason)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("岗位已取消，已通知 %(n)s 位报名或候补的志愿者。") % {"n": told})
    return redirect("volunteers:manage_event", shift.event_id)


@login_required
@require_POST
def shift_delete(request, pk):
    shift = _shift(request, pk)
    event_id = shift.event_id
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        told = services.delete_shift(shift, request.user, reason)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("岗位已删除，已通知 %(n)s 位报名或候补的志愿者。") % {"n": told})
    return redirect("volunteers:manage_event", event_id)


@login_required
@require_http_methods(["GET", "POST"])
def message(request, pk):
    """Message everyone signed up or waiting on the event, or on one of its shifts."""
    _require_organiser(request)
    event = get_object_or_404(events_for(request.user), pk=pk)
    shifts = list(event.shifts.order_by("starts_at"))
    initial = {"shift": request.GET.get("shift")} if request.GET.get("shift", "").isdigit() else {}
    form = MessageForm(request.POST or None, shifts=shifts, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            shift = next((s for s in shifts if s.pk == data["shift"]), None)
            try:
                sent = services.message_volunteers(
                    event, request.user, body=data["body"], shift=shift, sms=data["channel"] == form.SMS
                )
            except services.Refused as refused:
                form.add_error(None, refused.message)
                status = 400
            else:
                messages.success(request, _("消息已发送给 %(n)s 位志愿者。") % {"n": sent})
                return redirect("volunteers:message", event.pk)
        else:
            status = 400
    return render(
        request,
        "volunteers/manage/message.html",
        {"event": event, "form": form, "sent": services.sent_messages(event)[:50]},
        status=status,
    )


def _roster_rows(shift):
    """The printed roster: everyone holding a place (confirmed or checked in), by name."""
    return list(
        Signup.objects.confirmed()
        .filter(shift=shift)
        .select_related("volunteer__team")
        .order_by("volunteer__name", "pk")
    )


def _roster_or_refuse(request, pk):
    shift = _shift(request, pk)
    if shift.is_cancelled:
        messages.error(request, _("这个岗位已取消，没有可打印或导出的名单。"))
        return shift, None
    return shift, _roster_rows(shift)


@login_required
def roster_pdf(request, pk):
    shift, rows = _roster_or_refuse(request, pk)
    if rows is None:
        return redirect("volunteers:roster", shift.pk)
    response = HttpResponse(pdf.roster_pdf(shift, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="roster-{shift.pk}.pdf"'
    return response


@login_required
def roster_xlsx(request, pk):
    shift, rows = _roster_or_refuse(request, pk)
    if rows is None:
        return redirect("volunteers:roster", shift.pk)
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    sheet = Sheet(
        _("签到名单"),
        ["序号", "姓名", "手机号", "所属队伍", "签到", "签退", "签名"],
        [
            [
                n,
                str(signup.volunteer.display_name),
                signup.volunteer.mobile or "",
                signup.volunteer.team.name if signup.volunteer.team else "",
                f"{timezone.localtime(signup.checked_in_at):%H:%M}" if signup.checked_in_at else "",
                f"{timezone.localtime(signup.checked_out_at):%H:%M}" if signup.checked_out_at else "",
                "",
            ]
            for n, signup in enumerate(rows, start=1)
        ],
        title_line=f"{shift.event.title} · {shift.title} · {start:%Y-%m-%d %H:%M}–{end:%H:%M} · {shift.place_label}",
    )
    return xlsx_response(f"roster-{shift.pk}.xlsx", [sheet])


@login_required
@require_http_methods(["GET", "POST"])
def walk_in(request, pk):
    """A volunteer who turns up on the day: registered by mobile, signed up and checked in
    at once. A mobile already registered is offered to be signed up instead."""
    shift = _shift(request, pk)
    form = WalkInForm(request.POST or None)
    existing = None
    status = 200
    if request.method == "POST":
        existing_pk = request.POST.get("existing", "")
        if existing_pk.isdigit():
            mobile = request.POST.get("mobile", "")
            volunteer = services.registered(mobile)
            if volunteer is None or str(volunteer.pk) != existing_pk:
                messages.error(request, _("没有找到这位志愿者，请重新填写。"))
                return redirect("volunteers:walk_in", shift.pk)
            try:
                services.sign_in_on_the_spot(shift, volunteer, request.user)
            except services.Refused as refused:
                messages.error(request, refused.message)
                return redirect("volunteers:walk_in", shift.pk)
            messages.success(request, _("%(name)s 已报名并签到。") % {"name": volunteer})
            return redirect("volunteers:roster", shift.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                signup = services.walk_in(
                    shift,
                    request.user,
                    name=data["name"],
                    mobile=data["mobile"],
                    birth_date=data["birth_date"],
                )
            except services.Refused as refused:
                form.add_error(None, refused.message)
                existing = refused.volunteer
                status = 400
            else:
                messages.success(
                    request, _("%(name)s 已登记为志愿者，报名并签到。") % {"name": signup.volunteer}
                )
                return redirect("volunteers:roster", shift.pk)
        else:
            status = 400
    return render(
        request,
        "volunteers/manage/walk_in.html",
        {"shift": shift, "form": form, "existing": existing},
        status=status,
    )


@login_required
@require_POST
def undo_check(request, pk):
    _require_organiser(request)
    signup = get_object_or_404(signups_for(request.user).select_related("volunteer"), pk=pk)
    try:
        undone = services.undo_check(signup, request.user, (request.POST.get("reason") or "")[:200])
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        text = _("已撤销 %(name)s 的签退。") if undone == "out" else _("已撤销 %(name)s 的签到。")
        messages.success(request, text % {"name": signup.volunteer})
    return redirect("volunteers:roster", signup.shift_id)


HISTORY_ACTIONS = (
    services.HOURS_CONFIRM_ACTION,
    services.HOURS_CORRECT_ACTION,
    services.CHECK_IN_UNDO_ACTION,
    services.CHECK_OUT_UNDO_ACTION,
)


def signup_history(signup):
    return ModelLogEntry.objects.for_instance(signup).select_related("user").order_by("-timestamp")


@login_required
@require_http_methods(["GET", "POST"])
def correct_hours(request, pk):
    """Correct a sign-up's hours with a reason; the history shows every change."""
    _require_organiser(request)
    signup = get_object_or_404(signups_for(request.user).select_related("volunteer", "shift__event"), pk=pk)
    form = CorrectHoursForm(request.POST or None, initial={"hours": signup.hours})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.correct_hours(
                    signup, request.user, form.cleaned_data["hours"], form.cleaned_data["reason"]
                )
            except services.Refused as refused:
                form.add_error("hours", refused.message)
                status = 400
            else:
                messages.success(request, _("已更正 %(name)s 的服务时长。") % {"name": signup.volunteer})
                return redirect("volunteers:correct_hours", signup.pk)
        else:
            status = 400
    return render(
        request,
        "volunteers/manage/correct_hours.html",
        {"signup": signup, "form": form, "history": signup_history(signup)},
        status=status,
    )
