"""Chinese set on a phone: no short phrase leaves one character alone on a line."""

import pytest
from wagtail.models import Site

from campaigns.models import PublicityMonthSettings

pytestmark = pytest.mark.browser

# For every element matched, the text of each line it is laid out in (characters grouped
# by the top of their box), so a test can see where the browser broke it.
LINES_JS = """
(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const lines = new Map();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const ch = node.data[i];
      if (!ch.trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.height) continue;
      const top = Math.round(rect.top);
      lines.set(top, (lines.get(top) || "") + ch);
    }
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
})
"""

SHORT_TEXT = ".month-banner p, .quick-link span, h1, .callout, .site-nav a, .site-brand"


@pytest.fixture
def month(site_tree):
    month = PublicityMonthSettings.for_site(Site.objects.get(is_default_site=True))
    month.year = 2026
    month.theme = "全民消防 生命至上"
    month.slogan = "关注消防，珍爱生命，共享平安"
    month.save()
    return month


def lone_characters(page):
    found = []
    for lines in page.evaluate(LINES_JS, SHORT_TEXT):
        if len(lines) > 1:
            found += [(lines, line) for line in lines if len(line) == 1]
    return found


@pytest.mark.parametrize("width", [320, 360, 390])
def test_short_phrases_keep_together_on_phones(page, live_server, month, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/", "/no-such-page/"):
        page.goto(live_server.url + path)
        assert page.locator(".month-banner").count() == 1
        assert lone_characters(page) == [], path
        # Keeping phrases together never pushes anything past the screen's edge.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_the_banner_breaks_at_the_space_between_phrases(page, live_server, month):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/")
    (title,) = page.evaluate(LINES_JS, ".month-banner__title")
    assert title[-1].endswith("生命至上")
    assert all(len(line) > 1 for line in title)
