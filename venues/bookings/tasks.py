"""Jobs the django-q2 schedules run; each is safe to run twice."""

from . import services


def expire_offers():
    return services.expire_offers()


def mark_no_shows():
    return services.mark_no_shows()


def send_day_before_reminders():
    # Hourly, so a missed run is caught up; the message keys send each reminder once.
    return services.send_day_before_reminders()


def apply_pattern():
    # Daily: the booking horizon moves a day on, so the weekly pattern's newest day is made.
    return services.apply_pattern()
