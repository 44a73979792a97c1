"""Listings tell the public page cache which query parameters they read (flood-proofing)."""

import pytest


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.mark.django_db
class TestListingsDeclareWhatTheyRead:
    @pytest.fixture
    def listing(self, campaign_index, client):
        client.get("/")  # the very first request creates the site settings rows
        return campaign_index.url

    def test_known_filters_are_cached_per_value(self, client, listing, townships):
        first = client.get(listing, {"township": "chengguan", "year": "2026"})
        assert first["X-Page-Cache"] == "miss"
        again = client.get(listing, {"year": "2026", "township": "chengguan"})  # order does not matter
        assert again["X-Page-Cache"] == "hit"
        assert client.get(listing, {"township": "qixian"})["X-Page-Cache"] == "miss"

    def test_values_the_page_does_not_know_are_not_stored(self, client, listing, townships):
        from django.core.cache import cache

        client.get(listing)
        stored = len(cache._cache)
        for n in range(30):
            for params in ({"township": f"nowhere{n}"}, {"page": str(1000 + n)}, {"year": f"19{n:02d}"}):
                response = client.get(listing, params)
                assert response.status_code == 200 and "X-Page-Cache" not in response, params
        assert len(cache._cache) == stored
        assert client.get(listing, {"page": "1"})["X-Page-Cache"] == "miss"  # a real page is cached


@pytest.mark.django_db
def test_a_filter_link_shared_in_wechat_is_answered_from_the_cache(campaign_index, client, townships):
    client.get("/")  # the very first request creates the site settings rows
    listing = campaign_index.url
    assert client.get(listing, {"township": "chengguan", "year": "2026"})["X-Page-Cache"] == "miss"
    # What WeChat appends to a link shared in a chat or on Moments.
    for shared in (
        {"from": "singlemessage", "isappinstalled": "0"},
        {"from": "timeline"},
        {"utm_source": "qr"},
    ):
        response = client.get(listing, {"township": "chengguan", "year": "2026", **shared})
        assert response["X-Page-Cache"] == "hit", shared
    # Any other parameter is still served without being stored.
    assert "X-Page-Cache" not in client.get(listing, {"township": "chengguan", "year": "2026", "x": "1"})
