"""Letters of application are private files: stored outside MEDIA_ROOT under names nobody
can guess, served only to base staff as a sandboxed download, moved there from the public
folder by a migration, and deleted with their booking."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from outreach import roles
from outreach.private_files import move_from_public_media
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.bookings import services
from venues.bookings.models import Booking

from .factories import book, future_slot, group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def booking_with_letter(slot=None):
    booking = book(slot or future_slot(), 20)
    booking.letter.save("document.pdf", ContentFile(PDF), save=True)
    return booking


def test_a_letter_sent_with_the_form_is_private_and_unguessable(client, private_root):
    slot = future_slot()
    data = {**group(), "email": "", "submit_token": services.issue_submit_token(slot)}
    data["letter"] = SimpleUploadedFile("申请函.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("bookings:book", args=[slot.pk]), data)
    assert response.status_code == 302
    letter = Booking.objects.get().letter
    assert letter.name.startswith("bookings/letters/") and letter.name.endswith(".pdf")
    assert "document" not in letter.name and len(Path(letter.name).stem) == 32
    assert Path(letter.path).is_relative_to(private_root)
    assert letter.url.startswith("/private/bookings/letters/")


def test_two_letters_of_one_month_do_not_share_a_name():
    slot = future_slot()
    assert booking_with_letter(slot).letter.name != booking_with_letter(slot).letter.name


def test_a_letter_is_served_only_to_base_staff(client):
    url = booking_with_letter().letter.url
    assert client.get(url).status_code == 404  # anonymous
    for role in (roles.EDITOR, roles.SCHOOL_STAFF, roles.TOWNSHIP_OFFICER, roles.VENUE_MANAGER):
        client.force_login(UserFactory(roles=[role], township=TownshipFactory()))
        assert client.get(url).status_code == 404, role
    client.force_login(UserFactory(roles=[roles.BASE_STAFF]))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_every_private_file_is_a_sandboxed_download(client):
    """A PDF with JavaScript must not run in the site's origin: attachment, nosniff, sandbox."""
    booking = booking_with_letter()
    client.force_login(UserFactory(roles=[roles.BASE_STAFF]))
    response = client.get(booking.letter.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{Path(booking.letter.name).name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_the_queue_links_the_private_letter(client):
    booking = booking_with_letter()
    client.force_login(UserFactory(roles=[roles.BASE_STAFF]))
    page = client.get(reverse("bookings_admin:queue")).content.decode()
    assert f'href="/private/{booking.letter.name}"' in page
    assert "/media/bookings/" not in page
    assert client.get(f"/private/{booking.letter.name}").status_code == 200


def test_the_migration_moves_public_letters_and_renames_them(
    settings, private_root, django_capture_on_commit_callbacks
):
    slot = future_slot()
    booking = book(slot, 20)
    rebooked = book(slot, 20)
    old_name = "bookings/letters/2026/05/document.pdf"
    public = Path(settings.MEDIA_ROOT) / old_name
    public.parent.mkdir(parents=True)
    public.write_bytes(PDF)
    # A rebooking names the same file as the booking it replaced.
    Booking.objects.filter(pk__in=[booking.pk, rebooked.pk]).update(letter=old_name)
    forwards = move_from_public_media("bookings", "booking", "letter", rename_into="bookings/letters/")
    with django_capture_on_commit_callbacks(execute=True):
        forwards(apps, SimpleNamespace(connection=connection))
    booking.refresh_from_db()
    rebooked.refresh_from_db()
    assert booking.letter.name == rebooked.letter.name
    assert booking.letter.name.startswith("bookings/letters/") and "document" not in booking.letter.name
    assert (private_root / booking.letter.name).read_bytes() == PDF
    assert not public.exists()
    # Run again: nothing left to move, nothing changes.
    with django_capture_on_commit_callbacks(execute=True):
        forwards(apps, SimpleNamespace(connection=connection))
    assert Booking.objects.get(pk=booking.pk).letter.name == booking.letter.name


def test_deleting_a_booking_deletes_its_letter_unless_a_rebooking_still_names_it(
    private_root, django_capture_on_commit_callbacks
):
    slot = future_slot()
    booking = booking_with_letter(slot)
    path = private_root / booking.letter.name
    other = book(slot, 20)
    Booking.objects.filter(pk=other.pk).update(letter=booking.letter.name)
    with django_capture_on_commit_callbacks(execute=True):
        Booking.objects.filter(pk=other.pk).delete()
    assert path.exists()  # the first booking still names it
    with django_capture_on_commit_callbacks(execute=True):
        booking.delete()
    assert not path.exists()
