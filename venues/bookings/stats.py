"""Counts of visits for staff screens, exports and the plan dashboard.

A *visit* is a group that was checked in at the door; its visitors are the persons that
came (`attended`). Each function is one aggregate query.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from .models import SETTING_LABELS, SETTING_OF, Booking, Status


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
