"""Only base staff (and administrators) see and change bookings: queue, calendar, day
sheet, statistics, exports, the booking snippets. Every boundary has its refusal."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from outreach import roles
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_admin_sign_in, assert_sent_to_dashboard
from venues.bookings import services
from venues.bookings.models import Booking, Slot, Status

from .factories import book, future_slot

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("bookings_admin:queue", ()),
    ("bookings_admin:calendar", ()),
    ("bookings_admin:day", ()),
    ("bookings_admin:stats", ()),
    ("bookings_admin:export", ("xlsx",)),
    ("bookings_admin:export", ("csv",)),
    ("bookings_admin:alerts", ()),
    ("bookings_admin:report", ()),
    ("bookings_admin:report_xlsx", ()),
    ("wagtailsnippets_bookings_booking:list", ()),
]


@pytest.fixture
def staff(client):
    user = UserFactory(username="base1", roles=[roles.BASE_STAFF])
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "role", [roles.EDITOR, roles.SCHOOL_STAFF, roles.VENUE_MANAGER, roles.TOWNSHIP_OFFICER]
)
@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_other_roles_are_refused(client, role, name, args):
    client.force_login(UserFactory(roles=[role]))
    # Wagtail turns a refusal inside the admin into a redirect to the dashboard.
    assert_sent_to_dashboard(client.get(reverse(name, args=args)))


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_anonymous_is_sent_to_sign_in(client, name, args):
    path = reverse(name, args=args)
    assert_sent_to_admin_sign_in(client.get(path), path)


def test_other_roles_cannot_decide_or_check_in(client):
    booking = book(future_slot())
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    # Wagtail turns a refusal inside the admin into a redirect to the dashboard.
    response = client.post(reverse("bookings_admin:decide", args=[booking.pk]), {"action": "approve"})
    assert_sent_to_dashboard(response)
    response = client.post(reverse("bookings_admin:day"), {"code": booking.code})
    assert_sent_to_dashboard(response)
    assert Booking.objects.get(pk=booking.pk).status == Status.PENDING


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_base_staff_and_administrators_see_the_screens(client, staff, name, args):
    book(future_slot())
    assert client.get(reverse(name, args=args)).status_code == 200
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse(name, args=args)).status_code == 200


def test_queue_approve_refuse_and_overdue_flag(client, staff, django_assert_max_num_queries):
    slot = future_slot()
    first = book(slot, 30, 3)
    second = book(slot, 20, 20)
    Booking.objects.filter(pk=first.pk).update(created_at=timezone.now() - timezone.timedelta(days=7))
    for _ in range(5):
        book(future_slot(days=21 + _ * 7), 20, 20)
    # Mostly the admin's own chrome (menu, user); flat in the number of bookings.
    with django_assert_max_num_queries(24):
        page = client.get(reverse("bookings_admin:queue")).content.decode()
    assert "等待超过2个工作日" in page
    client.post(reverse("bookings_admin:decide", args=[first.pk]), {"action": "approve"})
    response = client.post(
        reverse("bookings_admin:decide", args=[second.pk]), {"action": "refuse", "reason": ""}
    )
    assert Booking.objects.get(pk=second.pk).status == Status.PENDING  # a reason is required
    client.post(
        reverse("bookings_admin:decide", args=[second.pk]), {"action": "refuse", "reason": "讲解员外出"}
    )
    assert Booking.objects.get(pk=first.pk).status == Status.APPROVED
    assert Booking.objects.get(pk=second.pk).status == Status.REFUSED
    assert response.status_code == 302


def test_day_sheet_check_in_by_code(client, staff, django_assert_max_num_queries):
    slot = future_slot(capacity=120)
    booking = book(slot, 30, 3)
    services.approve(booking.pk)
    for name in ("七贤镇中学", "王屯乡敬老院"):
        book(slot, 20, 20, org_name=name)
    day = timezone.localtime(slot.start).date()
    with django_assert_max_num_queries(21):
        page = client.get(reverse("bookings_admin:day") + f"?day={day:%Y-%m-%d}").content.decode()
    assert booking.code in page and booking.org_name in page
    # Checking in works on the day only.
    response = client.post(
        reverse("bookings_admin:day") + f"?day={day:%Y-%m-%d}", {"code": booking.code.lower()}
    )
    assert "不是今天的" in response.content.decode()
    # The visit day comes (the slot moved to an hour from now).
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() + timezone.timedelta(hours=1))
    response = client.post(reverse("bookings_admin:day"), {"code": booking.code, "attended": "27"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CHECKED_IN and booking.attended == 27
    response = client.post(reverse("bookings_admin:day"), {"code": "ZZZZZZZZ"})
    assert "没有这个预约码" in response.content.decode()


def test_call_off_from_the_calendar(client, staff):
    slot = future_slot()
    booking = book(slot)
    day = timezone.localtime(slot.start).date()
    calendar = client.get(reverse("bookings_admin:calendar") + f"?from={day:%Y-%m-%d}").content.decode()
    assert reverse("bookings_admin:slot", args=[slot.pk]) in calendar
    response = client.post(
        reverse("bookings_admin:slot", args=[slot.pk]), {"action": "call_off", "reason": "中队出警"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "bookings_admin:slot", args=[slot.pk]
    )
    assert Booking.objects.get(pk=booking.pk).status == Status.CALLED_OFF


def test_generate_slots_from_the_calendar(client, staff):
    from venues.bookings.models import Slot

    first = timezone.localdate() + timezone.timedelta(days=10)
    client.post(
        reverse("bookings_admin:calendar"),
        {
            "action": "generate",
            "first": f"{first:%Y-%m-%d}",
            "last": f"{first + timezone.timedelta(days=6):%Y-%m-%d}",
            "weekday": ["1", "2", "3", "4"],
            "times": "9:00，14:30",
            "capacity": "60",
        },
    )
    assert Slot.objects.count() == 8
    response = client.post(reverse("bookings_admin:calendar"), {"action": "generate", "times": "九点"})
    assert response.status_code == 400 and Slot.objects.count() == 8
    assert "时间格式不对" in response.content.decode()


def test_statistics_and_export(client, staff):
    from unittest import mock

    slot = future_slot()
    booking = book(slot, 30, 3, org_kind="village", org_name='=HYPERLINK("x")')
    services.approve(booking.pk)
    with mock.patch("django.utils.timezone.now", return_value=slot.start):
        services.check_in(booking.pk, 29)
    year = timezone.localtime(slot.start).year
    page = client.get(reverse("bookings_admin:stats") + f"?year={year}").content.decode()
    assert "进农村" in page
    response = client.get(reverse("bookings_admin:export", args=["xlsx"]) + f"?year={year}")
    workbook = load_workbook(io.BytesIO(response.content))
    row = list(workbook.worksheets[0].iter_rows())[1]
    assert row[0].value == booking.code
    assert row[3].data_type == "s"  # a name that looks like a formula stays text
    csv_text = client.get(reverse("bookings_admin:export", args=["csv"]) + f"?year={year}").content.decode(
        "utf-8-sig"
    )
    assert booking.code in csv_text and "'=HYPERLINK" in csv_text
    assert client.get(reverse("bookings_admin:export", args=["pdf"])).status_code == 404


def test_base_staff_land_on_the_workbench_with_the_day_sheet_one_tap_away(client):
    from outreach.landing import landing_url

    user = UserFactory(username="base2", roles=[roles.BASE_STAFF])
    assert landing_url(user) == reverse("workbench")
    client.force_login(user)
    assert reverse("bookings_admin:day") in client.get(reverse("workbench")).content.decode()


@pytest.mark.parametrize("value", ["2026-02-30", "9999-99-99", "2026-13-01x", "\x00"])
def test_impossible_dates_in_the_address_are_ignored(client, staff, value):
    for name in ("bookings_admin:day", "bookings_admin:calendar"):
        assert client.get(reverse(name), {"day": value, "from": value}).status_code == 200


def test_bookings_cannot_be_edited_around_the_capacity_service(client):
    booking = book(future_slot())
    client.force_login(UserFactory(username="root2", is_superuser=True, is_staff=True))
    assert (
        client.get(reverse("wagtailsnippets_bookings_booking:inspect", args=[booking.pk])).status_code == 200
    )
    for name in ("edit", "delete"):
        response = client.get(reverse(f"wagtailsnippets_bookings_booking:{name}", args=[booking.pk]))
        assert_sent_to_dashboard(response)
    assert_sent_to_dashboard(client.get(reverse("wagtailsnippets_bookings_booking:add")))


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_fall_back_to_today_with_a_message(client, staff, value):
    """Paging a month either side of year 1 or 9999 overflowed Python's date (500)."""
    today = timezone.localdate()
    calendar = client.get(reverse("bookings_admin:calendar"), {"from": value})
    assert calendar.status_code == 200
    assert calendar.context["start"] == today
    assert "超出范围" in calendar.content.decode()
    day = client.get(reverse("bookings_admin:day"), {"day": value})
    assert day.status_code == 200
    assert day.context["day"] == today
    assert "超出范围" in day.content.decode()
