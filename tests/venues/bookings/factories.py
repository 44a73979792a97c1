import secrets
from datetime import datetime, time, timedelta

from django.utils import timezone

from venues.bookings import services
from venues.bookings.models import OrgKind


def weekday_in(days, weekday=2):
    """A date at least `days` ahead falling on `weekday` (Wednesday by default)."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def slot_on(day, at=time(9, 0), capacity=60, minutes=90):
    start = timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())
    return services.create_slot(start, capacity, minutes)


def future_slot(capacity=60, days=14, at=time(9, 0)):
    return slot_on(weekday_in(days), at, capacity)


def group(visitors=30, adults=3, **extra):
    data = {
        "org_kind": OrgKind.ENTERPRISE,
        "org_name": "修武县某机械厂",
        "contact_name": "王经理",
        "mobile": "13812345678",
        "email": "wang@example.com",
        "visitors": visitors,
        "pupils": visitors - adults,  # what the form asks (services read visitors)
        "adults": adults,
        "age_band": "adults",
        "accessibility": "",
    }
    data.update(extra)
    return data


def book(slot, visitors=30, adults=None, wait=False, **extra):
    adults = adults if adults is not None else max(3, visitors)
    booking, _ = services.book(
        slot.pk, group(visitors, adults, **extra), secrets.token_urlsafe(12), wait=wait
    )
    return booking
