import pytest

from venues import services
from venues.models import Venue

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


def _printed(venue):
    return Venue.objects.values_list("printed_version", flat=True).get(pk=venue.pk)


def test_mark_printed_records_the_first_print():
    venue = VenueFactory()
    assert _printed(venue) is None
    services.mark_printed(venue.pk, 3)
    assert _printed(venue) == 3


def test_a_slower_batch_never_overwrites_a_newer_printed_version():
    venue = VenueFactory()
    services.mark_printed(venue.pk, 5)
    # A batch started before the prompts changed finishes last, with the older version.
    services.mark_printed(venue.pk, 4)
    assert _printed(venue) == 5
    services.mark_printed(venue.pk, 6)
    assert _printed(venue) == 6
