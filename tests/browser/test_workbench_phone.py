"""A township officer on a 390 px phone: from the home page to their street's work in two
taps (the header's 工作台, then the street), and the element form fits the screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.venues.streets.factories import ElementFactory, make_street

pytestmark = pytest.mark.browser


def test_township_officer_reaches_street_work_in_two_taps_from_the_home_page(
    page, live_server, site_tree, settings, tmp_path, axe_violations
):
    settings.MEDIA_ROOT = tmp_path / "media"
    township = TownshipFactory(name="城关镇", code="chengguan")
    street = make_street(site_tree, township, title="健康路消防文化街")
    late = ElementFactory(
        street=street, name="防火公约栏", installed_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    UserFactory(
        username="officer", password="pw-officer-2026", roles=[roles.TOWNSHIP_OFFICER], township=township
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("officer")
    page.get_by_label("密码").fill("pw-officer-2026")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}/workbench/")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="工作台").click()  # tap one
    expect(page.get_by_role("heading", level=1)).to_have_text("我的工作台")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "workbench.png"), full_page=True)
    expect(page.get_by_role("link", name="逾期未检查的街区元素")).to_contain_text("1")
    page.get_by_role("link", name="我乡镇的文化街").click()  # tap two
    expect(page.get_by_role("heading", level=1)).to_have_text("健康路消防文化街")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/street-work/elements/{late.pk}/")
    expect(page.locator(".photo-preview img")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_text("清除", exact=True).count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "element-form.png"), full_page=True)
