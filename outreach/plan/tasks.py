"""The daily job that keeps the plan's history: a snapshot at each month end and term end."""

from .services import snapshot_if_due


def take_due_snapshots():
    """Idempotent: a day's snapshot is written once, however often the job runs."""
    return snapshot_if_due()
