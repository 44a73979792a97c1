"""Counts of visits for staff screens, exports and the plan dashboard.

A *visit* is a group that was checked in at the door; its visitors are the persons that
came (`attended`). Each function is one aggregate query.
"""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SETTING_LABELS, SETTING_OF, AgeBand, Booking, Status


def _year(year):
    return year or timezone.localdate().year


def visits_by_setting(year=None):
    """[{setting, label, groups, visitors}] for checked-in visits in `year`, by 五进 setting
    (campaigns' setting codes; "" for groups of no setting)."""
    rows = (
        Booking.objects.filter(status=Status.CHECKED_IN, slot__start__year=_year(year))
        .order_by()
        .values("org_kind")
        .annotate(groups=Count("pk"), visitors=Coalesce(Sum("attended"), 0))
    )
    result = {}
    for row in rows:
        setting = SETTING_OF.get(row["org_kind"], "")
        entry = result.setdefault(
            setting, {"setting": setting, "label": SETTING_LABELS[setting], "groups": 0, "visitors": 0}
        )
        entry["groups"] += row["groups"]
        entry["visitors"] += row["visitors"]
    return [result[key] for key in SETTING_LABELS if key in result]


def visits_by_township(year=None):
    """[{township_id, township, groups, visitors}] for checked-in visits in `year`."""
    rows = (
        Booking.objects.filter(status=Status.CHECKED_IN, slot__start__year=_year(year))
        .order_by()
        .values("township_id", "township__name")
        .annotate(groups=Count("pk"), visitors=Coalesce(Sum("attended"), 0))
        .order_by("township__sort_order", "township__name")
    )
    return [
        {
            "township_id": r["township_id"],
            "township": r["township__name"] or "",
            "groups": r["groups"],
            "visitors": r["visitors"],
        }
        for r in rows
    ]


def visit_totals(year=None):
    """{groups, visitors} checked in during `year`: the dashboard's headline figure."""
    return Booking.objects.filter(status=Status.CHECKED_IN, slot__start__year=_year(year)).aggregate(
        groups=Count("pk"), visitors=Coalesce(Sum("attended"), 0)
    )


def by_month(year=None):
    """Per month: groups booked, visits, visitors, no-shows, cancellations, call-offs."""
    rows = (
        Booking.objects.filter(slot__start__year=_year(year))
        .annotate(month=ExtractMonth("slot__start"))
        .order_by()
        .values("month")
        .annotate(
            visits=Count("pk", filter=Q(status=Status.CHECKED_IN)),
            visitors=Coalesce(Sum("attended", filter=Q(status=Status.CHECKED_IN)), 0),
            no_shows=Count("pk", filter=Q(status=Status.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
            called_off=Count("pk", filter=Q(status=Status.CALLED_OFF)),
            upcoming=Count("pk", filter=Q(status__in=(Status.PENDING, Status.APPROVED))),
        )
        .order_by("month")
    )
    return list(rows)


def school_visits(school_ids, start, end):
    """{school id: checked-in visits between two dates}: what courses credits to schools."""
    return dict(
        Booking.objects.filter(
            status=Status.CHECKED_IN, school_id__in=school_ids, slot__start__date__range=(start, end)
        )
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )


def school_visit_list(school_id, start, end):
    return list(
        Booking.objects.filter(
            status=Status.CHECKED_IN, school_id=school_id, slot__start__date__range=(start, end)
        )
        .select_related("slot")
        .order_by("slot__start")
    )


def _month_range(month):
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def _breakdown(visits, field, labels):
    rows = visits.order_by().values(field).annotate(groups=Count("pk"), visitors=Coalesce(Sum("attended"), 0))
    return {labels(row[field]): (row["groups"], row["visitors"]) for row in rows}


def _month_figures(month):
    first, last = _month_range(month)
    bookings = Booking.objects.filter(slot__start__date__range=(first, last))
    visits = bookings.filter(status=Status.CHECKED_IN)
    totals = bookings.aggregate(
        visits=Count("pk", filter=Q(status=Status.CHECKED_IN)),
        visitors=Coalesce(Sum("attended", filter=Q(status=Status.CHECKED_IN)), 0),
        no_shows=Count("pk", filter=Q(status=Status.NO_SHOW)),
        called_off=Count("pk", filter=Q(status=Status.CALLED_OFF)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )
    bands = dict(AgeBand.choices)
    by_setting = {}
    for kind, (groups, visitors) in _breakdown(visits, "org_kind", lambda k: k).items():
        label = str(SETTING_LABELS[SETTING_OF.get(kind, "")])
        g, v = by_setting.get(label, (0, 0))
        by_setting[label] = (g + groups, v + visitors)
    return {
        "totals": totals,
        "by_setting": by_setting,
        "by_township": _breakdown(visits, "township__name", lambda n: n or str(_("县外或未填"))),
        "by_age_band": _breakdown(visits, "age_band", lambda b: str(bands.get(b, b))),
        "by_programme": _breakdown(visits, "programme__name", lambda n: n or str(_("未选项目"))),
    }


def month_report(month):
    """This month's visits next to the same month last year: totals and each breakdown as
    rows of (label, groups, visitors, last year's groups, last year's visitors)."""
    last_year = month.replace(year=month.year - 1, day=1)
    now, before = _month_figures(month), _month_figures(last_year)
    sections = []
    for key, title in (
        ("by_setting", _("按五进领域")),
        ("by_township", _("按乡镇")),
        ("by_age_band", _("按年龄段")),
        ("by_programme", _("按参观项目")),
    ):
        labels = list(now[key]) + [label for label in before[key] if label not in now[key]]
        rows = [(label, *now[key].get(label, (0, 0)), *before[key].get(label, (0, 0))) for label in labels]
        sections.append({"title": title, "rows": rows})
    totals = [
        (_("参观团体"), now["totals"]["visits"], before["totals"]["visits"]),
        (_("参观人数"), now["totals"]["visitors"], before["totals"]["visitors"]),
        (_("未到场团体"), now["totals"]["no_shows"], before["totals"]["no_shows"]),
        (_("基地取消（团体）"), now["totals"]["called_off"], before["totals"]["called_off"]),
        (_("团体取消"), now["totals"]["cancelled"], before["totals"]["cancelled"]),
    ]
    return {"month": month, "last_year": last_year, "totals": totals, "sections": sections}


def month_report_sheets(report):
    """The report as XLSX sheets (outreach.exports: formula-like cells neutralised)."""
    from outreach.exports import Sheet

    month, last_year = report["month"], report["last_year"]
    this, that = f"{month:%Y年%m月}", f"{last_year:%Y年%m月}"
    sheets = [
        Sheet(
            title=str(_("总览")),
            header=[str(_("项目")), this, that],
            rows=[[str(label), a, b] for label, a, b in report["totals"]],
        )
    ]
    for section in report["sections"]:
        sheets.append(
            Sheet(
                title=str(section["title"]),
                header=[
                    str(_("分类")),
                    f"{this}{_('团体')}",
                    f"{this}{_('人数')}",
                    f"{that}{_('团体')}",
                    f"{that}{_('人数')}",
                ],
                rows=[list(row) for row in section["rows"]],
            )
        )
    return sheets
