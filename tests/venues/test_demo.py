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
