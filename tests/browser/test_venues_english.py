"""A foreign guest scans a hotel's poster and reads its three prompts in English."""

import pytest

from tests.venues.factories import VenueFactory, add_prompts
from tests.venues.test_landing_english import english_library

pytestmark = pytest.mark.browser


def test_a_hotels_landing_page_in_english_shows_its_prompts_in_english(
    page, live_server, axe_violations, tmp_path
):
    venue = add_prompts(VenueFactory(name="云台山宾馆"))
    english_library()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/lang/en/?next=/v/{venue.code}/")
    page.goto(f"{live_server.url}/v/{venue.code}/")
    main = page.locator("main")
    assert "Charging e-bikes indoors" in main.inner_text()
    assert "Portable dry-powder extinguisher" in main.inner_text()
    assert "Lift, pull, aim, squeeze" in main.inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "landing-en.png"), full_page=True)
