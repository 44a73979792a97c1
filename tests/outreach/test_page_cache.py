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
        assert second["X-Frame-Options"] == "DENY"  # outer middleware still applies

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
        for _ in range(2):
            assert "X-Page-Cache" not in client.get("/search/", {"q": "消防"})
            assert "X-Page-Cache" not in client.get("/no-such-page/")


@pytest.mark.django_db
def test_zero_seconds_turns_the_cache_off(home_page, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        assert "X-Page-Cache" not in client.get("/")
