import pytest
from django.core.cache import cache

from tests.outreach.factories import TownshipFactory, UserFactory
from venues.models import VenueCategory

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    chengguan = TownshipFactory(name="城关镇", code="chengguan", sort_order=1)
    yuntai = TownshipFactory(name="云台山镇", code="yuntaishan", sort_order=2)
    return {
        "market": VenueFactory(
            name="城关农贸市场", category=VenueCategory.MARKET, township=chengguan, address="人民路1号"
        ),
        "hotel": VenueFactory(name="云台山宾馆", category=VenueCategory.HOTEL, township=yuntai),
        "closed": VenueFactory(
            name="云台山老旅社", category=VenueCategory.HOTEL, township=yuntai, is_open=False
        ),
        "chengguan": chengguan,
        "yuntai": yuntai,
    }


def names(response):
    html = response.content.decode()
    return [name for name in ("城关农贸市场", "云台山宾馆", "云台山老旅社") if name in html]


def test_directory_lists_venues_linking_to_their_prompts_with_closed_ones_marked_last(client, world):
    response = client.get("/venues/")
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("market", "hotel", "closed"):
        assert f'href="/v/{world[key].code}/"' in html
    assert html.index("云台山老旅社") > html.index("云台山宾馆") > html.index("城关农贸市场")
    closed_entry = html[html.index("云台山老旅社") :][:200]
    assert "已停业" in closed_entry
    assert html.count("已停业") == 1
    assert 'role="search"' in html and "<script" not in html.split("<main")[1]


def test_directory_filters_by_township_category_and_name(client, world):
    assert names(client.get("/venues/", {"township": "chengguan"})) == ["城关农贸市场"]
    assert names(client.get("/venues/", {"category": "hotel"})) == ["云台山宾馆", "云台山老旅社"]
    assert names(client.get("/venues/", {"q": "宾馆"})) == ["云台山宾馆"]
    assert names(client.get("/venues/", {"q": "人民路"})) == ["城关农贸市场"]  # the address too
    assert names(client.get("/venues/", {"township": "yuntaishan", "category": "market"})) == []
    assert "没有找到符合条件的场所" in client.get("/venues/", {"q": "不存在"}).content.decode()


def test_unknown_or_hostile_filters_are_ignored_with_a_message_not_an_error(client, world):
    response = client.get("/venues/", {"township": "nowhere", "category": "x", "q": "a\x00b", "page": "-1"})
    assert response.status_code == 200
    assert names(response) == ["城关农贸市场", "云台山宾馆", "云台山老旅社"]
    assert "field-error" in response.content.decode()


def test_directory_is_paginated_with_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(45):
        VenueFactory(name=f"测试场所{i:02d}", township=world["chengguan"])
    client.get("/venues/")  # warm the site-wide caches (site settings, banner)
    with django_assert_max_num_queries(12):
        first = client.get("/venues/").content.decode()
    with django_assert_max_num_queries(12):
        third = client.get("/venues/", {"page": "3"}).content.decode()
    assert "第 1 / 3 页" in first and 'rel="next"' in first
    assert "第 3 / 3 页" in third and 'rel="prev"' in third
    assert "云台山老旅社" in third and "云台山老旅社" not in first


def test_anonymous_visitors_get_it_from_the_cache_until_a_venue_changes(
    client, world, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/venues/", {"q": "云台山"})
    with django_assert_num_queries(1):  # only the township list for the form
        html = client.get("/venues/", {"q": "云台山"}).content.decode()
    assert "云台山宾馆" in html
    hotel = world["hotel"]
    hotel.name = "云台山国际宾馆"
    hotel.save()
    assert "云台山国际宾馆" in client.get("/venues/", {"q": "云台山"}).content.decode()


def test_signed_in_visitors_are_not_served_from_the_cache(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/venues/")
    # A change that bypasses the signals: the cached copy does not know about it.
    type(world["hotel"]).objects.filter(pk=world["hotel"].pk).update(name="云台山新宾馆")
    assert "云台山新宾馆" not in client.get("/venues/").content.decode()
    client.force_login(UserFactory())
    assert "云台山新宾馆" in client.get("/venues/").content.decode()


def test_footer_links_to_the_directory(client, world):
    assert 'href="/venues/"' in client.get("/venues/").content.decode()
