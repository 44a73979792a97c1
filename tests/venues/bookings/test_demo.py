import io
from datetime import date

import pytest
from django.urls import reverse

from venues.bookings import demo
from venues.bookings.calendar import WorkingCalendar
from venues.bookings.models import BaseIndexPage, Booking, CalendarDay, Slot, Status

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_loads_twice_without_duplicates(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(io.StringIO())
    counts = (CalendarDay.objects.count(), Slot.objects.count(), Booking.objects.count())
    demo.load(io.StringIO())
    assert (CalendarDay.objects.count(), Slot.objects.count(), Booking.objects.count()) == counts
    states = set(Booking.objects.values_list("status", flat=True))
    assert states >= {
        Status.PENDING,
        Status.APPROVED,
        Status.WAITING,
        Status.OFFERED,
        Status.REFUSED,
        Status.CANCELLED,
        Status.CALLED_OFF,
        Status.DECLINED,
        Status.EXPIRED,
        Status.CHECKED_IN,
        Status.NO_SHOW,
    }
    assert Slot.objects.filter(called_off_at__isnull=False).count() == 1
    page = BaseIndexPage.objects.get()
    html = client.get(page.url).content.decode()
    assert "烟雾逃生体验室" in html and "参观须知" in html and reverse("bookings:availability") in html


def test_2026_calendar_is_the_state_councils():
    demo.load_calendar()
    calendar = WorkingCalendar(date(2026, 1, 1), date(2026, 12, 31))
    assert not calendar.is_working_day(date(2026, 2, 16))  # 春节
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday worked (调休)
    assert calendar.is_working_day(date(2026, 10, 10))
    assert not calendar.is_working_day(date(2026, 10, 7))
    assert CalendarDay.objects.filter(date__year=2027, note__startswith="演示数据").exists()
