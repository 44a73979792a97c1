"""What the public sees: availability, the booking form, and a group's private booking page."""

from collections import OrderedDict
from datetime import UTC, timedelta

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from outreach import qr as qr_codes
from outreach.http import parse_id
from outreach.request_limits import PostLimit

from .. import services
from ..models import OFFERED, BaseIndexPage, Booking, BookingRules, ClosedDay, Slot, Status
from ..services.calendar import WorkingCalendar
from .forms import BookingForm, ResizeForm

POSTS_PER_HOUR = 20
ARRIVE_EARLY_MINUTES = 10
AVAILABILITY_SECONDS = 300


# Every POST to the booking form and the private links, valid or not, before it is read.
BOOKING_POSTS = PostLimit(
    "bookings",
    POSTS_PER_HOUR,
    setting="BOOKINGS_POSTS_PER_HOUR",
    message=_lazy("提交太频繁，请一小时后再试，或致电基地预约。"),
)


def _rate_limited(request):
    """The private link's actions: the same count, checked first (they carry no upload)."""
    return BOOKING_POSTS.refused(request)


def availability_context(now=None):
    """The coming weeks: each day with its slots, what can be booked and why the others
    cannot (services.slot_offers: the rule the form applies too), closed days marked."""
    now = now or timezone.now()
    rules = BookingRules.current()
    today = timezone.localtime(now).date()
    last = today + timedelta(days=rules.max_ahead_days)
    calendar = WorkingCalendar(today - timedelta(days=30), last + timedelta(days=30))
    earliest = services.earliest_day(rules, today, calendar)
    closed = dict(ClosedDay.objects.filter(date__range=(earliest, last)).values_list("date", "reason"))
    # Days before the earliest bookable one are left out: on a phone they only push the
    # bookable days down the page.
    slots = (
        Slot.objects.filter(start__date__gte=earliest, start__date__lte=last)
        .select_related("pool")
        .with_taken()
        .order_by("start")
    )
    days = OrderedDict()
    for offer in services.slot_offers(slots, rules, now, calendar, closed=set(closed)):
        day = offer.day
        days.setdefault(day, {"date": day, "closed": closed.get(day), "slots": []})["slots"].append(offer)
    for day, reason in closed.items():
        days.setdefault(day, {"date": day, "closed": reason, "slots": []})
    return {
        "days": [days[key] for key in sorted(days)],
        "rules": rules,
        "earliest": earliest,
        "base": BaseIndexPage.objects.live().first(),
    }


@require_http_methods(["GET", "HEAD"])
def availability(request):
    """Anonymous visitors get the cached page; every booking change bumps the generation."""
    language = get_language()
    anonymous = not request.user.is_authenticated
    key = services.availability.key(language, timezone.localdate().isoformat())
    html = cache.get(key) if anonymous else None
    if html is None:
        # Rendered with the request for the site's shell (menu, banner); nothing in it is
        # personal for an anonymous visitor, and signed-in people are not served the cache.
        html = render_to_string("bookings/public/availability.html", availability_context(), request=request)
        if anonymous:
            cache.set(key, html, AVAILABILITY_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "max-age=30"
    return response


# The rules speak of the group's total; the form asks for pupils and adults apart.
_FORM_FIELD = {"visitors": "pupils"}


def _slot_offer(slot_id, rules):
    slot_pk = parse_id(slot_id)
    offer = services.slot_offer(slot_pk, rules) if slot_pk else None
    if offer is None:
        raise Http404
    return offer


@require_http_methods(["GET", "POST"])
@BOOKING_POSTS
def book(request, slot_id):
    rules = BookingRules.current()
    offer = _slot_offer(slot_id, rules)
    slot, problem = offer.slot, offer.problem
    status = 200
    if request.method == "POST":
        form = BookingForm(request.POST, request.FILES)
        if problem or not form.is_valid():
            status = 400
        elif (key := services.submit_key(form.cleaned_data["submit_token"], slot.pk)) is None:
            # Not a form we issued for this slot (forged, another slot's, or days old).
            form = BookingForm(
                {**request.POST.dict(), "submit_token": services.issue_submit_token(slot)}, request.FILES
            )
            form.is_valid()
            form.add_error(None, _("这份表单已过期，请核对内容后重新提交。"))
            status = 400
        else:
            data = form.cleaned_data
            problems = services.group_problems(rules, data["visitors"], data["adults"], data["age_band"])
            for field, text in problems.items():
                form.add_error(_FORM_FIELD.get(field, field), text)
            if problems:
                status = 400
            else:
                try:
                    booking, _created = services.book(slot.pk, data, key, wait=data["wait"])
                except services.SlotFull as full:
                    form.add_error(None, full.message)
                    form.full = True
                    status = 409
                except services.BookingError as error:
                    field = _FORM_FIELD.get(error.field, error.field)
                    form.add_error(field if field in form.fields else None, error.message)
                    status = 400
                else:
                    return redirect(reverse("bookings:manage", args=[booking.token]) + "?new=1")
    else:
        form = BookingForm(initial={"submit_token": services.issue_submit_token(slot)})
    return render(
        request,
        "bookings/public/book.html",
        {"slot": slot, "form": form, "problem": problem, "rules": rules, "left": offer.left, "offer": offer},
        status=status,
    )


def _booking_by_token(token):
    booking = (
        Booking.objects.select_related("slot", "slot__pool", "school", "claim", "programme")
        .filter(token=token)
        .first()
        if token and len(token) <= 40
        else None
    )
    return booking


def _invalid_link(request):
    return render(request, "bookings/public/invalid_link.html", status=404)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The group's private page: its booking, and what it may still do with it."""
    booking = _booking_by_token(token)
    if booking is None:
        return _invalid_link(request)
    error = None
    resize_form = ResizeForm(initial={"pupils": booking.pupils, "adults": booking.adults})
    if request.method == "POST":
        if _rate_limited(request):
            error = _("提交太频繁，请一小时后再试，或致电基地。")
        else:
            action = request.POST.get("action")
            try:
                if action == "cancel":
                    services.cancel(booking.pk)
                elif action == "confirm":
                    services.confirm_offer(booking.pk)
                elif action == "decline":
                    services.decline_offer(booking.pk)
                elif action == "resize":
                    resize_form = ResizeForm(request.POST)
                    if not resize_form.is_valid():
                        raise services.BookingError(_("请填写正确的人数。"))
                    services.resize(
                        booking.pk, resize_form.cleaned_data["visitors"], resize_form.cleaned_data["adults"]
                    )
                elif action == "rebook":
                    new = services.rebook(booking.pk, parse_id(request.POST.get("slot")) or 0)
                    return redirect("bookings:manage", new.token)
                else:
                    raise services.BookingError(_("不认识的操作。"))
            except Slot.DoesNotExist:
                error = _("请选择一个场次。")
            except services.BookingError as problem:
                error = problem.message
            else:
                return redirect("bookings:manage", booking.token)
        booking = _booking_by_token(token)
    rules = BookingRules.current()
    context = {
        "booking": booking,
        "error": error,
        "new": request.GET.get("new") == "1",
        "can_change": services.can_change(booking, rules),
        "deadline": services.change_deadline(booking, rules),
        "resize_form": resize_form,
        "offer_expires_at": booking.claim.offer_expires_at if booking.state == OFFERED else None,
        "rebook_slots": services.rebook_slots(booking) if booking.status == Status.CALLED_OFF else [],
        "rebooked": booking.rebookings.first() if booking.status == Status.CALLED_OFF else None,
        "rules": rules,
        "base": BaseIndexPage.objects.live().select_related("map_image").first(),
        "arrive_at": booking.slot.start - timedelta(minutes=ARRIVE_EARLY_MINUTES),
    }
    response = render(request, "bookings/public/manage.html", context, status=400 if error else 200)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def ics(request, token):
    booking = _booking_by_token(token)
    if booking is None or booking.status not in (Status.PENDING, Status.APPROVED, Status.CHECKED_IN):
        return _invalid_link(request)
    base = BaseIndexPage.objects.live().first()

    def escape(text):
        return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    def utc(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//xiuwu-fire//base-visits//ZH",
        "BEGIN:VEVENT",
        f"UID:booking-{booking.pk}@xiuwu-fire",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(booking.slot.start)}",
        f"DTEND:{utc(booking.slot.end)}",
        "SUMMARY:" + escape(_("参观应急消防科普教育基地（%(n)d人）") % {"n": booking.visitors}),
        "DESCRIPTION:"
        + escape(
            _("预约码 %(code)s，请提前10分钟到达。") % {"code": booking.code}
            + "\n"
            + services.private_url(booking)
        ),
        "LOCATION:" + escape(base.address if base else _("修武县应急消防科普教育基地")),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visit-{booking.code}.ics"'
    return response


def qr(request, token):
    """The door's QR code: it carries only the booking code, which staff scan or type."""
    booking = _booking_by_token(token)
    if booking is None:
        return _invalid_link(request)
    return qr_codes.svg_response(booking.code)
