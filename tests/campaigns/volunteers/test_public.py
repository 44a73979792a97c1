import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import RegistrationCode, Signup, Skill, Volunteer
from outreach import roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory

from .factories import EventFactory, VolunteerFactory, make_shift, sent_code

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


def register_by_sms(client, township, mobile="13912345678", **overrides):
    response = client.post("/volunteers/register/", {"mobile": mobile})
    assert response["Location"] == "/volunteers/register/details/"
    return client.post(
        "/volunteers/register/details/", registration(township, code=sent_code(mobile), **overrides)
    )


def test_registration_creates_a_volunteer_signed_in_with_the_mobile_as_username(client, home_page):
    township = TownshipFactory()
    skill = Skill.objects.create(name="摄影")
    response = register_by_sms(client, township, skills=[skill.pk])
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    volunteer = Volunteer.objects.get(mobile="13912345678")
    assert volunteer.user.username == "13912345678" and volunteer.consent_at
    assert volunteer.user.groups.filter(name=roles.VOLUNTEER).exists()
    assert list(volunteer.skills.all()) == [skill]
    code = RegistrationCode.objects.get(mobile="13912345678")
    assert code.used_at and sent_code("13912345678") not in code.code_hash  # hashed at rest
    client.logout()
    response = client.post("/accounts/login/", {"username": "13912345678", "password": "huo-zai-119-xiao"})
    assert response["Location"] == "/volunteers/me/"  # the site_landing hook


@pytest.mark.parametrize(("value", "message"), [("1391234567", "11位手机号"), ("23912345678", "11位手机号")])
def test_a_bad_mobile_is_refused_at_the_first_step_and_nothing_sent(client, home_page, value, message):
    response = client.post("/volunteers/register/", {"mobile": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Notification.objects.exists() and not RegistrationCode.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("consent", "", "勾选同意"),
        ("birth_date", "2999-01-01", "出生日期"),
        ("birth_date", "明天", "正确的日期"),
        ("emergency_phone", "110", "11位手机号"),
        ("code", "12345", "6位数字验证码"),
    ],
)
def test_bad_registration_input_is_refused_in_chinese_and_nothing_saved(
    client, home_page, field, value, message
):
    client.post("/volunteers/register/", {"mobile": "13912345678"})
    data = registration(TownshipFactory(), **{"code": sent_code("13912345678"), field: value})
    response = client.post("/volunteers/register/details/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        not Volunteer.objects.exists()
        and not get_user_model().objects.filter(username="13912345678").exists()
    )


def _first_step(mobile, address):
    from django.test import Client

    client = Client(REMOTE_ADDR=address)
    response = client.post("/volunteers/register/", {"mobile": mobile})
    details = client.get(response["Location"]) if response.status_code == 302 else None
    return response, details


def _without_csrf(body, *numbers):
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    for number in numbers:
        body = body.replace(f"{number[:3]}****{number[-4:]}", "MOBILE")
    return body


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_the_first_step_answers_the_same_for_a_registered_and_a_new_number(home_page):
    known = VolunteerFactory(mobile="13900000119").mobile
    unknown = "13900000120"
    known_response, known_page = _first_step(known, "10.0.0.1")
    new_response, new_page = _first_step(unknown, "10.0.0.2")
    assert known_response.status_code == new_response.status_code == 302
    assert known_response["Location"] == new_response["Location"] == "/volunteers/register/details/"
    assert known_response.content == new_response.content
    assert known_page.status_code == new_page.status_code == 200
    assert _without_csrf(known_page.content.decode(), known) == _without_csrf(
        new_page.content.decode(), unknown
    )
    # Only the SMS differs: the registered number is told to sign in, and gets no code.
    to_known = Notification.objects.get(to=known)
    to_new = Notification.objects.get(to=unknown)
    assert to_known.channel == to_new.channel == Notification.SMS
    assert "已经注册过" in to_known.body and "/accounts/login/" in to_known.body
    assert not re.search(r"\d{6}", to_known.body.split("http")[0])
    assert "验证码是" in to_new.body


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_guess_at_the_second_step_is_answered_the_same_for_a_registered_number(client, home_page):
    known = VolunteerFactory(mobile="13900000119").mobile
    answers = []
    for mobile, address in ((known, "10.0.0.1"), ("13900000120", "10.0.0.2")):
        from django.test import Client

        visitor = Client(REMOTE_ADDR=address)
        visitor.post("/volunteers/register/", {"mobile": mobile})
        response = visitor.post(
            "/volunteers/register/details/", registration(TownshipFactory(), code="000000")
        )
        answers.append((response.status_code, "验证码不正确，还可以再试4次" in response.content.decode()))
    assert answers == [(400, True), (400, True)]
    assert Volunteer.objects.count() == 1


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_codes_are_limited_per_number_and_per_address(home_page):
    from campaigns.volunteers.public.views import CODES_PER_ADDRESS_PER_HOUR, CODES_PER_NUMBER_PER_HOUR

    for n in range(CODES_PER_NUMBER_PER_HOUR):  # one number from ever new addresses
        assert _first_step("13912345678", f"10.1.0.{n}")[0].status_code == 302
    response, _page = _first_step("13912345678", "10.1.0.200")
    assert response.status_code == 429 and "太频繁" in response.content.decode()
    assert Notification.objects.filter(to="13912345678").count() == CODES_PER_NUMBER_PER_HOUR

    for n in range(CODES_PER_ADDRESS_PER_HOUR):  # ever new numbers from one address
        assert _first_step(f"1380000{n:04d}", "10.2.0.1")[0].status_code == 302
    response, _page = _first_step("13700000000", "10.2.0.1")
    assert response.status_code == 429
    assert not Notification.objects.filter(to="13700000000").exists()


def test_a_wrong_code_is_refused_and_five_wrong_ones_spend_the_code(client, home_page):
    township = TownshipFactory()
    client.post("/volunteers/register/", {"mobile": "13912345678"})
    right = sent_code("13912345678")
    wrong = "000000" if right != "000000" else "111111"
    response = client.post("/volunteers/register/details/", registration(township, code=wrong))
    assert response.status_code == 400 and "验证码不正确，还可以再试4次" in response.content.decode()
    assert not Volunteer.objects.exists() and not get_user_model().objects.exists()
    for _ in range(4):
        client.post("/volunteers/register/details/", registration(township, code=wrong))
    response = client.post("/volunteers/register/details/", registration(township, code=right))
    assert response.status_code == 400 and "输错次数太多" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_an_expired_code_is_refused_and_nothing_created(client, home_page):
    client.post("/volunteers/register/", {"mobile": "13912345678"})
    RegistrationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        "/volunteers/register/details/", registration(TownshipFactory(), code=sent_code("13912345678"))
    )
    assert response.status_code == 400 and "验证码已过期" in response.content.decode()
    assert not Volunteer.objects.exists() and not get_user_model().objects.exists()


def test_someone_elses_number_cannot_be_registered_with_ones_own_code(client, home_page):
    township = TownshipFactory()
    client.post("/volunteers/register/", {"mobile": "13911111111"})  # one's own phone
    mine = sent_code("13911111111")
    client.post("/volunteers/register/", {"mobile": "13922222222"})  # the victim's
    response = client.post("/volunteers/register/details/", registration(township, code=mine))
    assert response.status_code == 400
    assert not Volunteer.objects.filter(mobile="13922222222").exists()
    assert not get_user_model().objects.filter(username="13922222222").exists()


def test_the_second_step_needs_the_first(client, home_page):
    response = client.post("/volunteers/register/details/", registration(TownshipFactory(), code="123456"))
    assert response.status_code == 302 and response["Location"] == "/volunteers/register/"
    assert not Volunteer.objects.exists()


def test_a_registered_number_is_not_registered_again(client, home_page):
    township = TownshipFactory()
    register_by_sms(client, township)
    client.logout()
    client.post("/volunteers/register/", {"mobile": "13912345678"})
    assert "已经注册过" in Notification.objects.filter(to="13912345678").latest("pk").body
    response = client.post(
        "/volunteers/register/details/", registration(township, name="另一个人", code="123456")
    )
    assert response.status_code == 400
    assert Volunteer.objects.count() == 1


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_registration_is_rate_limited_per_visitor(client, home_page):
    from campaigns.volunteers.public.views import REGISTRATIONS_PER_HOUR

    client.post("/volunteers/register/", {"mobile": "13912345678"})
    for _ in range(REGISTRATIONS_PER_HOUR):
        client.post("/volunteers/register/details/", registration(TownshipFactory(), code="999999"))
    response = client.post(
        "/volunteers/register/details/", registration(TownshipFactory(), code=sent_code("13912345678"))
    )
    assert response.status_code == 429
    assert not Volunteer.objects.exists()


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


@override_settings(SMS_BACKEND="tests.outreach.test_notify.RecordingSms")
def test_the_code_goes_out_through_the_sms_backend(client, home_page):
    from outreach import notify
    from tests.outreach.test_notify import RecordingSms

    RecordingSms.sent.clear()
    client.post("/volunteers/register/", {"mobile": "13912345678"})
    assert notify.send_pending() == 1
    [(to, text)] = RecordingSms.sent
    assert to == "13912345678" and sent_code("13912345678") in text and "10分钟内有效" in text
