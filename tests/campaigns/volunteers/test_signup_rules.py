from datetime import date, timedelta

import pytest
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Event, Notice, Qualification, Signup
from outreach.models import Claim, Notification

from .factories import EventFactory, TrainingFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def refused(volunteer, shift, **kwargs):
    with pytest.raises(services.Refused) as info:
        services.sign_up(volunteer, shift, **kwargs)
    return info.value


def test_sign_up_claims_a_place_and_queues_the_confirmation():
    shift = make_shift(places=2)
    volunteer = VolunteerFactory()
    signup = services.sign_up(volunteer, shift)
    assert signup.claim.status == Claim.HELD and signup.roster_status == "confirmed"
    assert Notification.objects.filter(
        key=f"volunteers:confirmed:{signup.pk}:mail", to=volunteer.email
    ).exists()
    assert Notice.objects.filter(volunteer=volunteer, key=f"volunteers:confirmed:{signup.pk}").exists()


def test_full_shift_is_refused_with_the_reason_then_the_waiting_list_takes_them():
    shift = make_shift(places=1)
    services.sign_up(VolunteerFactory(), shift)
    late = VolunteerFactory()
    error = refused(late, shift)
    assert error.can_wait and "已满" in error.message
    assert not Signup.objects.filter(volunteer=late).exists()
    waiting = services.sign_up(late, shift, wait=True)
    assert waiting.roster_status == "waiting"


def test_too_young_is_refused():
    shift = make_shift(min_age=18)
    young = VolunteerFactory(birth_date=timezone.localdate() - timedelta(days=17 * 365))
    assert "18" in refused(young, shift).message
    assert Claim.objects.count() == 0


def test_age_is_counted_on_the_day_of_the_shift():
    shift = make_shift(min_age=18, start_in=timedelta(days=10))
    day = timezone.localtime(shift.starts_at).date()
    turning = VolunteerFactory(birth_date=date(day.year - 18, day.month, day.day) - timedelta(days=1))
    assert services.sign_up(turning, shift).claim.status == Claim.HELD


def test_missing_or_expired_qualification_is_refused_valid_one_passes():
    training = TrainingFactory()
    shift = make_shift(required_training=training)
    volunteer = VolunteerFactory()
    assert "消防安全培训" in refused(volunteer, shift).message
    Qualification.objects.create(
        volunteer=volunteer,
        training=training,
        valid_until=timezone.localdate() + timedelta(days=1),
        status=Qualification.VERIFIED,
    )
    assert "过期" in refused(volunteer, shift).message  # expires before the shift (in 3 days)
    Qualification.objects.create(
        volunteer=volunteer,
        training=training,
        valid_until=timezone.localdate() + timedelta(days=60),
        status=Qualification.VERIFIED,
    )
    assert services.sign_up(volunteer, shift).claim.status == Claim.HELD


def test_insurance_required():
    shift = make_shift(insurance_required=True)
    assert "保险" in refused(VolunteerFactory(), shift).message
    assert services.sign_up(VolunteerFactory(has_insurance=True), shift)


def test_overlapping_shift_is_refused_adjacent_one_is_not():
    event = EventFactory()
    first = make_shift(event, start_in=timedelta(days=2), hours=3)
    overlapping = make_shift(event, start_in=timedelta(days=2, hours=2), hours=2)
    adjacent = make_shift(event, start_in=timedelta(days=2, hours=3), hours=2)
    volunteer = VolunteerFactory()
    services.sign_up(volunteer, first)
    assert "冲突" in refused(volunteer, overlapping).message
    assert services.sign_up(volunteer, adjacent)


def test_signing_up_twice_is_refused_and_nothing_is_saved():
    shift = make_shift()
    volunteer = VolunteerFactory()
    services.sign_up(volunteer, shift)
    assert "已经报名" in refused(volunteer, shift).message
    assert Signup.objects.filter(volunteer=volunteer).count() == 1
    assert Claim.objects.count() == 1


def test_sign_up_deadline():
    shift = make_shift(signup_deadline=timezone.now() - timedelta(minutes=1))
    assert "截止" in refused(VolunteerFactory(), shift).message


def test_cancelled_or_draft_event_takes_no_sign_up():
    shift = make_shift(event=EventFactory(status=Event.DRAFT))
    assert "不接受" in refused(VolunteerFactory(), shift).message


def test_approval_method_holds_the_place_pending_until_approved():
    shift = make_shift(method="approval")
    signup = services.sign_up(VolunteerFactory(), shift)
    assert signup.roster_status == "pending"
    services.approve(signup)
    signup.refresh_from_db()
    assert signup.roster_status == "confirmed"


def test_cancel_before_the_deadline_is_plain_after_it_is_late():
    shift = make_shift(cancel_hours=24, start_in=timedelta(hours=30))
    early, late = VolunteerFactory(), VolunteerFactory()
    a, b = services.sign_up(early, shift), services.sign_up(late, shift)
    assert services.cancel(a).state == Signup.CANCELLED
    assert services.cancel(b, now=shift.starts_at - timedelta(hours=2)).state == Signup.CANCELLED_LATE


def test_leaving_the_waiting_list_is_never_late():
    shift = make_shift(places=1, cancel_hours=24, start_in=timedelta(hours=5))
    services.sign_up(VolunteerFactory(), shift)
    waiting = services.sign_up(VolunteerFactory(), shift, wait=True)
    assert services.cancel(waiting).state == Signup.CANCELLED


def test_cannot_cancel_once_started():
    shift = make_shift()
    signup = services.sign_up(VolunteerFactory(), shift)
    with pytest.raises(services.Refused):
        services.cancel(signup, now=shift.starts_at + timedelta(minutes=1))
