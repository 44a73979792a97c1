"""The venue admin list costs the same few queries for a township officer whatever the count."""

import pytest
from django.urls import reverse

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import count_queries

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_venue_list_for_a_township_officer_stays_within_its_query_budget(
    client, django_assert_max_num_queries
):
    # 21 queries before the access layer (roles and township read separately, twice over).
    here = TownshipFactory()
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here)
    for _ in range(3):
        VenueFactory(township=here)
        VenueFactory()
    client.force_login(officer)
    url = reverse("wagtailsnippets_venues_venue:list")
    client.get(url)
    _, few = count_queries(client.get, url)
    for _ in range(10):
        VenueFactory(township=here)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/admin/snippets/venues/venue/edit/") >= 13
    _, many = count_queries(client.get, url)
    assert many == few
