"""Base staff's screens in the admin: pending queue and waiting list, calendar (week and
month), a slot's and a booking's page (changes on the group's behalf), bookings entered for
a group that phoned, the day sheet with check-in, alerts, statistics and exports.

Every view checks the role itself (403 otherwise) and every change is one service call.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity
from outreach.exports import Sheet, csv_response, xlsx_response
from outreach.http import parse_day, parse_id
from outreach.models import Claim
from outreach.security import uses_camera

from .. import services, stats
from ..models import ACTIVE, Booking, BookingRules, ClosedDay, PatternRow, Slot, StaffAlert, Status
from ..permissions import base_staff_required
from .forms import (
    WEEKDAYS,
    AlertForm,
    CallOffForm,
    CapacityForm,
    ChangeForm,
    CheckInForm,
    CloseDayForm,
    GenerateSlotsForm,
    MoveForm,
    OnBehalfForm,
    OneOffSlotForm,
    PatternRowForm,
    ReasonForm,
)


def _day_asked(request, name):
    """The day a screen is asked for in the URL; today, with a word why, when unusable."""
    day, error = parse_day(request.GET.get(name), timezone.localdate())
    if error:
        messages.warning(request, error)
    return day


def _booking(pk):
    booking_pk = parse_id(pk)
    booking = (
        Booking.objects.select_related("slot", "slot__pool", "claim", "programme", "township")
        .filter(pk=booking_pk)
        .first()
        if booking_pk
        else None
    )
    if booking is None:
        raise Http404
    return booking


def _slot(pk):
    slot_pk = parse_id(pk)
    slot = Slot.objects.select_related("pool").with_taken().filter(pk=slot_pk).first() if slot_pk else None
    if slot is None:
        raise Http404
    return slot


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def pending_count():
    return Booking.objects.holding().filter(status=Status.PENDING).count()


@base_staff_required
def queue(request):
    """Pending bookings (oldest first, overdue flagged) and the waiting list, as cards."""
    overdue_before = services.pending_overdue_before()
    pending = list(
        Booking.objects.holding()
        .filter(status=Status.PENDING)
        .select_related("slot", "school", "claim", "programme")
        .order_by("created_at")
    )
    waiting = list(
        Booking.objects.waiting()
        .select_related("slot", "claim")
        .order_by("slot__start", "-claim__priority", "claim__created_at")
    )
    no_shows = services.previous_no_shows(pending + waiting)
    for booking in pending + waiting:
        booking.previous_no_shows = no_shows.get(booking.pk, 0)
        booking.overdue = (
            booking.status == Status.PENDING
            and timezone.localtime(booking.created_at).date() < overdue_before
        )
    return TemplateResponse(
        request,
        "bookings/admin/queue.html",
        {"pending": pending, "waiting": waiting, "reason_form": ReasonForm()},
    )


def _next(request, default):
    target = request.POST.get("next", "")
    return target if target.startswith("/admin/") and "//" not in target else default


@base_staff_required
def decide(request, pk):
    if request.method != "POST":
        return redirect("bookings_admin:queue")
    booking = _booking(pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            services.approve(booking.pk, request.user)
            messages.success(request, _("已确认 %(org)s 的预约。") % {"org": booking.org_name})
        elif action == "refuse":
            services.refuse(booking.pk, reason, request.user)
            messages.success(request, _("已拒绝 %(org)s 的预约，并通知对方。") % {"org": booking.org_name})
        elif action == "cancel":
            services.cancel_on_behalf(booking.pk, reason, request.user)
            messages.success(
                request, _("已代为取消 %(org)s 的预约，并通知对方。") % {"org": booking.org_name}
            )
        else:
            messages.error(request, _("不认识的操作。"))
    except services.BookingError as error:
        messages.error(request, error.message)
    return redirect(_next(request, reverse("bookings_admin:queue")))


@base_staff_required
def approve_many(request):
    if request.method != "POST":
        return redirect("bookings_admin:queue")
    ids = [pk for pk in (parse_id(v) for v in request.POST.getlist("booking")[:200]) if pk]
    if not ids:
        messages.error(request, _("请先勾选要确认的预约。"))
        return redirect("bookings_admin:queue")
    approved, problems = services.approve_many(ids, request.user)
    if approved:
        messages.success(request, _("已确认 %(n)d 条预约。") % {"n": len(approved)})
    for problem in problems:
        messages.error(request, problem)
    return redirect("bookings_admin:queue")


@base_staff_required
def booking_detail(request, pk):
    """One booking: change it on the group's behalf, move it, cancel it, mark the door."""
    booking = _booking(pk)
    change_form = ChangeForm(
        initial={
            "pupils": booking.pupils,
            "adults": booking.adults,
            "contact_name": booking.contact_name,
            "mobile": booking.mobile,
            "programme": booking.programme_id,
        }
    )
    move_form = MoveForm(booking=booking)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "change":
                change_form = ChangeForm(request.POST)
                if not change_form.is_valid():
                    raise services.BookingError(_("有几项需要修改，请看下面的提示。"))
                data = change_form.cleaned_data
                services.change(
                    booking.pk,
                    request.user,
                    data["reason"],
                    visitors=data["pupils"] + data["adults"],
                    adults=data["adults"],
                    contact_name=data["contact_name"],
                    mobile=data["mobile"],
                    programme=data["programme"],
                )
                messages.success(request, _("已修改预约。"))
            elif action == "move":
                move_form = MoveForm(request.POST, booking=booking)
                if not move_form.is_valid():
                    raise services.BookingError(_("请选择场次并写明原因。"))
                moved = services.move(
                    booking.pk,
                    move_form.cleaned_data["slot"].pk,
                    request.user,
                    move_form.cleaned_data["reason"],
                )
                messages.success(request, _("已改到 %(when)s。") % {"when": moved.slot})
            elif action == "cancel":
                services.cancel_on_behalf(booking.pk, request.POST.get("reason", ""), request.user)
                messages.success(request, _("已代为取消，并通知了团体。"))
            elif action == "no_show":
                services.mark_no_show(booking.pk, request.user, request.POST.get("reason", ""))
                messages.success(request, _("已记为未到场。"))
            elif action == "undo_check_in":
                services.undo_check_in(booking.pk, request.user, request.POST.get("reason", ""))
                messages.success(request, _("已撤销签到。"))
            else:
                raise services.BookingError(_("不认识的操作。"))
        except services.BookingError as error:
            messages.error(request, error.message)
            booking = _booking(pk)
        else:
            return redirect("bookings_admin:booking", booking.pk)
    return TemplateResponse(
        request,
        "bookings/admin/booking.html",
        {
            "booking": booking,
            "change_form": change_form,
            "move_form": move_form,
            "reason_form": ReasonForm(),
            "active": booking.status in ACTIVE,
            "started": booking.slot.start <= timezone.now(),
        },
        status=400 if request.method == "POST" else 200,
    )


@base_staff_required
def on_behalf(request, slot_pk):
    """A group that phoned: staff enter its booking for this slot."""
    slot = _slot(slot_pk)
    form = OnBehalfForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = services.book_on_behalf(
                    slot.pk, data, data["reason"], request.user, wait=data.get("wait", False)
                )
            except services.BookingError as error:
                field = {"visitors": "pupils"}.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("已为 %(org)s 登记预约（预约码 %(code)s），短信已发给联系人。")
                    % {"org": booking.org_name, "code": booking.code},
                )
                return redirect("bookings_admin:booking", booking.pk)
    return TemplateResponse(
        request,
        "bookings/admin/on_behalf.html",
        {"slot": slot, "form": form, "left": slot.places_left},
        status=status,
    )


def _grid(first, last):
    """Slots between two days with their places and groups: held, waiting and free persons
    (from the claims), pending and approved groups (from the bookings). Three queries."""
    slots = list(
        Slot.objects.filter(start__date__range=(first, last))
        .select_related("pool")
        .with_taken()
        .order_by("start")
    )
    waiting = capacity.places_waiting("pool__visit_slot", pool__visit_slot__in=slots)
    groups = {
        row["slot_id"]: row
        for row in Booking.objects.filter(slot__in=slots)
        .order_by()
        .values("slot_id")
        .annotate(
            pending=Count("pk", filter=Q(status=Status.PENDING, claim__status=Claim.HELD)),
            approved=Count(
                "pk", filter=Q(status__in=(Status.APPROVED, Status.CHECKED_IN), claim__status=Claim.HELD)
            ),
        )
    }
    closed = dict(ClosedDay.objects.filter(date__range=(first, last)).values_list("date", "reason"))
    days = {}
    day = first
    while day <= last:
        days[day] = {
            "date": day,
            "slots": [],
            "closed": closed.get(day),
            "weekday": WEEKDAYS[day.weekday()][1],
        }
        day += timedelta(days=1)
    for slot in slots:
        slot.waiting_persons = waiting.get(slot.pk, 0)
        row = groups.get(slot.pk, {})
        slot.pending_groups = row.get("pending", 0)
        slot.approved_groups = row.get("approved", 0)
        days[timezone.localtime(slot.start).date()]["slots"].append(slot)
    return list(days.values())


@base_staff_required
def calendar(request):
    """Week or month grid of slots with held / waiting / free in Chinese; add slots by the
    weekly pattern or one-off; close a day. Every POST is one service call."""
    view = "month" if request.GET.get("view") == "month" else "week"
    day = _day_asked(request, "from")
    if view == "month":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        previous, following = (first - timedelta(days=1)).replace(day=1), last + timedelta(days=1)
    else:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=6)
        previous, following = first - timedelta(days=7), first + timedelta(days=7)
    generate_form, one_off_form, close_form = GenerateSlotsForm(), OneOffSlotForm(), CloseDayForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "generate":
                generate_form = GenerateSlotsForm(request.POST)
                if not generate_form.is_valid():
                    _form_errors(request, generate_form)
                    raise services.BookingError(
                        _("请填写起止日期（一年以内）、星期、时间（如 9:00,14:30）和人数。")
                    )
                data = generate_form.cleaned_data
                made = services.generate_slots(
                    data["first"], data["last"], data["weekday"], data["times"], data["capacity"]
                )
                messages.success(
                    request, _("已生成 %(n)d 个场次（节假日和闭馆日已跳过）。") % {"n": len(made)}
                )
            elif action == "one_off":
                one_off_form = OneOffSlotForm(request.POST)
                if not one_off_form.is_valid():
                    raise services.BookingError(_("请填写开始时间、时长、人数和加开原因。"))
                data = one_off_form.cleaned_data
                slot = services.add_one_off_slot(
                    data["start"], data["capacity"], data["minutes"], data["reason"], request.user
                )
                messages.success(request, _("已加开 %(when)s 的场次。") % {"when": slot})
            elif action == "close_day":
                close_form = CloseDayForm(request.POST)
                if not close_form.is_valid():
                    raise services.BookingError(_("请填写闭馆日期和原因。"))
                data = close_form.cleaned_data
                affected = services.close_day(data["day"], data["reason"], request.user)
                messages.success(
                    request,
                    _("%(day)s 已设为闭馆，%(n)d 个团体已收到改约通知。")
                    % {"day": data["day"], "n": len(affected)},
                )
            else:
                raise services.BookingError(_("不认识的操作。"))
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            return redirect(request.get_full_path())
    return TemplateResponse(
        request,
        "bookings/admin/calendar.html",
        {
            "view": view,
            "start": day,
            "days": _grid(first, last),
            "first": first,
            "last": last,
            "previous": previous,
            "following": following,
            "pending_count": pending_count(),
            "generate_form": generate_form,
            "one_off_form": one_off_form,
            "close_form": close_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@base_staff_required
def slot_detail(request, pk):
    """One slot: its groups, its size, calling it off, entering a phoned booking."""
    slot = _slot(pk)
    capacity_form = CapacityForm(initial={"capacity": slot.pool_size})
    call_off_form = CallOffForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "capacity":
                capacity_form = CapacityForm(request.POST)
                if not capacity_form.is_valid():
                    raise services.BookingError(
                        _("请填写人数（1 至 %(max)d）和原因。") % {"max": services.MAX_SLOT_PERSONS}
                    )
                services.set_capacity(
                    slot.pk,
                    capacity_form.cleaned_data["capacity"],
                    capacity_form.cleaned_data["reason"],
                    request.user,
                )
                messages.success(
                    request, _("可接待人数已改为 %(n)d。") % {"n": capacity_form.cleaned_data["capacity"]}
                )
            elif action == "call_off":
                affected = services.call_off(slot.pk, request.POST.get("reason", ""), request.user)
                messages.success(request, _("已取消该场次，通知了 %(n)d 个团体改约。") % {"n": len(affected)})
            else:
                raise services.BookingError(_("不认识的操作。"))
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            return redirect("bookings_admin:slot", slot.pk)
    bookings = list(
        Booking.objects.filter(slot=slot)
        .with_state()
        .select_related("claim")
        .order_by("-claim__priority", "created_at")
    )
    return TemplateResponse(
        request,
        "bookings/admin/slot.html",
        {"slot": slot, "bookings": bookings, "capacity_form": capacity_form, "call_off_form": call_off_form},
        status=400 if request.method == "POST" else 200,
    )


@base_staff_required
@uses_camera
def day_sheet(request):
    """One day's groups as cards, printable; check-in by a button per group, by code typed
    or by the camera (the QR carries the code)."""
    day = _day_asked(request, "day")
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            booking = Booking.objects.select_related("slot").filter(code=form.cleaned_data["code"]).first()
            if booking is None:
                form.add_error("code", _("没有这个预约码，请核对。"))
            else:
                attended = form.cleaned_data.get("attended") or booking.visitors
                try:
                    services.check_in(
                        booking.pk, attended, request.user, note=form.cleaned_data.get("note", "")
                    )
                except services.BookingError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        _("%(org)s 已签到，实到 %(n)d 人。") % {"org": booking.org_name, "n": attended},
                    )
                    return redirect(reverse("bookings_admin:day") + f"?day={day:%Y-%m-%d}")
        for error in form.non_field_errors():
            messages.error(request, error)
        for field in ("code", "attended", "note"):
            for error in form.errors.get(field, []):
                messages.error(request, error)
    bookings = list(
        Booking.objects.filter(slot__start__date=day)
        .exclude(status__in=(Status.DECLINED, Status.EXPIRED))
        .exclude(claim__status__in=(Claim.WAITING, Claim.OFFERED))
        .select_related("slot", "school", "claim", "programme")
        .order_by("slot__start", "org_name")
    )
    no_shows = services.previous_no_shows(bookings)
    for booking in bookings:
        booking.previous_no_shows = no_shows.get(booking.pk, 0)
    return TemplateResponse(
        request,
        "bookings/admin/day.html",
        {
            "day": day,
            "bookings": bookings,
            "form": form,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "pending_count": pending_count(),
            "expected": sum(
                b.visitors
                for b in bookings
                if b.status in (Status.APPROVED, Status.PENDING, Status.CHECKED_IN)
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@base_staff_required
def alerts(request):
    """How this member of staff is told of new and cancelled bookings."""
    current = StaffAlert.objects.filter(user=request.user).first() or StaffAlert(user=request.user)
    form = AlertForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存提醒方式。"))
        return redirect("bookings_admin:alerts")
    phone = getattr(getattr(request.user, "profile", None), "phone", "")
    return TemplateResponse(request, "bookings/admin/alerts.html", {"form": form, "phone": phone})


def _pattern_summary(summary):
    return (
        _(
            "以后各周已按安排更新：新开 %(made)d 场，调整 %(updated)d 场，撤下 %(removed)d 场；已有预约的 %(kept)d 场保持不变。"
        )
        % summary
    )


@base_staff_required
def pattern(request):
    """The base's weekly pattern as cards, one form to add or change a row; every change
    is applied to the coming weeks at once (slots holding bookings stay as they are)."""
    rows = list(PatternRow.objects.select_related("programme"))
    editing = next((row for row in rows if str(row.pk) == request.GET.get("edit", "")), None)
    initial = (
        {
            "weekday": editing.weekday,
            "start": editing.start,
            "minutes": editing.minutes,
            "places": editing.places,
            "programme": editing.programme_id,
        }
        if editing
        else None
    )
    form = PatternRowForm(initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        row_id = parse_id(request.POST.get("row"))
        try:
            if action == "save":
                form = PatternRowForm(request.POST)
                if not form.is_valid():
                    _form_errors(request, form)
                    raise services.BookingError(_("请填写星期、开始时间、时长（或参观项目）和人数。"))
                data = form.cleaned_data
                _row, summary = services.save_pattern_row(
                    data["weekday"],
                    data["start"],
                    data["places"],
                    request.user,
                    minutes=data["minutes"],
                    programme_id=data["programme"].pk if data["programme"] else None,
                    row_id=row_id,
                )
                messages.success(request, _pattern_summary(summary))
            elif action == "delete" and row_id:
                messages.success(request, _pattern_summary(services.delete_pattern_row(row_id, request.user)))
            elif action == "apply":
                messages.success(request, _pattern_summary(services.apply_pattern()))
            else:
                raise services.BookingError(_("不认识的操作。"))
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            return redirect("bookings_admin:pattern")
    return TemplateResponse(
        request,
        "bookings/admin/pattern.html",
        {"rows": rows, "form": form, "editing": editing, "closes_at": BookingRules.current().closes_at},
        status=400 if request.method == "POST" else 200,
    )


def _month(request):
    """The month asked for (?month=YYYY-MM), within the days the platform accepts; this
    month, with a word why, when unusable."""
    value = request.GET.get("month", "").strip()
    day, error = parse_day(f"{value}-01" if value else "", timezone.localdate())
    if error:
        messages.warning(request, error)
    return day.replace(day=1)


@base_staff_required
def month_report(request, fmt="html"):
    """The month's visits next to the same month last year: HTML to print, or XLSX."""
    month = _month(request)
    report = stats.month_report(month)
    if fmt == "xlsx":
        return xlsx_response(f"base-visits-{month:%Y-%m}.xlsx", stats.month_report_sheets(report))
    if fmt != "html":
        raise Http404
    return TemplateResponse(
        request,
        "bookings/admin/month_report.html",
        {
            "report": report,
            "month": month,
            "previous": (month - timedelta(days=1)).replace(day=1),
            "following": (month + timedelta(days=32)).replace(day=1),
        },
    )


def _year(request):
    year = parse_id(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


@base_staff_required
def statistics(request):
    year = _year(request)
    return TemplateResponse(
        request,
        "bookings/admin/stats.html",
        {
            "year": year,
            "by_month": stats.by_month(year),
            "by_setting": stats.visits_by_setting(year),
            "by_township": stats.visits_by_township(year),
        },
    )


EXPORT_HEADER = [
    "预约码",
    "场次",
    "单位类型",
    "单位名称",
    "乡镇",
    "联系人",
    "手机号",
    "人数",
    "成人",
    "年龄段",
    "状态",
    "实到人数",
    "提交时间",
]


def _export_rows(year):
    rows = []
    for b in (
        Booking.objects.filter(slot__start__year=year)
        .select_related("slot", "township")
        .order_by("slot__start")
    ):
        rows.append(
            [
                b.code,
                f"{timezone.localtime(b.slot.start):%Y-%m-%d %H:%M}",
                b.get_org_kind_display(),
                b.org_name,
                b.township.name if b.township else "",
                b.contact_name,
                b.mobile,
                b.visitors,
                b.adults,
                b.get_age_band_display(),
                b.get_status_display(),
                b.attended if b.attended is not None else "",
                f"{timezone.localtime(b.created_at):%Y-%m-%d %H:%M}",
            ]
        )
    return rows


@base_staff_required
def export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year = _year(request)
    header = [_(h) for h in EXPORT_HEADER]
    rows = _export_rows(year)
    if fmt == "csv":
        return csv_response(f"base-visits-{year}.csv", header, rows)
    summary = [[str(r["label"]), r["groups"], r["visitors"]] for r in stats.visits_by_setting(year)]
    return xlsx_response(
        f"base-visits-{year}.xlsx",
        [
            Sheet(title=_("预约明细"), header=header, rows=rows),
            Sheet(title=_("按五进领域"), header=[_("领域"), _("团体数"), _("人数")], rows=summary),
        ],
    )
