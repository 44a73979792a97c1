"""Scheduled jobs (installed by migration 0002). Each is idempotent: running one twice,
or in two workers at once, sends nothing twice (outbox keys) and marks nothing twice."""

from django.utils import timezone

from . import services


def every_five_minutes():
    """No-shows 30 minutes after the start, forgotten check-outs flagged."""
    now = timezone.now()
    return {
        "no_shows": services.mark_no_shows(now),
        "missing_checkouts": services.flag_missing_checkouts(now),
    }


def hourly():
    """The day-before reminders (sent once per sign-up)."""
    return services.send_day_before_reminders()


def daily():
    """Qualification expiry warnings to volunteers and their team leaders."""
    return services.warn_expiring_qualifications()
