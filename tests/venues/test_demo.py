from io import StringIO

import pytest
from django.core.management import call_command

from venues.models import Venue
from venues.posters.render import layout_poster

pytestmark = pytest.mark.django_db


def test_demo_loads_a_dozen_venues_twice_without_duplicates_and_posters_lay_out():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "场所三提示" in out.getvalue()
    count = Venue.objects.count()
    versions = dict(Venue.objects.values_list("name", "content_version"))
    call_command("load_demo", stdout=StringIO())
    assert Venue.objects.count() == count >= 12
    assert dict(Venue.objects.values_list("name", "content_version")) == versions
    assert Venue.objects.values("township").distinct().count() >= 6
    hotel = Venue.objects.with_prompts().get(name="云台山宾馆")
    assert hotel.managers.filter(username="venue").exists()
    assert hotel.zones.count() == 2
    for venue in Venue.objects.with_prompts():
        layout = layout_poster(venue)
        assert venue.name in "".join(t.text for t in layout.texts)


def test_each_demo_venue_has_prompts_of_its_own_kind_and_place():
    call_command("load_demo", stdout=StringIO())
    venues = list(Venue.objects.with_prompts())
    assert len({v.category for v in venues}) >= 11
    firsts = set()
    for venue in venues:
        prompts = venue.prompts()
        assert prompts.routes and prompts.exits and prompts.extinguishers, venue.name
        # The poster's key hazard is one of the venue's own kind, not a generic one.
        main = venue.hazards.all()[0]
        assert main.category == venue.category, (venue.name, main.name)
        firsts.add((prompts.routes[0], prompts.exits[0], prompts.extinguishers[0].location))
    assert len(firsts) == len(venues)  # no two venues share their routes, exits and equipment
    market = Venue.objects.get(name="修武县城关农贸市场")
    text = str(market.fingerprint())
    assert "电梯" not in text and "客房" not in text and "摊位" in text
    park = Venue.objects.get(category="tourist")
    assert "云台山" in park.name + park.address


def test_demo_refreshes_a_venue_left_with_the_first_demos_shared_placeholder():
    from venues.demo import PLACEHOLDER_ROUTE
    from venues.models import VenueRoute

    from .factories import VenueFactory

    old = VenueFactory(name="修武县城关农贸市场")
    old.routes.add(VenueRoute(description=PLACEHOLDER_ROUTE))
    old.save()
    call_command("load_demo", stdout=StringIO())
    old.refresh_from_db()
    routes = list(old.routes.values_list("description", flat=True))
    assert PLACEHOLDER_ROUTE not in routes and any("南大门" in r for r in routes)
    assert Venue.objects.filter(name="修武县城关农贸市场").count() == 1
