import pytest
from django.urls import reverse

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import assert_sent_to_dashboard
from venues import services
from venues.admin.forms import VenueAdminForm
from venues.models import Venue

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    here, there = (
        TownshipFactory(name="城关镇", code="chengguan"),
        TownshipFactory(name="七贤镇", code="qixian"),
    )
    mine = VenueFactory(name="城关宾馆", township=here)
    neighbour = VenueFactory(name="城关网吧", township=here)
    far = VenueFactory(name="七贤市场", township=there)
    manager = UserFactory(roles=[roles.VENUE_MANAGER])
    mine.managers.add(manager)
    mine.save()
    return {
        "here": here,
        "there": there,
        "mine": mine,
        "neighbour": neighbour,
        "far": far,
        "manager": manager,
        "officer": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here),
        "editor": UserFactory(roles=[roles.EDITOR]),
        "school": UserFactory(roles=[roles.SCHOOL_STAFF], township=here),
    }


def venue_form_class():
    from venues.wagtail_hooks import VenueViewSet

    return VenueViewSet.edit_handler.bind_to_model(Venue).get_form_class()


def edit_url(venue):
    return reverse("wagtailsnippets_venues_venue:edit", args=[venue.pk])


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("manager", {"mine"}),
        ("officer", {"mine", "neighbour"}),
        ("editor", {"mine", "neighbour", "far"}),
        ("school", set()),
    ],
)
def test_venue_edit_is_scoped(client, world, who, allowed):
    client.force_login(world[who])
    for key in ("mine", "neighbour", "far"):
        response = client.get(edit_url(world[key]))
        if key in allowed:
            assert response.status_code == 200, key
            assert world[key].name in response.content.decode()
        else:
            assert response.status_code == 404, key
            if response.status_code == 302:
                assert "/admin/login/" in response["Location"] or response["Location"] == "/admin/"


@pytest.mark.parametrize("who, names", [("manager", ["城关宾馆"]), ("officer", ["城关宾馆", "城关网吧"])])
def test_venue_listing_shows_only_the_users_venues(client, world, who, names):
    client.force_login(world[who])
    html = client.get(reverse("wagtailsnippets_venues_venue:list")).content.decode()
    for venue in Venue.objects.all():
        assert (venue.name in html) == (venue.name in names), venue.name


def test_manager_cannot_delete_and_officer_cannot_delete(client, world):
    for who in ("manager", "officer"):
        client.force_login(world[who])
        response = client.post(reverse("wagtailsnippets_venues_venue:delete", args=[world["mine"].pk]))
        assert_sent_to_dashboard(response)
        assert Venue.objects.filter(pk=world["mine"].pk).exists()


def test_officer_may_only_choose_own_township_and_manager_cannot_move_venue(world):
    form_class = venue_form_class()
    assert issubclass(form_class, VenueAdminForm)
    officer_form = form_class(instance=world["mine"], for_user=world["officer"])
    assert list(officer_form.fields["township"].queryset) == [world["here"]]
    manager_form = form_class(instance=world["mine"], for_user=world["manager"])
    assert manager_form.fields["township"].disabled
    assert manager_form.fields["managers"].disabled
    editor_form = form_class(instance=world["mine"], for_user=world["editor"])
    assert set(editor_form.fields["township"].queryset) >= {world["here"], world["there"]}


def test_zone_choices_are_this_venues_zones_only(world):
    from .factories import add_zone

    own = add_zone(world["mine"], "A区")
    add_zone(world["far"], "别家的区")
    form = venue_form_class()(instance=world["mine"], for_user=world["editor"])
    assert list(form.formsets["exits"].empty_form.fields["zone"].queryset) == [own]


@pytest.mark.parametrize(
    "who, ok", [("manager", {"mine"}), ("officer", {"mine", "neighbour"}), ("school", set())]
)
def test_poster_download_is_scoped(client, world, who, ok):
    client.force_login(world[who])
    for key in ("mine", "far"):
        url = reverse("venues_admin:poster_download", args=[world[key].pk, 0, "A4", "png"])
        response = client.get(url)
        if key in ok:
            assert response.status_code == 200 and response["Content-Type"] == "image/png"
        else:
            assert response.status_code == 404


def test_report_inbox_and_detail_are_scoped(client, world):
    near = services.create_report(world["neighbour"], {"kind": "other", "description": "城关的隐患"})
    far = services.create_report(world["far"], {"kind": "other", "description": "七贤的隐患"})
    client.force_login(world["officer"])
    html = client.get(reverse("venues_admin:reports")).content.decode()
    assert "城关网吧" in html and "七贤市场" not in html
    assert client.get(reverse("venues_admin:report", args=[near.pk])).status_code == 200
    assert client.get(reverse("venues_admin:report", args=[far.pk])).status_code == 404
    response = client.post(reverse("venues_admin:report", args=[far.pk]), {"to_status": "verified"})
    assert response.status_code == 404
    far.refresh_from_db()
    assert far.status == "new"
    client.force_login(world["editor"])
    html = client.get(reverse("venues_admin:reports")).content.decode()
    assert "城关网吧" in html and "七贤市场" in html
    for who in ("manager", "school"):
        client.force_login(world[who])
        assert_sent_to_dashboard(client.get(reverse("venues_admin:reports")))
        assert client.get(reverse("venues_admin:report", args=[near.pk])).status_code == 404


def test_officer_moves_report_through_the_admin(client, world):
    report = services.create_report(world["neighbour"], {"kind": "other", "description": "x"})
    client.force_login(world["officer"])
    url = reverse("venues_admin:report", args=[report.pk])
    response = client.post(url, {"to_status": "verified", "note": "已核实"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    html = client.get(url).content.decode()
    assert "已核实" in html and world["officer"].first_name in html


def test_report_inbox_query_count_does_not_grow(client, world):
    from tests.utils import count_queries

    client.force_login(world["editor"])
    url = reverse("venues_admin:reports")
    services.create_report(world["mine"], {"kind": "other", "description": "x"})
    client.get(url)
    _, few = count_queries(client.get, url)
    for venue in (world["neighbour"], world["far"]) * 5:
        services.create_report(venue, {"kind": "other", "description": "x"})
    _, many = count_queries(client.get, url)
    assert few == many


def test_batch_download_is_scoped_to_its_creator(client, world):
    batch = services.start_poster_batch(
        world["manager"], Venue.objects.filter(pk=world["mine"].pk), ["A4"], ["pdf"]
    )
    client.force_login(world["officer"])
    assert client.get(reverse("venues_admin:batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("venues_admin:batch_download", args=[batch.pk])).status_code == 404


def test_batch_form_offers_only_visible_venues(client, world):
    client.force_login(world["manager"])
    html = client.get(reverse("venues_admin:batches")).content.decode()
    assert "城关宾馆" in html and "七贤市场" not in html and "城关网吧" not in html
    response = client.post(
        reverse("venues_admin:batches"), {"venues": [world["far"].pk], "sizes": ["A4"], "formats": ["pdf"]}
    )
    assert response.status_code == 200  # refused with a form error
    from venues.models import PosterBatch

    assert not PosterBatch.objects.exists()


def test_officers_edit_screen_offers_only_their_township(client, world):
    client.force_login(world["officer"])
    html = client.get(edit_url(world["mine"])).content.decode()
    assert "城关镇" in html and "七贤镇" not in html
