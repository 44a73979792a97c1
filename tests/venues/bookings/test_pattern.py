"""The stored weekly pattern: the coming weeks follow it, twice changes nothing, a slot
holding a booking is never touched, bad rows are refused, only base staff edit it."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from outreach import roles
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_admin_sign_in, assert_sent_to_dashboard
from venues.bookings import demo, services
from venues.bookings.models import BookingRules, CalendarDay, ClosedDay, PatternRow, Slot

from .factories import book, weekday_in

pytestmark = pytest.mark.django_db

WEDNESDAY = 2


def _row(weekday=WEDNESDAY, start=time(9, 0), minutes=90, places=60):
    return PatternRow.objects.create(weekday=weekday, start=start, minutes=minutes, places=places)


def _local(slot):
    return timezone.localtime(slot.start)


def test_generation_follows_the_stored_pattern_skipping_holidays_and_closed_days():
    _row(start=time(9, 0))
    _row(start=time(14, 30), minutes=60, places=40)
    first = weekday_in(1)
    holiday, closed = first + timedelta(weeks=1), first + timedelta(weeks=2)
    CalendarDay.objects.create(date=holiday, kind=CalendarDay.HOLIDAY, name="测试假日")
    ClosedDay.objects.create(date=closed, reason="展厅维护")
    last = first + timedelta(weeks=3)

    summary = services.apply_pattern(last_day=last)

    slots = list(Slot.objects.select_related("pool"))
    days = sorted({_local(s).date() for s in slots})
    assert days == [first, first + timedelta(weeks=3)]
    assert summary == {"made": 4, "updated": 0, "removed": 0, "kept": 0}
    assert {(_local(s).time(), s.minutes, s.pool.size) for s in slots} == {
        (time(9, 0), 90, 60),
        (time(14, 30), 60, 40),
    }


def test_applying_twice_changes_nothing():
    _row()
    last = weekday_in(1) + timedelta(weeks=4)
    services.apply_pattern(last_day=last)
    before = list(Slot.objects.values_list("pk", "start", "minutes", "pool__size"))

    assert services.apply_pattern(last_day=last) == {"made": 0, "updated": 0, "removed": 0, "kept": 0}
    assert list(Slot.objects.values_list("pk", "start", "minutes", "pool__size")) == before


def test_a_slot_holding_a_booking_is_left_alone_when_the_pattern_changes():
    staff = UserFactory(roles=[roles.BASE_STAFF])
    row = _row()
    services.apply_pattern()
    booked = Slot.objects.filter(start__date__gte=weekday_in(14)).order_by("start").first()
    book(booked, 30)
    free = Slot.objects.exclude(pk=booked.pk).count()

    _row_saved, summary = services.save_pattern_row(
        WEDNESDAY, time(9, 0), 40, staff, minutes=60, row_id=row.pk
    )

    booked.refresh_from_db()
    booked.pool.refresh_from_db()
    assert (booked.minutes, booked.pool.size) == (90, 60)
    assert summary == {"made": 0, "updated": free, "removed": 0, "kept": 1}
    others = Slot.objects.exclude(pk=booked.pk).select_related("pool")
    assert {(s.minutes, s.pool.size) for s in others} == {(60, 40)}

    # The row removed: free slots go, the booked one stays.
    summary = services.delete_pattern_row(row.pk, staff)
    assert summary == {"made": 0, "updated": 0, "removed": free, "kept": 1}
    assert list(Slot.objects.values_list("pk", flat=True)) == [booked.pk]


def test_one_off_and_called_off_slots_are_not_the_patterns():
    staff = UserFactory(roles=[roles.BASE_STAFF])
    saturday = weekday_in(10, weekday=5)
    start = timezone.make_aware(timezone.datetime.combine(saturday, time(9, 30)))
    one_off = services.add_one_off_slot(start, 80, 120, "周末开放日", staff)

    assert services.apply_pattern()["removed"] == 0
    assert Slot.objects.filter(pk=one_off.pk).exists()


@pytest.mark.parametrize(
    ("start", "minutes", "places", "words"),
    [
        (time(10, 0), 60, 60, "重叠"),  # overlaps the 9:00 row of 90 minutes
        (time(11, 0), 60, 0, "1 至"),  # zero places
        (time(16, 30), 90, 60, "闭馆"),  # ends 18:00, after 17:30
        (time(11, 0), 5, 60, "15 至 480"),
    ],
)
def test_bad_rows_are_refused_and_nothing_changes(start, minutes, places, words):
    staff = UserFactory(roles=[roles.BASE_STAFF])
    _row(start=time(9, 0), minutes=90)
    with pytest.raises(services.BookingError) as error:
        services.save_pattern_row(WEDNESDAY, start, places, staff, minutes=minutes)
    assert words in error.value.message
    assert PatternRow.objects.count() == 1
    assert not Slot.objects.exists()
    assert not ModelLogEntry.objects.filter(action="bookings.pattern_change").exists()


def test_same_time_on_another_weekday_is_not_an_overlap():
    staff = UserFactory(roles=[roles.BASE_STAFF])
    _row(weekday=WEDNESDAY)
    services.save_pattern_row(3, time(9, 0), 60, staff, minutes=90)
    assert PatternRow.objects.count() == 2


def test_closing_time_comes_from_the_rules():
    rules = BookingRules.current()
    rules.closes_at = time(18, 0)
    rules.save()
    services.check_row(WEDNESDAY, time(16, 30), 90, 60)  # ends 18:00: allowed now


URL = "bookings_admin:pattern"
ROW = {"action": "save", "weekday": "2", "start": "9:00", "minutes": "90", "places": "60"}


@pytest.mark.parametrize(
    "role", [roles.EDITOR, roles.SCHOOL_STAFF, roles.VENUE_MANAGER, roles.TOWNSHIP_OFFICER]
)
def test_only_base_staff_may_see_or_edit_the_pattern(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert_sent_to_dashboard(client.get(reverse(URL)))
    assert_sent_to_dashboard(client.post(reverse(URL), ROW))
    assert not PatternRow.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert_sent_to_admin_sign_in(client.get(reverse(URL)), reverse(URL))
    assert_sent_to_admin_sign_in(client.post(reverse(URL), ROW), reverse(URL))
    assert not PatternRow.objects.exists()


def test_staff_edit_the_pattern_on_the_screen_and_it_is_logged(client):
    staff = UserFactory(username="base1", roles=[roles.BASE_STAFF])
    client.force_login(staff)
    assert client.get(reverse(URL)).status_code == 200

    response = client.post(reverse(URL), ROW)

    assert response.status_code == 302
    assert response["Location"] == reverse(URL)
    row = PatternRow.objects.get()
    assert (row.weekday, row.start, row.minutes, row.places) == (2, time(9, 0), 90, 60)
    assert Slot.objects.filter(start__week_day=4).exists()  # Django: Wednesday is 4
    entry = ModelLogEntry.objects.get(action="bookings.pattern_change", object_id=str(row.pk))
    assert entry.user_id == staff.pk

    page = client.get(reverse(URL))
    assert "周三 09:00–10:30" in page.content.decode()

    response = client.post(reverse(URL), {**ROW, "start": "10:00"})
    assert response.status_code == 400
    assert "重叠" in response.content.decode()
    assert PatternRow.objects.count() == 1

    response = client.post(reverse(URL), {"action": "delete", "row": str(row.pk)})
    assert response["Location"] == reverse(URL)
    assert not PatternRow.objects.exists()
    assert ModelLogEntry.objects.filter(action="bookings.pattern_delete", object_id=str(row.pk)).exists()


def test_the_demo_pattern_matches_the_demo_slots():
    demo.load_calendar()
    demo.load_slots()
    assert PatternRow.objects.count() == 16
    today = timezone.localdate()
    last = today - timedelta(days=today.weekday()) + timedelta(weeks=6, days=-1)
    assert services.apply_pattern(last_day=last) == {"made": 0, "updated": 0, "removed": 0, "kept": 0}


def test_a_daily_job_keeps_the_coming_weeks_filled():
    from django_q.models import Schedule

    from venues.bookings import tasks

    assert Schedule.objects.get(name="bookings: slots from the weekly pattern").func == (
        "venues.bookings.tasks.apply_pattern"
    )
    _row()
    assert tasks.apply_pattern()["made"] > 0
    assert tasks.apply_pattern()["made"] == 0
