"""Who sees the staff dashboard, who reports for an indicator, who verifies."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach import roles
from outreach.plan.models import Measurement, ReportedStatus, ReportedValue
from outreach.plan.services import review
from tests.outreach.factories import UserFactory

from .factories import PDF, IndicatorFactory, PlanFactory, ReportedValueFactory, ResponsibleUnitFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def housing(db):
    member = UserFactory(username="zhujian", roles=[roles.EDITOR])
    return ResponsibleUnitFactory(name="县住建局", members=[member]), member


@pytest.fixture
def hydrants(plan, housing):
    unit, _member = housing
    return IndicatorFactory(
        plan=plan,
        code="hydrants",
        responsible_unit=unit,
        measurement=Measurement.REPORTED,
        target=200,
        unit="个",
    )


@pytest.mark.django_db
def test_the_staff_dashboard_is_refused_to_the_public_and_other_roles(client, plan):
    url = reverse("plan_admin:dashboard")
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    for role in (roles.SCHOOL_STAFF, roles.VENUE_MANAGER, roles.BASE_STAFF):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(url).status_code == 403, role
        assert client.get(reverse("plan_admin:report")).status_code == 403, role
        assert client.get(reverse("plan_admin:report_pdf")).status_code == 403, role
    for role in (roles.EDITOR, roles.REVIEWER, roles.EDUCATION_BUREAU):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(url).status_code == 200, role


@pytest.mark.django_db
def test_a_unit_member_without_a_role_reaches_the_dashboard(client, plan):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("plan_admin:dashboard")).status_code == 403
    ResponsibleUnitFactory(members=[user])
    assert client.get(reverse("plan_admin:dashboard")).status_code == 200


def _upload():
    return SimpleUploadedFile("验收单.pdf", PDF, content_type="application/pdf")


@pytest.mark.django_db
def test_a_unit_enters_values_for_its_own_indicators_only(client, hydrants, housing, plan):
    _unit, member = housing
    url = reverse("plan_admin:enter_value", args=[hydrants.code])
    other = UserFactory(roles=[roles.EDITOR])
    ResponsibleUnitFactory(name="县教体局", members=[other])
    for user in (other, UserFactory(roles=[roles.REVIEWER])):
        client.force_login(user)
        assert client.get(url).status_code == 403
        response = client.post(url, {"value": "10", "as_of": "2023-06-30", "evidence": _upload()})
        assert response.status_code == 403
    assert not ReportedValue.objects.exists()
    client.force_login(member)
    response = client.post(
        url, {"value": "120", "as_of": "2023-06-30", "note": "验收", "evidence": _upload()}
    )
    assert response.status_code == 302
    saved = ReportedValue.objects.get()
    assert (saved.value, saved.status, saved.entered_by) == (Decimal(120), ReportedStatus.PENDING, member)
    assert saved.evidence.name.endswith(".pdf")
    assert "验收单" not in saved.evidence.name


@pytest.mark.django_db
def test_bad_evidence_is_refused_with_a_message_and_nothing_saved(client, hydrants, housing):
    _unit, member = housing
    client.force_login(member)
    url = reverse("plan_admin:enter_value", args=[hydrants.code])
    fake = SimpleUploadedFile("list.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"value": "abc", "as_of": "2099-01-01", "evidence": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "既不是PDF文件也不是照片" in html
    assert "统计日期不能晚于今天" in html
    assert not ReportedValue.objects.exists()


@pytest.mark.django_db
def test_only_reviewers_verify_and_never_their_own_value(client, hydrants, housing):
    _unit, member = housing
    reported = ReportedValueFactory(indicator=hydrants, entered_by=member, value=150)
    url = reverse("plan_admin:review", args=[reported.pk])
    for user in (member, UserFactory(roles=[roles.EDITOR]), UserFactory(roles=[roles.TOWNSHIP_OFFICER])):
        client.force_login(user)
        assert client.post(url, {"action": "accept"}).status_code == 403
    reported.refresh_from_db()
    assert reported.status == ReportedStatus.PENDING
    # A reviewer who entered the value may not verify it.
    reviewer_member = UserFactory(roles=[roles.REVIEWER])
    own = ReportedValueFactory(indicator=hydrants, entered_by=reviewer_member)
    client.force_login(reviewer_member)
    assert client.post(reverse("plan_admin:review", args=[own.pk]), {"action": "accept"}).status_code == 403
    # Another reviewer does.
    reviewer = UserFactory(roles=[roles.REVIEWER])
    client.force_login(reviewer)
    assert client.post(url, {"action": "accept", "note": "核对无误"}).status_code == 302
    reported.refresh_from_db()
    assert (reported.status, reported.reviewed_by, reported.review_note) == (
        ReportedStatus.VERIFIED,
        reviewer,
        "核对无误",
    )
    # A second decision changes nothing.
    _value, changed = review(UserFactory(roles=[roles.REVIEWER]), reported.pk, accept=False)
    assert not changed


@pytest.mark.django_db
def test_an_unverified_value_shows_as_unverified_never_green(client, hydrants, housing):
    from outreach.plan.evaluation import GREEN, Status, evaluate

    _unit, member = housing
    ReportedValueFactory(indicator=hydrants, entered_by=member, value=200, as_of=datetime.date(2023, 6, 30))
    [result] = evaluate([hydrants], datetime.date(2023, 7, 1))
    assert result.status == Status.UNVERIFIED
    assert result.status not in GREEN
    assert result.actual is None
    html = client.get(reverse("plan:public")).content.decode()
    assert 'badge--unverified">未核实' in html
    # Once verified it counts (and 200 of 200 is met).
    reported = ReportedValue.objects.get()
    reported.status = ReportedStatus.VERIFIED
    reported.save()
    [result] = evaluate([hydrants], datetime.date(2023, 7, 1))
    assert (result.status, result.actual) == (Status.MET, Decimal(200))


@pytest.mark.django_db
def test_causes_and_measures_are_written_by_the_unit_only(client, hydrants, housing):
    _unit, member = housing
    url = reverse("plan_admin:assessment", args=[hydrants.code])
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    assert client.post(url, {"year": 2023, "causes": "x", "measures": "y"}).status_code == 403
    client.force_login(member)
    assert client.get(url + "?year=abc").status_code == 200
    assert (
        client.post(url, {"year": 2023, "causes": "道路改造推迟", "measures": "随工程补建"}).status_code
        == 302
    )
    assert hydrants.assessments.get().causes == "道路改造推迟"


@pytest.mark.django_db
def test_hostile_parameters_do_not_crash_the_staff_pages(client, plan):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    for url in (
        reverse("plan_admin:dashboard") + "?on=2023-13-45",
        reverse("plan_admin:report") + "?on=%00",
        reverse("plan_admin:report_xlsx") + "?on=abc",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("plan_admin:indicator", args=["nope"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_fall_back_to_today_on_every_staff_page(client, plan, value):
    """?on=0001-01-01 was a 500 on the dashboard, an indicator and the three reports."""
    indicator = IndicatorFactory(plan=plan, code="coverage")
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    for url in (
        reverse("plan_admin:dashboard"),
        reverse("plan_admin:indicator", args=[indicator.code]),
        reverse("plan_admin:report"),
    ):
        response = client.get(url, {"on": value})
        assert response.status_code == 200, url
        assert "超出范围" in response.content.decode(), url
        # A plan whose period is over is read on its last day, never on today's records.
        assert response.context["dashboard"].on == min(datetime.date.today(), plan.end), url
    xlsx = client.get(reverse("plan_admin:report_xlsx"), {"on": value})
    assert xlsx.status_code == 200
    assert f"{min(datetime.date.today(), plan.end):%Y%m%d}" in xlsx["Content-Disposition"]
    pdf = client.get(reverse("plan_admin:report_pdf"), {"on": value})
    assert pdf.status_code == 200
    assert f"{min(datetime.date.today(), plan.end):%Y%m%d}" in pdf["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http:///evil.example", "/\\evil.example", "-1", "a\x00b"],
)
def test_the_review_never_sends_staff_to_another_site(client, hydrants, housing, target):
    _unit, member = housing
    reported = ReportedValueFactory(indicator=hydrants, entered_by=member)
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    response = client.post(
        reverse("plan_admin:review", args=[reported.pk]), {"action": "accept", "note": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_admin:dashboard")


@pytest.mark.django_db
def test_the_review_goes_back_to_the_page_it_came_from(client, hydrants, housing):
    _unit, member = housing
    reported = ReportedValueFactory(indicator=hydrants, entered_by=member)
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    back = reverse("plan_admin:indicator", args=[hydrants.code])
    response = client.post(
        reverse("plan_admin:review", args=[reported.pk]), {"action": "accept", "note": "", "next": back}
    )
    assert response["Location"] == back
