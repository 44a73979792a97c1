import datetime

import pytest
from django.utils import timezone

from tests.outreach.factories import TownshipFactory
from tests.venues.conftest import zbar_decode
from tests.venues.streets.conftest import jpeg
from tests.venues.streets.factories import (
    ElementFactory,
    MilestoneFactory,
    WallFactory,
    make_street,
    streets_index,
)
from venues.streets.models import MilestonePhoto
from venues.streets.plates import render_plate

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_county_view_timeline_and_element_from_its_qr_code_on_a_phone(
    no_js_page, page, live_server, site_tree, settings, tmp_path, axe_violations
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    chengguan = TownshipFactory(name="城关镇", code="chengguan", latitude=35.229, longitude=113.447)
    TownshipFactory(name="七贤镇", code="qixian", latitude=35.256, longitude=113.357)
    street = make_street(site_tree, chengguan, title="健康路消防文化街")
    today = timezone.localdate()
    started = MilestoneFactory(
        street=street,
        title="开工建设",
        planned_on=today - datetime.timedelta(days=50),
        done_on=today - datetime.timedelta(days=45),
    )
    photo = MilestonePhoto(milestone=started, caption="开工现场")
    photo.image.save("p.jpg", jpeg(), save=True)
    MilestoneFactory(street=street, title="竣工验收", planned_on=today + datetime.timedelta(days=20))
    element = ElementFactory(
        street=street, name="社区微型消防站", knowledge="微型消防站配有灭火器和水带，周边群众可就近取用。"
    )
    WallFactory(township=chengguan, village="东关村")

    index = streets_index(site_tree)
    no_js_page.goto(f"{live_server.url}{index.url}")
    assert no_js_page.locator("h1").inner_text() == "消防文化街"
    assert no_js_page.locator("svg.county-map").is_visible()
    card = no_js_page.locator(".township", has_text="城关镇")
    assert "规划" in card.inner_text() and "村级文化墙 1 面" in card.inner_text()
    assert "尚未建设" in no_js_page.locator(".township", has_text="七贤镇").inner_text()
    width = no_js_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the county view must not scroll sideways on a phone"

    no_js_page.get_by_role("link", name="城关镇").click()
    assert no_js_page.locator("h1").inner_text() == "健康路消防文化街"
    timeline = no_js_page.locator(".timeline > li")
    assert timeline.count() == 2
    assert "竣工验收" in timeline.nth(0).inner_text() and "开工建设" in timeline.nth(1).inner_text()

    # The plate's QR code, as a phone's scanner reads it, opens the element's page.
    plate = tmp_path / "plate.png"
    plate.write_bytes(render_plate(element, "A4", "png"))
    [address] = zbar_decode(plate)
    assert address == f"{live_server.url}/s/{element.code}/"
    no_js_page.goto(address)
    assert no_js_page.locator("h1").inner_text() == "社区微型消防站"
    assert "就近取用" in no_js_page.locator(".knowledge").inner_text()
    assert no_js_page.locator('a[href="tel:119"]').first.is_visible()
    assert no_js_page.evaluate("document.documentElement.scrollWidth") <= 375
    font_size = no_js_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18

    for path in (index.url, street.url, f"/s/{element.code}/", f"/s/{element.code}/report/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
