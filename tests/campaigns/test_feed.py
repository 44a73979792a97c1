import datetime
import xml.etree.ElementTree as ET

import pytest

from .factories import NewsPageFactory, settings

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(news_index, townships):
    rural, school = settings("school", "rural")  # in the settings' own order
    NewsPageFactory(
        parent=news_index,
        title="城关一小疏散演练",
        outreach_setting=school,
        township=townships["chengguan"],
        date=datetime.date(2026, 9, 20),
    )
    NewsPageFactory(
        parent=news_index,
        title="王屯乡电动车排查",
        outreach_setting=rural,
        township=townships["qixian"],
        date=datetime.date(2026, 5, 16),
    )
    NewsPageFactory(parent=news_index, title="未发布的新闻", live=False)


@pytest.mark.django_db
def test_rss_lists_live_news_newest_first(client, news):
    response = client.get("/feeds/news/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["城关一小疏散演练", "王屯乡电动车排查"]
    assert (
        root.find("channel/item/link").text.endswith("/news/")
        or "/news/" in root.find("channel/item/link").text
    )


@pytest.mark.django_db
def test_atom_feed_filters_like_the_listing(client, news):
    response = client.get("/feeds/news/atom/", {"setting": "rural"})
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["王屯乡电动车排查"]


@pytest.mark.django_db
def test_news_listing_links_the_feeds(client, news):
    html = client.get("/news/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/feeds/news/"' in html
