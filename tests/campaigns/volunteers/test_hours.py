from datetime import timedelta
from decimal import Decimal

import pytest

from campaigns.volunteers import services, tasks
from campaigns.volunteers.models import Signup
from tests.outreach.factories import UserFactory

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def confirmed(shift=None, **kwargs):
    shift = shift or make_shift(**kwargs)
    return shift, services.sign_up(VolunteerFactory(), shift)


def test_hours_come_from_check_in_and_out():
    shift, signup = confirmed(hours=3)
    services.check_in(shift, signup.code, now=shift.starts_at + timedelta(minutes=10))
    signup = services.check_out(shift, signup.code, now=shift.starts_at + timedelta(hours=2, minutes=10))
    assert signup.hours == Decimal("2.0")
    assert signup.hours_status == Signup.HOURS_TO_CONFIRM


def test_hours_are_capped_by_the_shift_so_travel_and_waiting_do_not_count():
    shift, signup = confirmed(hours=3)
    services.check_in(shift, signup.code, now=shift.starts_at - timedelta(minutes=50))  # arrived early
    signup = services.check_out(shift, signup.code, now=shift.ends_at + timedelta(hours=2))  # left late
    assert signup.hours == Decimal("3.0")


def test_code_of_another_event_is_refused_as_an_unknown_code_naming_nothing():
    shift, signup = confirmed()
    other = make_shift(EventFactory(title="另一个活动"))
    with pytest.raises(services.Refused) as info:
        services.check_in(other, signup.code, now=other.starts_at)
    with pytest.raises(services.Refused) as unknown:
        services.check_in(other, "ZZZZZZZZ", now=other.starts_at)
    assert info.value.message == unknown.value.message
    assert "不属于本岗位" in info.value.message
    assert shift.title not in info.value.message and shift.event.title not in info.value.message
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_unknown_code_and_waiting_volunteer_cannot_check_in():
    shift = make_shift(places=1)
    services.sign_up(VolunteerFactory(), shift)
    waiting = services.sign_up(VolunteerFactory(), shift, wait=True)
    with pytest.raises(services.Refused):
        services.check_in(shift, "NOPE1234", now=shift.starts_at)
    with pytest.raises(services.Refused):
        services.check_in(shift, waiting.code, now=shift.starts_at)


def test_forgotten_check_out_is_flagged_never_credited():
    shift, signup = confirmed(hours=2)
    services.check_in(shift, signup.code, now=shift.starts_at)
    assert services.flag_missing_checkouts(now=shift.ends_at) == 0  # grace hour
    assert services.flag_missing_checkouts(now=shift.ends_at + timedelta(hours=1)) == 1
    signup.refresh_from_db()
    assert signup.hours_status == Signup.HOURS_MISSING_OUT and signup.hours is None
    organiser = UserFactory()
    with pytest.raises(services.Refused):
        services.confirm_hours(signup, organiser)  # no hours given: nothing credited
    with pytest.raises(services.Refused) as info:
        services.confirm_hours(signup, organiser, hours=Decimal("2.5"))  # more than the shift
    assert "不能超出岗位时间" in info.value.message
    signup = services.confirm_hours(signup, organiser, hours=Decimal("1.5"))
    assert signup.hours == Decimal("1.5") and signup.hours_status == Signup.HOURS_CONFIRMED
    assert signup.hours_confirmed_by == organiser
    assert services.confirmed_hours() == Decimal("1.5")


def test_no_show_thirty_minutes_after_start_by_the_schedule():
    shift, signup = confirmed()
    _, arrived = confirmed(shift)
    services.check_in(shift, arrived.code, now=shift.starts_at)
    assert services.mark_no_shows(now=shift.starts_at + timedelta(minutes=29)) == 0
    assert services.mark_no_shows(now=shift.starts_at + timedelta(minutes=30)) == 1
    assert services.mark_no_shows(now=shift.starts_at + timedelta(minutes=31)) == 0  # safe to run twice
    signup.refresh_from_db()
    arrived.refresh_from_db()
    assert signup.roster_status == "no_show"
    assert arrived.roster_status == "checked_in"


def test_late_arrival_clears_the_no_show():
    shift, signup = confirmed()
    services.mark_no_shows(now=shift.starts_at + timedelta(minutes=40))
    signup = services.check_in(shift, signup.code, now=shift.starts_at + timedelta(minutes=45))
    assert signup.roster_status == "checked_in"


def test_task_entry_points_run():
    assert tasks.every_five_minutes() == {"no_shows": 0, "missing_checkouts": 0}
    assert tasks.hourly() == 0
    assert tasks.daily() == 0


def test_day_before_reminder_is_sent_once():
    from outreach.models import Notification

    shift, signup = confirmed(start_in=timedelta(hours=20))
    assert services.send_day_before_reminders() == 1
    assert services.send_day_before_reminders() == 1
    assert (
        Notification.objects.filter(key__startswith=f"volunteers:reminder:{signup.pk}").count() == 2
    )  # mail + sms


def test_qualification_warning_goes_to_volunteer_and_team_leader_once():
    from datetime import date

    from campaigns.volunteers.models import Notice, Qualification, Team

    from .factories import TrainingFactory

    leader = VolunteerFactory()
    team = Team.objects.create(name="城关镇志愿服务队")
    team.leaders.add(leader)
    member = VolunteerFactory(team=team)
    Qualification.objects.create(
        volunteer=member,
        training=TrainingFactory(),
        valid_until=date.today() + timedelta(days=20),
        status=Qualification.VERIFIED,
    )
    Qualification.objects.create(
        volunteer=member,
        training=TrainingFactory(name="急救员证"),
        valid_until=date.today() + timedelta(days=90),
        status=Qualification.VERIFIED,
    )
    Qualification.objects.create(  # not verified: no warning for what does not count
        volunteer=member,
        training=TrainingFactory(name="攀岩证"),
        valid_until=date.today() + timedelta(days=10),
    )
    assert services.warn_expiring_qualifications() == 1
    services.warn_expiring_qualifications()
    assert Notice.objects.filter(volunteer=member, key__startswith="volunteers:qualification:").count() == 1
    assert Notice.objects.filter(volunteer=leader, key__contains=":leader:").count() == 1
