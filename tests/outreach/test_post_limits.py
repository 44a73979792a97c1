"""Public forms check their per-address limit first, counting every POST, valid or not."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from outreach import uploads
from outreach.request_limits import ATTEMPTS_PER_STORED, PostLimit


@pytest.fixture(autouse=True)
def _fresh_counts(private_root):
    cache.clear()
    yield
    cache.clear()


class UnreadableBody(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_request(address="10.0.0.1"):
    request = RequestFactory().post("/form/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["REMOTE_ADDR"] = address
    request._dont_enforce_csrf_checks = True  # as the test client does
    return request


def unreadable_post(address="10.0.0.1"):
    request = post_request(address)
    request.META["CONTENT_LENGTH"] = "5000"
    request._stream = UnreadableBody()
    return request


def test_every_post_counts_and_the_next_one_is_refused_unread(rf, home_page):
    limit = PostLimit("test-posts", 3, message="太频繁了")
    view = limit(lambda request: HttpResponse("read"))
    for _ in range(3):
        assert view(post_request()).content == b"read"
    refused = view(unreadable_post())
    assert refused.status_code == 429
    assert "太频繁了" in refused.content.decode()
    assert "119" in refused.content.decode()
    assert view(post_request("10.0.0.2")).content == b"read"  # another address
    assert view(rf.get("/form/")).content == b"read"  # reading the form is never limited


def test_a_setting_overrides_the_default(settings, home_page):
    settings.TEST_FORM_PER_HOUR = 1
    view = PostLimit("test-setting", 5, setting="TEST_FORM_PER_HOUR")(lambda request: HttpResponse("read"))
    assert view(post_request()).status_code == 200
    assert view(post_request()).status_code == 429


def test_stored_items_and_attempts_are_both_limited(home_page):
    limit = PostLimit("test-stored", 2, counts="stored")

    @limit
    def view(request):
        stored = request.GET.get("valid") and not limit.count_stored(request)
        return HttpResponse("stored" if stored else "refused form")

    for _ in range(2):
        valid = RequestFactory().post("/form/?valid=1", REMOTE_ADDR="10.0.0.7")
        valid._dont_enforce_csrf_checks = True
        assert view(valid).content == b"stored"
    assert view(unreadable_post("10.0.0.7")).status_code == 429  # two stored: nothing more is read
    # Refused forms alone: ATTEMPTS_PER_STORED times the limit, then nothing is read.
    for _ in range(2 * ATTEMPTS_PER_STORED):
        assert view(post_request("10.0.0.8")).content == b"refused form"
    assert view(unreadable_post("10.0.0.8")).status_code == 429


def test_the_csrf_check_runs_inside_after_the_limit(home_page):
    """The middleware's CSRF check would parse the body: the decorated view is exempt from
    it and checks CSRF itself once the limit has let the POST through."""
    view = PostLimit("test-csrf", 1)(lambda request: HttpResponse("read"))
    assert view.csrf_exempt is True
    request = RequestFactory().post("/form/", REMOTE_ADDR="10.0.0.9")
    assert view(request).status_code == 403  # no token: refused by the check inside


# Each public form: N refused forms, then the next POST is refused before it is read ----


def png_file(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def venue_report(settings):
    from tests.outreach.factories import TownshipFactory
    from tests.venues.factories import VenueFactory

    settings.VENUES_REPORTS_PER_HOUR = 1
    venue = VenueFactory(township=TownshipFactory())
    # No description: refused, after the photo was re-encoded.
    return (
        f"/v/{venue.code}/report/",
        lambda: {"kind": "locked_exit", "description": "", "photo": png_file()},
        4,
    )


def street_report(settings):
    from wagtail.models import Page

    from tests.venues.streets.factories import ElementFactory, make_street

    settings.STREETS_REPORTS_PER_HOUR = 1
    street = make_street(Page.objects.get(depth=2).specific)
    element = ElementFactory(street=street)
    url = reverse("streets:report", args=[element.code])
    return url, lambda: {"kind": "damaged", "description": "", "photo": png_file()}, 4


def booking(settings):
    from tests.venues.bookings.factories import future_slot

    settings.BOOKINGS_POSTS_PER_HOUR = 3
    slot = future_slot(capacity=200)
    url = reverse("bookings:book", args=[slot.pk])
    return url, lambda: {"org_name": "", "pupils": "30", "letter": png_file("letter.png")}, 3


def volunteer_registration(settings, monkeypatch):
    from campaigns.volunteers.public.views import REGISTRATION_POSTS

    monkeypatch.setattr(REGISTRATION_POSTS, "default", 1)
    return reverse("volunteers:register"), lambda: {"name": "", "mobile": "139"}, 4


@pytest.mark.parametrize("form", ["venue_report", "street_report", "booking", "volunteer_registration"])
def test_a_public_form_refuses_the_next_post_after_refused_forms_before_decoding(
    client, home_page, settings, monkeypatch, form
):
    make = globals()[form]
    url, payload, allowed = (
        make(settings, monkeypatch) if form == "volunteer_registration" else make(settings)
    )
    for _ in range(allowed):
        response = client.post(url, payload(), REMOTE_ADDR="10.3.3.3")
        assert response.status_code == 400, response.status_code

    def not_now(*args, **kwargs):
        raise AssertionError("an upload was decoded")

    monkeypatch.setattr(uploads, "reencode_photo", not_now)
    monkeypatch.setattr(uploads, "check_document", not_now)
    refused = client.post(url, payload(), REMOTE_ADDR="10.3.3.3")
    assert refused.status_code == 429
    assert "提交太频繁" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="10.3.3.3").status_code == 200  # the form still shows
