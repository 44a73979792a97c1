"""The county roll-up and the list screens make the same number of queries for 2 schools or 30."""

from decimal import Decimal

import pytest

from courses.compliance import term_report
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import count_queries

from .factories import DrillFactory, LessonFactory, TermFactory, school_with_classes

pytestmark = pytest.mark.django_db


def populate(term, n_schools, townships):
    for i in range(n_schools):
        school, classes = school_with_classes(term, n=3, township=townships[i % len(townships)])
        LessonFactory(school=school, term=term, hours=Decimal("2"), classes=classes)
        LessonFactory(school=school, term=term, hours=Decimal("2"), classes=classes[:1])
        DrillFactory(school=school, term=term, evacuation_seconds=90 + i)


def test_county_rollup_query_count_does_not_grow():
    term = TermFactory()
    townships = [TownshipFactory() for _ in range(3)]
    populate(term, 2, townships)
    few, few_queries = count_queries(term_report, term)
    populate(term, 28, townships)
    many, many_queries = count_queries(term_report, term)
    assert len(few.rows) == 2 and len(many.rows) == 30
    assert many.county.classes_short == 60  # two of each school's three classes have 2 hours
    assert few_queries == many_queries == 5  # with the base visits credited to schools


def test_overview_and_exports_query_count_does_not_grow(client):
    term = TermFactory()
    townships = [TownshipFactory() for _ in range(3)]
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    populate(term, 2, townships)
    urls = ["/schools/", "/schools/export.xlsx", "/schools/export.csv"]
    client.get(urls[0])  # first request of a session fills per-process caches
    few = [count_queries(client.get, url)[1] for url in urls]
    populate(term, 20, townships)
    responses = [count_queries(client.get, url) for url in urls]
    assert all(r.status_code == 200 for r, _ in responses)
    assert "共 22 所学校" in responses[0][0].content.decode()
    assert [n for _, n in responses] == few


def test_school_page_query_count_does_not_grow_with_records(client):
    term = TermFactory()
    school, classes = school_with_classes(term, n=2)
    staff = UserFactory(roles=[roles.SCHOOL_STAFF])
    school.staff.add(staff)
    client.force_login(staff)
    LessonFactory(school=school, term=term, classes=classes)
    DrillFactory(school=school, term=term)
    client.get(f"/schools/{school.pk}/")
    _, few = count_queries(client.get, f"/schools/{school.pk}/")
    for _ in range(10):
        LessonFactory(school=school, term=term, classes=classes)
        DrillFactory(school=school, term=term)
    response, many = count_queries(client.get, f"/schools/{school.pk}/")
    assert response.content.decode().count('class="card"') == 22
    assert few == many


def test_school_page_for_its_staff_stays_within_its_query_budget(client, django_assert_max_num_queries):
    # 30 queries before the access layer read the user's roles once (4 role lookups → 1).
    term = TermFactory()
    school, classes = school_with_classes(term, n=2)
    staff = UserFactory(roles=[roles.SCHOOL_STAFF])
    school.staff.add(staff)
    LessonFactory(school=school, term=term, classes=classes)
    DrillFactory(school=school, term=term)
    client.force_login(staff)
    client.get(f"/schools/{school.pk}/")
    with django_assert_max_num_queries(27):
        response = client.get(f"/schools/{school.pk}/")
    assert response.status_code == 200
