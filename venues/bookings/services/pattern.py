"""The base's stored weekly pattern: its rows checked and saved by staff (each change in
Wagtail's audit log), and the coming weeks' slots made to follow it.

What following the pattern means for a future slot (one-off openings excepted):
- a pattern time with no slot yet gets one (working days only, closed days skipped, never
  overlapping a slot that stays);
- a slot with no booking at all takes the row's length and places, or goes when its row
  was removed;
- a slot that holds any booking is left exactly as it is: its groups were told a time and
  a size. Staff change such a slot on its own page (capacity, call-off).
Running it twice changes nothing the second time.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity

from ..models import Booking, BookingRules, ClosedDay, PatternRow, Programme, Slot
from .calendar import WorkingCalendar
from .core import BookingError, audit, changed
from .slots import _overlapping, check_slot_persons, create_slot

MIN_MINUTES, MAX_MINUTES = 15, 480


def _minutes_of(at):
    return at.hour * 60 + at.minute


def check_row(weekday, start, minutes, places, *, exclude=None, rules=None):
    """A row's own checks and its place among the other rows of its weekday."""
    rules = rules or BookingRules.current()
    if weekday not in range(7) or start is None:
        raise BookingError(_("请选择星期并填写开始时间。"), "start")
    check_slot_persons(places)
    if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BookingError(_("场次时长须在 15 至 480 分钟之间。"), "minutes")
    if _minutes_of(start) + minutes > _minutes_of(rules.closes_at):
        raise BookingError(
            _("这个场次会在闭馆时间 %(closes)s 之后结束，请提前开始或缩短时长。")
            % {"closes": f"{rules.closes_at:%H:%M}"},
            "start",
        )
    begin, end = _minutes_of(start), _minutes_of(start) + minutes
    for other in PatternRow.objects.filter(weekday=weekday).exclude(pk=exclude):
        other_begin = _minutes_of(other.start)
        if begin < other_begin + other.minutes and other_begin < end:
            raise BookingError(
                _("与同一天的 %(row)s（%(minutes)d 分钟）时间重叠，请换个时间。")
                % {"row": other, "minutes": other.minutes},
                "start",
            )


@transaction.atomic
def save_pattern_row(weekday, start, places, user, *, minutes=None, programme_id=None, row_id=None, now=None):
    """Add a row (or change row `row_id`); the coming weeks follow at once. A programme
    given without a length lends its own length. Returns (row, summary of apply_pattern)."""
    programme = Programme.objects.filter(pk=programme_id).first() if programme_id else None
    if minutes is None and programme is not None:
        minutes = programme.minutes
    if minutes is None:
        raise BookingError(_("请填写时长，或选择参观项目。"), "minutes")
    row = PatternRow.objects.select_for_update().filter(pk=row_id).first() if row_id else PatternRow()
    if row is None:
        raise BookingError(_("这一行已被删除，请刷新页面。"))
    check_row(weekday, start, minutes, places, exclude=row.pk)
    before = _describe(row) if row.pk else None
    row.weekday, row.start, row.minutes, row.places, row.programme = (
        weekday,
        start,
        minutes,
        places,
        programme,
    )
    row.save()
    audit(row, "pattern_change", user, "", before=before, after=_describe(row))
    return row, apply_pattern(now=now)


@transaction.atomic
def delete_pattern_row(row_id, user, now=None):
    row = PatternRow.objects.select_for_update().filter(pk=row_id).first()
    if row is None:
        raise BookingError(_("这一行已被删除，请刷新页面。"))
    audit(row, "pattern_delete", user, "", before=_describe(row))
    row.delete()
    return apply_pattern(now=now)


def _describe(row):
    return {
        "weekday": row.weekday,
        "start": f"{row.start:%H:%M}",
        "minutes": row.minutes,
        "places": row.places,
        "programme": row.programme.name if row.programme_id else "",
    }


@transaction.atomic
def apply_pattern(now=None, last_day=None):
    """Make the future slots up to the booking horizon (the rules' days ahead) follow the
    stored pattern. Returns counts: made, updated, removed, kept (holding bookings)."""
    now = now or timezone.now()
    rules = BookingRules.current()
    first_day = timezone.localtime(now).date()
    last_day = last_day or first_day + timedelta(days=rules.max_ahead_days)
    tz = timezone.get_current_timezone()
    rows = list(PatternRow.objects.all())
    wanted = {}
    calendar = WorkingCalendar(first_day, last_day)
    closed = set(ClosedDay.objects.filter(date__range=(first_day, last_day)).values_list("date", flat=True))
    day = first_day
    while day <= last_day:
        if calendar.is_working_day(day) and day not in closed:
            for row in rows:
                if row.weekday == day.weekday():
                    start = timezone.make_aware(datetime.combine(day, row.start), tz)
                    if start > now:
                        wanted[start] = row
        day += timedelta(days=1)
    horizon = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), datetime.min.time()), tz)
    slots = list(
        Slot.objects.select_related("pool").filter(
            start__gt=now, start__lt=horizon, called_off_at__isnull=True, one_off_reason=""
        )
    )
    booked = set(Booking.objects.filter(slot__in=slots).values_list("slot_id", flat=True))
    summary = {"made": 0, "updated": 0, "removed": 0, "kept": 0}
    for slot in slots:
        row = wanted.get(slot.start)
        if slot.pk in booked:
            if row is None or (slot.minutes, slot.pool.size) != (row.minutes, row.places):
                summary["kept"] += 1
            continue
        if row is None:
            pool = slot.pool
            slot.delete()
            pool.delete()
            summary["removed"] += 1
        elif (slot.minutes, slot.pool.size) != (row.minutes, row.places):
            if slot.minutes != row.minutes:
                slot.minutes = row.minutes
                slot.save(update_fields=["minutes"])
            if slot.pool.size != row.places:
                capacity.set_size(slot.pool_id, row.places)
            summary["updated"] += 1
    existing = set(Slot.objects.filter(start__in=list(wanted)).values_list("start", flat=True))
    for start, row in sorted(wanted.items(), key=lambda item: item[0]):
        if start in existing or _overlapping(start, row.minutes) is not None:
            continue
        create_slot(start, row.places, row.minutes, rules)
        summary["made"] += 1
    changed()
    return summary
