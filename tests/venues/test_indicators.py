"""The venues' contribution to the plan dashboard, against numbers worked out by hand."""

import datetime

import pytest
from django.utils import timezone

from tests.outreach.factories import TownshipFactory
from venues.indicators import posters_current, reports_handled
from venues.models import HazardReport, HazardReportEvent, Venue
from venues.models.reports import ReportStatus

from .factories import VenueFactory

ON = datetime.date(2026, 6, 30)
ZONE = timezone.get_current_timezone()


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


@pytest.mark.django_db
def test_posters_current_counts_open_venues_whose_poster_matches_the_prompts():
    east, west = TownshipFactory(name="城关镇"), TownshipFactory(name="西村乡")
    current = VenueFactory(name="现行", township=east)
    stale = VenueFactory(name="过期", township=east)
    never = VenueFactory(name="未印", township=west)
    closed = VenueFactory(name="停业", township=west, is_open=False)
    Venue.objects.filter(pk=current.pk).update(content_version=3, printed_version=3)
    Venue.objects.filter(pk=stale.pk).update(content_version=3, printed_version=2)
    Venue.objects.filter(pk__in=[never.pk, closed.pk]).update(printed_version=None)
    reading = posters_current(ON, details=True)
    assert (reading.value, reading.total) == (1, 3)
    assert reading.by_township == {east.pk: (1, 2), west.pk: (0, 1)}
    assert {row.label: row.note for row in reading.rows} == {"过期": "需要重印", "未印": "从未生成海报"}


def report(venue, created, handled=None):
    item = HazardReport.objects.create(venue=venue, kind="other", description="隐患")
    HazardReport.objects.filter(pk=item.pk).update(created_at=created)
    if handled:
        event = HazardReportEvent.objects.create(
            report=item, from_status=ReportStatus.NEW, to_status=ReportStatus.VERIFIED
        )
        HazardReportEvent.objects.filter(pk=event.pk).update(at=handled)
        # A later step does not change when it was first taken up.
        later = HazardReportEvent.objects.create(
            report=item, from_status=ReportStatus.VERIFIED, to_status=ReportStatus.RECTIFIED
        )
        HazardReportEvent.objects.filter(pk=later.pk).update(at=handled + datetime.timedelta(days=30))
    return item


@pytest.mark.django_db
def test_reports_handled_within_the_limit():
    east, west = TownshipFactory(name="城关镇"), TownshipFactory(name="西村乡")
    hotel, market = VenueFactory(township=east), VenueFactory(township=west)
    ten_days_ago = ON - datetime.timedelta(days=10)
    report(hotel, at(ten_days_ago), handled=at(ten_days_ago + datetime.timedelta(days=1)))  # 24 h: on time
    late = report(hotel, at(ten_days_ago), handled=at(ten_days_ago + datetime.timedelta(days=5)))  # 120 h
    never = report(market, at(ten_days_ago))  # limit long gone, still new
    report(market, at(ON))  # today: still within its limit, not counted
    report(market, at(datetime.date(2025, 12, 1)), handled=at(datetime.date(2025, 12, 9)))  # last year
    report(
        market, at(ON - datetime.timedelta(days=1)), handled=at(ON - datetime.timedelta(days=1), 11)
    )  # 1 h
    reading = reports_handled(ON, details=True)
    assert (reading.value, reading.total) == (2, 4)
    assert reading.by_township == {east.pk: (1, 2), west.pk: (1, 2)}
    notes = {row.label.split(" · ")[1]: row.note for row in reading.rows}
    assert notes == {late.lookup_code: "超时受理", never.lookup_code: "超过时限仍未受理"}


@pytest.mark.django_db
def test_no_reports_is_no_data_not_success():
    reading = reports_handled(ON)
    assert not reading.has_data


@pytest.mark.django_db
def test_reports_handled_at_the_edges_of_the_limit_and_of_the_day():
    """Taken up at the very hour the limit runs out is on time; taken up only after `on`
    is not taken up by then; a report whose limit ends exactly at the end of `on` is not
    late yet. The figures and the detail rows agree."""
    township = TownshipFactory(name="城关镇")
    venue = VenueFactory(township=township)
    limit = datetime.timedelta(hours=72)
    end = at(ON + datetime.timedelta(days=1), 0)
    created = at(ON - datetime.timedelta(days=20))
    on_the_hour = report(venue, created, handled=created + limit)
    a_minute_late = report(venue, created, handled=created + limit + datetime.timedelta(minutes=1))
    after_on = report(venue, created, handled=end + datetime.timedelta(hours=1))
    report(venue, end - limit)  # its limit ends with the day: not yet late
    late_by_a_second = report(venue, end - limit - datetime.timedelta(seconds=1))
    reading = reports_handled(ON, details=True)
    assert (reading.value, reading.total) == (1, 4)
    assert reading.by_township == {township.pk: (1, 4)}
    notes = {row.label.split(" · ")[1]: row.note for row in reading.rows}
    assert notes == {
        a_minute_late.lookup_code: "超时受理",
        after_on.lookup_code: "超过时限仍未受理",
        late_by_a_second.lookup_code: "超过时限仍未受理",
    }
    assert on_the_hour.lookup_code not in notes
    # Read again a day later, the report taken up after `on` is late, not missing.
    later = reports_handled(ON + datetime.timedelta(days=1), details=True)
    assert (later.value, later.total) == (1, 5)
    assert {row.note for row in later.rows if after_on.lookup_code in row.label} == {"超时受理"}
