import io

import pytest
from PIL import Image

from tests.venues.factories import VenueFactory, add_prompts
from venues.models import HazardReport

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_a_refused_report_keeps_its_photo_in_a_real_browser(no_js_page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    venue = add_prompts(VenueFactory(name="七贤农贸市场"))
    photo = tmp_path / "IMG_0001.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    no_js_page.goto(f"{live_server.url}/v/{venue.code}/report/")
    assert no_js_page.locator('input[name="kind"]:checked').count() == 0  # nothing picked in advance
    no_js_page.get_by_label("安全出口上锁或封堵").check()
    no_js_page.set_input_files('input[name="photo"]', str(photo))
    no_js_page.get_by_role("button", name="提交举报").click()  # no description: refused
    assert no_js_page.get_by_text("请描述看到的隐患。").first.is_visible()
    assert no_js_page.get_by_text("您已上传的照片已保留").is_visible()
    no_js_page.get_by_label("请描述看到的隐患").fill("北门上锁")
    no_js_page.get_by_role("button", name="提交举报").click()
    report = HazardReport.objects.get()
    assert report.photo and report.lookup_code in no_js_page.locator(".lookup-code").inner_text()
    with Image.open(report.photo.path) as stored:
        assert stored.size == (640, 480)
