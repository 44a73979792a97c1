"""The base's rules, read the same way by every screen: which slot can be booked now and
why not, what group is acceptable, until when a group may change its booking."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE, BookingRules, ClosedDay, Slot
from .calendar import WorkingCalendar

TOO_SOON = "too_soon"


class SlotOffer:
    """What the public may do with one slot now, by the one rule the list and the form both
    read: `problem` says why it cannot be booked (None when it can); `left` is the places
    left as the capacity service counts them; `state` is open (a group fits), waitlist (no
    group fits: a group may queue whole), or why not (past, called_off, closed, holiday,
    too_soon, too_far)."""

    def __init__(self, slot, left, state, problem, local_start=None):
        self.slot, self.left, self.state, self.problem = slot, left, state, problem
        self.local_start = local_start or timezone.localtime(slot.start)

    @property
    def bookable(self):
        return self.problem is None

    @property
    def day(self):
        return self.local_start.date()

    @property
    def time_label(self):
        return f"{self.local_start:%H:%M}"

    @property
    def book_url(self):
        return reverse("bookings:book", args=[self.slot.pk])


def _problem(slot, rules, now, calendar, closed, for_rebooking=False, *, day=None, earliest=None):
    """(state, message) of why `slot` cannot be booked now, or (None, None). `day` (the
    slot's local date) and `earliest` (earliest_day for today) save a list working them
    out again for each slot."""
    if slot.start <= now:
        return "past", _("这个场次已经过去了，请选择以后的场次。")
    if slot.is_called_off or slot.pool.is_closed:
        return "called_off", _("这个场次已取消，请选择其他场次。")
    day = day or timezone.localtime(slot.start).date()
    if day in closed:
        return "closed", _("基地这一天闭馆，请选择其他日期。")
    if for_rebooking:
        return None, None
    today = timezone.localtime(now).date()
    if not calendar.is_working_day(day):
        return "holiday", _("这一天是节假日，基地不接待团体参观。")
    if day < (earliest or earliest_day(rules, today, calendar)):
        return TOO_SOON, _("需至少提前 %(n)d 个工作日预约，这个场次已来不及预约，请选择更晚的场次。") % {
            "n": rules.min_notice_working_days
        }
    if day > today + timedelta(days=rules.max_ahead_days):
        return "too_far", _("最多只能预约 %(n)d 天以内的场次。") % {"n": rules.max_ahead_days}
    return None, None


def earliest_day(rules, today, calendar):
    """The first day a visit may be booked for today: at least n whole working days
    between (booked on a Saturday with 3 days' notice: Thursday, after Mon, Tue, Wed)."""
    day = today + timedelta(days=1)
    while today > calendar.shift(day, -rules.min_notice_working_days):
        day += timedelta(days=1)
    return day


def slot_offers(slots, rules=None, now=None, calendar=None, closed=None):
    """SlotOffer for each slot of a queryset of slots (with `with_taken()` places), reading
    the calendar and closed days once: the availability list and the form both use it.
    `closed`: the closed days over the slots' span, when the caller has read them."""
    rules = rules or BookingRules.current()
    now = now or timezone.now()
    slots = list(slots)
    if not slots:
        return []
    zone = timezone.get_current_timezone()
    starts = [timezone.localtime(slot.start, zone) for slot in slots]
    days = [start.date() for start in starts]
    today = timezone.localtime(now).date()
    if (
        calendar is None
        or calendar.start > min(min(days), today) - timedelta(days=30)
        or calendar.end < max(days)
    ):
        calendar = WorkingCalendar(min(min(days), today) - timedelta(days=30), max(days) + timedelta(days=30))
    if closed is None:
        closed = set(
            ClosedDay.objects.filter(date__range=(min(days), max(days))).values_list("date", flat=True)
        )
    earliest = earliest_day(rules, today, calendar)
    offers = []
    for slot, start, day in zip(slots, starts, days, strict=True):
        state, problem = _problem(slot, rules, now, calendar, closed, day=day, earliest=earliest)
        left = 0 if state == "called_off" else slot.places_left
        if state is None:
            state = "open" if left >= rules.min_group else "waitlist"
        offers.append(SlotOffer(slot, left, state, problem, start))
    return offers


def slot_offer(slot_id, rules=None, now=None):
    """The SlotOffer of one slot (None when there is no such slot)."""
    offers = slot_offers(Slot.objects.filter(pk=slot_id).select_related("pool").with_taken(), rules, now)
    return offers[0] if offers else None


def slot_problem(slot, rules=None, now=None, calendar=None, *, for_rebooking=False):
    """Why `slot` cannot be booked now, or None (the same rule as `slot_offers`)."""
    rules = rules or BookingRules.current()
    now = now or timezone.now()
    day = timezone.localtime(slot.start).date()
    calendar = calendar or WorkingCalendar.around(day)
    closed = set(ClosedDay.objects.filter(date=day).values_list("date", flat=True))
    return _problem(slot, rules, now, calendar, closed, for_rebooking)[1]


ADULT_BANDS = ("adults", "elderly")


def group_problems(rules, visitors, adults, age_band=None):
    """{field: message} for a group that breaks the size or the adult ratio (which a
    group of grown-ups, by its age band, does not have to meet)."""
    problems = {}
    if visitors is None or adults is None:
        return problems
    if visitors < rules.min_group or visitors > rules.max_group:
        problems["visitors"] = _("每团人数须在 %(min)d 至 %(max)d 人之间。") % {
            "min": rules.min_group,
            "max": rules.max_group,
        }
    elif adults > visitors:
        problems["adults"] = _("成人人数不能多于参观总人数。")
    elif age_band not in ADULT_BANDS:
        minors = visitors - adults
        needed = -(-minors // rules.minors_per_adult) if minors else 0
        if adults < max(needed, 1):
            problems["adults"] = _(
                "每 %(ratio)d 名未成年人至少需要 1 名成人带队：%(minors)d 名未成年人至少需要 %(needed)d 名成人。"
            ) % {"ratio": rules.minors_per_adult, "minors": minors, "needed": max(needed, 1)}
    return problems


def change_deadline(booking, rules=None):
    """The last day the group may change or cancel: n working days before the visit."""
    rules = rules or BookingRules.current()
    day = timezone.localtime(booking.slot.start).date()
    return WorkingCalendar.around(day).shift(day, -rules.change_notice_working_days)


def can_change(booking, rules=None, now=None):
    now = now or timezone.now()
    return booking.status in ACTIVE and timezone.localtime(now).date() <= change_deadline(booking, rules)


def pending_overdue_before(rules=None, today=None):
    """Bookings submitted before this day and still pending are flagged to staff."""
    rules = rules or BookingRules.current()
    today = today or timezone.localdate()
    return WorkingCalendar.around(today).shift(today, -rules.pending_flag_working_days)
