"""Deployment truths: public SITE_URL, CSRF origin, security headers, proxy warning,
private uploads behind a permission check, and the documented media proxy."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client

from outreach import roles, security
from outreach.siteurl import is_local_host, origin, public_url_problem
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.outreach.test_settings import run_python

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "outreach.settings.production",
    "SECRET_KEY": "a-real-looking-secret-key-with-enough-length-and-variety-0123456789",
    "ALLOWED_HOSTS": "119.xiuwu.example",
}


# -- SITE_URL ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://127.0.0.1:8000",
        "https://127.0.0.1",
        "https://localhost",
        "https://[::1]:8443",
        "https://192.168.1.20",
        "https://10.0.0.5",
        "https://xiuwu-server",
        "https://site.local",
        "http://119.xiuwu.gov.cn",
        "119.xiuwu.gov.cn",
    ],
)
def test_local_or_plain_http_site_urls_are_not_public(url):
    assert public_url_problem(url)


@pytest.mark.parametrize(
    "url", ["https://119.xiuwu.gov.cn", "https://119.xiuwu.gov.cn:8443/", "https://8.8.8.8"]
)
def test_public_https_site_urls_are_accepted(url):
    assert public_url_problem(url) is None


def test_local_host_names():
    assert is_local_host("LOCALHOST.") and is_local_host("0.0.0.0")  # noqa: S104 and is_local_host("a.home.arpa")
    assert not is_local_host("xiuwu.gov.cn")


@pytest.mark.parametrize("site_url", [None, "http://127.0.0.1:8000", "https://192.168.0.10"])
def test_production_refuses_to_start_without_a_public_https_site_url(site_url):
    env = dict(PRODUCTION_ENV)
    env["SITE_URL"] = site_url or ""
    completed = run_python("import django; django.setup()", **env)
    assert completed.returncode != 0
    assert "SITE_URL" in completed.stderr and "ImproperlyConfigured" in completed.stderr


def test_production_starts_with_a_public_site_url_and_trusts_its_origin():
    completed = run_python(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.CSRF_TRUSTED_ORIGINS); print(s.WAGTAILADMIN_BASE_URL)",
        **PRODUCTION_ENV,
        SITE_URL="https://119.xiuwu.example/",
        CSRF_TRUSTED_ORIGINS="https://other.example",
    )
    assert completed.returncode == 0, completed.stderr
    origins, base = completed.stdout.splitlines()[:2]
    assert origins == "['https://other.example', 'https://119.xiuwu.example']"
    assert base == "https://119.xiuwu.example"


def test_origin_of_a_url():
    assert origin("https://119.xiuwu.example:8443/path?q=1") == "https://119.xiuwu.example:8443"
    assert origin("") == ""


@pytest.mark.django_db
def test_a_post_behind_a_tls_proxy_without_forwarded_proto_passes_csrf(settings, home_page):
    """The proxy talks http to the app and sends no X-Forwarded-Proto; the browser's
    Origin is the https SITE_URL. With the derived trusted origin the POST is accepted."""
    settings.CSRF_TRUSTED_ORIGINS = [origin("https://119.xiuwu.example")]
    settings.ALLOWED_HOSTS = ["119.xiuwu.example"]

    def post():
        # A new client each time: Django's CSRF middleware reads the trusted origins once.
        client = Client(enforce_csrf_checks=True, HTTP_HOST="119.xiuwu.example")
        client.get("/admin/login/")
        token = client.cookies["csrftoken"].value
        data = {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"}
        return client.post("/admin/login/", data, HTTP_ORIGIN="https://119.xiuwu.example")

    assert post().status_code == 200  # the login form again, with its error: not a CSRF 403
    settings.CSRF_TRUSTED_ORIGINS = []
    assert post().status_code == 403


# -- headers ----------------------------------------------------------------------------


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_get_a_strict_policy(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_gets_the_inline_scripts_and_styles_wagtail_needs(client, home_page):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the live preview frames the admin
    assert response["Permissions-Policy"]


def test_public_pages_have_no_inline_scripts_or_styles():
    """The strict policy would break them: no <script> or <style> bodies, no on* handlers,
    no style attributes."""
    offenders = []
    for folder in ("themes", "campaigns", "courses", "venues", "outreach"):
        for template in Path(django_settings.BASE_DIR, folder).rglob("templates/**/*.html"):
            if "/admin/" in template.as_posix() or "/email/" in template.as_posix():
                continue
            text = template.read_text()
            if re.search(
                r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)|<style|\s(on[a-z]+|style)=", text
            ):
                offenders.append(str(template))
    assert offenders == []


# -- proxy warning ----------------------------------------------------------------------


@pytest.mark.django_db
def test_warns_when_proxies_are_promised_but_none_seen(client, settings, caplog, home_page):
    settings.TRUSTED_PROXY_COUNT = 1
    security._last_proxy_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="outreach.security"):
        client.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert not caplog.records
        client.get("/")
        client.get("/")
    assert len(caplog.records) == 1  # once, not once per request
    assert "TRUSTED_PROXY_COUNT" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_no_warning_without_trusted_proxies(client, settings, caplog, home_page):
    settings.TRUSTED_PROXY_COUNT = 0
    security._last_proxy_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="outreach.security"):
        client.get("/")
    assert not caplog.records


# -- private uploads --------------------------------------------------------------------


@pytest.fixture
def report(private_root):
    from tests.venues.factories import VenueFactory
    from venues.models import HazardReport

    venue = VenueFactory(township=TownshipFactory(name="城关镇", code="chengguan"))
    report = HazardReport(venue=venue, kind="other", description="楼道堆放杂物")
    report.photo.save("x.jpg", ContentFile(b"\xff\xd8\xff\xe0photo-bytes"), save=True)
    return report


@pytest.mark.django_db
def test_report_photos_are_stored_outside_public_media(report, private_root):
    assert report.photo.url.startswith("/private/venues/reports/")
    assert Path(report.photo.path).is_relative_to(private_root)
    assert not Path(report.photo.path).is_relative_to(django_settings.MEDIA_ROOT)


@pytest.mark.django_db
def test_report_photo_is_served_only_to_whoever_handles_the_report(client, report):
    url = report.photo.url
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory(roles=[roles.SCHOOL_STAFF]))
    assert client.get(url).status_code == 404  # wrong role
    other = UserFactory(
        roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory(name="七贤镇", code="qixian")
    )
    client.force_login(other)
    assert client.get(url).status_code == 404  # another township's officer
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=report.venue.township)
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0photo-bytes"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    assert client.get(url).status_code == 200  # the publicity team handles every report


@pytest.mark.django_db
def test_private_paths_cannot_escape_or_guess(client, report, private_root):
    client.force_login(UserFactory(is_superuser=True))
    private_root.mkdir(parents=True, exist_ok=True)
    (private_root / "secret.txt").write_text("x")
    for url in ["/private/secret.txt", "/private/venues/reports/../../secret.txt", "/private/unknown/a.jpg"]:
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_nginx_can_send_the_file_after_the_check(client, report, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/internal-private/"
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(report.photo.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-private/{report.photo.name}"
    assert response.content == b""


@pytest.mark.django_db
def test_drill_and_lesson_photos_are_private_to_the_school(client, private_root):
    from courses.models import DrillPhoto
    from tests.courses.factories import DrillFactory, school_staff

    drill = DrillFactory()
    photo = DrillPhoto(drill=drill)
    photo.image.save("d.jpg", ContentFile(b"drill"), save=True)
    url = photo.image.url
    assert url.startswith("/private/courses/photos/")
    assert client.get(url).status_code == 404
    client.force_login(school_staff(DrillFactory().school))  # another school's staff
    assert client.get(url).status_code == 404
    client.force_login(school_staff(drill.school))
    assert client.get(url).status_code == 200


def upload_folder(model, field):
    """Where a field's files land: its upload_to, called when it is a function."""
    if callable(field.upload_to):
        return field.upload_to(model(), "x.jpg")
    return field.upload_to


@pytest.mark.django_db
def test_every_upload_field_is_private_or_in_a_folder_nobody_serves_publicly():
    """No model file lands in a public media folder unless it is a Wagtail image or a
    public photo an app keeps under photos/<app>/ (an image field, re-encoded)."""
    from django.apps import apps
    from django.db.models import FileField, ImageField

    from outreach.private_files import PrivateStorage

    public = tuple(django_settings.PUBLIC_MEDIA_FOLDERS)
    assert "photos/" in public
    photos = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            if isinstance(field.storage, PrivateStorage):
                continue
            label = model._meta.label
            if label.startswith("wagtailimages."):
                continue
            folder = upload_folder(model, field)
            if folder.startswith("photos/"):
                assert isinstance(field, ImageField), label
                assert folder.startswith(f"photos/{model._meta.app_label}/"), label
                photos.append(label)
                continue
            assert not folder.startswith(public), label
    assert "streets.StreetElement" in photos


# -- the documented proxy configuration -------------------------------------------------


def readme_nginx():
    text = Path(django_settings.BASE_DIR, "README.md").read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    assert blocks, "the README documents the proxy configuration in an nginx block"
    return blocks[0]


def test_the_readme_proxy_serves_exactly_the_public_media_folders():
    config = readme_nginx()
    served = dict(re.findall(r"location (/media/[^\s{]+) \{[^}]*?alias (\S+?);", config))
    expected = {f"{django_settings.MEDIA_URL}{folder}" for folder in django_settings.PUBLIC_MEDIA_FOLDERS}
    assert set(served) == expected
    for location, alias in served.items():
        assert alias == "$MEDIA_ROOT/" + location.removeprefix(django_settings.MEDIA_URL)
    # Everything else under /media/ is refused by the proxy, not passed to the app.
    assert re.search(r"location /media/ \{\s*return 404;", config)
    # Private files: only through the app, then an internal location nginx may send.
    internal = re.search(r"location (/\S+/) \{\s*internal;\s*alias \$PRIVATE_MEDIA_ROOT/;", config)
    assert internal, "an internal location for X-Accel-Redirect"
    assert (
        f"PRIVATE_MEDIA_ACCEL_REDIRECT={internal.group(1)}"
        in Path(django_settings.BASE_DIR, "README.md").read_text()
    )
    assert "location /private/" not in config  # never served straight from disk


@pytest.mark.django_db
def test_wagtail_images_and_renditions_land_in_the_public_folders(settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="t", file=get_test_image_file())
    rendition = image.get_rendition("width-100")
    public = tuple(django_settings.PUBLIC_MEDIA_FOLDERS)
    assert image.file.name.startswith(public)
    assert rendition.file.name.startswith(public)
    assert image.file.url.startswith(django_settings.MEDIA_URL)
