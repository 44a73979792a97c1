"""The XLSX and CSV exports carry exactly the numbers the screen shows."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from outreach import roles
from outreach.models import Township
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import DrillFactory, LessonFactory, TermFactory, school_with_classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    term = TermFactory()
    chengguan, qixian = (
        TownshipFactory(name="城关镇", sort_order=0),
        TownshipFactory(name="七贤镇", sort_order=1),
    )
    for i, (township, hours, drill_seconds) in enumerate(
        [(chengguan, 4, 100), (chengguan, 2, None), (chengguan, 4, 150), (qixian, 0, None), (qixian, 4, 90)]
    ):
        school, classes = school_with_classes(term, n=3, township=township, name=f"学校{i}")
        if hours:
            LessonFactory(school=school, term=term, hours=Decimal(hours), classes=classes)
        if drill_seconds:
            DrillFactory(school=school, term=term, evacuation_seconds=drill_seconds)
    return term


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def screen_township_rows(html):
    """The township table as the screen shows it: lists of cell texts."""
    table = re.search(r'<table class="data" id="townships">(.*?)</table>', html, re.S).group(1)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_xlsx_read_back_equals_the_screen(client, county):
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    response = client.get("/schools/", {"term": county.pk})
    html = response.content.decode()
    report = response.context["report"]
    workbook = load_workbook(io.BytesIO(client.get("/schools/export.xlsx", {"term": county.pk}).content))
    assert workbook.sheetnames == ["汇总", "城关镇", "七贤镇"]

    summary = [list(row) for row in workbook["汇总"].iter_rows(min_row=2, max_row=4, values_only=True)]
    on_screen = screen_township_rows(html)
    assert [[row[0], *map(float, row[1:])] for row in summary[:2]] == [
        [name, *(float(n.rstrip("%")) for n in numbers)] for name, *numbers in on_screen
    ]
    assert summary == [
        ["城关镇", 3, 2, 66.7, 3, 1, 1],
        ["七贤镇", 2, 1, 50.0, 3, 1, 0],
        ["全县", 5, 3, 60.0, 6, 2, 1],
    ]
    county_text = text(html)
    assert "60.0%" in county_text and "学校达标（3/5所）" in county_text
    assert re.search(r'data-figure="classes_short">6<', html) and re.search(
        r'data-figure="no_drill">2<', html
    )

    sheet = list(workbook["城关镇"].iter_rows(values_only=True))
    assert sheet[0][:4] == ("乡镇", "学校", "学校类型", "状态")
    by_school = {row[1]: row for row in sheet[1:]}
    for row in report.rows:
        if row.school.township.name != "城关镇":
            continue
        exported = by_school[row.school.name]
        assert exported[3] == str(row.status_label)
        assert exported[4:10] == (
            row.classes,
            row.classes_met,
            row.classes_short,
            int(row.hours),
            row.drills,
            row.slowest,
        )
        screen_row = re.search(rf'<tr data-school="{row.school.pk}">(.*?)</tr>', html, re.S).group(1)
        assert str(row.status_label) in screen_row and f"{row.classes_short}/{row.classes}" in screen_row


def test_csv_has_the_same_rows(client, county):
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    response = client.get("/schools/export.csv", {"term": county.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    workbook = load_workbook(io.BytesIO(client.get("/schools/export.xlsx", {"term": county.pk}).content))
    xlsx_rows = [
        ["" if v is None else str(v) for v in row]
        for name in ("城关镇", "七贤镇")
        for row in workbook[name].iter_rows(min_row=2, values_only=True)
    ]
    assert rows[1:] == xlsx_rows
    assert len(rows) == 6


def test_export_follows_the_filters(client, county):
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    township = Township.objects.get(name="七贤镇")
    body = client.get("/schools/export.csv", {"term": county.pk, "township": township.pk}).content.decode(
        "utf-8-sig"
    )
    assert "七贤镇" in body and "城关镇" not in body


HYPERLINK = '=HYPERLINK("http://x","y")'
TOWNSHIP = "=1+1城关镇"


def test_formula_like_names_come_out_as_text(client, county):
    from courses.models import School

    Township.objects.filter(name="城关镇").update(name=TOWNSHIP)
    School.objects.filter(name="学校0").update(name=HYPERLINK)
    School.objects.filter(name="学校1").update(name="@SUM(1,2)")
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    workbook = load_workbook(io.BytesIO(client.get("/schools/export.xlsx", {"term": county.pk}).content))
    assert TOWNSHIP in workbook.sheetnames
    formulas = [c.coordinate for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    summary = workbook["汇总"]
    township_cell = next(c for row in summary.iter_rows() for c in row if c.value == TOWNSHIP)
    assert township_cell.data_type == "s"
    schools = {row[1].value: row for row in workbook[TOWNSHIP].iter_rows(min_row=2)}
    assert schools[HYPERLINK][1].data_type == "s" and schools[HYPERLINK][0].value == TOWNSHIP
    assert schools["@SUM(1,2)"][1].data_type == "s"
    assert isinstance(schools[HYPERLINK][4].value, int)  # numbers stay numbers

    body = client.get("/schools/export.csv", {"term": county.pk}).content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + HYPERLINK in cells and "'" + TOWNSHIP in cells and "'@SUM(1,2)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
