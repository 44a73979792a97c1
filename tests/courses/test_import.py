"""Bulk import of schools and classes: template, XLSX and CSV, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from courses.importers import COLUMNS, ImportRefused, import_schools_and_classes
from courses.models import School, SchoolClass
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import SchoolFactory, TermFactory

pytestmark = pytest.mark.django_db

HEADER = list(COLUMNS.values())
GOOD = [
    ["城关镇第一小学", "城关镇", "小学", 960, "一年级", 1, 45],
    ["城关镇第一小学", "城关镇", "小学", 960, "三年级", 2, 44],
    ["七贤镇中学", "七贤镇", "初中", 620, "初一", 1, 50],
]


@pytest.fixture(autouse=True)
def townships():
    TownshipFactory(name="城关镇", code="chengguan")
    TownshipFactory(name="七贤镇", code="qixian")


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("schools.xlsx", out.getvalue())


def csv_file(rows, encoding="utf-8-sig"):
    lines = [",".join(HEADER)] + [",".join(str(c) for c in row) for row in rows]
    return SimpleUploadedFile("schools.csv", "\r\n".join(lines).encode(encoding))


def test_template_download_has_the_columns(client):
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    response = client.get("/admin/courses/import/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row > 1  # example lines show the expected format


def test_xlsx_import_creates_schools_and_classes():
    term = TermFactory()
    result = import_schools_and_classes(xlsx(GOOD), term)
    assert (result.schools_created, result.classes_created) == (2, 3)
    school = School.objects.get(name="城关镇第一小学")
    assert school.township.name == "城关镇" and school.kind == "primary" and school.enrolment == 960
    assert sorted(SchoolClass.objects.filter(school=school).values_list("grade", "number", "students")) == [
        (1, 1, 45),
        (3, 2, 44),
    ]
    assert SchoolClass.objects.get(school__name="七贤镇中学").grade == 7
    # Importing again updates rather than duplicates.
    again = import_schools_and_classes(xlsx(GOOD), term)
    assert (again.schools_updated, again.classes_updated, SchoolClass.objects.count()) == (2, 3, 3)


def test_csv_in_gb18030_from_excel_imports():
    result = import_schools_and_classes(csv_file(GOOD, "gb18030"), TermFactory())
    assert result.classes_created == 3


@pytest.mark.parametrize("make", [xlsx, csv_file])
def test_one_bad_row_refuses_the_whole_file(make):
    SchoolFactory(name="城关镇第一小学", enrolment=100, township=TownshipFactory(code="chengguan"))
    rows = [*GOOD, ["西村乡小学", "西村乡", "小学", 300, "八年级", 1, 45]]
    with pytest.raises(ImportRefused) as refused:
        import_schools_and_classes(make(rows), TermFactory())
    assert refused.value.errors == ["第5行：乡镇“西村乡”不存在", "第5行：小学没有“八年级”"]
    assert SchoolClass.objects.count() == 0
    assert School.objects.get(name="城关镇第一小学").enrolment == 100
    assert not School.objects.filter(name="七贤镇中学").exists()


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (["", "城关镇", "小学", 1, "一年级", 1, 40], "学校名称为空"),
        (["甲", "城关镇", "幼儿园", 1, "一年级", 1, 40], "学校类型“幼儿园”无效"),
        (["甲", "城关镇", "小学", "很多", "一年级", 1, 40], "在校学生数“很多”不是0到20000之间的整数"),
        (["甲", "城关镇", "小学", 100, "一年级", 0, 40], "班号“0”不是1到60之间的整数"),
        (["甲", "城关镇", "小学", 100, "一年级", 1, 400], "学生数“400”不是1到120之间的整数"),
        (["城关镇第一小学", "城关镇", "小学", 960, "一年级", 1, 45], "与第2行是同一个班"),
        (["城关镇第一小学", "七贤镇", "小学", 960, "二年级", 1, 45], "与第2行不一致"),
    ],
)
def test_each_problem_is_reported_by_line_in_chinese(row, error):
    with pytest.raises(ImportRefused) as refused:
        import_schools_and_classes(xlsx([GOOD[0], row]), TermFactory())
    assert len(refused.value.errors) == 1
    assert refused.value.errors[0].startswith("第3行：") and error in refused.value.errors[0]
    assert not School.objects.exists()


def test_missing_column_and_wrong_file_type():
    with pytest.raises(ImportRefused) as refused:
        import_schools_and_classes(xlsx(GOOD, header=HEADER[:-1]), TermFactory())
    assert "缺少列：学生数" in refused.value.errors[0]
    with pytest.raises(ImportRefused) as refused:
        import_schools_and_classes(SimpleUploadedFile("a.xlsx", b"not a workbook"), TermFactory())
    assert "无法读取" in refused.value.errors[0]
    with pytest.raises(ImportRefused) as refused:
        import_schools_and_classes(SimpleUploadedFile("a.pdf", b"%PDF"), TermFactory())
    assert "请上传.xlsx或.csv文件" in refused.value.errors[0]


def test_admin_screen_shows_errors_and_saves_nothing(client):
    term = TermFactory()
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    bad = [*GOOD, ["七贤镇中学", "七贤镇", "初中", 620, "初一", "一", 50]]
    response = client.post("/admin/courses/import/", {"term": term.pk, "file": xlsx(bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有导入任何数据" in html and "第5行：班号“一”不是1到60之间的整数" in html
    assert not School.objects.exists()
    response = client.post("/admin/courses/import/", {"term": term.pk, "file": xlsx(GOOD)}, follow=True)
    assert "新增学校2所" in response.content.decode()
    assert SchoolClass.objects.filter(term=term).count() == 3
