"""The search page holds load: anonymous visitors get a repeated query from the cache
(per query as we spell it and page number), a content change clears it, made-up
addresses are never stored; a query that finds nothing suggests what does exist."""

import pytest

from tests.utils import count_queries

from .factories import ContentPageFactory, UserFactory, paragraph, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture(autouse=True)
def site_settings(client, home_page):
    client.get("/")  # the very first request creates the site settings rows (a content change)


def page(parent, title, body):
    return publish(ContentPageFactory(parent=parent, title=title, body=paragraph(body), live=False))


def test_repeated_query_comes_from_the_cache_without_queries(client, home_page):
    page(home_page, "正确使用灭火器", "<p>提、拔、握、压。</p>")
    first = client.get("/search/", {"q": "灭火器"})
    assert first["X-Page-Cache"] == "miss" and "正确使用灭火器" in first.content.decode()
    second, queries = count_queries(client.get, "/search/", {"q": "灭火器"})
    assert second["X-Page-Cache"] == "hit" and queries == 0
    assert second.content == first.content
    assert client.get("/search/", {"q": "逃生"})["X-Page-Cache"] == "miss"  # another query
    assert client.get("/search/", {"q": "灭火器", "page": "1"})["X-Page-Cache"] == "miss"  # another page


def test_publishing_clears_cached_results(client, home_page):
    page(home_page, "灭火器的种类", "<p>干粉和二氧化碳。</p>")
    client.get("/search/", {"q": "灭火器"})
    page(home_page, "灭火器放在哪里", "<p>每层楼梯口。</p>")
    response = client.get("/search/", {"q": "灭火器"})
    assert response["X-Page-Cache"] == "miss" and "找到 2 条结果" in response.content.decode()


def test_made_up_addresses_are_served_but_never_stored(client, home_page):
    page(home_page, "灭火器", "<p>灭火器</p>")
    for params in ({"q": "灭火器", "utm": "x"}, {"q": "  灭火器  "}, {"q": "灭火器", "page": "9999"}):
        first = client.get("/search/", params)
        assert first.status_code == 200 and "X-Page-Cache" not in first, params
        assert "X-Page-Cache" not in client.get("/search/", params), params


def test_signed_in_visitors_are_never_served_from_the_cache(client, home_page):
    client.get("/search/", {"q": "灭火器"})
    client.force_login(UserFactory())
    assert "X-Page-Cache" not in client.get("/search/", {"q": "灭火器"})


def test_full_width_and_spaced_queries_find_the_same(client, home_page):
    page(home_page, "拨打119报警", "<p>说清地址。</p>")
    html = client.get("/search/", {"q": "１１９"}).content.decode()
    assert "拨打119报警" in html and 'value="119"' in html


def test_nothing_found_suggests_words_and_related_pages(client, home_page):
    page(home_page, "灭火器的使用方法", "<p>提、拔、握、压，对准火焰根部。</p>")
    page(home_page, "家庭逃生计划", "<p>画出逃生路线图。</p>")
    html = client.get("/search/", {"q": "灭火器逃生毯"}).content.decode()
    assert "找到 0 条结果" in html
    assert "试试搜索" in html and "灭火" in html
    related = html[html.index('id="related"') :]
    assert "灭火器的使用方法" in related


def test_related_pages_put_titles_first_and_fill_from_the_text(home_page):
    from outreach.search.index import related, suggestions
    from outreach.search.tokenize import query_terms

    in_text = page(home_page, "冬季安全提示", "<p>灭火器放在门口，逃生路线要畅通。</p>")
    in_title = page(home_page, "灭火器的使用方法", "<p>提、拔、握、压。</p>")
    page(home_page, "用电安全", "<p>不私拉乱接电线。</p>")
    terms = query_terms("灭火器逃生毯")
    assert [p.pk for p in related(terms)] == [in_title.pk, in_text.pk]
    assert [p.pk for p in related(terms, limit=1)] == [in_title.pk]
    # Words of the query that some page has, in the query's order; 器逃 and 生毯 none.
    assert suggestions(terms) == ["灭火", "火器", "逃生"]
