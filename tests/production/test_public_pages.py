"""Every part's public pages, through nginx: they answer, and every image on them loads.

Images are collected as a browser would fetch them: <img src>/<img srcset>/<source
srcset>, icons, `url()` in style attributes, <style> blocks and the linked stylesheets.
An image behind a path the proxy does not serve (a photo stored outside the public
media folders) shows here as a 404, as it did on the street pages.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

PAGES = ["home", "campaigns", "campaign", "venues", "venue", "base", "base_visits", "volunteers", "volunteer_event", "streets", "street", "element", "plan", "search"]  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico")


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.stylesheets, self.css = [], [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        for name in ("srcset",) if tag in ("img", "source") else ():
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.images.append(candidate.split()[0])
        if tag == "link":
            rel = (attrs.get("rel") or "").lower().split()
            if "stylesheet" in rel and attrs.get("href"):
                self.stylesheets.append(attrs["href"])
            elif {"icon", "apple-touch-icon"} & set(rel) and attrs.get("href"):
                self.images.append(attrs["href"])
        if tag == "image" and (attrs.get("href") or attrs.get("xlink:href")):
            self.images.append(attrs.get("href") or attrs.get("xlink:href"))
        if attrs.get("style"):
            self.css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


def css_urls(css, base):
    return [
        urljoin(base, match.group(2))
        for match in CSS_URL.finditer(css)
        if not match.group(2).startswith("data:")
    ]


def same_site(url, base_url):
    parts = urlsplit(url)
    return not parts.netloc or url.startswith(base_url)


@pytest.fixture(scope="session")
def fetched(anonymous):
    """Each asset fetched once for the whole run."""
    cache = {}

    def fetch(url):
        if url not in cache:
            cache[url] = anonymous.get(url)
        return cache[url]

    return fetch


@pytest.mark.parametrize("name", PAGES)
def test_every_image_on_the_public_page_loads(name, targets, base_url, anonymous, fetched):
    path = targets["pages"].get(name)
    assert path, f"the demo has no {name} page to visit"
    page = anonymous.get(path)
    assert page.status == 200, f"{path}: {page.status}"
    assert page.content_type == "text/html"
    assert "content-security-policy" in page.headers, f"{path} has no Content-Security-Policy"
    assets = Assets()
    assets.feed(page.text)
    images = {urljoin(page.url, src) for src in assets.images if not src.startswith("data:")}
    other = set()  # fonts and the like, from stylesheets
    for css in assets.css:
        for url in css_urls(css, page.url):
            (images if url.lower().split("?")[0].endswith(IMAGE_EXTENSIONS) else other).add(url)
    for href in assets.stylesheets:
        sheet = fetched(urljoin(page.url, href))
        assert sheet.status == 200, f"{path}: stylesheet {sheet.url} answered {sheet.status}"
        for url in css_urls(sheet.text, sheet.url):
            (images if url.lower().split("?")[0].endswith(IMAGE_EXTENSIONS) else other).add(url)
    foreign = sorted(url for url in images | other if not same_site(url, base_url))
    assert foreign == [], f"{path} loads from other sites (the CSP forbids it): {foreign}"
    broken = []
    for url in sorted(images):
        answer = fetched(url)
        if answer.status != 200 or not answer.content_type.startswith("image/"):
            broken.append(f"{urlsplit(url).path} -> {answer.status} {answer.content_type}")
    for url in sorted(other):
        answer = fetched(url)
        if answer.status != 200:
            broken.append(f"{urlsplit(url).path} -> {answer.status}")
    assert broken == [], (
        f"{path}: {len(broken)} of {len(images | other)} images/assets do not load:\n" + "\n".join(broken)
    )


def test_the_pages_with_photos_do_show_some(targets, anonymous):
    """The crawl above must have something to check: the parts' demo pages carry photos."""
    for name in ("home", "campaign", "street", "element"):
        page = anonymous.get(targets["pages"][name])
        assets = Assets()
        assets.feed(page.text)
        assert assets.images, f"{name} ({page.url}) shows no image at all"


@pytest.mark.parametrize("kind", ["venue", "element"])
def test_the_qr_address_is_public_https_and_opens_through_the_proxy(kind, targets, anonymous):
    import os

    address = targets["qr"][kind]
    assert address, f"the demo has no {kind}"
    site = os.environ["PRODUCTION_SITE_URL"]
    assert address.startswith(site + "/"), f"{address} is not on SITE_URL {site}"
    page = anonymous.get(urlsplit(address).path)
    assert page.status == 200
    assert page.content_type == "text/html"


def test_a_public_page_is_marked_as_served_over_https(anonymous):
    """nginx ends TLS and says so (X-Forwarded-Proto): the app answers as on https."""
    page = anonymous.get("/")
    assert page.status == 200
    assert "max-age=31536000" in page.headers.get("strict-transport-security", "")
