"""The private files' core: names nobody can guess, and the headers every private file is
sent with, also when nginx sends it (X-Accel-Redirect drops the app's own headers)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from outreach.private_files import unguessable_name


def test_unguessable_names_keep_only_the_folder_and_a_known_suffix():
    first = unguessable_name("bookings/letters/", "document.pdf")
    second = unguessable_name("bookings/letters/", "document.pdf")
    assert first != second
    assert re.fullmatch(r"bookings/letters/[0-9a-f]{32}\.pdf", first)
    assert unguessable_name("x/", "张三身份证.exe").endswith(".jpg")


def test_the_readme_proxy_adds_the_sandbox_headers_to_files_it_sends():
    text = Path(settings.BASE_DIR, "README.md").read_text()
    config = re.findall(r"```nginx\n(.*?)```", text, re.S)[0]
    internal = re.search(r"location /internal-private/ \{(.*?)\}", config, re.S).group(1)
    assert "add_header X-Content-Type-Options nosniff;" in internal
    assert "add_header Content-Security-Policy sandbox;" in internal


@pytest.mark.django_db
def test_deleting_a_report_or_a_drill_photo_deletes_the_file(
    private_root, django_capture_on_commit_callbacks
):
    from courses.models import DrillPhoto
    from tests.courses.factories import DrillFactory
    from tests.venues.factories import VenueFactory
    from venues.models import HazardReport

    report = HazardReport(venue=VenueFactory(), kind="other", description="楼道堆放杂物")
    report.photo.save("x.jpg", ContentFile(b"\xff\xd8\xff\xe0report"), save=True)
    photo = DrillPhoto(drill=DrillFactory())
    photo.image.save("d.jpg", ContentFile(b"\xff\xd8\xff\xe0drill"), save=True)
    paths = [private_root / report.photo.name, private_root / photo.image.name]
    assert all(path.exists() for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
        photo.delete()
    assert not any(path.exists() for path in paths)


@pytest.mark.django_db
def test_a_rolled_back_deletion_keeps_the_file(private_root, django_capture_on_commit_callbacks):
    from django.db import transaction

    from courses.models import DrillPhoto
    from tests.courses.factories import DrillFactory

    photo = DrillPhoto(drill=DrillFactory())
    photo.image.save("d.jpg", ContentFile(b"\xff\xd8\xff\xe0drill"), save=True)
    path = private_root / photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                photo.delete()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert path.exists()


# The project's own file fields on public media, each with why nothing personal is in it.
PUBLIC_FILE_FIELDS = {
    # A batch of the venues' QR posters: venue name, three prompts, escape advice, the QR
    # code; what the venue's public page shows (no responsible person or phone).
    "venues.PosterBatch.archive",
    "venues.PosterBatchItem.file",
    # Culture streets and walls as built, photographed by staff and shown on the public
    # street pages: signs, walls, installations, not people or papers.
    "streets.StreetElement.photo",
    "streets.CultureWall.photo",
    "streets.MilestonePhoto.image",
    # A street element after its inspection or repair (the upkeep record); the public's
    # damage reports, which may show people, are private.
    "streets.MaintenanceRecord.photo",
}


def test_every_file_field_of_the_project_is_private_unless_known_to_be_public():
    from django.apps import apps
    from django.db.models import FileField

    from outreach.private_files import PrivateStorage

    public = set()
    for model in apps.get_models():
        path = Path(model._meta.app_config.path)
        if not path.is_relative_to(settings.BASE_DIR) or ".venv" in path.parts:
            continue  # Wagtail's images and documents are the editors' public library
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and not isinstance(field.storage, PrivateStorage):
                public.add(f"{model._meta.app_label}.{model.__name__}.{field.name}")
    assert public == PUBLIC_FILE_FIELDS
