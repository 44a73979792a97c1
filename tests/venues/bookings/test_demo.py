from datetime import date

import pytest

from venues.bookings import demo
from venues.bookings.models import CalendarDay
from venues.bookings.services.calendar import WorkingCalendar

pytestmark = pytest.mark.django_db


def test_2026_calendar_is_the_state_councils():
    demo.load_calendar()
    calendar = WorkingCalendar(date(2026, 1, 1), date(2026, 12, 31))
    assert not calendar.is_working_day(date(2026, 2, 16))  # 春节
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday worked (调休)
    assert calendar.is_working_day(date(2026, 10, 10))
    assert not calendar.is_working_day(date(2026, 10, 7))
    assert CalendarDay.objects.filter(date__year=2027, note__startswith="演示数据").exists()
