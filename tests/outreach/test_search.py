import pytest

from outreach.models import SearchTerm
from outreach.search.index import rebuild, search
from outreach.search.tokenize import MAX_QUERY_TERMS, index_terms, query_terms
from tests.utils import count_queries, race

from .factories import ContentPageFactory, paragraph, publish


def make_page(parent, title, body_html, *, live=True):
    page = ContentPageFactory(parent=parent, title=title, body=paragraph(body_html), live=False)
    return publish(page) if live else page


def titles(query):
    pages, _ = search(query)
    return [p.title for p in pages]


class TestTokenize:
    def test_chinese_is_indexed_as_single_characters_and_pairs(self):
        assert list(index_terms("灭火器")) == ["灭", "火", "器", "灭火", "火器"]

    def test_latin_and_digits_are_lower_case_words(self):
        assert list(index_terms("Call 119 NOW!")) == ["call", "119", "now"]

    def test_query_uses_pairs_so_word_order_matters(self):
        assert query_terms("灭火器") == ["灭火", "火器"]
        assert query_terms("火") == ["火"]

    def test_punctuation_only_query_has_no_terms(self):
        assert query_terms("？！，。、…… ---") == []

    def test_long_query_is_bounded(self):
        assert len(query_terms("消防安全宣传" * 1000)) <= MAX_QUERY_TERMS


@pytest.mark.django_db
class TestChineseSearch:
    def test_word_found_mid_sentence(self, home_page):
        make_page(home_page, "使用说明", "<p>正确使用灭火器的方法</p>")
        make_page(home_page, "别的", "<p>电动自行车不要在室内充电</p>")
        assert titles("灭火器") == ["使用说明"]

    def test_two_character_word_found_inside_a_longer_phrase(self, home_page):
        make_page(home_page, "自救常识", "<p>学习火场逃生自救的基本方法</p>")
        assert titles("逃生") == ["自救常识"]

    def test_every_part_of_the_query_must_occur(self, home_page):
        make_page(home_page, "只有灭火", "<p>灭火毯放在厨房</p>")
        assert titles("灭火器") == []

    def test_title_match_ranks_above_body_matches(self, home_page):
        make_page(home_page, "正文提到", "<p>" + "灭火器很重要。" * 30 + "</p>")
        make_page(home_page, "灭火器的使用", "<p>提、拔、握、压</p>")
        assert titles("灭火器") == ["灭火器的使用", "正文提到"]

    def test_more_occurrences_rank_higher_among_body_matches(self, home_page):
        make_page(home_page, "一次", "<p>逃生</p>")
        make_page(home_page, "三次", "<p>逃生，逃生，再逃生</p>")
        assert titles("逃生") == ["三次", "一次"]

    def test_drafts_are_not_found(self, home_page):
        make_page(home_page, "草稿", "<p>疏散演练方案</p>", live=False)
        assert titles("疏散演练") == []

    def test_unpublish_removes_and_republish_restores(self, home_page):
        page = make_page(home_page, "演练", "<p>疏散演练方案</p>")
        page.unpublish()
        assert titles("疏散") == []
        assert not SearchTerm.objects.filter(page=page).exists()
        publish(page)
        assert titles("疏散") == ["演练"]

    def test_publishing_new_content_replaces_old_terms(self, home_page):
        page = make_page(home_page, "页面", "<p>电动自行车</p>")
        page.body = paragraph("<p>三合一场所</p>")
        publish(page)
        assert titles("电动") == []
        assert titles("三合一") == ["页面"]

    def test_deleting_a_page_removes_its_terms(self, home_page):
        page = make_page(home_page, "要删除", "<p>消防栓</p>")
        page_id = page.pk
        assert SearchTerm.objects.filter(page_id=page_id).exists()
        page.delete()
        assert not SearchTerm.objects.filter(page_id=page_id).exists()

    def test_rebuild_indexes_live_pages_only(self, home_page):
        make_page(home_page, "在线", "<p>应急照明</p>")
        make_page(home_page, "草稿", "<p>应急照明</p>", live=False)
        SearchTerm.objects.all().delete()
        rebuild()
        assert titles("应急照明") == ["在线"]

    def test_search_query_count_does_not_grow_with_results(self, home_page, client):
        make_page(home_page, "第一篇", "<p>消防安全</p>")
        client.get("/search/", {"q": "消防"})  # warm-up: first request creates site settings
        _, few = count_queries(client.get, "/search/", {"q": "消防"})
        for n in range(11):
            make_page(home_page, f"第{n}篇", "<p>消防安全</p>")
        response, many = count_queries(client.get, "/search/", {"q": "消防"})
        assert response.context["search_results"].paginator.count == 12
        assert len(response.context["search_results"].object_list) == 10
        assert many == few <= 11  # with one probe: does every term occur at all?


@pytest.mark.django_db
class TestSearchPage:
    def test_finds_and_links_result(self, home_page, client):
        page = make_page(home_page, "火场逃生自救", "<p>低姿弯腰</p>")
        response = client.get("/search/", {"q": "逃生"})
        html = response.content.decode()
        assert "火场逃生自救" in html
        assert page.url in html
        assert "找到 1 条结果" in html

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("", "可以搜索消防知识"),
            ("？？？！！！", "没有找到可以搜索的文字"),
            ("   ", "可以搜索消防知识"),
            ("%_\\'\"<script>", "没有找到完全符合的内容"),
        ],
    )
    def test_bad_queries_get_a_friendly_page(self, home_page, client, query, message):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert message in response.content.decode()

    def test_query_of_5000_characters(self, home_page, client):
        make_page(home_page, "消防", "<p>消防安全</p>")
        response = client.get("/search/", {"q": "消防安全" * 1250})
        assert response.status_code == 200
        assert "搜索内容太长" in response.content.decode()

    def test_page_number_out_of_range_or_garbage(self, home_page, client):
        make_page(home_page, "消防", "<p>消防安全</p>")
        for value in ("999", "abc", "-1"):
            response = client.get("/search/", {"q": "消防", "page": value})
            assert response.status_code == 200
            assert "消防" in response.content.decode()

    def test_query_is_escaped(self, home_page, client):
        response = client.get("/search/", {"q": "<script>alert(1)</script>"})
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_rebuild_search_command(home_page):
    from io import StringIO

    from django.core.management import call_command

    make_page(home_page, "在线", "<p>应急照明</p>")
    SearchTerm.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search", stdout=out)
    assert "已索引" in out.getvalue()
    assert titles("应急照明") == ["在线"]


@pytest.mark.django_db
def test_pages_behind_a_view_restriction_are_not_indexed(home_page):
    from wagtail.models import PageViewRestriction

    page = make_page(home_page, "内部资料", "<p>值班安排</p>")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    publish(page)
    assert titles("值班") == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_reindexing_of_one_page_keeps_one_row_per_term():
    """Two publishes racing on PostgreSQL must not leave duplicate terms behind."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; SQLite serialises all writers anyway")
    from outreach.search.index import index_page
    from tests.conftest import ensure_site_tree

    page = make_page(ensure_site_tree(), "并发", "<p>消防安全检查</p>")
    race(lambda: index_page(page))
    terms = list(SearchTerm.objects.filter(page=page).values_list("term", flat=True))
    assert len(terms) == len(set(terms)) > 0
    assert titles("安全检查") == ["并发"]


@pytest.mark.django_db
def test_pages_hidden_before_the_index_caught_up_are_never_shown(home_page, client):
    """Index rows can outlive a page's visibility for a moment (a bulk update, a restriction
    added without a save signal): search, its count, related pages and the results page
    still show only what a visitor may read."""
    from wagtail.models import Page, PageViewRestriction

    from outreach.search.index import related

    shown = make_page(home_page, "灭火器的使用", "<p>提、拔、握、压</p>")
    withdrawn = make_page(home_page, "灭火器回收", "<p>旧灭火器</p>")
    private = make_page(home_page, "灭火器台账", "<p>内部灭火器清单</p>")
    Page.objects.filter(pk=withdrawn.pk).update(live=False)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=private, restriction_type=PageViewRestriction.LOGIN)]
    )
    assert SearchTerm.objects.filter(page_id__in=[withdrawn.pk, private.pk]).exists()
    pages, _ = search("灭火器")
    assert len(pages) == 1 and [p.pk for p in pages[0:10]] == [shown.pk]
    assert [p.pk for p in related(query_terms("灭火器毯子"))] == [shown.pk]
    html = client.get("/search/", {"q": "灭火器毯子"}).content.decode()
    assert "灭火器的使用" in html and "灭火器回收" not in html and "灭火器台账" not in html
    html = client.get("/search/", {"q": "灭火器"}).content.decode()
    assert "找到 1 条结果" in html and "灭火器回收" not in html and "灭火器台账" not in html


@pytest.mark.django_db
def test_a_query_of_several_terms_ranks_titles_then_occurrences_then_newest(home_page):
    """Four terms (119, 火场, 场逃, 逃生): every one must occur; the order is the total
    score, and pages that score the same come newest first."""
    older = make_page(home_page, "旧提示", "<p>火场逃生打119。</p>")
    newer = make_page(home_page, "新提示", "<p>火场逃生打119。</p>")
    more = make_page(home_page, "多次", "<p>火场逃生打119，火场逃生打119，火场逃生打119。</p>")
    titled = make_page(home_page, "火场逃生与119", "<p>低姿弯腰。</p>")
    make_page(home_page, "缺一个词", "<p>火场逃生。</p>")
    assert titles("119火场逃生") == [titled.title, more.title, newer.title, older.title]
    assert titles("火场逃生119") == [titled.title, more.title, newer.title, older.title]


@pytest.mark.django_db
def test_ranking_reads_only_what_the_covering_index_holds(home_page):
    """The grouped ranking (PostgreSQL's, and related pages' on both databases) reads
    term, page and score only: counting the rows by their id would send it from the
    covering index to the table for every row, three times as slow on 10,000 pages."""
    from outreach.search.index import _hidden, _per_page

    grouped = _per_page(query_terms("火场逃生119"), _hidden()).values_list("page_id", "hits", "total")
    sql = str(grouped.query)
    table = SearchTerm._meta.db_table
    read = {column for column in ("id", "term", "page_id", "score") if f'"{table}"."{column}"' in sql}
    assert read == {"term", "page_id", "score"}


@pytest.mark.django_db
def test_pages_that_are_not_live_have_their_own_index():
    """Leaving unpublished pages out of search is a look-up among the few of them."""
    from django.db import connection
    from wagtail.models import Page

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    assert indexes["outreach_page_not_live"]["columns"] == ["id"]
