from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings

from campaigns.volunteers import services
from campaigns.volunteers.models import Signup, Skill, Volunteer
from outreach import roles
from tests.outreach.factories import TownshipFactory

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def registration(township, **overrides):
    data = {
        "name": "王小明",
        "mobile": "13912345678",
        "password": "huo-zai-119-xiao",
        "birth_date": "1995-03-02",
        "township": township.pk,
        "skills": [],
        "email": "",
        "emergency_name": "王大明",
        "emergency_phone": "13800000001",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_registration_creates_a_volunteer_signed_in_with_the_mobile_as_username(client, home_page):
    township = TownshipFactory()
    skill = Skill.objects.create(name="摄影")
    response = client.post("/volunteers/register/", registration(township, skills=[skill.pk]))
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    volunteer = Volunteer.objects.get(mobile="13912345678")
    assert volunteer.user.username == "13912345678" and volunteer.consent_at
    assert volunteer.user.groups.filter(name=roles.VOLUNTEER).exists()
    assert list(volunteer.skills.all()) == [skill]
    client.logout()
    response = client.post("/accounts/login/", {"username": "13912345678", "password": "huo-zai-119-xiao"})
    assert response["Location"] == "/volunteers/me/"  # the site_landing hook


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "1391234567", "11位手机号"),
        ("mobile", "23912345678", "11位手机号"),
        ("consent", "", "勾选同意"),
        ("birth_date", "2999-01-01", "出生日期"),
        ("birth_date", "明天", "正确的日期"),
        ("emergency_phone", "110", "11位手机号"),
    ],
)
def test_bad_registration_input_is_refused_in_chinese_and_nothing_saved(
    client, home_page, field, value, message
):
    response = client.post("/volunteers/register/", registration(TownshipFactory(), **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        not Volunteer.objects.exists()
        and not get_user_model().objects.filter(username="13912345678").exists()
    )


def test_duplicate_registration_is_refused(client, home_page):
    township = TownshipFactory()
    client.post("/volunteers/register/", registration(township))
    client.logout()
    response = client.post("/volunteers/register/", registration(township, name="另一个人"))
    assert response.status_code == 400
    assert "已经注册过" in response.content.decode()
    assert Volunteer.objects.count() == 1


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_registration_is_rate_limited_per_visitor(client, home_page):
    township = TownshipFactory()
    for n in range(5):
        client.post("/volunteers/register/", registration(township, mobile=f"1391234560{n}"))
        client.logout()
    response = client.post("/volunteers/register/", registration(township, mobile="13912345699"))
    assert response.status_code == 429
    assert Volunteer.objects.count() == 5


def test_listing_shows_places_left_and_is_cached_for_anonymous_until_a_change(
    client, home_page, django_assert_max_num_queries
):
    shift = make_shift(places=3, title="宣传咨询台")
    services.sign_up(VolunteerFactory(), shift)
    for _ in range(5):
        make_shift(EventFactory(), places=4)
    with django_assert_max_num_queries(15):
        body = client.get("/volunteers/").content.decode()
    assert "剩余 2 / 3 个名额" in body and "<form" not in body.split("<main")[1].split("</main>")[0]
    with django_assert_max_num_queries(2):
        client.get("/volunteers/")
    services.sign_up(VolunteerFactory(), shift)  # bumps the listing's generation
    assert "剩余 1 / 3 个名额" in client.get("/volunteers/").content.decode()


def test_event_page_signs_up_a_signed_in_volunteer(client, home_page):
    shift = make_shift(places=1)
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    response = client.post(f"/volunteers/shifts/{shift.pk}/sign-up/")
    assert response.status_code == 302
    assert Signup.objects.get(volunteer=volunteer).roster_status == "confirmed"
    body = client.get("/volunteers/me/").content.decode()
    assert Signup.objects.get(volunteer=volunteer).code in body


def test_full_shift_offers_the_waiting_list_on_the_event_page(client, home_page):
    shift = make_shift(places=1)
    services.sign_up(VolunteerFactory(), shift)
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    page = client.get(f"/volunteers/events/{shift.event_id}/").content.decode()
    assert "加入候补名单" in page
    client.post(f"/volunteers/shifts/{shift.pk}/sign-up/", {"wait": "1"})
    assert Signup.objects.get(volunteer=volunteer).roster_status == "waiting"


def test_signed_in_non_volunteer_is_sent_to_registration(client, home_page):
    from tests.outreach.factories import UserFactory

    shift = make_shift()
    client.force_login(UserFactory())
    response = client.post(f"/volunteers/shifts/{shift.pk}/sign-up/")
    assert response["Location"] == "/volunteers/register/"
    assert client.get("/volunteers/me/").status_code == 404


def test_campaign_page_lists_its_events(client, campaign_index):
    from campaigns.models import CampaignPage
    from tests.campaigns.factories import settings

    campaign = campaign_index.add_child(instance=CampaignPage(title="119消防宣传月", slug="m119", intro=""))
    campaign.outreach_settings.set(settings("community"))
    campaign.save_revision().publish()
    event = EventFactory(title="社区消防宣传志愿活动", campaign=campaign)
    make_shift(event)
    body = client.get(campaign.url).content.decode()
    assert "社区消防宣传志愿活动" in body and f"/volunteers/events/{event.pk}/" in body


def test_home_page_invitation_leads_to_registration(client, home_page):
    assert 'href="/volunteers/register/"' in client.get("/").content.decode()


def test_bad_ids_in_addresses_are_404_not_500(client, home_page):
    assert client.get("/volunteers/events/99999999/").status_code == 404
    assert client.get("/volunteers/certificates/verify/NOPE/").status_code == 404
    assert client.get("/volunteers/offer/%00/").status_code == 404


def test_cancel_from_own_page_frees_the_place(client, home_page):
    shift = make_shift(places=1, start_in=timedelta(days=5))
    volunteer = VolunteerFactory()
    signup = services.sign_up(volunteer, shift)
    client.force_login(volunteer.user)
    client.post(f"/volunteers/sign-ups/{signup.pk}/cancel/")
    signup.refresh_from_db()
    assert signup.state == Signup.CANCELLED


def test_english_is_served_when_chosen(client, home_page):
    make_shift(places=2)
    body = client.get("/volunteers/?lang=en").content.decode()
    assert "Volunteer events" in body and "2 of 2 places left" in body
    response = client.post("/volunteers/register/?lang=en", registration(TownshipFactory(), mobile="123"))
    assert "Please enter an 11-digit mobile number" in response.content.decode()
