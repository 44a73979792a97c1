"""Key units (重点单位): the import from the county's list, and their training coverage.

A unit is covered in a year when both its 消防安全责任人 and its 消防安全管理人 signed in to
a training that year (an attendee's category says which of the two they are). The import
is all or nothing: every line is checked first, one bad line saves nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from outreach.exports import Sheet
from outreach.imports import ImportRefused, read_rows
from outreach.models import Township

from .models import Attendance, KeyUnit, TrainingCategory

COLUMNS = {
    "name": "单位名称",
    "township": "乡镇",
    "kind": "单位类别",
    "address": "地址",
    "responsible": "消防安全责任人",
    "manager": "消防安全管理人",
}
REQUIRED = ("name", "township")
EXAMPLE_ROWS = [
    ["修武县人民医院", "城关镇", "医院", "修武县城关镇人民路1号", "王建国", "李卫东"],
    ["云台山景区游客服务中心", "云台山镇", "旅游景区", "云台山镇岸上村", "张志强", "赵红梅"],
]
ROLES = (TrainingCategory.RESPONSIBLE, TrainingCategory.MANAGER)


def template_sheet():
    """The import template: the columns the import reads, with example rows."""
    return Sheet(_("重点单位"), list(COLUMNS.values()), EXAMPLE_ROWS)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def import_key_units(upload, user):
    header, lines = read_rows(upload)
    positions, missing = {}, []
    for key, title in COLUMNS.items():
        if title in header:
            positions[key] = header.index(title)
        elif key in REQUIRED:
            missing.append(title)
    if missing:
        raise ImportRefused([_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)}])
    if not lines:
        raise ImportRefused([_("文件里没有数据行。")])
    townships = {t.name: t for t in Township.objects.filter(is_active=True)}
    errors, seen, rows = [], {}, []
    limits = {"name": 100, "kind": 40, "address": 120, "responsible": 30, "manager": 30}
    for number, line in lines:
        line = line + [""] * (len(header) - len(line))
        cell = {key: line[pos] for key, pos in positions.items()}
        problems = []
        if not cell["name"]:
            problems.append(_("单位名称为空"))
        elif cell["name"] in seen:
            problems.append(_("与第%(line)d行是同一个单位") % {"line": seen[cell["name"]]})
        township = townships.get(cell["township"])
        if township is None:
            problems.append(_("乡镇“%(v)s”不存在") % {"v": cell["township"][:20]})
        for key, limit in limits.items():
            if len(cell.get(key, "")) > limit:
                problems.append(_("“%(col)s”超过%(n)d个字") % {"col": COLUMNS[key], "n": limit})
        if problems:
            errors += [_("第%(line)d行：%(problem)s") % {"line": number, "problem": p} for p in problems]
            continue
        seen[cell["name"]] = number
        rows.append((cell, township))
    if errors:
        raise ImportRefused(errors)
    result = ImportResult()
    with transaction.atomic():
        for cell, township in rows:
            _unit, created = KeyUnit.objects.update_or_create(
                name=cell["name"],
                defaults={
                    "township": township,
                    "kind": cell.get("kind", ""),
                    "address": cell.get("address", ""),
                    "responsible_person": cell.get("responsible", ""),
                    "manager_person": cell.get("manager", ""),
                },
            )
            result.created += created
            result.updated += not created
        log(
            instance=_unit,
            action="activities.key_units_import",
            user=user,
            data={"created": result.created, "updated": result.updated},
        )
    return result


def end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def signed_in_this_year(on):
    """Attendances signed in from 1 January of `on`'s year to the end of `on`."""
    start = timezone.make_aware(datetime.datetime(on.year, 1, 1))
    return Attendance.objects.filter(signed_in_at__gte=start, signed_in_at__lt=end_of(on))


def trained_roles(on, units=None):
    """{unit id: set of roles trained} from 1 January of `on`'s year to `on` (one query)."""
    attendances = signed_in_this_year(on).filter(
        key_unit__isnull=False,
        category__key_unit_role__in=ROLES,
    )
    if units is not None:
        attendances = attendances.filter(key_unit__in=units)
    found = defaultdict(set)
    for unit_id, role in attendances.values_list("key_unit_id", "category__key_unit_role").distinct():
        found[unit_id].add(role)
    return found


@dataclass
class UnitRow:
    unit: KeyUnit
    responsible: bool
    manager: bool

    @property
    def covered(self):
        return self.responsible and self.manager


def coverage(on, units=None):
    """(rows, by township {township: (covered, total)}) for the units given (default all)."""
    trained = trained_roles(on, units)  # only the units asked for (a township's screen)
    units = list((units if units is not None else KeyUnit.objects.all()).select_related("township"))
    rows = [
        UnitRow(
            unit,
            TrainingCategory.RESPONSIBLE in trained.get(unit.pk, ()),
            TrainingCategory.MANAGER in trained.get(unit.pk, ()),
        )
        for unit in units
    ]
    by_township = {}
    for row in rows:
        covered, total = by_township.get(row.unit.township, (0, 0))
        by_township[row.unit.township] = (covered + row.covered, total + 1)
    return rows, by_township
