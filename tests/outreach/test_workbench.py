"""我的工作台: the core's registry, where people land, and for each role the counts that
must match what each part's own screen shows behind the link."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach import roles, workbench
from outreach.landing import landing_url
from tests.outreach.factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw"


def items(client):
    """label -> (count, url) of what the signed-in client's workbench shows."""
    response = client.get(reverse("workbench"))
    assert response.status_code == 200
    return {
        str(item.label): (item.count, item.url)
        for section in response.context["sections"]
        for item in section.items
    }


def sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


# -- the registry and the page ----------------------------------------------------------


def test_an_app_adds_items_without_the_core_knowing_it(client):
    user = UserFactory()

    @workbench.provider("tests.throwaway", part="测试部分", order=0)
    def throwaway(u, today):
        return [workbench.Item("待办的测试事项", 3, "/somewhere/")] if u.pk == user.pk else []

    try:
        client.force_login(user)
        html = client.get(reverse("workbench")).content.decode()
        assert "测试部分" in html and "待办的测试事项" in html and 'href="/somewhere/"' in html
        assert "共有 3 件事等您处理" in html
        client.force_login(UserFactory())
        assert "待办的测试事项" not in client.get(reverse("workbench")).content.decode()
    finally:
        workbench.unregister("tests.throwaway")


def test_a_key_registered_twice_by_two_functions_is_refused():
    @workbench.provider("tests.twice", part="x")
    def first(user, today):
        return []

    try:
        with pytest.raises(ValueError):

            @workbench.provider("tests.twice", part="x")
            def second(user, today):
                return []
    finally:
        workbench.unregister("tests.twice")


def test_the_workbench_is_for_signed_in_people_only(client):
    response = client.get(reverse("workbench"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workbench/"


def test_the_header_links_to_the_workbench_when_signed_in(client, home_page):
    assert 'href="/workbench/"' not in client.get("/").content.decode()
    client.force_login(UserFactory(roles=[roles.SCHOOL_STAFF]))
    for path in ("/", "/search/", reverse("workbench")):
        assert 'href="/workbench/"' in client.get(path).content.decode()


@pytest.mark.parametrize(
    "role",
    [
        roles.TOWNSHIP_OFFICER,
        roles.SCHOOL_STAFF,
        roles.EDUCATION_BUREAU,
        roles.VENUE_MANAGER,
        roles.BASE_STAFF,
    ],
)
def test_every_non_editor_lands_on_the_workbench(client, home_page, role):
    user = UserFactory(roles=[role], township=TownshipFactory())
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert landing_url(user) == "/workbench/"


def test_editors_and_reviewers_still_land_in_the_admin(client, home_page):
    for role in (roles.EDITOR, roles.REVIEWER):
        client.logout()
        assert sign_in(client, UserFactory(roles=[role]))["Location"] == "/admin/"


# -- township officer: streets, schools, hazard reports --------------------------------


@pytest.fixture
def officer_world(home_page):
    from tests.courses.factories import SchoolFactory, TermFactory
    from tests.venues.factories import VenueFactory
    from tests.venues.streets.factories import ElementFactory, make_street
    from venues.models import HazardReport
    from venues.streets.models import DamageReport

    township, elsewhere = TownshipFactory(), TownshipFactory()
    street = make_street(home_page, township)
    other_street = make_street(home_page, elsewhere)
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    overdue = [ElementFactory(street=street, installed_on=long_ago) for _ in range(2)]
    ElementFactory(street=street)  # recently installed: not due
    ElementFactory(street=other_street, installed_on=long_ago)  # another township's
    DamageReport.objects.create(element=overdue[0], kind="damaged", description="玻璃碎了")
    DamageReport.objects.create(element=overdue[1], kind="faded", description="看不清")
    DamageReport.objects.create(element=other_street.elements.get(), kind="faded", description="别的乡镇的")
    venue, other_venue = VenueFactory(township=township), VenueFactory(township=elsewhere)
    for target in (venue, venue, venue, other_venue):
        HazardReport.objects.create(venue=target, kind="exit_blocked", description="安全出口被锁")
    # Three quarters of the term gone: schools without a lesson are behind.
    TermFactory(
        start=timezone.localdate() - datetime.timedelta(days=100),
        end=timezone.localdate() + datetime.timedelta(days=10),
    )
    for _ in range(2):
        SchoolFactory(township=township)
    SchoolFactory(township=elsewhere)
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)
    return {"officer": officer, "street": street, "township": township}


def test_township_officers_workbench_counts_match_the_streets_schools_and_reports_screens(
    client, officer_world
):
    client.force_login(officer_world["officer"])
    found = items(client)

    count, url = found["逾期未检查的街区元素"]
    assert count == 2
    assert client.get(url).content.decode().count('class="overdue-element"') == count

    count, url = found["待处理的文化街报修"]
    assert count == 2 and url.startswith(reverse("streets:manage_street", args=[officer_world["street"].pk]))
    assert len(client.get(url).context["reports"]) == count

    count, url = found["待处理的隐患举报"]
    assert count == 3
    response = client.get(url)
    assert len(response.context["reports"]) == count

    behind = 0
    for label in ("本学期未达标的学校", "本学期有风险的学校"):
        count, url = found[label]
        assert len(client.get(url).context["rows"]) == count
        behind += count
    assert behind == 2  # their two schools, not the other township's

    # Their own street is one tap away.
    assert found["我乡镇的文化街"] == (
        None,
        reverse("streets:manage_street", args=[officer_world["street"].pk]),
    )


def test_workbench_costs_a_fixed_number_of_queries(client, officer_world, django_assert_max_num_queries):
    from tests.venues.streets.factories import ElementFactory

    client.force_login(officer_world["officer"])
    client.get(reverse("workbench"))  # warm the site and the caches
    with django_assert_max_num_queries(40) as first:
        client.get(reverse("workbench"))
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    for _ in range(5):
        ElementFactory(street=officer_world["street"], installed_on=long_ago)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("workbench"))


# -- base staff and a responsible unit: bookings and plan values ------------------------


@pytest.fixture
def plan_with_unit():
    from outreach.plan.models import Measurement
    from tests.outreach.plan.factories import IndicatorFactory, PlanFactory, ResponsibleUnitFactory

    plan = PlanFactory(start=datetime.date(2021, 1, 1), end=datetime.date(2030, 12, 31))
    unit = ResponsibleUnitFactory()
    returned, fresh, done = (
        IndicatorFactory(plan=plan, responsible_unit=unit, measurement=Measurement.REPORTED) for _ in range(3)
    )
    return plan, unit, returned, fresh, done


def report_value(indicator, user, status):
    from django.core.files.base import ContentFile

    from outreach.plan.models import ReportedValue
    from tests.outreach.plan.factories import PDF

    value = ReportedValue(
        indicator=indicator, as_of=timezone.localdate(), value=Decimal(5), entered_by=user, status=status
    )
    value.evidence.save("evidence.pdf", ContentFile(PDF), save=False)
    value.save()
    return value


def test_base_staff_workbench_counts_match_the_queue_and_the_plan(client, plan_with_unit):
    from outreach.plan.models import ReportedStatus
    from tests.venues.bookings.factories import book, future_slot

    plan, unit, returned, fresh, done = plan_with_unit
    staff = UserFactory(roles=[roles.BASE_STAFF])
    unit.members.add(staff)  # the base reports its own visits indicator
    report_value(returned, staff, ReportedStatus.REJECTED)
    report_value(done, staff, ReportedStatus.VERIFIED)
    slot = future_slot(capacity=200)
    for _ in range(3):
        book(slot, visitors=20)
    client.force_login(staff)
    found = items(client)

    count, url = found["待审核的参观预约"]
    assert count == 3 and len(client.get(url).context["pending"]) == count

    count, url = found["本年度待填报的指标"]
    assert count == 2  # never reported, and returned; the verified one is done
    assert url == reverse("plan_admin:dashboard")


def test_reviewer_sees_values_to_verify_and_streets_waiting_for_acceptance(client, home_page, plan_with_unit):
    from outreach.plan.models import ReportedStatus
    from tests.venues.streets.factories import make_street
    from venues.streets.models import StreetPage, StreetStatus

    plan, unit, returned, fresh, done = plan_with_unit
    member = UserFactory()
    unit.members.add(member)
    report_value(fresh, member, ReportedStatus.PENDING)
    report_value(returned, member, ReportedStatus.PENDING)
    street = make_street(home_page)
    StreetPage.objects.filter(pk=street.pk).update(status=StreetStatus.REQUESTED)
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    found = items(client)

    count, url = found["待核实的填报数值"]
    assert count == 2 and len(client.get(url).context["pending"]) == count
    count, url = found["等待验收的文化街"]
    assert count == 1 and len(client.get(url).context["review_queue"]) == count


# -- organisers: hours and offers; the bureau: schools and plan ---------------------------


def test_organisers_workbench_counts_match_the_hours_and_roster_screens(
    client, django_capture_on_commit_callbacks
):
    from campaigns.volunteers import services
    from outreach.models import Claim
    from tests.campaigns.volunteers.factories import EventFactory, VolunteerFactory, make_shift

    township = TownshipFactory()
    event = EventFactory(township=township)
    # Hours to confirm: two checked out.
    shift = make_shift(event, hours=3)
    for _ in range(2):
        signup = services.sign_up(VolunteerFactory(), shift)
        services.check_in(shift, signup.code, now=shift.starts_at)
        services.check_out(shift, signup.code, now=shift.starts_at + datetime.timedelta(hours=2))
    # An offer lapsing within hours: a full shift, its holder cancels.
    full = make_shift(event, places=1, start_in=datetime.timedelta(hours=8))
    holder = services.sign_up(VolunteerFactory(), full)
    first = services.sign_up(VolunteerFactory(), full, wait=True)
    services.cancel(holder)
    first.claim.refresh_from_db()
    assert first.claim.status == Claim.OFFERED

    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)
    client.force_login(officer)
    found = items(client)

    count, url = found["待确认的服务时长"]
    assert count == 2 and len(client.get(url).context["signups"]) == count
    count, url = found["24小时内到期的递补名额"]
    assert count == 1 and url == reverse("volunteers:roster", args=[full.pk])
    assert client.get(url).content.decode().count('data-status="offered"') == count

    # Another township's officer sees none of it.
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory()))
    found = items(client)
    assert found["待确认的服务时长"][0] == 0 and found["24小时内到期的递补名额"][0] == 0


def test_bureau_sees_every_townships_schools_behind_and_its_plan_values(client, plan_with_unit):
    from tests.courses.factories import SchoolFactory, TermFactory

    plan, unit, returned, fresh, done = plan_with_unit
    bureau = UserFactory(roles=[roles.EDUCATION_BUREAU])
    unit.members.add(bureau)
    TermFactory(
        start=timezone.localdate() - datetime.timedelta(days=100),
        end=timezone.localdate() + datetime.timedelta(days=10),
    )
    for _ in range(3):
        SchoolFactory()
    client.force_login(bureau)
    found = items(client)
    behind = 0
    for label in ("本学期未达标的学校", "本学期有风险的学校"):
        count, url = found[label]
        assert len(client.get(url).context["rows"]) == count
        behind += count
    assert behind == 3
    assert found["本年度待填报的指标"][0] == 3


def test_teacher_of_one_school_is_sent_to_their_school(client):
    from tests.courses.factories import SchoolFactory, TermFactory, school_staff

    TermFactory(
        start=timezone.localdate() - datetime.timedelta(days=100),
        end=timezone.localdate() + datetime.timedelta(days=10),
    )
    school = SchoolFactory()
    SchoolFactory()
    client.force_login(school_staff(school))
    found = items(client)
    counts = found["本学期未达标的学校"][0] + found["本学期有风险的学校"][0]
    assert counts == 1  # their own school only
    assert found["本学期有风险的学校"][1] == reverse("courses:school", args=[school.pk])
