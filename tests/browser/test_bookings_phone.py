"""A teacher books a group visit on a phone; base staff approve it and check the group in
at the door by its code, on a phone too. Public pages are axe clean."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import UserFactory
from tests.venues.bookings.factories import future_slot
from venues.bookings.models import Booking, BookingRules, Slot, Status

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_user(site_tree):
    """The live server's flush removed the role's permissions that migrations installed."""
    BookingRules.current()
    group, _ = Group.objects.get_or_create(name=roles.BASE_STAFF)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return UserFactory(username="base", password="pw-base", roles=[roles.BASE_STAFF])


def test_book_approve_and_check_in_on_a_phone(page, live_server, staff_user, axe_violations):
    slot = future_slot(capacity=60)
    page.goto(f"{live_server.url}/base/visits/")
    assert axe_violations(page) == []
    page.locator(f'a[href="/base/visits/{slot.pk}/book/"]').click()
    assert axe_violations(page) == []
    page.get_by_label("社区").check()
    page.get_by_label("单位名称（学校选下一项即可）").fill("城关镇东关社区")
    page.get_by_label("联系人姓名").fill("李主任")
    page.get_by_label("联系人手机号").fill("1391234567")  # one digit short
    page.get_by_label("学生或参观者人数（不含带队成人）").fill("0")
    page.get_by_label("带队成人人数（老师、家长、负责人）").fill("30")
    page.get_by_role("button", name="提交预约").click()
    assert page.get_by_text("请填写11位手机号").is_visible()
    assert axe_violations(page) == []  # the form with its errors
    assert page.get_by_label("联系人姓名").input_value() == "李主任"  # nothing typed is lost
    page.get_by_label("联系人手机号").fill("13912345678")
    page.get_by_role("button", name="提交预约").click()
    code = page.locator("#booking-code").inner_text()
    booking = Booking.objects.get()
    assert code == booking.code and booking.status == Status.PENDING
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []

    # Staff approve from the queue on a phone.
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/base-visits/")
    page.locator("input[name=username]").fill("base")
    page.locator("input[name=password]").fill("pw-base")
    page.locator("button[type=submit]").first.click()
    page.locator("#pending").get_by_role("button", name="确认").click()
    assert Booking.objects.get().status == Status.APPROVED

    # The visit day: staff type the code at the door.
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() + timezone.timedelta(minutes=30))
    page.goto(f"{live_server.url}/admin/base-visits/day/")
    page.locator("#id_code").fill(code.lower())
    page.locator("#id_attended").fill("29")
    page.locator("#checkin").get_by_role("button", name="签到").click()
    booking = Booking.objects.get()
    assert booking.status == Status.CHECKED_IN and booking.attended == 29
    assert "已签到" in page.locator("#day-sheet").inner_text()


def test_public_pages_work_without_javascript(browser, browser_context_args, live_server, site_tree):
    BookingRules.current()
    slot = future_slot()
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/base/visits/")
    assert "余 60 个名额" in page.locator("main").inner_text()
    page.locator(f'a[href="/base/visits/{slot.pk}/book/"]').click()
    assert page.get_by_role("button", name="提交预约").is_visible()
    page.goto(f"{live_server.url}/base/b/forged-link/")
    assert "链接无效" in page.locator("h1").inner_text()
    context.close()
