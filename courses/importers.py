"""Bulk import of schools and their classes for a term from the bureau's XLSX or CSV.

One line per class; the school's columns repeat on each of its lines. Every line is checked
first; a single bad line means nothing is imported, and each problem is reported with the
line number the bureau sees in Excel."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from outreach.exports import Sheet, write_xlsx
from outreach.imports import ImportRefused, parse_int, read_rows
from outreach.models import Township

from .models import School, SchoolClass, SchoolKind

COLUMNS = {
    "school": "学校名称",
    "township": "乡镇",
    "kind": "学校类型",
    "enrolment": "在校学生数",
    "grade": "年级",
    "number": "班号",
    "students": "学生数",
}
EXAMPLE_ROWS = [
    ["城关镇第一小学", "城关镇", "小学", 960, "一年级", 1, 45],
    ["城关镇第一小学", "城关镇", "小学", 960, "一年级", 2, 44],
    ["七贤镇中学", "七贤镇", "初中", 620, "七年级", 1, 50],
]
GRADE_WORDS = {
    **{f"{word}年级": n for n, word in enumerate("一二三四五六七八九", start=1)},
    "初一": 7,
    "初二": 8,
    "初三": 9,
    "高一": 10,
    "高二": 11,
    "高三": 12,
}
KIND_GRADES = {
    SchoolKind.PRIMARY: range(1, 7),
    SchoolKind.JUNIOR: range(7, 10),
    SchoolKind.NINE_YEAR: range(1, 10),
    SchoolKind.SENIOR: range(10, 13),
    SchoolKind.COMPLETE: range(7, 13),
    SchoolKind.VOCATIONAL: range(10, 13),
}


@dataclass
class ImportResult:
    schools_created: int = 0
    schools_updated: int = 0
    classes_created: int = 0
    classes_updated: int = 0
    errors: list = field(default_factory=list)


def template_xlsx():
    header = list(COLUMNS.values())
    return write_xlsx(
        [
            Sheet(
                _("学校和班级"),
                header,
                EXAMPLE_ROWS,
                column_widths={get_column_letter(i): 16 for i in range(1, len(header) + 1)},
            )
        ]
    )


def parse_grade(value):
    value = value.replace(" ", "")
    if value in GRADE_WORDS:
        return GRADE_WORDS[value]
    return parse_int(value.removesuffix("年级"), 1, 12)


def import_schools_and_classes(upload, term):
    """Validate every line, then save all of it in one transaction; ImportRefused otherwise."""
    header, lines = read_rows(upload)
    positions = {}
    missing = []
    for key, title in COLUMNS.items():
        if title in header:
            positions[key] = header.index(title)
        else:
            missing.append(title)
    if missing:
        raise ImportRefused([_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)}])
    if not lines:
        raise ImportRefused([_("文件里没有数据行。")])

    townships = {t.name: t for t in Township.objects.filter(is_active=True)}
    kinds = {str(label): value for value, label in SchoolKind.choices}
    errors, schools, classes = [], {}, {}
    for number, line in lines:
        line = line + [""] * (len(header) - len(line))
        cell = {key: line[pos] for key, pos in positions.items()}
        problems = []
        name = cell["school"]
        if not name:
            problems.append(_("学校名称为空"))
        township = townships.get(cell["township"])
        if township is None:
            problems.append(_("乡镇“%(v)s”不存在") % {"v": cell["township"]})
        kind = kinds.get(cell["kind"])
        if kind is None:
            problems.append(
                _("学校类型“%(v)s”无效，应为：%(kinds)s") % {"v": cell["kind"], "kinds": "、".join(kinds)}
            )
        enrolment = parse_int(cell["enrolment"], 0, 20000)
        if enrolment is None:
            problems.append(_("在校学生数“%(v)s”不是0到20000之间的整数") % {"v": cell["enrolment"]})
        grade = parse_grade(cell["grade"])
        if grade is None:
            problems.append(_("年级“%(v)s”无法识别（如：三年级、初一、高二）") % {"v": cell["grade"]})
        elif kind is not None and grade not in KIND_GRADES[kind]:
            problems.append(_("%(kind)s没有“%(v)s”") % {"kind": cell["kind"], "v": cell["grade"]})
        class_number = parse_int(cell["number"], 1, 60)
        if class_number is None:
            problems.append(_("班号“%(v)s”不是1到60之间的整数") % {"v": cell["number"]})
        students = parse_int(cell["students"], 1, 120)
        if students is None:
            problems.append(_("学生数“%(v)s”不是1到120之间的整数") % {"v": cell["students"]})
        if not problems:
            school = (township, kind, enrolment)
            if name in schools and schools[name][0] != school:
                problems.append(
                    _("学校“%(name)s”的乡镇、类型或人数与第%(line)d行不一致")
                    % {"name": name, "line": schools[name][1]}
                )
            elif (name, grade, class_number) in classes:
                problems.append(
                    _("与第%(line)d行是同一个班") % {"line": classes[(name, grade, class_number)][1]}
                )
            else:
                schools.setdefault(name, (school, number))
                classes[(name, grade, class_number)] = (students, number)
        errors += [
            _("第%(line)d行：%(problem)s") % {"line": number, "problem": problem} for problem in problems
        ]
    if errors:
        raise ImportRefused(errors)
    return _save(term, schools, classes)


@transaction.atomic
def _save(term, schools, classes):
    result = ImportResult()
    saved = {}
    for name, ((township, kind, enrolment), _line) in schools.items():
        school, created = School.objects.update_or_create(
            name=name, defaults={"township": township, "kind": kind, "enrolment": enrolment}
        )
        saved[name] = school
        result.schools_created += created
        result.schools_updated += not created
    for (name, grade, number), (students, _line) in classes.items():
        _obj, created = SchoolClass.objects.update_or_create(
            school=saved[name], term=term, grade=grade, number=number, defaults={"students": students}
        )
        result.classes_created += created
        result.classes_updated += not created
    return result
