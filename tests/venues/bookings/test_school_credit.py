"""A checked-in school visit is credited to the school: its page and the term roll-ups
(基地参观 column, XLSX summary); counting it as class hours is a rule, off by default."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from courses.compliance import term_report
from courses.exports import summary_header, summary_row
from courses.models import ComplianceRule, RuleKind
from outreach import roles
from tests.courses.factories import SchoolFactory, TermFactory
from tests.outreach.factories import UserFactory
from venues.bookings import services

from .factories import book, future_slot

pytestmark = pytest.mark.django_db


def test_checked_in_visit_counts_for_the_school_and_its_township(client):
    slot = future_slot()
    day = slot.start.date()
    term = TermFactory(start=day - timedelta(days=30), end=day + timedelta(days=60))
    school = SchoolFactory(name="城关一小")
    other = SchoolFactory(name="城关二小", township=school.township)
    visit = book(
        slot, 40, 3, org_kind="school", org_name=school.name, school=school, township=school.township
    )
    no_show = book(
        slot, 20, 20, org_kind="school", org_name=other.name, school=other, township=other.township
    )
    services.approve(visit.pk)
    services.approve(no_show.pk)
    with mock.patch("django.utils.timezone.now", return_value=slot.start):
        services.check_in(visit.pk, 38)
    services.mark_no_shows(now=slot.start + timedelta(hours=1))

    report = term_report(term, today=day)
    assert report.for_school(school).base_visits == 1
    assert report.for_school(other).base_visits == 0  # a no-show is not a visit
    township = next(t for t in report.townships if t.township == school.township)
    assert township.base_visits == 1 and report.county.base_visits == 1
    assert summary_header()[-1] == "基地参观" and summary_row(report.county)[-1] == 1

    # Class hours: off by default; switched on, a visit adds the rule's hours.
    rule = ComplianceRule.objects.get(kind=RuleKind.BASE_VISIT_HOURS)
    assert not rule.is_active
    hours_before = report.for_school(school).hours
    rule.is_active, rule.value = True, 2
    rule.save()
    assert term_report(term, today=day).for_school(school).hours == hours_before + 2

    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    page = client.get(reverse("courses:school", args=[school.pk]) + f"?term={term.pk}").content.decode()
    assert "基地参观1次" in page
