import pytest

from tests.outreach.factories import TownshipFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueCategory

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_directory_finds_a_venue_on_a_phone_without_javascript_and_passes_axe(
    no_js_page, live_server, axe_violations, page
):
    chengguan = TownshipFactory(name="城关镇", code="chengguan")
    yuntai = TownshipFactory(name="云台山镇", code="yuntaishan")
    VenueFactory(name="城关农贸市场", category=VenueCategory.MARKET, township=chengguan)
    hotel = VenueFactory(name="云台山宾馆", category=VenueCategory.HOTEL, township=yuntai)
    VenueFactory(name="云台山老旅社", category=VenueCategory.HOTEL, township=yuntai, is_open=False)

    no_js_page.goto(f"{live_server.url}/")
    no_js_page.get_by_role("link", name="场所消防安全三提示查询").click()
    no_js_page.get_by_label("乡镇").select_option("yuntaishan")
    no_js_page.get_by_label("场所类别").select_option("hotel")
    no_js_page.get_by_label("场所名称或地址").fill("宾馆")
    no_js_page.get_by_role("button", name="查询").click()
    assert no_js_page.locator(".venue-item h2").all_inner_texts() == ["云台山宾馆"]
    # Nothing wider than the phone's screen.
    assert no_js_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_js_page.get_by_role("link", name="云台山宾馆").click()
    assert no_js_page.url.endswith(f"/v/{hotel.code}/")

    for path in ("/venues/", "/venues/?category=hotel", "/venues/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
