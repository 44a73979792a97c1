"""A venue's three prompts in English for foreign visitors: the hazard and equipment
libraries carry English text; the poster and the Chinese page are unchanged."""

import pytest
from django.utils import translation

from venues.models import EquipmentType, HazardType

from .factories import VenueFactory, add_prompts

pytestmark = pytest.mark.django_db


def english_library():
    HazardType.objects.update(
        name_en="Charging e-bikes indoors",
        poster_text_en="Never charge e-bikes indoors",
        description_en="Batteries charging in rooms or corridors can catch fire at night.",
    )
    EquipmentType.objects.filter(name="手提式干粉灭火器").update(
        name_en="Portable dry-powder extinguisher",
        short_usage_en="Lift, pull, aim, squeeze",
        usage_en="Lift the extinguisher, pull the pin, aim at the base of the fire, squeeze the handle.",
    )
    EquipmentType.objects.filter(name="过滤式消防自救呼吸器").update(
        name_en="Fire escape smoke hood",
        short_usage_en="Open, unplug, put on, tighten",
        usage_en="Open the box, tear the bag, pull out both red plugs, put the hood on and tighten it.",
    )


def test_a_hotels_prompts_read_in_english_on_the_english_page(client):
    venue = add_prompts(VenueFactory(name="云台山宾馆"))
    english_library()
    html = client.get(f"/v/{venue.code}/?lang=en").content.decode()
    assert "Charging e-bikes indoors" in html and "Batteries charging in rooms" in html
    assert "Portable dry-powder extinguisher" in html and "Lift, pull, aim, squeeze" in html
    assert "Fire escape smoke hood" in html and "pull out both red plugs" in html
    assert "手提式干粉灭火器" not in html
    chinese = client.get(f"/v/{venue.code}/").content.decode()
    assert "手提式干粉灭火器" in chinese and "Portable dry-powder" not in chinese


def test_without_english_the_chinese_text_is_shown(client):
    venue = add_prompts(VenueFactory())
    html = client.get(f"/v/{venue.code}/?lang=en").content.decode()
    assert "手提式干粉灭火器" in html and "提、拔、握、压" in html


def test_the_posters_fingerprint_does_not_depend_on_the_request_language():
    venue = add_prompts(VenueFactory())
    english_library()
    venue.refresh_from_db()
    chinese = venue.fingerprint()
    with translation.override("en"):
        assert venue.fingerprint() == chinese
