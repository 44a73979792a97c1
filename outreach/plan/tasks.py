"""The daily job that keeps the plan's history: a snapshot at each month end and term end,
and any such day the job missed (the server was down) caught up."""

from .services import catch_up_snapshots


def take_due_snapshots():
    """Idempotent: a day's snapshot is written once, however often the job runs."""
    return catch_up_snapshots()


def refresh_readings():
    """Every five minutes: today's figures of every source in use, for the public pages."""
    from .readings import refresh

    return refresh()
