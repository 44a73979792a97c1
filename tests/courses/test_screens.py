"""The bureau's table sorts and filters; a school's page and its term-by-term history."""

import re
from decimal import Decimal

import pytest

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import DrillFactory, LessonFactory, TermFactory, days, school_staff, school_with_classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    term = TermFactory()
    a, b = TownshipFactory(name="城关镇", sort_order=0), TownshipFactory(name="七贤镇", sort_order=1)
    met, classes = school_with_classes(term, n=2, name="甲达标", township=a)
    LessonFactory(school=met, term=term, hours=Decimal(4), classes=classes)
    DrillFactory(school=met, term=term, evacuation_seconds=130)
    going, classes = school_with_classes(term, n=2, name="乙进行", township=b)
    LessonFactory(school=going, term=term, hours=Decimal(1), classes=classes)
    idle, _ = school_with_classes(term, n=3, name="丙未动", township=b)
    return term, met, going, idle


def school_order(html):
    return re.findall(r'<tr data-school="\d+"[^>]*>\s*<th scope="row"><a [^>]*>([^<]+)</a>', html)


def test_table_sorts_and_filters(client, county):
    term, met, going, idle = county
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    assert school_order(client.get("/schools/").content.decode()) == ["丙未动", "乙进行", "甲达标"]
    assert school_order(client.get("/schools/", {"sort": "-short"}).content.decode())[0] == "丙未动"
    assert school_order(client.get("/schools/", {"sort": "-slowest"}).content.decode())[0] == "甲达标"
    html = client.get("/schools/", {"status": "met"}).content.decode()
    assert school_order(html) == ["甲达标"]
    html = client.get("/schools/", {"township": met.township_id}).content.decode()
    assert school_order(html) == ["甲达标"]
    assert "共 1 所学校" in html
    # Sorting links keep the filters.
    assert f"township={met.township_id}" in re.search(r'<a href="\?([^"]*sort=name[^"]*)"', html).group(1)
    # Bad parameters are ignored, never a 500.
    assert (
        client.get(
            "/schools/", {"sort": "drop table", "status": "x", "kind": "y", "township": "z"}
        ).status_code
        == 200
    )
    assert client.get("/schools/", {"term": "99999"}).status_code == 404


def test_school_page_shows_progress_missing_and_forms_to_its_staff(client, county):
    term, met, going, idle = county
    client.force_login(school_staff(going))
    html = client.get(f"/schools/{going.pk}/").content.decode()
    assert "1 / 4 课时" in html and "进行中" in html
    assert "2个班消防课不足4课时" in html and "本学期还没有疏散演练" in html
    assert f"/schools/{going.pk}/lesson/new/?term={term.pk}" in html
    assert f"/schools/{going.pk}/drill/new/?term={term.pk}" in html


def test_history_lists_each_term(client, county):
    term, met, going, idle = county
    old = TermFactory(name="2024—2025学年第二学期", start=term.start - days(200), end=term.start - days(60))
    school_with_classes(old, n=0)
    DrillFactory(school=met, term=old)
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = client.get(f"/schools/{met.pk}/history/").content.decode()
    assert html.index(term.name) < html.index("2024—2025学年第二学期")
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html, re.S)
    assert "已达标" in rows[0] and "未达标" in rows[1]


def test_inactive_school_page_still_opens(client, county):
    term, met, going, idle = county
    idle.is_active = False
    idle.save()
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    assert "丙未动" not in client.get("/schools/").content.decode()
    assert "丙未动" in client.get(f"/schools/{idle.pk}/").content.decode()
