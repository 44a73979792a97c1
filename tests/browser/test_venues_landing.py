import pytest

from tests.venues.factories import VenueFactory, add_prompts
from venues.models import HazardReport

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_landing_page_works_without_javascript_and_passes_axe(no_js_page, live_server, axe_violations, page):
    venue = add_prompts(VenueFactory(name="云台山宾馆"))
    no_js_page.goto(f"{live_server.url}/v/{venue.code}/")
    assert no_js_page.locator("h1").inner_text() == "云台山宾馆"
    assert no_js_page.get_by_role("heading", name="二、逃生路线与安全出口").is_visible()
    assert no_js_page.locator('a[href="tel:119"]').first.is_visible()
    font_size = no_js_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18
    # Report a hazard with JavaScript still off.
    no_js_page.get_by_role("link", name="我要举报").click()
    no_js_page.get_by_label("安全出口上锁或封堵").check()
    no_js_page.get_by_label("请描述看到的隐患").fill("二楼东侧安全出口上锁")
    no_js_page.get_by_role("button", name="提交举报").click()
    report = HazardReport.objects.get()
    assert report.lookup_code in no_js_page.locator(".lookup-code").inner_text()
    # axe needs script; run it on the same pages in a normal context.
    for path in (
        f"/v/{venue.code}/",
        f"/v/{venue.code}/report/",
        f"/v/report-status/?code={report.lookup_code}",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
