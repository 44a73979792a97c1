"""Tables and forms that do not mislead: slow drills marked at compliant schools, class
hours read as what is done, totals named for what they sum, the school's own courseware
first."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from courses.compliance import Status
from courses.models import GradeBand
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import (
    CoursewareFactory,
    DrillFactory,
    LessonFactory,
    TermFactory,
    school_staff,
    school_with_classes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    term = TermFactory()
    here, there = TownshipFactory(name="城关镇"), TownshipFactory(name="七贤镇")
    slow, classes = school_with_classes(term, n=2, name="甲校", township=here)
    LessonFactory(school=slow, term=term, hours=Decimal(4), classes=classes)
    DrillFactory(school=slow, term=term, evacuation_seconds=150)  # over the 120 s target
    quick, classes = school_with_classes(term, n=2, name="乙校", township=there)
    LessonFactory(school=quick, term=term, hours=Decimal(4), classes=classes)
    DrillFactory(school=quick, term=term, evacuation_seconds=90)
    return term, here, slow, quick


def row_html(html, school):
    start = html.index(f'data-school="{school.pk}"')
    return html[start : html.index("</tr>", start)]


def test_slow_drill_is_marked_on_a_compliant_schools_row(client, county):
    term, here, slow, quick = county
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = client.get("/schools/").content.decode()
    slow_row, quick_row = row_html(html, slow), row_html(html, quick)
    assert f"status--{Status.MET}" in slow_row  # the rule about evacuation time is off
    assert "疏散超时（目标120秒）" in slow_row and 'class="row--slow"' in html
    assert "疏散超时" not in quick_row


def test_class_hours_column_reads_as_what_is_done(client, county):
    term, here, slow, quick = county
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = client.get("/schools/").content.decode()
    assert "课时达标班级" in html and "课时不足班级</a>" not in html
    assert "2/2" in row_html(html, slow) and "0/2" not in row_html(html, slow)


def total_label(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    labels = [row[0].value for row in sheet.iter_rows()]
    return [label for label in labels if label in ("全县", "合计")]


def test_exported_total_is_named_for_what_it_sums(client, county):
    term, here, slow, quick = county
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    assert total_label(client.get("/schools/export.xlsx")) == ["全县"]
    assert total_label(client.get("/schools/export.xlsx", {"township": here.pk})) == ["合计"]
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here))
    assert total_label(client.get("/schools/export.xlsx")) == ["合计"]


def test_lesson_form_offers_the_schools_own_grade_bands_first(client, county):
    term, here, slow, quick = county  # primary schools (the factory's default kind)
    CoursewareFactory(title="实验室安全", grade_band=GradeBand.SENIOR)
    CoursewareFactory(title="认识火", grade_band=GradeBand.PRIMARY_LOW)
    client.force_login(school_staff(slow))
    html = client.get(f"/schools/{slow.pk}/lesson/new/").content.decode()
    own = html.index('<optgroup label="本校学段">')
    other = html.index('<optgroup label="其他学段">')
    assert own < html.index("认识火") < other < html.index("实验室安全")
