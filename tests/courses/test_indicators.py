"""The schools' contribution to the plan dashboard, against numbers worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from courses.indicators import term_compliance, term_ends
from tests.outreach.factories import TownshipFactory

from .factories import DrillFactory, LessonFactory, SchoolClassFactory, SchoolFactory, TermFactory

TERM_START = datetime.date(2026, 2, 24)


@pytest.fixture
def term(db):
    return TermFactory(start=TERM_START, end=datetime.date(2026, 7, 3))


def school(name, township, term, hours, drills, active=True):
    item = SchoolFactory(name=name, township=township, is_active=active)
    school_class = SchoolClassFactory(school=item, term=term)
    if hours:
        LessonFactory(school=item, term=term, hours=Decimal(hours), classes=[school_class])
    for _ in range(drills):
        DrillFactory(school=item, term=term)
    return item


@pytest.mark.django_db
def test_term_compliance_counts_schools_meeting_four_hours_and_a_drill(term):
    east, west = TownshipFactory(name="城关镇"), TownshipFactory(name="西村乡")
    school("甲校", east, term, hours=4, drills=1)  # met
    school("乙校", east, term, hours=4, drills=0)  # no drill
    school("丙校", west, term, hours=2, drills=1)  # 2 hours short
    school("丁校", west, term, hours=4, drills=1, active=False)  # closed: not counted
    reading = term_compliance(datetime.date(2026, 5, 1), details=True)
    assert (reading.value, reading.total) == (1, 3)
    assert reading.by_township == {east.pk: (1, 2), west.pk: (0, 1)}
    behind = {row.label: row.note for row in reading.rows}
    assert set(behind) == {"乙校", "丙校"}
    assert "疏散演练" in behind["乙校"]
    assert "课时" in behind["丙校"]


@pytest.mark.django_db
def test_no_term_started_is_no_data(term):
    reading = term_compliance(TERM_START - datetime.timedelta(days=400))
    assert reading.value is None
    assert not reading.has_data


@pytest.mark.django_db
def test_term_ends_are_snapshot_days(term):
    assert list(term_ends(datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))) == [term.end]
    assert list(term_ends(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))) == []
