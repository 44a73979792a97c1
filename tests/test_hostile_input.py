"""No query string or form a visitor can send produces a server error, and a refused
post changes nothing.

Every GET parameter the views read is sent with hostile values (NUL bytes, which
PostgreSQL refuses, huge, negative and zero numbers, dates at the ends of the calendar,
10,000-character strings, SQL, markup, emoji) to every page that reads it, as the public
and as the role that may see each staff screen; ids in the address get the same. Public
forms and a few staff forms are posted with hostile fields.

The demo is loaded once for the module, inside a transaction rolled back at its end, so
every test sees it and nothing leaks into the rest of the suite.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

# Every value against every parameter any view reads, on the older parts' pages.
BROAD = ["a\x00b", "-1", "99999999999999999999", "' OR 1=1 --", "<script>alert(1)</script>", "灭火器" * 200]
# The parameters each newer screen reads get more: dates at the ends of the calendar,
# zero, 10,000 characters, emoji, full-width digits.
HOSTILE = [*BROAD, "0", "0001-01-01", "9999-12-31", "x" * 10000, "😀🔥", "２０２６-０５-０１"]
# Fewer, sharper values where every request is expensive (a PDF, a poster).
SHORT = ["a\x00b", "-1", "99999999999999999999", "0001-01-01", "9999-12-31", "x" * 10000]
PARAMS = ["q", "page", "year", "setting", "township", "group", "kind", "band", "term", "sort", "status", "lang", "code", "next", "submitted", "category", "from", "day", "new"]  # fmt: skip
PUBLIC = ["/", "/search/", "/campaigns/", "/news/", "/resources/", "/feeds/news/", "/feeds/news/atom/", "/courseware/", "/v/report-status/", "/lang/en/", "/venues/", "/base/", "/base/visits/"]  # fmt: skip
STAFF = ["/schools/", "/schools/export.xlsx", "/schools/export.csv", "/admin/campaigns/coverage/", "/admin/base-visits/calendar/", "/admin/base-visits/day/", "/admin/base-visits/stats/"]  # fmt: skip
# Ids typed into an address: not a number, zero, negative, past a 64-bit key.
BAD_IDS = ["0", "99999999999999999999", "-1", "abc"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()  # pages cached from the demo must not outlive it


@pytest.fixture
def as_user(client, demo, db):
    def sign_in(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return sign_in


def sweep(client, paths, params=PARAMS, values=BROAD):
    client.raise_request_exception = False  # collect every failure, not just the first
    failures = []
    for path in paths:
        for param in params:
            for value in values:
                response = client.get(path, {param: value})
                if response.status_code >= 500:
                    failures.append((path, param, value[:20], response.status_code))
    return failures


def sweep_ids(client, patterns):
    """Each `{}` in a pattern replaced by every bad id: never a 500."""
    client.raise_request_exception = False
    failures = []
    for pattern in patterns:
        for bad in BAD_IDS:
            path = pattern.format(bad)
            response = client.get(path)
            if response.status_code >= 500:
                failures.append((path, response.status_code))
    return failures


def test_public_pages_never_fail_on_hostile_parameters(client, demo, db):
    from venues.models import Venue

    venue = Venue.objects.first()
    assert sweep(client, [*PUBLIC, f"/v/{venue.code}/", f"/v/{venue.code}/report/"]) == []


def test_the_newer_parts_public_pages_never_fail_on_hostile_parameters(client, demo, db):
    from venues.streets.models import StreetElement

    element = StreetElement.objects.first()
    pages = {
        "/volunteers/": ["page", "township"],
        "/s/report-status/": ["code", "submitted"],
        f"/s/{element.code}/": ["lang"],
        f"/s/{element.code}/report/": ["submitted"],
        "/plan/": ["on"],
        "/feeds/streets/": ["page"],
        "/base/visits/": ["from", "page"],
    }
    failures = [
        failure for path, params in pages.items() for failure in sweep(client, [path], params, HOSTILE)
    ]
    assert failures == []


def test_public_addresses_with_bad_ids_never_fail(client, demo, db):
    patterns = ["/base/visits/{}/book/", "/base/b/{}/", "/base/b/{}/visit.ics", "/volunteers/events/{}/", "/volunteers/certificates/{}.pdf", "/volunteers/certificates/verify/{}/", "/volunteers/offer/{}/", "/v/{}/", "/s/{}/"]  # fmt: skip
    assert sweep_ids(client, patterns) == []


# A superuser reaches every branch; school staff and a township officer take the scoped ones.
@pytest.mark.parametrize("username", ["admin", "school", "township"])
def test_staff_pages_never_fail_on_hostile_parameters(as_user, username):
    assert sweep(as_user(username), STAFF) == []


# -- the base's bookings (base staff) -------------------------------------------------------

BASE_SCREENS = {
    "/admin/base-visits/": ["page"],
    "/admin/base-visits/calendar/": ["from", "page"],
    "/admin/base-visits/day/": ["day"],
    "/admin/base-visits/stats/": ["year"],
    "/admin/base-visits/export.xlsx": ["year"],
    "/admin/base-visits/export.csv": ["year"],
}


@pytest.mark.parametrize("path", BASE_SCREENS)
def test_base_staff_screens_never_fail_on_hostile_parameters(as_user, path):
    assert sweep(as_user("base"), [path], BASE_SCREENS[path], HOSTILE) == []


def test_base_staff_addresses_with_bad_ids_never_fail(as_user):
    client = as_user("base")
    assert sweep_ids(client, ["/admin/base-visits/decide/{}/", "/admin/base-visits/export.{}"]) == []
    client.raise_request_exception = False
    for bad in BAD_IDS:
        assert client.post(f"/admin/base-visits/decide/{bad}/", {"action": "approve"}).status_code < 500


def test_base_staff_forms_refuse_hostile_posts_and_change_nothing(as_user):
    from venues.bookings.models import Booking, ClosedDay, Slot

    client = as_user("base")
    client.raise_request_exception = False
    before = (
        Slot.objects.count(),
        ClosedDay.objects.count(),
        list(Booking.objects.values_list("pk", "status")),
    )
    for value in HOSTILE:
        for fields in (
            {
                "action": "generate",
                "first": value,
                "last": value,
                "weekday": value,
                "times": value,
                "capacity": value,
            },  # fmt: skip
            {
                "action": "generate",
                "first": "2026-05-01",
                "last": "2026-05-31",
                "weekday": "0",
                "times": "9:00",
                "capacity": value,
            },  # fmt: skip
            {"action": "close_day", "day": value, "reason": value},
            {"action": "one_off", "start": value, "minutes": value, "capacity": value, "reason": value},
            {"action": value},
        ):
            # Refused: the form again with a message (400), never a 500.
            response = client.post("/admin/base-visits/calendar/", fields)
            assert response.status_code == 400, (fields, response.status_code)
        slot = Slot.objects.first()
        if slot is not None:
            for fields in (
                {"action": "capacity", "capacity": value, "reason": value},
                {"action": "call_off", "reason": ""},
            ):
                response = client.post(f"/admin/base-visits/slot/{slot.pk}/", fields)
                assert response.status_code == 400, (fields, response.status_code)
        booking = Booking.objects.filter(status__in=("pending", "approved")).first()
        if booking is not None:
            for fields in (
                {"action": "change", "pupils": value, "adults": value, "mobile": value, "reason": value},
                {"action": "move", "slot": value, "reason": value},
                {"action": "cancel", "reason": ""},
                {"action": value},
            ):
                response = client.post(f"/admin/base-visits/booking/{booking.pk}/", fields)
                assert response.status_code == 400, (fields, response.status_code)
        response = client.post("/admin/base-visits/day/", {"code": value, "attended": value})
        # No hostile code is a booking's: the sheet comes back with the form's error (400).
        assert response.status_code == 400, (value[:20], response.status_code)
        assert response.template_name == "bookings/admin/day.html", value[:20]
    after = (
        Slot.objects.count(),
        ClosedDay.objects.count(),
        list(Booking.objects.values_list("pk", "status")),
    )
    assert after == before


# -- volunteers' organiser screens (the publicity team and township officers) ---------------


@pytest.mark.parametrize("username", ["editor", "township"])
def test_volunteer_organiser_screens_never_fail_on_hostile_parameters(as_user, username):
    from campaigns.volunteers.models import Event, Shift

    event = Event.objects.order_by("pk").first()
    shift = Shift.objects.order_by("pk").first()
    client = as_user(username)
    screens = {
        "/volunteers/manage/": ["page", "status"],
        "/volunteers/manage/hours/": ["page", "year"],
        "/volunteers/manage/volunteers/": ["township", "skill", "q", "page"],
        "/volunteers/manage/export.xlsx": ["year"],
        "/volunteers/manage/export.csv": ["year"],
        f"/volunteers/manage/events/{event.pk}/": ["page"],
        f"/volunteers/manage/shifts/{shift.pk}/": ["page"],
        f"/volunteers/manage/shifts/{shift.pk}/check-in/": ["code"],
    }
    failures = [
        failure for path, params in screens.items() for failure in sweep(client, [path], params, HOSTILE)
    ]
    assert failures == []
    patterns = ["/volunteers/manage/events/{}/", "/volunteers/manage/shifts/{}/", "/volunteers/manage/shifts/{}/check-in/", "/volunteers/manage/events/{}/shifts/new/", "/volunteers/manage/volunteers/{}/certificate/"]  # fmt: skip
    assert sweep_ids(client, patterns) == []


# -- culture streets: /street-work/ (a township officer, the publicity team) -----------------


@pytest.mark.parametrize("username", ["township", "editor"])
def test_street_work_screens_never_fail_on_hostile_parameters(as_user, username):
    from venues.streets.models import StreetElement, StreetPage

    street = StreetPage.objects.order_by("pk").first()
    element = StreetElement.objects.filter(street=street).order_by("pk").first()
    client = as_user(username)
    screens = {
        "/street-work/": ["township", "page", "status"],
        "/street-work/export.xlsx": ["table", "township"],
        "/street-work/export.csv": ["table", "township"],
        "/street-work/walls/": ["township", "page"],
        f"/street-work/{street.pk}/": ["page"],
        f"/street-work/elements/{element.pk}/": ["page"],
        f"/street-work/elements/{element.pk}/plate/": ["paper", "format"],
    }
    failures = [
        failure for path, params in screens.items() for failure in sweep(client, [path], params, SHORT)
    ]
    assert failures == []
    patterns = ["/street-work/{}/", "/street-work/elements/{}/", "/street-work/elements/{}/plate/", "/street-work/elements/{}/maintenance/", "/street-work/milestones/{}/", "/street-work/walls/{}/", "/street-work/{}/elements/new/", "/street-work/export.{}"]  # fmt: skip
    assert sweep_ids(client, patterns) == []


# -- the plan's staff pages (publicity team, reviewer, a reporting unit) --------------------


@pytest.mark.parametrize("username", ["editor", "reviewer", "zhujian"])
def test_plan_pages_never_fail_on_hostile_parameters(as_user, username):
    from outreach.plan.models import Indicator, Measurement

    indicator = Indicator.objects.filter(measurement=Measurement.REPORTED).order_by("pk").first()
    client = as_user(username)
    screens = {
        "/admin/plan/": ["on"],
        f"/admin/plan/indicator/{indicator.code}/": ["on"],
        f"/admin/plan/indicator/{indicator.code}/report/": ["on"],
        f"/admin/plan/indicator/{indicator.code}/assessment/": ["year"],
        "/admin/plan/report/": ["on"],
        "/admin/plan/report.xlsx": ["on"],
    }
    failures = [
        failure for path, params in screens.items() for failure in sweep(client, [path], params, HOSTILE)
    ]
    failures += sweep(client, ["/admin/plan/report.pdf"], ["on"], ["0001-01-01", "9999-12-31", "a\x00b"])
    assert failures == []
    patterns = [
        "/admin/plan/indicator/{}/",
        "/admin/plan/reported/{}/evidence/",
        "/admin/plan/reported/{}/review/",
    ]
    assert sweep_ids(client, patterns) == []


def test_the_plan_review_refuses_hostile_posts_and_changes_nothing(as_user):
    from outreach.plan.models import ReportedStatus, ReportedValue

    client = as_user("reviewer")
    client.raise_request_exception = False
    pending = ReportedValue.objects.filter(status=ReportedStatus.PENDING).first()
    assert pending is not None, "the demo has a reported value waiting for review"
    for value in HOSTILE:
        response = client.post(
            f"/admin/plan/reported/{pending.pk}/review/", {"action": value, "note": value, "next": value}
        )
        assert response.status_code == 302
        assert not response["Location"].startswith(("http", "//")), response["Location"]
    pending.refresh_from_db()
    assert pending.status == ReportedStatus.PENDING


# -- public forms ---------------------------------------------------------------------------


def hostile_fields(names, value):
    return dict.fromkeys(names, value)


def test_the_booking_form_refuses_hostile_posts_and_books_nothing(client, demo, db, settings):
    from venues.bookings.models import Booking, Slot

    settings.BOOKINGS_POSTS_PER_HOUR = 10_000
    client.raise_request_exception = False
    slot = Slot.objects.filter(called_off_at__isnull=True).order_by("start").last()
    names = ["submit_token", "org_kind", "org_name", "school", "township", "contact_name", "mobile", "email", "pupils", "adults", "programme", "age_band", "accessibility", "wait"]  # fmt: skip
    before = Booking.objects.count()
    for value in HOSTILE:
        response = client.post(f"/base/visits/{slot.pk}/book/", hostile_fields(names, value))
        assert response.status_code < 500, (value[:20], response.status_code)
    assert Booking.objects.count() == before


def test_a_booking_link_refuses_hostile_posts_and_changes_nothing(client, demo, db, settings):
    from venues.bookings.models import Booking

    settings.BOOKINGS_POSTS_PER_HOUR = 10_000
    client.raise_request_exception = False
    booking = Booking.objects.exclude(token="").order_by("pk").first()
    before = list(Booking.objects.values_list("pk", "status", "visitors", "adults"))
    for value in HOSTILE:
        response = client.post(
            f"/base/b/{booking.token}/", {"action": value, "pupils": value, "adults": value}
        )
        assert response.status_code < 500, (value[:20], response.status_code)
    assert list(Booking.objects.values_list("pk", "status", "visitors", "adults")) == before


def test_the_street_and_venue_report_forms_refuse_hostile_posts(client, demo, db):
    from venues.models import HazardReport, Venue
    from venues.streets.models import DamageReport, StreetElement

    client.raise_request_exception = False
    element = StreetElement.objects.first()
    venue = Venue.objects.first()
    before = (DamageReport.objects.count(), HazardReport.objects.count())
    for value in HOSTILE:
        for path, names in (
            (f"/s/{element.code}/report/", ["kind", "phone", "website"]),
            (f"/v/{venue.code}/report/", ["kind", "phone", "website"]),
        ):
            fields = hostile_fields(names, value)
            fields["description"] = "宣传栏玻璃破了"
            response = client.post(path, fields)
            assert response.status_code < 500, (path, value[:20], response.status_code)
    assert (DamageReport.objects.count(), HazardReport.objects.count()) == before


def test_volunteer_registration_and_sign_in_refuse_hostile_posts(client, demo, db):
    from campaigns.volunteers.models import Volunteer

    client.raise_request_exception = False
    names = ["name", "mobile", "password", "birth_date", "township", "skills", "id_number", "agree"]
    before = Volunteer.objects.count()
    for value in HOSTILE:
        response = client.post("/volunteers/register/", hostile_fields(names, value))
        assert response.status_code < 500, ("register", value[:20], response.status_code)
        response = client.post("/accounts/login/", {"username": value, "password": value, "next": value})
        assert response.status_code < 500, ("login", value[:20], response.status_code)
        assert "_auth_user_id" not in client.session
    assert Volunteer.objects.count() == before
