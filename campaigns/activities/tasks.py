"""Scheduled jobs (installed by migration 0002). Idempotent: each reminder is one outbox
row keyed by its certificate, so a job run twice, or in two workers, sends it once."""

from . import services


def daily():
    """Re-training reminders for certificates about to expire."""
    return services.remind_expiring()
