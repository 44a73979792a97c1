"""The admin searches with the site's Chinese index: pages (drafts too), images,
documents and snippets are found by a word in the middle of their titles."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from outreach.models import ObjectSearchTerm, SearchTerm, Township
from outreach.search.index import rebuild, search
from tests.outreach.factories import ContentPageFactory, UserFactory, paragraph, publish
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

DRILL_TITLES = ["应急疏散演练通知", "消防演练总结", "学校演练方案", "演练"]


def make_page(parent, title, body_html="<p>正文</p>", *, live=True):
    page = ContentPageFactory(parent=parent, title=title, body=paragraph(body_html), live=False)
    return publish(page) if live else page


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def drill_pages(home_page):
    pages = [make_page(home_page, title) for title in DRILL_TITLES[:3]]
    pages.append(make_page(home_page, DRILL_TITLES[3], live=False))  # a draft, never published
    make_page(home_page, "消防安全知识", "<p>没有那个词</p>")
    return pages


def test_admin_page_search_finds_every_title_with_the_word_drafts_too(admin_client, drill_pages):
    response = admin_client.get("/admin/pages/search/", {"q": "演练"})
    html = response.content.decode()
    found = {page.pk for page in response.context["object_list"]}
    assert found == {page.pk for page in drill_pages}
    assert "消防安全知识" not in html
    # The header counts the matches in words, with the kind of thing counted.
    assert "共 4 个页面" in html and "个None" not in html


def test_a_word_found_one_page_in_seventeen_finds_all_seventeen(admin_client, home_page):
    for i in range(17):
        make_page(home_page, f"第{i}期消防宣传", live=i % 3 != 0)
    expected = set(Page.objects.filter(title__contains="消防").values_list("pk", flat=True))
    response = admin_client.get("/admin/pages/search/", {"q": "消防"})
    assert {page.pk for page in response.context["all_pages"]} == expected and len(expected) >= 17
    assert f"共 {len(expected)} 个页面" in response.content.decode()


def test_titles_rank_first_and_unpublishing_keeps_a_page_findable(admin_client, home_page):
    body_only = make_page(home_page, "一篇通知", "<p>今年的灭火演练安排</p>")
    titled = make_page(home_page, "灭火演练")
    results = list(Page.objects.all().search("灭火演练"))
    assert [p.pk for p in results] == [titled.pk, body_only.pk]
    titled.unpublish()
    assert not SearchTerm.objects.filter(page=titled).exists()
    assert search("灭火演练")[0].page_ids == [body_only.pk]
    assert {p.pk for p in Page.objects.all().search("灭火演练")} == {titled.pk, body_only.pk}


def test_restricted_pages_are_found_in_the_admin_only(admin_client, home_page):
    from wagtail.models import PageViewRestriction

    page = make_page(home_page, "内部值班安排")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    publish(page)
    assert search("值班")[0].page_ids == []
    assert [p.pk for p in Page.objects.all().search("值班")] == [page.pk]


def test_filters_order_and_count_of_the_admin_work_on_results(home_page):
    live = make_page(home_page, "消防演练一")
    draft = make_page(home_page, "消防演练二", live=False)
    backend = get_search_backend()
    results = backend.autocomplete("演练", Page.objects.filter(live=False))
    assert [p.pk for p in results] == [draft.pk]
    ordered = backend.search("演练", Page.objects.order_by("title"), order_by_relevance=False)
    assert [p.title for p in ordered] == ["消防演练一", "消防演练二"]
    assert ordered.count() == 2 and len(ordered[1:]) == 1
    assert backend.search("演练 不存在", Page.objects.all()).count() == 0
    assert {p.pk for p in backend.search("演练 不存在", Page.objects.all(), operator="or")} == {
        live.pk,
        draft.pk,
    }


def test_image_document_and_snippet_listings_find_a_word_mid_title(admin_client, home_page):
    from wagtail.images.models import Image
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # a flush (transactional tests) takes it
        Collection.add_root(name="Root")
    Image.objects.create(title="县消防大队演练现场", file=get_test_image_file())
    Image.objects.create(title="宣传海报", file=get_test_image_file())
    Document.objects.create(title="学校消防演练记录表", file=SimpleUploadedFile("a.txt", b"x"))
    Document.objects.create(title="工作计划", file=SimpleUploadedFile("b.txt", b"y"))
    Township.objects.create(name="周庄镇", code="zhouzhuang")
    Township.objects.create(name="城关镇", code="chengguan")

    html = admin_client.get("/admin/images/", {"q": "演练"}).content.decode()
    assert "县消防大队演练现场" in html and "宣传海报" not in html
    html = admin_client.get("/admin/documents/", {"q": "演练"}).content.decode()
    assert "学校消防演练记录表" in html and "工作计划" not in html
    # Snippets are not in the search index: their listings match their search fields'
    # text, which finds Chinese anywhere in it too.
    html = admin_client.get("/admin/snippets/outreach/township/", {"q": "庄"}).content.decode()
    assert "周庄镇" in html and "城关镇" not in html


def test_rebuild_indexes_every_object_once(home_page):
    live = make_page(home_page, "演练公告")
    draft = make_page(home_page, "演练草稿", live=False)
    SearchTerm.objects.all().delete()
    ObjectSearchTerm.objects.all().delete()
    rebuild()
    assert SearchTerm.objects.filter(page=live).exists()
    assert not SearchTerm.objects.filter(page=draft).exists()
    assert not ObjectSearchTerm.objects.filter(object_id=live.pk, content_type__model="page").exists()
    assert {p.pk for p in Page.objects.all().search("演练")} == {live.pk, draft.pk}


def test_admin_page_search_queries_do_not_grow_with_results(
    admin_client, home_page, django_assert_max_num_queries
):
    make_page(home_page, "演练一")
    admin_client.get("/admin/pages/search/", {"q": "演练"})  # warm-up: per-site settings, content types
    _, few = count_queries(admin_client.get, "/admin/pages/search/", {"q": "演练"})
    for i in range(12):
        make_page(home_page, f"第{i}次演练", live=i % 2 == 0)
    _, many = count_queries(admin_client.get, "/admin/pages/search/", {"q": "演练"})
    assert many <= few + 2, (few, many)  # the page types' counts: one row per type
    with django_assert_max_num_queries(few + 2):
        admin_client.get("/admin/pages/search/", {"q": "演练"})


def test_migrate_indexes_what_was_saved_without_reaching_the_index(home_page):
    """A new site's home page comes from a migration, and an upgraded site's drafts were
    saved before the admin's table existed: migrating makes them findable in the admin,
    and leaves the public index as it was."""
    from django.apps import apps

    from outreach.search.signals import index_what_the_index_lacks

    draft = make_page(home_page, "演练草稿", live=False)
    live = make_page(home_page, "演练公告")
    unindexed_live = make_page(home_page, "演练须知")
    ObjectSearchTerm.objects.all().delete()
    SearchTerm.objects.filter(page=unindexed_live).delete()
    assert [p.pk for p in Page.objects.all().search("演练")] == [live.pk]
    index_what_the_index_lacks(sender=apps.get_app_config("outreach"))
    assert {p.pk for p in Page.objects.all().search("演练")} == {draft.pk, live.pk, unindexed_live.pk}
    assert [p.pk for p in search("演练")[0]] == [live.pk]
    _, queries = count_queries(index_what_the_index_lacks, sender=apps.get_app_config("outreach"))
    assert queries <= 6  # nothing missing: a look-up per model, nothing indexed


def test_images_are_found_by_their_tags_and_titles_rank_first(home_page):
    from wagtail.images.models import Image
    from wagtail.models import Collection

    from outreach.search.index import index_object

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    tagged = Image.objects.create(title="现场照片", file=get_test_image_file())
    tagged.tags.add("应急演练")
    index_object(tagged)  # as Wagtail's image form does once the tags are saved
    titled = Image.objects.create(title="演练", file=get_test_image_file())
    Image.objects.create(title="宣传海报", file=get_test_image_file())
    # Tags weigh as much as titles; equal scores come newest first.
    assert [image.pk for image in get_search_backend().autocomplete("演练", Image)] == [titled.pk, tagged.pk]
    assert {image.pk for image in Image.objects.all().search("演练")} == {titled.pk, tagged.pk}
