"""Visit slots: made one by one or by weekly pattern, their offer rules, called off alone
or a whole day at a time."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity

from ..models import ACTIVE, Booking, BookingRules, ClosedDay, Slot, Status
from .calendar import WorkingCalendar
from .core import POOL_KIND, BookingError, audit, changed, required_reason
from .messages import message


def _offers_close_at(start, rules):
    return start - timedelta(hours=rules.offers_close_hours)


MAX_SLOT_PERSONS = 9999


def check_slot_persons(persons):
    if not isinstance(persons, int) or not 1 <= persons <= MAX_SLOT_PERSONS:
        raise BookingError(
            _("每个场次可接待人数须在 1 至 %(max)d 人之间。") % {"max": MAX_SLOT_PERSONS}, "capacity"
        )


def _overlapping(start, minutes, exclude=None):
    """A slot (not called off) whose time overlaps [start, start + minutes)."""
    end = start + timedelta(minutes=minutes)
    longest = timedelta(minutes=24 * 60)
    candidates = Slot.objects.filter(
        called_off_at__isnull=True, start__lt=end, start__gt=start - longest
    ).exclude(pk=exclude)
    return next((slot for slot in candidates if slot.end > start), None)


def create_slot(start, capacity_persons, minutes=90, rules=None, *, reason="", user=None, now=None):
    """One slot. With `reason`, a one-off opening staff add on any day (a weekend or a
    holiday opening): never in the past, never overlapping another slot, and logged."""
    check_slot_persons(capacity_persons)
    if not isinstance(minutes, int) or not 15 <= minutes <= 480:
        raise BookingError(_("场次时长须在 15 至 480 分钟之间。"), "minutes")
    rules = rules or BookingRules.current()
    with transaction.atomic():
        if reason or user is not None:
            if start <= (now or timezone.now()):
                raise BookingError(_("不能加开已经过去的场次。"), "start")
            clash = _overlapping(start, minutes)
            if clash is not None:
                raise BookingError(
                    _("与已有场次 %(when)s 时间重叠，请换个时间。") % {"when": str(clash)}, "start"
                )
        elif Slot.objects.filter(start=start).exists():
            raise BookingError(_("这个时间已经有场次了。"), "start")
        pool = capacity.create_pool(
            capacity_persons,
            kind=POOL_KIND,
            offer_window=rules.offer_window,
            offers_close_at=_offers_close_at(start, rules),
            label=f"base visit {timezone.localtime(start):%Y-%m-%d %H:%M}",
        )
        slot = Slot.objects.create(start=start, minutes=minutes, pool=pool, one_off_reason=reason[:200])
        if reason or user is not None:
            audit(slot, "add_slot", user, reason, persons=capacity_persons)
        changed()
    return slot


def add_one_off_slot(start, capacity_persons, minutes, reason, user, now=None):
    """A one-off opening on any day, with the reason staff give for it."""
    return create_slot(start, capacity_persons, minutes, reason=required_reason(reason), user=user, now=now)


def generate_slots(first_day, last_day, weekdays, times, capacity_persons, minutes=90):
    """Slots on the chosen weekdays between two dates, at each of `times`, on working days
    that are not closed; slots that exist already are left alone. Returns those made."""
    check_slot_persons(capacity_persons)
    if not (first_day and last_day and weekdays and times) or last_day < first_day:
        raise BookingError(_("请填写起止日期（一年以内）、星期、时间（如 9:00,14:30）和人数。"))
    if (last_day - first_day).days > 366:
        raise BookingError(_("请填写起止日期（一年以内）、星期、时间（如 9:00,14:30）和人数。"))
    rules = BookingRules.current()
    calendar = WorkingCalendar(first_day, last_day)
    closed = set(ClosedDay.objects.filter(date__range=(first_day, last_day)).values_list("date", flat=True))
    made = []
    day = first_day
    tz = timezone.get_current_timezone()
    existing = set(
        Slot.objects.filter(
            start__gte=timezone.make_aware(datetime.combine(first_day, time.min), tz),
            start__lt=timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min), tz),
        ).values_list("start", flat=True)
    )
    while day <= last_day:
        if day.weekday() in weekdays and calendar.is_working_day(day) and day not in closed:
            for at in times:
                start = timezone.make_aware(datetime.combine(day, at), tz)
                if start not in existing:
                    made.append(create_slot(start, capacity_persons, minutes, rules))
        day += timedelta(days=1)
    return made


@transaction.atomic
def set_capacity(slot_id, persons, reason, user):
    """Change how many persons a slot takes: never below what its groups hold; more places
    go to the waiting list first (capacity offers them)."""
    check_slot_persons(persons)
    reason = required_reason(reason)
    slot = Slot.objects.select_related("pool").get(pk=slot_id)
    if slot.is_called_off:
        raise BookingError(_("这个场次已取消。"), "capacity")
    before = slot.pool.size
    try:
        capacity.set_size(slot.pool_id, persons)
    except capacity.Full:
        held = before - capacity.places_left(slot.pool)
        raise BookingError(
            _("已有 %(held)d 人占用名额，人数不能少于 %(held)d。") % {"held": held}, "capacity"
        ) from None
    audit(slot, "set_capacity", user, reason, before=before, after=persons)
    changed()
    return slot


@transaction.atomic
def apply_rules_to_open_slots(rules=None):
    """After the offer rules change, future pools follow them (the rules' edit screen calls
    this in the transaction that saves them)."""
    rules = rules or BookingRules.current()
    for slot in Slot.objects.upcoming().filter(called_off_at__isnull=True):
        capacity.set_offer_bounds(
            slot.pool_id, offer_window=rules.offer_window, offers_close_at=_offers_close_at(slot.start, rules)
        )
    changed()


@transaction.atomic
def call_off_slots(slot_ids, reason, user=None):
    """Call off slots (the station is called out, the hall closes, a day is closed): each
    slot's claims released, every group told at once and offered a rebooking ahead of new
    bookings, the decision logged, the availability page fresh. One service for one slot
    and for a whole day. Returns the bookings called off."""
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("请写明取消原因，团体会收到这条说明。"), "reason")
    reason = reason[:200]
    affected = []
    for slot_id in sorted(slot_ids):
        capacity.lock(Slot.objects.values_list("pool_id", flat=True).get(pk=slot_id))
        slot = Slot.objects.select_for_update().get(pk=slot_id)
        if slot.is_called_off:
            continue
        slot.called_off_at = timezone.now()
        slot.call_off_reason = reason
        slot.save(update_fields=["called_off_at", "call_off_reason"])
        capacity.close(slot.pool_id, "called_off")
        groups = list(Booking.objects.select_for_update().filter(slot=slot, status__in=ACTIVE))
        for booking in groups:
            booking.status = Status.CALLED_OFF
            booking.reason = reason
            booking.save(update_fields=["status", "reason"])
            message(booking, "called_off", reason)
        audit(slot, "call_off", user, reason, groups=len(groups))
        affected += groups
    changed()
    return affected


def call_off(slot_id, reason, user=None):
    """Call off one slot (see call_off_slots)."""
    return call_off_slots([slot_id], reason, user)


@transaction.atomic
def close_day(day, reason, user=None):
    """Close the base on `day`: every slot of that day is called off through
    call_off_slots. The calendar's form and the closed-day snippet both come here."""
    reason = (reason or "").strip()
    if not day or not reason:
        raise BookingError(_("请填写闭馆日期和原因。"))
    ClosedDay.objects.update_or_create(date=day, defaults={"reason": reason[:100]})
    slots = Slot.objects.filter(start__date=day, called_off_at__isnull=True).values_list("pk", flat=True)
    affected = call_off_slots(list(slots), reason, user)
    changed()
    return affected


def rebook_slots(booking, limit=8, now=None):
    """The next slots a called-off group may move to (no notice rule: it was not their doing)."""
    now = now or timezone.now()
    rules = BookingRules.current()
    slots = (
        Slot.objects.upcoming(now)
        .filter(called_off_at__isnull=True, start__gt=now + timedelta(hours=rules.offers_close_hours))
        .with_taken()
        .select_related("pool")[: limit * 3]
    )
    closed = set(ClosedDay.objects.filter(date__gte=timezone.localdate()).values_list("date", flat=True))
    result = [s for s in slots if timezone.localtime(s.start).date() not in closed]
    return result[:limit]
