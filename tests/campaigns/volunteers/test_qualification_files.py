"""Qualification scans (a name, a photo, often an ID number) are private files: served to
the volunteer and the organisers whose volunteer they are, never to anyone else; moved
out of the public folder by a migration; deleted with the qualification."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from campaigns.volunteers.models import Qualification
from outreach import roles
from outreach.private_files import move_from_public_media
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import TrainingFactory, VolunteerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def qualification_with_scan(volunteer=None):
    qualification = Qualification(
        volunteer=volunteer or VolunteerFactory(), training=TrainingFactory(), valid_until=date(2099, 1, 1)
    )
    qualification.document.save("document.pdf", ContentFile(PDF), save=True)
    return qualification


def test_an_uploaded_scan_is_private_and_unguessable(client, private_root):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    response = client.post(
        "/volunteers/me/qualifications/new/",
        {
            "training": TrainingFactory().pk,
            "obtained_on": "2026-01-05",
            "valid_until": "2099-01-05",
            "document": SimpleUploadedFile("张三急救员证.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = volunteer.qualifications.get().document
    assert document.name.startswith("volunteers/qualifications/") and len(Path(document.name).stem) == 32
    assert Path(document.path).is_relative_to(private_root)
    # The volunteer's own page links the private URL, never /media/.
    page = client.get("/volunteers/me/").content.decode()
    assert f'href="/private/{document.name}"' in page


def test_a_scan_is_served_to_the_volunteer_and_their_organisers_only(client):
    township = TownshipFactory()
    qualification = qualification_with_scan(VolunteerFactory(township=township))
    url = qualification.document.url
    assert url.startswith("/private/volunteers/qualifications/")
    refused = [
        VolunteerFactory().user,  # another volunteer
        UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory()),  # another township
        UserFactory(roles=[roles.BASE_STAFF]),
        UserFactory(roles=[roles.SCHOOL_STAFF], township=township),
    ]
    assert client.get(url).status_code == 404
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    allowed = [
        qualification.volunteer.user,
        UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township),
        UserFactory(roles=[roles.EDITOR]),  # organises county-wide
    ]
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_migration_moves_public_scans_and_renames_them(
    settings, private_root, django_capture_on_commit_callbacks
):
    qualification = Qualification.objects.create(
        volunteer=VolunteerFactory(),
        training=TrainingFactory(),
        valid_until=date(2099, 1, 1),
        document="volunteers/qualifications/2025/document.pdf",
    )
    public = Path(settings.MEDIA_ROOT) / "volunteers/qualifications/2025/document.pdf"
    public.parent.mkdir(parents=True)
    public.write_bytes(PDF)
    forwards = move_from_public_media(
        "volunteers", "qualification", "document", rename_into="volunteers/qualifications/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        forwards(apps, SimpleNamespace(connection=connection))
    qualification.refresh_from_db()
    assert "2025/document" not in qualification.document.name
    assert (private_root / qualification.document.name).read_bytes() == PDF
    assert not public.exists()


def test_deleting_a_qualification_deletes_its_scan(private_root, django_capture_on_commit_callbacks):
    qualification = qualification_with_scan()
    path = private_root / qualification.document.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        qualification.delete()
    assert not path.exists()
