"""Self-declared trainings count only once an organiser has verified them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.volunteers import qualifications, services
from campaigns.volunteers.models import Qualification, Signup
from outreach import roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import TrainingFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    chengguan = TownshipFactory(name="城关镇", code="chengguan")
    qixian = TownshipFactory(name="七贤镇", code="qixian")
    training = TrainingFactory(name="消防安全志愿者培训", valid_months=24)
    return {
        "chengguan": chengguan,
        "qixian": qixian,
        "training": training,
        "shift": make_shift(required_training=training),
        "volunteer": VolunteerFactory(township=chengguan),
        "officer": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=chengguan),
        "other_officer": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=qixian),
    }


def declare(client, world, **overrides):
    client.force_login(world["volunteer"].user)
    data = {"training": world["training"].pk, "obtained_on": "2025-06-01", "valid_until": "2099-12-31"}
    data.update(overrides)
    return client.post("/volunteers/me/qualifications/new/", data)


def test_a_declared_training_without_review_does_not_open_the_shift(client, world):
    response = declare(client, world)
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    qualification = Qualification.objects.get()
    assert qualification.status == Qualification.SUBMITTED
    assert qualification.valid_until is None  # the typed 2099 is not taken
    response = client.post(f"/volunteers/shifts/{world['shift'].pk}/sign-up/")
    assert not Signup.objects.exists()
    event_page = client.get(response["Location"]).content.decode()
    assert "等待组织者审核" in event_page
    assert "待审核" in client.get("/volunteers/me/").content.decode()


def test_a_future_obtained_date_is_refused_and_nothing_saved(client, world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = declare(client, world, obtained_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    assert not Qualification.objects.exists()


def test_the_organiser_verifies_expiry_comes_from_the_training_and_the_volunteer_is_told(
    client, world, django_capture_on_commit_callbacks
):
    declare(client, world)
    qualification = Qualification.objects.get()
    client.force_login(world["officer"])
    page = client.get("/volunteers/manage/qualifications/").content.decode()
    assert world["volunteer"].name in page and "未上传证书扫描件" in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/volunteers/manage/qualifications/",
            {"qualification": qualification.pk, "answer": "verify", "obtained_on": "2025-06-01"},
        )
    assert response["Location"] == "/volunteers/manage/qualifications/"
    qualification.refresh_from_db()
    assert qualification.status == Qualification.VERIFIED
    assert qualification.valid_until == date(2027, 6, 1)  # 24 months of the training
    assert qualification.reviewed_by == world["officer"] and qualification.reviewed_at
    entry = ModelLogEntry.objects.get(action=qualifications.VERIFY_ACTION)
    assert entry.user == world["officer"] and entry.object_id == str(qualification.pk)
    told = Notification.objects.filter(
        key__startswith=f"volunteers:qualification-verified:{qualification.pk}"
    )
    assert told.filter(channel=Notification.SMS, to=world["volunteer"].mobile).exists()
    assert "2027-06-01" in told.first().body
    assert services.sign_up(world["volunteer"], world["shift"]).claim.status == "held"
    client.force_login(world["volunteer"].user)
    assert "已通过" in client.get("/volunteers/me/").content.decode()


def test_a_training_verified_but_obtained_too_long_ago_is_expired(client, world):
    qualification = qualifications.submit(world["volunteer"], world["training"], date(2020, 1, 1))
    qualifications.verify(qualification, world["officer"])
    qualification.refresh_from_db()
    assert qualification.valid_until == date(2022, 1, 1)
    with pytest.raises(services.Refused) as info:
        services.sign_up(world["volunteer"], world["shift"])
    assert "过期" in info.value.message


def test_the_organiser_rejects_with_a_reason_the_volunteer_sees(client, world):
    declare(client, world)
    qualification = Qualification.objects.get()
    client.force_login(world["officer"])
    response = client.post(
        "/volunteers/manage/qualifications/",
        {"qualification": qualification.pk, "answer": "reject", "reason": ""},
    )
    qualification.refresh_from_db()
    assert qualification.status == Qualification.SUBMITTED  # no reason: nothing decided
    assert "请填写未通过的原因" in client.get(response["Location"]).content.decode()
    client.post(
        "/volunteers/manage/qualifications/",
        {"qualification": qualification.pk, "answer": "reject", "reason": "扫描件看不清"},
    )
    qualification.refresh_from_db()
    assert qualification.status == Qualification.REJECTED and qualification.reject_reason == "扫描件看不清"
    entry = ModelLogEntry.objects.get(action=qualifications.REJECT_ACTION)
    assert entry.data["reason"] == "扫描件看不清" and entry.user == world["officer"]
    assert Notification.objects.filter(key__startswith="volunteers:qualification-rejected:").exists()
    client.force_login(world["volunteer"].user)
    assert "未通过：扫描件看不清" in client.get("/volunteers/me/").content.decode()
    with pytest.raises(services.Refused):
        services.sign_up(world["volunteer"], world["shift"])
    with pytest.raises(qualifications.NotReviewable):  # decided once
        qualifications.verify(qualification, world["officer"])


def test_an_officer_of_another_township_neither_sees_nor_decides(client, world):
    declare(client, world)
    qualification = Qualification.objects.get()
    client.force_login(world["other_officer"])
    page = client.get("/volunteers/manage/qualifications/").content.decode()
    assert world["volunteer"].name not in page
    response = client.post(
        "/volunteers/manage/qualifications/", {"qualification": qualification.pk, "answer": "verify"}
    )
    assert response.status_code == 404
    qualification.refresh_from_db()
    assert qualification.status == Qualification.SUBMITTED
    client.force_login(world["volunteer"].user)  # a volunteer is no organiser
    assert client.get("/volunteers/manage/qualifications/").status_code == 403


def test_a_training_the_platform_recorded_counts_at_once():
    training = TrainingFactory(name="消防安全志愿者培训", valid_months=24)
    volunteer = VolunteerFactory()
    qualification = qualifications.record(volunteer, training, timezone.localdate())
    assert qualification.status == Qualification.VERIFIED and qualification.source == "platform"
    assert services.sign_up(volunteer, make_shift(required_training=training))


def test_review_list_queries_are_pinned(client, world, django_assert_max_num_queries):
    for n in range(12):
        qualifications.submit(
            VolunteerFactory(township=world["chengguan"]), world["training"], date(2025, 1, 1 + n)
        )
    client.force_login(world["officer"])
    with django_assert_max_num_queries(12):
        body = client.get("/volunteers/manage/qualifications/").content.decode()
    assert body.count('data-qualification="') == 12


def test_months_are_added_by_the_calendar():
    assert qualifications.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert qualifications.add_months(date(2024, 3, 15), -24) == date(2022, 3, 15)


def test_the_decision_and_its_reason_show_in_the_admins_audit_log(client, world):
    qualification = qualifications.submit(world["volunteer"], world["training"], date(2025, 6, 1))
    qualifications.reject(qualification, world["officer"], "证书已过期")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "资质审核未通过：证书已过期" in response.content.decode()
