"""Street photos the public sees are in a folder the proxy serves; report photos are private."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.outreach.test_security import readme_nginx
from venues.streets import services
from venues.streets.models import CultureWall, DamageReport, MilestonePhoto, StreetElement

from .conftest import jpeg, jpeg_upload
from .factories import ElementFactory, MilestoneFactory, WallFactory, make_street

pytestmark = pytest.mark.django_db

PHOTO_BYTES = b"\xff\xd8\xff\xe0old-photo"


@pytest.fixture
def township(db):
    return TownshipFactory(name="城关镇", code="chengguan")


@pytest.fixture
def street(home_page, township):
    return make_street(home_page, township)


@pytest.fixture
def officer(township):
    return UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=township)


def served_publicly(field_file):
    """The proxy of the README serves this file's URL from MEDIA_ROOT (and the app's settings agree)."""
    url = field_file.url
    assert url.startswith(django_settings.MEDIA_URL)
    relative = url.removeprefix(django_settings.MEDIA_URL)
    folders = [f for f in django_settings.PUBLIC_MEDIA_FOLDERS if relative.startswith(f)]
    assert folders, url
    assert f"location {django_settings.MEDIA_URL}{folders[0]} " in readme_nginx()
    assert Path(field_file.path).is_relative_to(django_settings.MEDIA_ROOT)
    return relative


def test_element_milestone_repair_and_wall_photos_are_in_the_public_photos_folder(street, officer):
    element = ElementFactory(street=street)
    assert served_publicly(element.photo).startswith("photos/streets/streetelement/")
    photo = MilestonePhoto(milestone=MilestoneFactory(street=street))
    photo.image.save("IMG_张三_20261201.jpg", jpeg(), save=True)
    assert served_publicly(photo.image).startswith("photos/streets/milestonephoto/")
    assert "张三" not in photo.image.name
    record = services.record_maintenance(element.pk, officer, timezone.localdate(), "检查完好", jpeg())
    assert served_publicly(record.photo).startswith("photos/streets/maintenancerecord/")
    wall = WallFactory(township=street.township)
    wall.photo.save("w.jpg", jpeg(), save=True)
    assert served_publicly(wall.photo).startswith("photos/streets/culturewall/")


def test_a_report_photo_from_the_public_is_stored_privately(client, street, settings):
    element = ElementFactory(street=street)
    response = client.post(
        reverse("streets:report", args=[element.code]),
        {"kind": "damaged", "description": "玻璃碎了", "phone": "", "website": "", "photo": jpeg_upload()},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    report = DamageReport.objects.get()
    assert report.photo.url.startswith("/private/streets/reports/")
    assert Path(report.photo.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not (Path(settings.MEDIA_ROOT) / report.photo.name).exists()
    assert not report.photo.name.startswith(tuple(settings.PUBLIC_MEDIA_FOLDERS))


def test_a_report_photo_is_served_only_to_whoever_handles_the_report(client, street, township):
    report = DamageReport(element=ElementFactory(street=street), kind="damaged", description="玻璃碎了")
    report.photo.save("x.jpg", jpeg(), save=True)
    url = report.photo.url
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory(username="school", roles=[roles.SCHOOL_STAFF], township=township))
    assert client.get(url).status_code == 404  # another role, even of the same township
    other = TownshipFactory(name="七贤镇", code="qixian")
    client.force_login(UserFactory(username="qx", roles=[roles.TOWNSHIP_OFFICER], township=other))
    assert client.get(url).status_code == 404  # another township's officer
    client.force_login(UserFactory(username="cg", roles=[roles.TOWNSHIP_OFFICER], township=township))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == report.photo.open("rb").read()
    client.force_login(UserFactory(username="editor", roles=[roles.EDITOR]))
    assert client.get(url).status_code == 200  # the publicity team handles every report


def old_file(root, name):
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PHOTO_BYTES)
    return path


def test_the_migration_moves_existing_photos_to_the_public_and_private_folders(street, settings):
    migration = import_module("venues.streets.migrations.0003_public_and_private_photos")
    element = ElementFactory(street=street, photo="")
    StreetElement.objects.filter(pk=element.pk).update(photo="streets/streetelement/aaa.jpg")
    wall = WallFactory(township=street.township)
    CultureWall.objects.filter(pk=wall.pk).update(photo="streets/culturewall/bbb.jpg")
    report = DamageReport.objects.create(element=element, kind="damaged", description="玻璃碎了")
    DamageReport.objects.filter(pk=report.pk).update(photo="streets/damagereport/ccc.jpg")
    old_element = old_file(settings.MEDIA_ROOT, "streets/streetelement/aaa.jpg")
    old_report = old_file(settings.MEDIA_ROOT, "streets/damagereport/ccc.jpg")
    # The wall's file is missing: its name moves all the same, nothing fails.

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # a second run changes nothing

    element.refresh_from_db()
    wall.refresh_from_db()
    report.refresh_from_db()
    assert element.photo.name == "photos/streets/streetelement/aaa.jpg"
    assert Path(element.photo.path).read_bytes() == PHOTO_BYTES
    assert not old_element.exists()
    assert wall.photo.name == "photos/streets/culturewall/bbb.jpg"
    assert report.photo.name == "streets/reports/ccc.jpg"
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / "streets/reports/ccc.jpg").read_bytes() == PHOTO_BYTES
    assert not old_report.exists()
    assert not (Path(settings.MEDIA_ROOT) / "streets/reports/ccc.jpg").exists()
