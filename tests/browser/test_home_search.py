import pytest
from playwright.sync_api import expect

from tests.outreach.factories import ContentPageFactory, paragraph, publish

pytestmark = pytest.mark.browser


@pytest.fixture
def escape_page(site_tree):
    return publish(
        ContentPageFactory(
            parent=site_tree,
            title="火场逃生自救常识",
            slug="escape",
            show_in_menus=True,
            body=paragraph("<p>用湿毛巾捂住口鼻，低姿弯腰，沿疏散指示标志撤离。</p>"),
        )
    )


def test_phone_user_searches_from_home_and_opens_result(page, live_server, escape_page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="拨打火警电话 119")).to_be_visible()

    page.get_by_label("搜索消防知识").fill("逃生")
    page.get_by_role("button", name="搜索").first.click()

    expect(page).to_have_url(live_server.url + "/search/?q=%E9%80%83%E7%94%9F")
    expect(page.get_by_role("status")).to_contain_text("找到 1 条结果")
    page.locator(".results").get_by_role("link", name="火场逃生自救常识").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("火场逃生自救常识")
    expect(page.get_by_text("低姿弯腰")).to_be_visible()
    # Nothing on a phone is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_skip_link_moves_focus_to_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_home_works_without_javascript(browser, live_server, escape_page):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("搜索消防知识").fill("逃生")
    page.get_by_label("搜索消防知识").press("Enter")
    expect(page.locator(".results").get_by_role("link", name="火场逃生自救常识")).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "path", ["/", "/search/?q=%E9%80%83%E7%94%9F", "/search/?q=%21%21", "/escape/", "/nope/"]
)
def test_no_serious_accessibility_violations(page, live_server, escape_page, axe_violations, path):
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
