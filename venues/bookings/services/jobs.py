"""Scheduled jobs (django-q2 schedules installed by migration 0002); each safe to run twice."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from outreach import capacity

from ..models import ACTIVE, Booking, BookingRules, Status
from .core import _locked, availability
from .messages import message


def mark_no_shows(now=None):
    """Approved groups not checked in some minutes after their start are no-shows; bookings
    staff never decided are closed as undecided (never a no-show counted against the group),
    their places released. Safe to run twice."""
    now = now or timezone.now()
    rules = BookingRules.current()
    cutoff = now - timedelta(minutes=rules.no_show_minutes)
    past = Booking.objects.filter(slot__start__lte=cutoff, slot__called_off_at__isnull=True)
    count = past.holding().filter(status=Status.APPROVED).update(status=Status.NO_SHOW)
    # Still waiting when the visit began: the wait ended without places. Pending ones were
    # never decided by staff: closed as undecided, never a no-show counted against the group.
    ended = past.waiting().values_list("pk", flat=True)
    undecided = past.holding().filter(status=Status.PENDING).values_list("pk", flat=True)
    for booking_id, outcome, reason in [(pk, Status.EXPIRED, "expired") for pk in ended] + [
        (pk, Status.UNDECIDED, "undecided") for pk in undecided
    ]:
        with transaction.atomic():
            booking = _locked(booking_id)
            if booking.status not in ACTIVE:
                continue
            capacity.release(booking.claim_id, reason)
            booking.status = outcome
            booking.save(update_fields=["status"])
        count += 1
    if count:
        availability.bump()
    return count


def send_day_before_reminders(now=None):
    """Remind tomorrow's groups; each reminder's key makes a second run send nothing."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    sent = 0
    for booking in (
        Booking.objects.holding()
        .filter(status=Status.APPROVED, slot__start__date=tomorrow, slot__called_off_at__isnull=True)
        .select_related("slot")
    ):
        with transaction.atomic():
            message(booking, "reminder")
        sent += 1
    return sent
