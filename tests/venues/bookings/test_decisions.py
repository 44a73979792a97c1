"""Every booking is decided by one service, whatever screen starts it: a pending booking is
never checked in nor made a no-show, a closed day added anywhere calls its slots off, rule
changes reach the open slots, and an impossible slot size gets a message, not a 500."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach.models import Claim, Notification
from tests.outreach.factories import UserFactory
from venues.bookings import services
from venues.bookings.models import Booking, BookingRules, ClosedDay, Slot, Status

from .factories import book, future_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_a_pending_booking_cannot_be_checked_in():
    slot = future_slot()
    booking = book(slot)
    with (
        mock.patch("django.utils.timezone.now", return_value=slot.start),
        pytest.raises(services.BookingError) as refused,
    ):
        services.check_in(booking.pk, 30)
    assert "还没有审核" in refused.value.message
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING


def test_the_no_show_job_never_counts_an_undecided_booking_against_the_group():
    slot = future_slot(capacity=120)
    approved = book(slot, 30, 30, org_name="七贤镇敬老院", mobile="13700000001")
    services.approve(approved.pk)
    pending = book(slot, 30, 30, org_name="郇封镇中学", mobile="13700000002")
    services.mark_no_shows(now=slot.start + timedelta(hours=1))
    assert Booking.objects.get(pk=approved.pk).status == Status.NO_SHOW
    pending.refresh_from_db()
    assert pending.status == Status.UNDECIDED
    assert pending.claim.status == Claim.RELEASED and pending.claim.reason == "undecided"
    later = future_slot(days=28)
    again = book(later, 30, 30, org_name="郇封镇中学", mobile="13700000002")
    assert services.previous_no_shows([again]) == {again.pk: 0}
    assert services.mark_no_shows(now=slot.start + timedelta(hours=1)) == 0  # safe to run twice


def test_a_closed_day_added_as_a_snippet_calls_its_slots_off(
    admin_client, django_capture_on_commit_callbacks
):
    slot = future_slot()
    booking = book(slot)
    day = timezone.localtime(slot.start).date()
    before = services.availability.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailsnippets_bookings_closedday:add"),
            {"date": f"{day:%Y-%m-%d}", "reason": "展厅检修"},
        )
    assert response.status_code == 302
    assert ClosedDay.objects.get().date == day
    booking.refresh_from_db()
    assert booking.status == Status.CALLED_OFF and booking.claim.status == Claim.RELEASED
    assert Slot.objects.get(pk=slot.pk).is_called_off
    assert Notification.objects.filter(key=f"booking:{booking.pk}:called_off:sms").exists()
    assert services.availability.current() != before


def test_rules_saved_in_the_admin_reach_the_open_slots(admin_client):
    rules = BookingRules.current()
    slot = future_slot()
    data = {
        field: getattr(rules, field)
        for field in (
            "min_group",
            "max_group",
            "min_notice_working_days",
            "max_ahead_days",
            "change_notice_working_days",
            "minors_per_adult",
            "pending_flag_working_days",
            "no_show_minutes",
        )
    }
    data.update(needs_approval="on", offer_window_hours=6, offers_close_hours=5, closes_at="17:30")
    response = admin_client.post(reverse("wagtailsnippets_bookings_bookingrules:edit", args=[rules.pk]), data)
    assert response.status_code == 302
    slot.pool.refresh_from_db()
    assert slot.pool.offer_window == timedelta(hours=6)
    assert slot.pool.offers_close_at == slot.start - timedelta(hours=5)


def test_an_impossible_slot_size_gets_a_message_not_a_500(client):
    from outreach import roles

    client.force_login(UserFactory(username="base9", roles=[roles.BASE_STAFF]))
    first = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("bookings_admin:calendar"),
        {
            "action": "generate",
            "first": f"{first:%Y-%m-%d}",
            "last": f"{first + timedelta(days=6):%Y-%m-%d}",
            "weekday": ["1", "2", "3"],
            "times": "9:00",
            "capacity": "40000",
        },
    )
    assert response.status_code == 400 and "1 至 9999" in response.content.decode()
    assert not Slot.objects.exists()
    with pytest.raises(services.BookingError):
        services.create_slot(timezone.now() + timedelta(days=20), 32768)
