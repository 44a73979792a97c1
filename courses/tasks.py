"""Background jobs of the courses app, run by the django-q2 cluster."""

from . import services


def send_term_reminders():
    """Daily (see migration 0002): remind schools that are behind before the term ends.
    Idempotent: a second run on the same day sends nothing."""
    return services.send_term_reminders()
