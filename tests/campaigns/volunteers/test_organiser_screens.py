from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Event, Shift, Signup
from outreach import roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def shift_data(start, **overrides):
    data = {
        "title": "咨询台",
        "place": "",
        "starts_at": local(start),
        "ends_at": local(start + timedelta(hours=3)),
        "places": "5",
        "min_age": "18",
        "method": "instant",
        "signup_deadline": local(start - timedelta(hours=2)),
        "cancel_hours": "24",
    }
    data.update(overrides)
    return data


def test_township_officer_creates_an_event_with_a_shift_in_their_township(client, home_page):
    township = TownshipFactory()
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township))
    response = client.post(
        "/volunteers/manage/events/new/",
        {"title": "入户检查", "township": township.pk, "place": "城关镇", "status": "published"},
    )
    event = Event.objects.get(title="入户检查")
    assert response["Location"] == f"/volunteers/manage/events/{event.pk}/"
    start = timezone.now() + timedelta(days=4)
    client.post(f"/volunteers/manage/events/{event.pk}/shifts/new/", shift_data(start))
    shift = Shift.objects.get(event=event)
    assert shift.pool.size == 5 and shift.pool.offers_close_at == shift.starts_at - timedelta(hours=2)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2020-01-01T08:00"}, "结束时间应晚于开始时间"),
        ({"places": "0"}, "名额至少为1"),
        ({"starts_at": "明天上午"}, ""),
    ],
)
def test_bad_shift_input_is_refused_and_nothing_saved(client, home_page, overrides, message):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    event = EventFactory()
    start = timezone.now() + timedelta(days=4)
    response = client.post(
        f"/volunteers/manage/events/{event.pk}/shifts/new/", shift_data(start, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Shift.objects.exists()


def test_places_cannot_shrink_below_the_confirmed(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=2)
    for _ in range(2):
        services.sign_up(VolunteerFactory(), shift)
    response = client.post(
        f"/volunteers/manage/events/{shift.event_id}/shifts/{shift.pk}/",
        shift_data(shift.starts_at, places="1"),
    )
    assert response.status_code == 400 and "多于新名额" in response.content.decode()
    shift.refresh_from_db()
    assert shift.places == 2 and shift.pool.size == 2


def test_moving_a_shift_on_the_screen_tells_the_volunteers(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=2)
    signup = services.sign_up(VolunteerFactory(), shift)
    client.post(
        f"/volunteers/manage/events/{shift.event_id}/shifts/{shift.pk}/",
        shift_data(shift.starts_at + timedelta(days=1), places="2"),
    )
    assert Notification.objects.filter(key__startswith=f"volunteers:changed:{signup.pk}:").exists()


def test_roster_ticks_check_in_and_out_and_hours_get_confirmed(client, home_page):
    organiser = UserFactory(roles=[roles.EDITOR])
    client.force_login(organiser)
    shift = make_shift(
        places=2, start_in=timedelta(minutes=5), signup_deadline=timezone.now() + timedelta(minutes=1)
    )
    signup = services.sign_up(VolunteerFactory(), shift)
    client.post(
        f"/volunteers/manage/shifts/{shift.pk}/check-in/",
        {"code": signup.code, "action": "in", "back": "roster"},
    )
    client.post(
        f"/volunteers/manage/shifts/{shift.pk}/check-in/",
        {"code": signup.code, "action": "out", "back": "roster"},
    )
    signup.refresh_from_db()
    assert signup.checked_in_at and signup.checked_out_at and signup.hours_status == Signup.HOURS_TO_CONFIRM
    response = client.post("/volunteers/manage/hours/", {"signup": signup.pk, "hours": "9"})
    assert "不能超出岗位时间" in client.get(response["Location"]).content.decode()
    client.post("/volunteers/manage/hours/", {"signup": signup.pk, "hours": ""})
    signup.refresh_from_db()
    assert signup.hours_status == Signup.HOURS_CONFIRMED and signup.hours_confirmed_by == organiser


def test_scanned_address_or_lowercase_code_checks_in(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=2)
    signup = services.sign_up(VolunteerFactory(), shift)
    client.post(
        f"/volunteers/manage/shifts/{shift.pk}/check-in/",
        {"code": f" {signup.code.lower()} ", "action": "in"},
    )
    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_approval_on_the_roster(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=2, method="approval")
    signup = services.sign_up(VolunteerFactory(), shift)
    assert "待审核" in client.get(f"/volunteers/manage/shifts/{shift.pk}/").content.decode()
    client.post(f"/volunteers/manage/sign-ups/{signup.pk}/approve/", {"answer": "approve"})
    signup.refresh_from_db()
    assert signup.roster_status == "confirmed"


def test_cancelling_an_event_on_the_screen(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=1)
    signup = services.sign_up(VolunteerFactory(), shift)
    response = client.post(f"/volunteers/manage/events/{shift.event_id}/cancel/", follow=True)
    assert "已通知 1 位" in response.content.decode()
    signup.refresh_from_db()
    assert signup.state == Signup.CALLED_OFF


def test_the_check_in_page_may_use_the_camera_the_rest_of_the_site_may_not(client, home_page):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = make_shift(places=2)
    page = client.get(f"/volunteers/manage/shifts/{shift.pk}/check-in/")
    assert page.status_code == 200
    assert "camera=(self)" in page["Permissions-Policy"]
    assert "camera=()" in client.get(f"/volunteers/manage/events/{shift.event_id}/")["Permissions-Policy"]
