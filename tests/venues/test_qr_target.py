import pytest
from django.urls import reverse

from outreach import roles
from tests.outreach.factories import UserFactory
from venues.posters.target import qr_target_problems

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "https://127.0.0.1",
        "https://localhost:8443",
        "https://[::1]/",
        "https://192.168.1.20",
        "https://10.0.0.5",
        "https://0.0.0.0",
        "https://xiuwu-119.local",
        "https://intranet",
    ],
)
def test_local_addresses_are_flagged(url):
    problems = qr_target_problems(url)
    assert any("本机或内网" in p for p in problems), problems


def test_plain_http_public_address_is_flagged_only_for_https():
    problems = qr_target_problems("http://119.xiuwu.gov.cn")
    assert len(problems) == 1 and "https" in problems[0]


def test_public_https_address_is_fine():
    assert qr_target_problems("https://119.xiuwu.gov.cn") == []


@pytest.mark.parametrize("name", ["venue_posters", "batches"])
def test_poster_screens_warn_in_red_about_a_local_qr_target(client, settings, name):
    venue = VenueFactory()
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    url = reverse(f"venues_admin:{name}", args=[venue.pk] if name == "venue_posters" else [])

    settings.SITE_URL = "http://127.0.0.1:8000"
    html = client.get(url).content.decode()
    assert 'class="help-block help-critical qr-target-warning" role="alert"' in html
    assert "本机或内网地址（127.0.0.1）" in html and "不是 https" in html

    settings.SITE_URL = "https://119.xiuwu.gov.cn"
    html = client.get(url).content.decode()
    assert "qr-target-warning" not in html
