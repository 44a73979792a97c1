"""The volunteer figures on the plan dashboard equal a count by hand, as of the day asked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Signup, Volunteer
from outreach import indicators
from tests.outreach.factories import TownshipFactory

from .factories import VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def served(volunteer, hours, days_ago):
    shift = make_shift(places=10, start_in=timedelta(days=1), hours=4)
    signup = services.sign_up(volunteer, shift)
    start = timezone.now() - timedelta(days=days_ago)
    type(shift).objects.filter(pk=shift.pk).update(starts_at=start, ends_at=start + timedelta(hours=4))
    Signup.objects.filter(pk=signup.pk).update(hours=Decimal(hours), hours_status=Signup.HOURS_CONFIRMED)


def test_volunteer_figures_match_a_count_by_hand(django_assert_max_num_queries):
    today = timezone.localdate()
    here, there = TownshipFactory(name="城关镇"), TownshipFactory(name="七贤镇")
    a = VolunteerFactory(township=here)
    VolunteerFactory(township=here)  # registered, never served
    c = VolunteerFactory(township=there)
    gone = VolunteerFactory(township=there)
    Volunteer.objects.update(registered_at=timezone.now() - timedelta(days=10))
    served(a, "2.5", days_ago=0)
    served(a, "3", days_ago=1)
    served(c, "4", days_ago=400)  # more than a year ago: not active, not this year's hours
    Volunteer.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    with django_assert_max_num_queries(1):
        registered = indicators.get("volunteers.registered").read(today)
    assert registered.value == 3  # a, b, c; the deleted account is no longer counted
    assert registered.by_township == {here.pk: (2, None), there.pk: (1, None)}
    # Before the deletion the deleted volunteer was still registered.
    assert indicators.get("volunteers.registered").read(today - timedelta(days=1)).value == 4

    active = indicators.get("volunteers.active").read(today, details=True)
    assert active.value == 1 and active.by_township == {here.pk: (1, None)}
    assert [row.label for row in active.rows] == [a.name]

    hours = indicators.get("volunteers.hours").read(today)
    this_year = Decimal("5.5") if (today - timedelta(days=1)).year == today.year else Decimal("2.5")
    assert hours.value == this_year
    assert hours.by_township == {here.pk: (this_year, None)}  # b served nothing, c too long ago
