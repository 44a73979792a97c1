"""People who are not editors sign in on the site's own page, on a phone, and land where
their work is; they can sign out from any public page."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from courses.models import ComplianceRule
from outreach import roles
from tests.courses.factories import SchoolFactory, TermFactory
from tests.outreach.factories import UserFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.browser


def fill_sign_in(page, username, password):
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_teacher_signs_in_from_the_home_page_and_reaches_their_school_from_the_workbench(
    page, live_server, axe_violations
):
    teacher = UserFactory(username="teacher", password="pw-teacher-2026", roles=[roles.SCHOOL_STAFF])
    school = SchoolFactory(name="城关一小", staff=[teacher])
    ComplianceRule.objects.ensure_defaults()  # the live server's flush removed them
    TermFactory()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    fill_sign_in(page, "teacher", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不对")
    assert axe_violations(page) == []

    fill_sign_in(page, "teacher", "pw-teacher-2026")
    expect(page).to_have_url(f"{live_server.url}/workbench/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="学校达标情况").click()
    expect(page).to_have_url(f"{live_server.url}/schools/{school.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("城关一小")


def test_venue_manager_reaches_their_venues_from_the_workbench(page, live_server):
    manager = UserFactory(username="manager", password="pw-manager-2026", roles=[roles.VENUE_MANAGER])
    # What the roles migration granted, and the live server's flush took away.
    Group.objects.get(name=roles.VENUE_MANAGER).permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_venue", "view_venue"])
    )
    venue = VenueFactory(name="云台山宾馆")
    venue.managers.add(manager)
    venue.save()
    VenueFactory(name="别人的网吧")
    page.goto(live_server.url + "/accounts/login/")
    fill_sign_in(page, "manager", "pw-manager-2026")
    expect(page).to_have_url(f"{live_server.url}/workbench/")
    page.get_by_role("link", name="我管理的场所与海报").click()
    expect(page).to_have_url(f"{live_server.url}/admin/snippets/venues/venue/")
    expect(page.locator("main")).to_contain_text("云台山宾馆")
    expect(page.locator("main")).not_to_contain_text("别人的网吧")


def test_sign_out_from_a_public_page(page, live_server):
    teacher = UserFactory(username="teacher2", password="pw-teacher-2026", roles=[roles.SCHOOL_STAFF])
    SchoolFactory(staff=[teacher])
    page.goto(live_server.url + "/accounts/login/?next=/")
    fill_sign_in(page, "teacher2", "pw-teacher-2026")
    expect(page).to_have_url(live_server.url + "/")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="登录", exact=True)).to_be_visible()
    page.goto(live_server.url + "/schools/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/schools/")
