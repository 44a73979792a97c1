"""The landing-page cache: on the core's generations, invalidated by signals, not by save()."""

import pytest
from django.core.cache import cache

from outreach.cache import Generation
from venues.models import Venue
from venues.public.cache import landing_key, landing_pages

from .factories import VenueFactory, add_prompts

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.44"


@pytest.fixture
def venue():
    return add_prompts(VenueFactory(name="云台山国际大酒店"))


def get(client, code):
    return client.get(f"/v/{code}/", HTTP_USER_AGENT=PHONE)


def test_the_landing_cache_is_a_core_generation(venue):
    assert isinstance(landing_pages, Generation)
    before = landing_key(venue.code, "zh-hans")
    landing_pages.bump()
    assert landing_key(venue.code, "zh-hans") != before


def test_a_deleted_venue_is_gone_from_its_address_at_once(client, venue, django_capture_on_commit_callbacks):
    code = venue.code
    assert get(client, code).status_code == 200
    assert cache.get(landing_key(code, "zh-hans")) is not None
    with django_capture_on_commit_callbacks(execute=True):
        venue.delete()
    assert cache.get(landing_key(code, "zh-hans")) is None
    assert get(client, code).status_code == 404


def test_a_queryset_update_then_save_signal_purges(client, venue):
    """The purge is a post_save receiver: any save of a venue, not only Venue.save's body."""
    get(client, venue.code)
    Venue.objects.filter(pk=venue.pk).update(name="改名后的酒店")
    assert "云台山国际大酒店" in get(client, venue.code).content.decode()  # still cached
    from django.db.models.signals import post_save

    post_save.send(sender=Venue, instance=Venue.objects.get(pk=venue.pk), created=False)
    assert "改名后的酒店" in get(client, venue.code).content.decode()


def test_venue_save_itself_purges_nothing():
    """Screens leave models alone: the model's save() has no cache code of its own."""
    import inspect

    source = inspect.getsource(Venue.save)
    assert "purge" not in source and "cache" not in source
