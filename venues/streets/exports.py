"""Streets and walls as tables, written by the shared export module."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.exports import Sheet

from .county import county_rows, overdue_elements


def street_table(rows):
    header = [
        _("乡镇"),
        _("须建"),
        _("文化街"),
        _("状态"),
        _("进度（%）"),
        _("元素数"),
        _("逾期未检查元素"),
        _("待处理报修"),
        _("需维护"),
        _("长度（米）"),
        _("维护责任人"),
    ]
    body = []
    for row in rows:
        street = row.street
        body.append(
            [
                row.township.name,
                _("是") if row.township.must_have_street else _("否"),
                street.title if street else _("（未建）"),
                street.get_status_display() if street else "",
                row.progress if street else "",
                len(row.elements),
                len(row.upkeep.overdue) if street else 0,
                len(row.upkeep.reported) if street else 0,
                (_("是") if row.upkeep.needs_maintenance else _("否")) if street else "",
                street.length_m if street and street.length_m is not None else "",
                street.caretaker if street else "",
            ]
        )
    return header, body


def wall_table(rows):
    header = [_("乡镇"), _("文化墙数"), _("有消防安全公约")]
    body = [[row.township.name, row.walls, row.walls_with_pledge] for row in rows]
    body.append([_("合计"), sum(r.walls for r in rows), sum(r.walls_with_pledge for r in rows)])
    return header, body


def overdue_table(townships=None, today=None):
    """Which elements are overdue, not only how many: the list a township walks."""
    today = today or timezone.localdate()
    scope = Q(street__township__in=townships) if townships is not None else Q()
    header = [
        _("乡镇"),
        _("文化街"),
        _("元素"),
        _("类型"),
        _("位置（距入口米数）"),
        _("应检查日期"),
        _("逾期天数"),
        _("上次检查"),
    ]
    body = [
        [
            element.street.township.name,
            element.street.title,
            element.name,
            element.kind.name,
            element.position_m,
            element.inspection_due_on().isoformat(),
            (today - element.inspection_due_on()).days,
            element.last_inspected_on.isoformat() if element.last_inspected_on else _("从未检查"),
        ]
        for element in overdue_elements(scope, today)
    ]
    return header, body


def workbook(townships=None):
    rows = county_rows(live_only=False, townships=townships)
    caption = _("修武县消防文化街 · 导出于 %(date)s") % {"date": timezone.localdate().isoformat()}
    streets_header, streets_body = street_table(rows)
    walls_header, walls_body = wall_table(rows)
    return rows, [
        Sheet(
            _("消防文化街"),
            streets_header,
            streets_body,
            title_line=caption,
            highlight=lambda r, c, value: c == 8 and value == _("是"),
        ),
        Sheet(_("文化墙"), walls_header, walls_body, title_line=caption, bold_last_row=True),
        Sheet(_("逾期未检查元素"), *overdue_table(townships), title_line=caption),
    ]
