"""Visit slots: made one by one or by weekly pattern, their offer rules, called off alone
or a whole day at a time."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity

from ..models import ACTIVE, Booking, BookingRules, ClosedDay, Slot, Status
from .calendar import WorkingCalendar
from .core import POOL_KIND, BookingError, changed
from .messages import message


def _offers_close_at(start, rules):
    return start - timedelta(hours=rules.offers_close_hours)


MAX_SLOT_PERSONS = 9999


def check_slot_persons(persons):
    if not isinstance(persons, int) or not 1 <= persons <= MAX_SLOT_PERSONS:
        raise BookingError(
            _("每个场次可接待人数须在 1 至 %(max)d 人之间。") % {"max": MAX_SLOT_PERSONS}, "capacity"
        )


def create_slot(start, capacity_persons, minutes=90, rules=None):
    check_slot_persons(capacity_persons)
    rules = rules or BookingRules.current()
    with transaction.atomic():
        pool = capacity.create_pool(
            capacity_persons,
            kind=POOL_KIND,
            offer_window=rules.offer_window,
            offers_close_at=_offers_close_at(start, rules),
            label=f"base visit {timezone.localtime(start):%Y-%m-%d %H:%M}",
        )
        slot = Slot.objects.create(start=start, minutes=minutes, pool=pool)
        changed()
    return slot


def generate_slots(first_day, last_day, weekdays, times, capacity_persons, minutes=90):
    """Slots on the chosen weekdays between two dates, at each of `times`, on working days
    that are not closed; slots that exist already are left alone. Returns those made."""
    check_slot_persons(capacity_persons)
    rules = BookingRules.current()
    calendar = WorkingCalendar(first_day, last_day)
    closed = set(ClosedDay.objects.filter(date__range=(first_day, last_day)).values_list("date", flat=True))
    made = []
    day = first_day
    tz = timezone.get_current_timezone()
    while day <= last_day:
        if day.weekday() in weekdays and calendar.is_working_day(day) and day not in closed:
            for at in times:
                start = timezone.make_aware(datetime.combine(day, at), tz)
                if not Slot.objects.filter(start=start).exists():
                    made.append(create_slot(start, capacity_persons, minutes, rules))
        day += timedelta(days=1)
    return made


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
def close_day(day, reason, user=None):
    """Close the base on `day`: every slot of that day is called off (its groups told and
    offered a rebooking), and the availability page follows at once. The calendar's form and
    the closed-day snippet both come here. Returns the bookings called off."""
    reason = (reason or "").strip()
    if not day or not reason:
        raise BookingError(_("请填写闭馆日期和原因。"))
    ClosedDay.objects.update_or_create(date=day, defaults={"reason": reason[:100]})
    affected = []
    for slot in Slot.objects.filter(start__date=day, called_off_at__isnull=True):
        affected += call_off(slot.pk, reason, user)
    changed()
    return affected


@transaction.atomic
def call_off(slot_id, reason, user=None):
    """The station is called out or the hall closes: every group is told at once and may
    rebook ahead of new bookings. Counted apart from cancellations (status CALLED_OFF)."""
    if not (reason or "").strip():
        raise BookingError(_("请写明取消原因，团体会收到这条说明。"), "reason")
    capacity.lock(Slot.objects.values_list("pool_id", flat=True).get(pk=slot_id))
    slot = Slot.objects.select_for_update().get(pk=slot_id)
    if slot.is_called_off:
        return []
    slot.called_off_at = timezone.now()
    slot.call_off_reason = reason.strip()[:200]
    slot.save(update_fields=["called_off_at", "call_off_reason"])
    capacity.close(slot.pool_id, "called_off")
    affected = list(Booking.objects.select_for_update().filter(slot=slot, status__in=ACTIVE))
    for booking in affected:
        booking.status = Status.CALLED_OFF
        booking.reason = slot.call_off_reason
        booking.save(update_fields=["status", "reason"])
        message(booking, "called_off", slot.call_off_reason)
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
