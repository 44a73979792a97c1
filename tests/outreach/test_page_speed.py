"""A public page rendered afresh (after a publish) does only the work that is its own:
the shell's shared parts are built once per publish, view restrictions are read once per
publish, and a page deep in the tree is routed in one query. None of it may show a
visitor anything stale or anything a restriction hides."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from outreach import page_cache
from outreach.models import SiteContactSettings
from tests.utils import count_queries

from .factories import ContentPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture
def tree(home_page, client):
    guide = publish(ContentPageFactory(parent=home_page, title="逃生指南", slug="guide", show_in_menus=True))
    floor = publish(ContentPageFactory(parent=guide, title="高层住宅", slug="tower"))
    room = publish(ContentPageFactory(parent=floor, title="卧室起火怎么办", slug="bedroom"))
    client.get("/")  # the very first request creates the site settings rows
    return guide, floor, room


def cold(client, path, warm="/"):
    """The page rendered afresh while what every page shares was built by another."""
    cache.clear()
    client.get(warm)
    return count_queries(client.get, path)


def test_a_deep_page_renders_afresh_in_few_queries(tree, client):
    response, queries = cold(client, "/guide/tower/bedroom/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert "卧室起火怎么办" in response.content.decode()
    # The site, its root page, the menu, footer, banners and view restrictions come from
    # what was built once per publish; the page is found by its address in one query.
    assert queries <= 3, queries


def test_a_content_page_renders_afresh_in_few_queries(tree, client):
    response, queries = cold(client, "/guide/")
    assert response.status_code == 200
    assert queries <= 3, queries


def test_home_page_renders_afresh_in_few_queries(tree, client):
    response, queries = cold(client, "/", warm="/guide/")
    assert response.status_code == 200 and "逃生指南" in response.content.decode()
    assert queries <= 3, queries


def test_routing_in_one_query_finds_exactly_what_wagtail_would(tree, client):
    guide, floor, room = tree
    assert client.get("/guide/tower/bedroom/").status_code == 200
    assert client.get("/guide/tower/kitchen/").status_code == 404
    assert client.get("/guide/Tower/bedroom/").status_code == 404
    assert client.get("/guide/tower/bedroom/more/").status_code == 404
    # A page that is not live is not served, though its address exists.
    room.unpublish()
    assert client.get("/guide/tower/bedroom/").status_code == 404
    # A live page under an unpublished one is served, as Wagtail serves it.
    publish(room)
    floor.unpublish()
    assert client.get("/guide/tower/bedroom/").status_code == 200


def test_a_restriction_above_a_deep_page_still_holds(tree, client):
    guide, floor, room = tree
    assert client.get("/guide/tower/bedroom/")["X-Page-Cache"] == "miss"
    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/guide/tower/bedroom/")
    assert 'type="password"' in response.content.decode()
    assert "X-Page-Cache" not in response
    # The menu no longer lists a restricted section.
    assert 'href="/guide/"' not in client.get("/").content.decode().split("</nav>", 1)[0]


def test_restrictions_are_read_once_per_publish(tree, client):
    assert page_cache.restriction_paths() == ((), ())
    guide, _floor, room = tree
    PageViewRestriction.objects.create(page=room, restriction_type=PageViewRestriction.LOGIN)
    assert page_cache.restriction_paths() == ((room.path,), ())
    assert room.get_view_restrictions().count() == 1
    assert guide.get_view_restrictions().count() == 0


def test_the_shared_footer_names_each_page_in_its_language_links(tree, client):
    for path in ("/guide/", "/guide/tower/"):
        html = client.get(path).content.decode()
        assert f'href="/lang/en/?next={path}"' in html
    # Each language has its own copy of the shared parts.
    english = client.get("/guide/tower/", {"lang": "en"}).content.decode()
    assert "Fire alarm" in english and "火警电话" not in english
    assert "火警电话" in client.get("/guide/tower/bedroom/").content.decode()


def test_a_setting_saved_shows_in_the_shared_footer_at_once(tree, client):
    client.get("/guide/")
    contact = SiteContactSettings.objects.get()
    contact.hazard_hotline = "0391-7112119"
    contact.save()
    assert "0391-7112119" in client.get("/guide/tower/").content.decode()
    assert "0391-7112119" in client.get("/guide/").content.decode()


def test_signed_in_visitors_never_get_someone_elses_header(tree, client, django_user_model):
    client.get("/guide/")
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    html = client.get("/guide/").content.decode()
    assert "csrfmiddlewaretoken" in html  # their own sign-out form, not the cached 登录 link


def test_the_home_page_served_from_the_remembered_site_is_never_stale(tree, client, home_page):
    client.get("/guide/")
    home = home_page.specific
    home.hero_title = "全民消防 生命至上"
    home.save_revision().publish()
    assert "全民消防 生命至上" in client.get("/").content.decode()
    response, queries = count_queries(client.get, "/guide/tower/")
    assert response.status_code == 200 and queries <= 3, queries


def test_a_host_not_allowed_is_still_refused(tree, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/guide/", HTTP_HOST="evil.example").status_code == 400
