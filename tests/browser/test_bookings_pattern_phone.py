"""Base staff keep the weekly pattern on a phone: add a row, see the coming weeks follow,
a bad row answered in words; the screen is axe clean."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from outreach import roles
from tests.outreach.factories import UserFactory
from venues.bookings.models import BookingRules, PatternRow, Slot

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_user(site_tree):
    BookingRules.current()
    group, _ = Group.objects.get_or_create(name=roles.BASE_STAFF)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return UserFactory(username="base", password="pw-base", roles=[roles.BASE_STAFF])


def test_staff_keep_the_weekly_pattern_on_a_phone(page, live_server, staff_user, axe_violations, tmp_path):
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/base-visits/pattern/")
    page.locator("input[name=username]").fill("base")
    page.locator("input[name=password]").fill("pw-base")
    page.locator("button[type=submit]").first.click()
    expect(page.get_by_text("还没有每周安排")).to_be_visible()
    page.get_by_label("星期").select_option("2")
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("时长（分钟）").fill("90")
    page.get_by_label("可接待人数").fill("60")
    page.get_by_role("button", name="保存并更新以后各周").click()
    expect(page.get_by_text("以后各周已按安排更新")).to_be_visible()
    expect(page.get_by_text("周三 09:00–10:30")).to_be_visible()
    assert PatternRow.objects.count() == 1 and Slot.objects.exists()
    page.wait_for_timeout(1500)  # Wagtail's message fades in
    assert axe_violations(page) == []

    page.get_by_label("星期").select_option("2")
    page.get_by_label("开始时间").fill("10:00")
    page.get_by_label("时长（分钟）").fill("60")
    page.get_by_label("可接待人数").fill("60")
    page.get_by_role("button", name="保存并更新以后各周").click()
    expect(page.get_by_text("时间重叠")).to_be_visible()
    assert PatternRow.objects.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "pattern.png"), full_page=True)
