import pytest
from wagtail.models import PageViewRestriction

from outreach.models import SiteContactSettings
from tests.utils import count_queries

from .factories import ContentPageFactory, UserFactory, publish


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.mark.django_db
class TestPublicPageCache:
    def test_second_visit_is_served_from_the_cache_without_queries(self, home_page, client):
        client.get("/")  # the very first request creates the site settings rows
        first = client.get("/")
        assert first["X-Page-Cache"] == "miss"
        second, queries = count_queries(client.get, "/")
        assert second["X-Page-Cache"] == "hit"
        assert queries == 0
        assert second.content == first.content
        # Answered before sessions, locale, CSP and frame options run, yet with the
        # headers they gave the stored page; the outermost layer still adds its own.
        for header in (
            "X-Frame-Options",
            "Content-Language",
            "Content-Security-Policy",
            "Vary",
            "Content-Type",
        ):
            assert second[header] == first[header], header
        assert second["X-Content-Type-Options"] == "nosniff"

    def test_a_hit_is_answered_before_the_inner_layers_run(self, home_page, client, monkeypatch):
        from outreach import middleware

        client.get("/")  # the very first request creates the site settings rows
        client.get("/")
        client.get("/?lang=en")
        assert client.get("/")["X-Page-Cache"] == "hit"

        def must_not_run(request):
            raise AssertionError("the locale layer ran for a cached page")

        monkeypatch.setattr(middleware.translation, "activate", must_not_run)
        english = client.get("/?lang=en")
        assert english["X-Page-Cache"] == "hit" and english["Content-Language"] == "en"
        assert '<html lang="en">' in english.content.decode()

    def test_publishing_a_page_shows_at_once(self, home_page, client):
        client.get("/")
        publish(ContentPageFactory(parent=home_page, title="新栏目", slug="new", show_in_menus=True))
        response = client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "新栏目" in response.content.decode()

    def test_unpublishing_shows_at_once(self, home_page, client):
        page = publish(ContentPageFactory(parent=home_page, title="旧栏目", slug="old", show_in_menus=True))
        assert "旧栏目" in client.get("/").content.decode()
        page.unpublish()
        assert "旧栏目" not in client.get("/").content.decode()

    def test_site_setting_change_shows_at_once(self, home_page, client):
        client.get("/")
        contact = SiteContactSettings.for_site(home_page.get_site())
        contact.office_name = "新的主办单位"
        contact.save()
        assert "新的主办单位" in client.get("/").content.decode()

    def test_each_language_and_query_string_is_cached_apart(self, home_page, client):
        client.get("/")
        assert '<html lang="en">' in client.get("/?lang=en").content.decode()
        assert '<html lang="zh-hans">' in client.get("/").content.decode()

    def test_signed_in_staff_never_get_a_cached_page(self, home_page, client):
        client.get("/")
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        response = client.get("/")
        assert "X-Page-Cache" not in response
        assert "wagtail-userbar" in response.content.decode()

    def test_restricted_pages_are_never_cached(self, home_page, client):
        page = publish(ContentPageFactory(parent=home_page, title="内部", slug="internal"))
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        for _ in range(2):
            response = client.get("/internal/")
            assert response.status_code == 302
            assert "X-Page-Cache" not in response

    def test_views_that_are_not_pages_and_errors_are_not_cached(self, home_page, client):
        # (The search page says it may be cached: tests/outreach/test_search_cache.py.)
        for _ in range(2):
            assert "X-Page-Cache" not in client.get("/v/report-status/", {"code": "ABCDEFGHJK"})
            assert "X-Page-Cache" not in client.get("/no-such-page/")


@pytest.mark.django_db
def test_zero_seconds_turns_the_cache_off(home_page, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        assert "X-Page-Cache" not in client.get("/")


@pytest.mark.django_db
class TestRestrictionAfterPublishing:
    def test_a_page_restricted_after_publishing_leaves_the_cache_at_once(self, home_page, client):
        client.get("/")  # the very first request creates the site settings rows
        page = publish(ContentPageFactory(parent=home_page, title="值班安排", slug="duty"))
        client.get("/duty/")
        assert client.get("/duty/")["X-Page-Cache"] == "hit"
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        response = client.get("/duty/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert 'type="password"' in response.content.decode()

    def test_a_group_restriction_also_leaves_search_and_counts(
        self, home_page, client, django_capture_on_commit_callbacks
    ):
        from django.contrib.auth.models import Group

        from outreach.models import SearchTerm

        page = publish(ContentPageFactory(parent=home_page, title="内部值班表", slug="roster"))
        child = publish(ContentPageFactory(parent=page, title="值班表附件", slug="annex"))
        assert client.get("/search/", {"q": "值班"}).context["search_results"].paginator.count == 2
        with django_capture_on_commit_callbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(Group.objects.create(name="内部"))
        # Gone from the index (the page and the one below it) and from the count.
        assert not SearchTerm.objects.filter(page_id__in=[page.pk, child.pk]).exists()
        response = client.get("/search/", {"q": "值班"})
        assert response.context["search_results"].paginator.count == 0
        assert "找到 1 条结果" not in response.content.decode()
        # Lifting the restriction brings both back.
        with django_capture_on_commit_callbacks(execute=True):
            restriction.delete()
        assert client.get("/search/", {"q": "值班"}).context["search_results"].paginator.count == 2

    def test_counts_agree_with_the_list_even_when_the_index_lags(self, home_page, client):
        from outreach.search.index import search

        page = publish(ContentPageFactory(parent=home_page, title="内部通讯录", slug="contacts"))
        # A restriction written without signals (a raw import, say): the index still has it.
        PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=page, restriction_type=PageViewRestriction.LOGIN)]
        )
        results, _terms = search("通讯录")
        assert len(results) == 0 and list(results[0:10]) == []


@pytest.mark.django_db
class TestFlooding:
    def test_unknown_query_parameters_are_served_but_never_stored(self, home_page, client):
        from django.core.cache import cache

        client.get("/")  # the very first request creates the site settings rows
        client.get("/")  # the page and its menu, stored for this generation
        stored = len(cache._cache)
        for n in range(50):
            response = client.get("/", {"utm": f"x{n}"})
            assert response.status_code == 200 and "X-Page-Cache" not in response
        assert len(cache._cache) == stored

    def test_a_long_query_string_skips_the_cache(self, home_page, client):
        response = client.get("/?" + "a" * 300)
        assert response.status_code == 200 and "X-Page-Cache" not in response

    def test_language_parameter_does_not_split_the_key(self, home_page, client):
        client.get("/")
        client.get("/?lang=en")
        assert client.get("/?lang=en")["X-Page-Cache"] == "hit"
