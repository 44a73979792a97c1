"""Names outside a user's scope stay out of the admin: the venue chooser, the managers list
and the bulk-delete confirmation show only what the user's venue listing shows."""

import json

import pytest
from django.urls import reverse

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.models import Venue

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


def modal_html(response):
    """The chooser's HTML: inside the modal's JSON, or plain for the results panel."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.fixture
def world():
    here = TownshipFactory(name="城关镇", code="chengguan")
    there = TownshipFactory(name="七贤镇", code="qixian")
    return {
        "here": here,
        "mine": VenueFactory(name="城关宾馆", township=here),
        "far": VenueFactory(name="七贤市场", township=there),
        "officer": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here),
        "editor": UserFactory(roles=[roles.EDITOR]),
        "school": UserFactory(roles=[roles.SCHOOL_STAFF], township=here),
    }


CHOOSE = "/admin/snippets/choose/venues/venue/"


@pytest.mark.parametrize(
    "who, names", [("officer", {"城关宾馆"}), ("editor", {"城关宾馆", "七贤市场"}), ("school", set())]
)
def test_venue_chooser_lists_what_the_listing_shows(client, world, who, names):
    client.force_login(world[who])
    html = modal_html(client.get(CHOOSE))
    assert {name for name in ("城关宾馆", "七贤市场") if name in html} == names


def test_venue_chooser_search_and_pick_stay_in_scope(client, world):
    client.force_login(world["officer"])
    assert "城关宾馆" in modal_html(client.get(CHOOSE + "results/", {"q": "宾馆"}))
    assert "七贤市场" not in modal_html(client.get(CHOOSE + "results/", {"q": "市场"}))
    assert client.get(f"{CHOOSE}chosen/{world['far'].pk}/").status_code == 404
    assert client.get(f"{CHOOSE}chosen/{world['mine'].pk}/").status_code == 200
    picked = client.get(f"{CHOOSE}chosen-multiple/", {"id": [world["mine"].pk, world["far"].pk]})
    assert "城关宾馆" in picked.content.decode("unicode_escape")
    assert "七贤市场" not in picked.content.decode("unicode_escape")


def bulk_delete_url(*venues):
    query = "&".join(f"id={venue.pk}" for venue in venues)
    return f"{reverse('wagtail_bulk_action', args=['venues', 'venue', 'delete'])}?{query}"


@pytest.mark.parametrize("who", ["officer", "school"])
def test_bulk_delete_confirmation_names_nothing_outside_the_scope(client, world, who):
    client.force_login(world[who])
    response = client.get(bulk_delete_url(world["far"]))
    assert "七贤市场" not in response.content.decode()
    everything = client.get(f"{reverse('wagtail_bulk_action', args=['venues', 'venue', 'delete'])}?id=all")
    assert "七贤市场" not in everything.content.decode()


def test_bulk_delete_still_refuses_and_still_works_in_scope(client, world):
    client.force_login(world["officer"])
    client.post(bulk_delete_url(world["far"], world["mine"]))
    assert Venue.objects.count() == 2  # officers may not delete venues at all
    client.force_login(world["editor"])
    html = client.get(bulk_delete_url(world["far"], world["mine"])).content.decode()
    assert "七贤市场" in html and "城关宾馆" in html
    client.post(bulk_delete_url(world["far"]))
    assert list(Venue.objects.values_list("name", flat=True)) == ["城关宾馆"]


def test_the_managers_list_holds_only_the_officers_township_and_the_venues_own(client, world):
    near = UserFactory(username="near-manager", roles=[roles.VENUE_MANAGER], township=world["here"])
    UserFactory(username="far-manager", roles=[roles.VENUE_MANAGER], township=TownshipFactory())
    kept = UserFactory(username="kept-manager", roles=[roles.VENUE_MANAGER])
    world["mine"].managers.add(kept)
    world["mine"].save()
    client.force_login(world["officer"])
    html = client.get(reverse("wagtailsnippets_venues_venue:edit", args=[world["mine"].pk])).content.decode()
    assert near.username in html or str(near) in html
    assert "kept-manager" in html or str(kept) in html
    assert "far-manager" not in html
    client.force_login(world["editor"])
    html = client.get(reverse("wagtailsnippets_venues_venue:edit", args=[world["mine"].pk])).content.decode()
    assert "far-manager" in html
