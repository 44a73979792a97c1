"""The base's figures on the plan dashboard equal a count by hand: groups and persons
checked in this year up to the day asked for, by 五进 setting and township."""

from datetime import timedelta
from unittest import mock

import pytest

from outreach import indicators
from tests.outreach.factories import TownshipFactory
from venues.bookings import services

from .factories import book, future_slot

pytestmark = pytest.mark.django_db


def checked_in(slot, visitors, came, **extra):
    booking = book(slot, visitors, visitors, **extra)
    services.approve(booking.pk)
    with mock.patch("django.utils.timezone.now", return_value=slot.start):
        services.check_in(booking.pk, came)
    return booking


def test_visits_and_visitors_match_a_count_by_hand(django_assert_max_num_queries):
    here, there = TownshipFactory(name="城关镇"), TownshipFactory(name="七贤镇")
    slot = future_slot(capacity=200)
    checked_in(slot, 40, 38, org_kind="school", org_name="城关一小", township=here)
    checked_in(slot, 30, 30, org_kind="enterprise", org_name="机械厂", township=here)
    checked_in(slot, 25, 20, org_kind="village", org_name="七贤村", township=there)
    services.approve(book(slot, 30, 30, org_kind="community", org_name="未到社区", township=there).pk)
    day = slot.start.date()

    with django_assert_max_num_queries(2):
        groups = indicators.get("bookings.visits").read(day)
    assert groups.value == 3
    assert groups.breakdown == {"进学校": 1, "进企业": 1, "进农村": 1}
    assert groups.by_township == {here.pk: (2, None), there.pk: (1, None)}

    persons = indicators.get("bookings.visitors").read(day, details=True)
    assert persons.value == 38 + 30 + 20
    assert persons.by_township == {here.pk: (68, None), there.pk: (20, None)}
    assert {row.label for row in persons.rows} == {"城关一小", "机械厂", "七贤村"}

    # Read together, as the dashboard reads them, the two share their two queries.
    with django_assert_max_num_queries(2), indicators.reading():
        assert indicators.get("bookings.visits").read(day).value == 3
        assert indicators.get("bookings.visitors").read(day).value == 88

    # A day before the visits (or in another year) counts none of them.
    assert indicators.get("bookings.visits").read(day - timedelta(days=1)).value == 0
