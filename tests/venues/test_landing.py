import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.utils import count_queries
from venues.models import VenueExit, VenueScanDay
from venues.public.scans import record_scan

from .factories import VenueFactory, add_prompts

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.44"


@pytest.fixture
def venue():
    return add_prompts(
        VenueFactory(name="云台山国际大酒店", responsible_person="王责任", responsible_phone="13812345678")
    )


def get(client, venue, agent=PHONE, **extra):
    return client.get(f"/v/{venue.code}/", HTTP_USER_AGENT=agent, **extra)


def test_landing_shows_the_three_prompts_in_full_and_hides_the_responsible_person(client, venue):
    html = get(client, venue).content.decode()
    hazard = venue.hazards.first()
    assert venue.name in html
    assert hazard.name in html and hazard.description in html
    assert "1号出口" in html and "一楼大厅1侧" in html and "酒店正门广场" in html
    assert "提起灭火器，拔下保险销" in html  # full usage from the library
    assert 'href="tel:119"' in html
    assert f'href="/v/{venue.code}/report/"' in html
    assert "王责任" not in html and "13812345678" not in html


def test_unknown_code_is_404_and_closed_venue_says_so(client, venue):
    assert client.get("/v/zzzzzzzz/").status_code == 404
    venue.is_open = False
    venue.closed_notice = "装修停业至十月"
    venue.save()
    response = get(client, venue)
    assert response.status_code == 200
    assert "本场所已停业" in response.content.decode() and "装修停业至十月" in response.content.decode()


def test_english_on_request(client, venue):
    html = client.get(f"/v/{venue.code}/?lang=en", HTTP_USER_AGENT=PHONE).content.decode()
    assert '<html lang="en">' in html
    assert "Report a hazard" in html


def test_weight_of_html_and_css_compressed_is_at_most_20_kb(client, venue):
    html = get(client, venue).content
    css = [finders.find("themes/css/site.css"), finders.find("venues/venues.css")]
    total = len(gzip.compress(html)) + sum(len(gzip.compress(Path(path).read_bytes())) for path in css)
    assert total <= 20 * 1024, total


def test_cached_after_first_hit_and_purged_when_the_venue_changes(client, venue, settings):
    get(client, venue)
    _, queries = count_queries(get, client, venue, agent="curl/8.1.2")  # not counted as a scan
    assert queries == 0  # served from the cache
    _, queries = count_queries(get, client, venue)
    assert queries <= 2  # a counted scan without Redis: is the venue there, one UPDATE
    venue.exits.add(VenueExit(name="新开西门", location="一楼西侧"))
    venue.save()
    assert "新开西门" in get(client, venue).content.decode()


def test_library_change_purges_every_landing_page(client, venue):
    get(client, venue)
    equipment = venue.equipment.first().equipment_type
    equipment.usage = "新的使用方法说明"
    equipment.save()
    assert "新的使用方法说明" in get(client, venue).content.decode()


def test_scans_counted_per_day_without_bots_previews_or_head(client, venue):
    get(client, venue)
    get(client, venue)
    get(client, venue, agent="Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile Safari/537.36")
    for agent in [
        "curl/8.1.2",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "Googlebot/2.1",
        "QQ-URL-Manager",
        "Mozilla/5.0 WeChatShareExtension",
        "facebookexternalhit/1.1",
        "",
    ]:
        get(client, venue, agent=agent)
    get(client, venue, HTTP_SEC_PURPOSE="prefetch")
    client.head(f"/v/{venue.code}/", HTTP_USER_AGENT=PHONE)
    days = list(VenueScanDay.objects.filter(venue=venue).values_list("count", flat=True))
    assert days == [3]
    assert VenueScanDay.objects.get(venue=venue).day == timezone.localdate()


def test_a_thousand_scans_are_all_counted(client, venue):
    for _ in range(1000):
        record_scan(venue.pk)
    get(client, venue)
    assert VenueScanDay.objects.get(venue=venue).count == 1001
