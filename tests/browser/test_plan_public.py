import datetime
import tempfile
from pathlib import Path

import pytest

from outreach.plan.models import Aggregate, Measurement, ReportedStatus
from tests.outreach.factories import TownshipFactory
from tests.outreach.plan.factories import IndicatorFactory, PlanFactory, ReportedValueFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(tempfile.gettempdir()) / "plan-screens"
SCREENSHOTS.mkdir(exist_ok=True)


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_the_public_dashboard_reads_on_a_phone_without_javascript_and_passes_axe(
    no_js_page, live_server, axe_violations, page
):
    plan = PlanFactory(end=datetime.date(2030, 12, 31))
    for name in ("城关镇", "七贤镇", "经济技术开发区"):
        VenueFactory(township=TownshipFactory(name=name))
    IndicatorFactory(plan=plan, name="三提示海报一致率", source_key="venues.posters_current")
    IndicatorFactory(
        plan=plan, name="注册消防志愿者", source_key="future.part_people", aggregate=Aggregate.COUNT
    )
    hydrants = IndicatorFactory(
        plan=plan,
        name="新建市政消火栓",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        target=200,
    )
    ReportedValueFactory(
        indicator=hydrants, value=120, as_of=datetime.date(2024, 1, 1), status=ReportedStatus.VERIFIED
    )

    no_js_page.goto(f"{live_server.url}/")
    no_js_page.get_by_role("link", name="规划实施情况").click()
    assert no_js_page.locator("h1").inner_text() == "规划实施情况"
    volunteers = no_js_page.locator("section.ind", has_text="注册消防志愿者")
    assert volunteers.locator(".badge").inner_text() == "无数据"
    posters = no_js_page.locator("section.ind", has_text="三提示海报一致率")
    assert posters.locator(".bar").is_visible()
    # Nothing is wider than the phone.
    assert no_js_page.evaluate("document.documentElement.scrollWidth") <= 375
    # The card's numbers and each township's figures are on the indicator's own page.
    posters.locator(".ind__more a").click()
    assert no_js_page.locator("h1").inner_text() == "三提示海报一致率"
    detail = no_js_page.locator("section.ind")
    assert detail.get_by_role("table").first.is_visible()
    assert detail.locator(".minis li").count() == 3
    assert no_js_page.evaluate("document.documentElement.scrollWidth") <= 375
    font_size = no_js_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18
    no_js_page.emulate_media(media="print")
    assert not no_js_page.locator(".site-header").is_visible()
    page.goto(f"{live_server.url}/plan/")
    assert axe_violations(page) == []
    page.goto(no_js_page.url)
    assert axe_violations(page) == []


def test_a_leader_sees_the_lagging_list_first_and_opens_a_townships_scorecard(
    page, live_server, axe_violations
):
    plan = PlanFactory(end=datetime.date(2030, 12, 31))
    qixian = TownshipFactory(name="七贤镇")
    TownshipFactory(name="郇封镇")
    for i in range(3):
        VenueFactory(township=qixian, printed_version=None, name=f"场所{i}")
    IndicatorFactory(plan=plan, code="posters", name="三提示海报一致率", source_key="venues.posters_current")
    hydrants = IndicatorFactory(
        plan=plan,
        code="hydrants",
        name="新建市政消火栓",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        unit="个",
        target=200,
    )
    ReportedValueFactory(
        indicator=hydrants, value=190, as_of=datetime.date(2026, 6, 30), status=ReportedStatus.VERIFIED
    )

    page.goto(f"{live_server.url}/plan/")
    # The first thing under the title: the lagging indicators, each a link to its card.
    first = page.locator(".plan__first")
    assert first.is_visible()
    assert first.bounding_box()["y"] < 900
    lagging = first.locator("ol.lagging li a")
    assert lagging.all_inner_texts() == ["三提示海报一致率"]
    page.screenshot(path=str(SCREENSHOTS / "plan-leader-phone.png"), full_page=False)
    assert axe_violations(page) == []
    lagging.first.click()
    assert page.url.endswith("#ind-posters")
    page.get_by_role("link", name="七贤镇").first.click()
    assert page.locator("h1").inner_text() == "七贤镇：规划实施情况"
    assert page.get_by_text("本乡镇部分完成 0%").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "plan-township-phone.png"), full_page=True)
    assert axe_violations(page) == []
