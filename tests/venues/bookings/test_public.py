"""The public pages: availability (cached, refreshed on change), the booking form with its
bad inputs, the group's private link, .ics and QR code."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach.models import Claim
from venues.bookings import services
from venues.bookings.models import Booking, Slot, Status

from .factories import book, future_slot

pytestmark = pytest.mark.django_db


def form_data(slot, **extra):
    data = {
        "submit_token": services.issue_submit_token(slot),
        "org_kind": "community",
        "org_name": "城关镇东关社区",
        "contact_name": "李主任",
        "mobile": "13912345678",
        "email": "",
        "pupils": "0",
        "adults": "30",
        "age_band": "elderly",
        "accessibility": "两位老人使用轮椅",
    }
    data.update(extra)
    return data


def test_availability_shows_places_left_and_is_refreshed_on_every_change(
    client, django_capture_on_commit_callbacks
):
    slot = future_slot(capacity=60)
    page = client.get(reverse("bookings:availability")).content.decode()
    assert "余 60 个名额" in page
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(slot, 40, 4)
    page = client.get(reverse("bookings:availability")).content.decode()
    assert "余 20 个名额" in page  # the booking bumped the cache generation
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booking.pk)
    assert "余 60 个名额" in client.get(reverse("bookings:availability")).content.decode()


def test_availability_is_cached_for_anonymous_visitors(client, django_assert_max_num_queries):
    future_slot()
    client.get(reverse("bookings:availability"))
    with django_assert_max_num_queries(0):
        response = client.get(reverse("bookings:availability"))
    assert "余 60 个名额" in response.content.decode()


def test_availability_query_count_does_not_grow_with_slots(client, django_assert_max_num_queries):
    for days in (7, 14, 21, 28, 35):
        for hour in (9, 14):
            from datetime import time

            future_slot(days=days, at=time(hour, 0))
    # The site shell (menu, banner, settings) is most of it; slots add none.
    with django_assert_max_num_queries(16):
        client.get(reverse("bookings:availability"))


def test_booking_a_group_gives_a_code_and_a_private_link(client):
    slot = future_slot()
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot))
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(f"/base/b/{booking.token}/")
    page = client.get(response["Location"]).content.decode()
    assert booking.code in page and "待审核" in page
    assert booking.status == Status.PENDING and booking.claim.places == 30


def test_a_double_clicked_submit_makes_one_booking(client):
    slot = future_slot()
    data = form_data(slot)
    first = client.post(reverse("bookings:book", args=[slot.pk]), data)
    second = client.post(reverse("bookings:book", args=[slot.pk]), data)
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1 and Claim.objects.count() == 1


def test_school_groups_pick_a_known_school():
    from courses.models import School
    from tests.courses.factories import SchoolFactory

    school = SchoolFactory(name="修武县第一实验小学")
    slot = future_slot()
    from django.test import Client

    client = Client()
    response = client.post(
        reverse("bookings:book", args=[slot.pk]),
        form_data(
            slot,
            org_kind="school",
            org_name="",
            school=str(school.pk),
            age_band="pupils",
            pupils="37",
            adults="3",
        ),
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.school == School.objects.get(pk=school.pk) and booking.org_name == school.name
    assert booking.township_id == school.township_id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"adults": "12"}, "每团人数须在 20 至 50 人之间"),
        ({"pupils": "10", "adults": "50"}, "每团人数须在 20 至 50 人之间"),
        ({"pupils": "39", "adults": "1", "age_band": "pupils"}, "至少需要 1 名成人带队"),
        ({"mobile": "1381234567"}, "请填写11位手机号"),
        ({"mobile": "12812345678"}, "请填写11位手机号"),
        ({"org_kind": "school", "school": ""}, "请选择您的学校"),
        ({"org_name": ""}, "请填写单位名称"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, changes, message):
    slot = future_slot()
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists() and not Claim.objects.exists()


def test_bad_or_oversized_upload_is_refused(client, settings):
    slot = future_slot()
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("bookings:book", args=[slot.pk]), {**form_data(slot), "letter": fake})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_pdf_letter_is_kept(client):
    slot = future_slot()
    pdf = SimpleUploadedFile(
        "申请函.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    response = client.post(reverse("bookings:book", args=[slot.pk]), {**form_data(slot), "letter": pdf})
    assert response.status_code == 302
    assert Booking.objects.get().letter.name.endswith(".pdf")


def test_a_slot_that_filled_while_the_form_was_open(client):
    slot = future_slot(capacity=60)
    book(slot, 40, 40)
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot))
    assert response.status_code == 409
    assert "刚刚约满" in response.content.decode()
    assert Booking.objects.count() == 1
    # The same form with "wait" ticked puts the whole group on the waiting list.
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot, wait="on"))
    assert response.status_code == 302
    assert Booking.objects.waiting().get().visitors == 30


def test_past_called_off_and_too_soon_slots_are_refused(client):
    soon = future_slot(days=0)
    response = client.post(reverse("bookings:book", args=[soon.pk]), form_data(soon))
    assert response.status_code == 400 and not Booking.objects.exists()
    slot = future_slot()
    services.call_off(slot.pk, "中队出警")
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot))
    assert "场次已取消" in response.content.decode()
    assert client.get(reverse("bookings:book", args=[999999999999])).status_code == 404


def test_public_posts_are_rate_limited_per_visitor(client, settings):
    settings.BOOKINGS_POSTS_PER_HOUR = 2
    slot = future_slot(capacity=200)
    for _ in range(2):
        assert client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot)).status_code == 302
    response = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot))
    assert response.status_code == 429 and "提交太频繁" in response.content.decode()
    other = client.post(reverse("bookings:book", args=[slot.pk]), form_data(slot), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


class TestPrivateLink:
    def test_forged_link_gets_a_clear_message(self, client):
        book(future_slot())
        response = client.get("/base/b/not-a-real-token/")
        assert response.status_code == 404 and "链接无效" in response.content.decode()
        assert client.get("/base/b/not-a-real-token/visit.ics").status_code == 404
        assert client.get("/base/b/not-a-real-token/qr.svg").status_code == 404

    def test_a_group_sees_only_its_own_booking(self, client):
        slot = future_slot()
        mine = book(slot, 30, 3, org_name="郇封镇中心小学")
        theirs = book(slot, 20, 20, org_name="七贤镇敬老院")
        page = client.get(reverse("bookings:manage", args=[mine.token])).content.decode()
        assert "郇封镇中心小学" in page and "七贤镇敬老院" not in page and theirs.code not in page

    def test_resize_and_cancel_through_the_link(self, client):
        booking = book(future_slot())
        url = reverse("bookings:manage", args=[booking.token])
        response = client.post(url, {"action": "resize", "pupils": "0", "adults": "60"})
        assert response.status_code == 400 and "每团人数" in response.content.decode()
        client.post(url, {"action": "resize", "pupils": "0", "adults": "25"})
        assert Booking.objects.get(pk=booking.pk).visitors == 25
        client.post(url, {"action": "cancel"})
        assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED

    def test_calendar_file_and_door_qr_code(self, client):
        booking = book(future_slot())
        ics = client.get(reverse("bookings:ics", args=[booking.token]))
        text = ics.content.decode()
        assert ics["Content-Type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in text and booking.code in text and "DTSTART:" in text
        svg = client.get(reverse("bookings:qr", args=[booking.token]))
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content

    def test_qr_code_decodes_to_the_booking_code(self, client):
        import shutil
        import subprocess

        import qrcode

        if not shutil.which("zbarimg"):
            pytest.skip("zbar-tools not installed")
        booking = book(future_slot())
        image = qrcode.make(booking.code, border=4)
        out = io.BytesIO()
        image.save(out)
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-"], input=out.getvalue(), capture_output=True, check=False
        )
        assert result.stdout.decode().strip() == booking.code
        assert client.get(reverse("bookings:qr", args=[booking.token])).status_code == 200


def test_messages_in_english_when_chosen(client):
    slot = future_slot()
    page = client.get(reverse("bookings:availability") + "?lang=en").content.decode()
    assert "60 places left" in page
    response = client.post(
        reverse("bookings:book", args=[slot.pk]) + "?lang=en", form_data(slot, adults="12")
    )
    assert "A group has 20 to 50 persons." in response.content.decode()


class TestSubmitToken:
    """The form's idempotency key is ours, random and bound to its slot's form: a key that
    belongs to another booking never opens it."""

    def test_another_groups_token_never_opens_their_booking(self, client):
        slot = future_slot(capacity=200)
        theirs_data = form_data(slot)
        response = client.post(reverse("bookings:book", args=[slot.pk]), theirs_data)
        theirs = Booking.objects.get()
        assert response["Location"].startswith(reverse("bookings:manage", args=[theirs.token]))
        mine = form_data(
            slot, mobile="13700000000", contact_name="赵老师", submit_token=theirs_data["submit_token"]
        )
        response = client.post(reverse("bookings:book", args=[slot.pk]), mine)
        page = response.content.decode()
        assert response.status_code == 400 and "已经提交过" in page
        assert theirs.token not in page and theirs.code not in page and "13912345678" not in page
        assert Booking.objects.count() == 1

    def test_a_token_of_another_slots_form_is_refused(self, client):
        first, other = future_slot(), future_slot(days=21)
        data = form_data(first)
        client.post(reverse("bookings:book", args=[first.pk]), data)
        booking = Booking.objects.get()
        response = client.post(reverse("bookings:book", args=[other.pk]), data)
        page = response.content.decode()
        assert response.status_code == 400 and "表单已过期" in page and booking.token not in page
        assert Booking.objects.count() == 1

    def test_forged_and_predictable_tokens_are_refused(self, client):
        slot = future_slot()
        called_off = book(future_slot(days=21))
        services.call_off(called_off.slot_id, "中队出警")
        rebooked = services.rebook(called_off.pk, slot.pk)
        assert rebooked.submit_token != f"rebook-{called_off.pk}"
        for token in (f"rebook-{called_off.pk}", rebooked.submit_token, "x" * 30):
            response = client.post(
                reverse("bookings:book", args=[slot.pk]), form_data(slot, submit_token=token)
            )
            assert response.status_code == 400 and rebooked.token not in response.content.decode()
        assert Booking.objects.count() == 2


def test_availability_and_the_form_read_the_same_places_left(client):
    """One source of places: the slot's pool. Growing the pool shows on both pages."""
    from outreach import capacity

    slot = future_slot(capacity=60)
    book(slot, 30, 3)
    capacity.set_size(slot.pool_id, 80)
    services.availability.bump()
    assert "余 50 个名额" in client.get(reverse("bookings:availability")).content.decode()
    assert "本场还剩 50 个名额" in client.get(reverse("bookings:book", args=[slot.pk])).content.decode()
    assert Slot.objects.get(pk=slot.pk).capacity == 80
    assert not any(field.name in ("capacity", "places") for field in Slot._meta.concrete_fields)
