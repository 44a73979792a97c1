import pytest
from playwright.sync_api import expect

from campaigns.models import OutreachSetting, SpecialGroup
from tests.campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.outreach.factories import TownshipFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def content(site_tree):
    OutreachSetting.ensure_all()
    SpecialGroup.ensure_all()
    TownshipFactory(code="chengguan", name="城关镇")
    index = CampaignIndexPageFactory(parent=site_tree, show_in_menus=True)
    CampaignPageFactory(
        parent=index,
        title="校园疏散演练月",
        setting_codes=["school"],
        township_codes=["chengguan"],
        group_codes=["children"],
        body=[("paragraph", "<p>听到警报后低姿弯腰，有序撤离到操场。</p>")],
    )
    CampaignPageFactory(parent=index, title="三合一场所专项宣传", setting_codes=["enterprise"])
    news = NewsIndexPageFactory(parent=site_tree)
    NewsPageFactory(parent=news, title="城关一小举行疏散演练", intro="全校师生有序撤离。")
    return index


def test_phone_user_filters_campaigns_and_opens_one(page, live_server, content, axe_violations):
    page.goto(live_server.url + "/campaigns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("宣传活动")
    expect(page.locator(".listing .card")).to_have_count(2)
    assert axe_violations(page) == []

    page.get_by_label("五进领域").select_option(label="进学校")
    page.get_by_label("乡镇").select_option(label="城关镇")
    page.get_by_role("button", name="筛选").click()

    expect(page).to_have_url(live_server.url + "/campaigns/?setting=school&township=chengguan&group=&year=")
    expect(page.get_by_role("status").first).to_contain_text("共 1 项")
    expect(page.locator(".listing .card")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="校园疏散演练月").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("校园疏散演练月")
    expect(page.get_by_text("有序撤离到操场")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []


def test_news_page_is_accessible(page, live_server, content, axe_violations):
    page.goto(live_server.url + "/news/")
    page.get_by_role("link", name="城关一小举行疏散演练").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("城关一小举行疏散演练")
    assert axe_violations(page) == []


def test_shared_filter_link_works_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(live_server.url + "/campaigns/?setting=enterprise")
    expect(page.locator(".listing .card")).to_have_count(1)
    expect(page.get_by_role("link", name="三合一场所专项宣传")).to_be_visible()
    context.close()
