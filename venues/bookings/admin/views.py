"""Base staff's screens in the admin: pending queue and waiting list, calendar, day sheet
with check-in, statistics and exports. Every view checks the role itself (403 otherwise)."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.exports import Sheet, csv_response, xlsx_response
from outreach.http import parse_day, parse_id
from outreach.models import Claim

from .. import services, stats
from ..models import Booking, ClosedDay, Slot, Status
from ..permissions import base_staff_required
from .forms import CheckInForm, ReasonForm


def _date(value):
    """A date typed into a form: None unless it is a real one ("2026-02-30" is not)."""
    return parse_day(value, None)[0]


def _day_asked(request, name):
    """The day a screen is asked for in the URL; today, with a word why, when unusable."""
    day, error = parse_day(request.GET.get(name), timezone.localdate())
    if error:
        messages.warning(request, error)
    return day


def _booking(pk):
    booking = Booking.objects.select_related("slot").filter(pk=parse_id(pk)).first() if parse_id(pk) else None
    if booking is None:
        from django.http import Http404

        raise Http404
    return booking


@base_staff_required
def queue(request):
    """Pending bookings (oldest first, overdue flagged) and the waiting list."""
    overdue_before = services.pending_overdue_before()
    pending = list(
        Booking.objects.holding()
        .filter(status=Status.PENDING)
        .select_related("slot", "school", "claim")
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


@base_staff_required
def decide(request, pk):
    if request.method != "POST":
        return redirect("bookings_admin:queue")
    booking = _booking(pk)
    try:
        if request.POST.get("action") == "approve":
            services.approve(booking.pk, request.user)
            messages.success(request, _("已确认 %(org)s 的预约。") % {"org": booking.org_name})
        elif request.POST.get("action") == "refuse":
            services.refuse(booking.pk, request.POST.get("reason", ""), request.user)
            messages.success(request, _("已拒绝 %(org)s 的预约，并通知对方。") % {"org": booking.org_name})
        elif request.POST.get("action") == "cancel":
            services.cancel(booking.pk, by_staff=True)
            messages.success(request, _("已取消 %(org)s 的预约。") % {"org": booking.org_name})
    except services.BookingError as error:
        messages.error(request, error.message)
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/admin/")
        else reverse("bookings_admin:queue")
    )


@base_staff_required
def calendar(request):
    """The coming weeks' slots with their bookings; generate slots, close days, call off."""
    start = _day_asked(request, "from")
    end = start + timedelta(days=28)
    slots = list(Slot.objects.filter(start__date__range=(start, end)).with_taken().order_by("start"))
    counts = {}
    for slot_id, status in Booking.objects.filter(slot__in=slots).values_list("slot_id", "status"):
        counts.setdefault(slot_id, {}).setdefault(status, 0)
        counts[slot_id][status] += 1
    for slot in slots:
        slot.counts = counts.get(slot.pk, {})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "generate":
                first = _date(request.POST.get("first"))
                last = _date(request.POST.get("last"))
                weekdays = [int(d) for d in request.POST.getlist("weekday") if d in "0123456"]
                times = [
                    datetime.strptime(t.strip(), "%H:%M").time()
                    for t in request.POST.get("times", "").replace("，", ",").split(",")
                    if t.strip()
                ]
                capacity_persons = parse_id(request.POST.get("capacity"))
                if (
                    not (first and last and weekdays and times and capacity_persons)
                    or last < first
                    or (last - first).days > 366
                ):
                    raise services.BookingError(
                        _("请填写起止日期（一年以内）、星期、时间（如 9:00,14:30）和人数。")
                    )
                made = services.generate_slots(first, last, weekdays, times, capacity_persons)
                messages.success(
                    request, _("已生成 %(n)d 个场次（节假日和闭馆日已跳过）。") % {"n": len(made)}
                )
            elif action == "close_day":
                day = _date(request.POST.get("day"))
                services.close_day(day, request.POST.get("reason", ""), request.user)
                messages.success(request, _("%(day)s 已设为闭馆，当天的预约已通知改约。") % {"day": day})
            elif action == "call_off":
                slot_id = parse_id(request.POST.get("slot"))
                slot = Slot.objects.filter(pk=slot_id).first() if slot_id else None
                if slot is None:
                    raise services.BookingError(_("没有这个场次。"))
                affected = services.call_off(slot.pk, request.POST.get("reason", ""), request.user)
                messages.success(request, _("已取消该场次，通知了 %(n)d 个团体改约。") % {"n": len(affected)})
        except ValueError:
            messages.error(request, _("时间格式不对，请写成 9:00,10:30。"))
        except services.BookingError as error:
            messages.error(request, error.message)
        return redirect(request.get_full_path())
    return TemplateResponse(
        request,
        "bookings/admin/calendar.html",
        {
            "slots": slots,
            "start": start,
            "previous": start - timedelta(days=28),
            "next": end,
            "closed": ClosedDay.objects.filter(date__range=(start, end)),
            "weekdays": [
                (0, _("周一")),
                (1, _("周二")),
                (2, _("周三")),
                (3, _("周四")),
                (4, _("周五")),
                (5, _("周六")),
                (6, _("周日")),
            ],
        },
    )


@base_staff_required
def day_sheet(request):
    """One day's groups, printable; check-in by code (typed or scanned)."""
    day = _day_asked(request, "day")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking = Booking.objects.select_related("slot").filter(code=form.cleaned_data["code"]).first()
        if booking is None:
            form.add_error("code", _("没有这个预约码，请核对。"))
        else:
            attended = form.cleaned_data.get("attended") or booking.visitors
            try:
                services.check_in(booking.pk, attended, request.user)
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("%(org)s 已签到，实到 %(n)d 人。") % {"org": booking.org_name, "n": attended}
                )
                return redirect(reverse("bookings_admin:day") + f"?day={day:%Y-%m-%d}")
    bookings = list(
        Booking.objects.filter(slot__start__date=day)
        .exclude(status__in=(Status.DECLINED, Status.EXPIRED))
        .exclude(claim__status__in=(Claim.WAITING, Claim.OFFERED))
        .select_related("slot", "school", "claim")
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
            "expected": sum(
                b.visitors
                for b in bookings
                if b.status in (Status.APPROVED, Status.PENDING, Status.CHECKED_IN)
            ),
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
        from django.http import Http404

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
