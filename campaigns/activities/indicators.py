"""What activities and trainings contribute to the plan dashboard (outreach.indicators).

Each number is read as of the day asked, from 1 January of its year, so a snapshot never
counts what came later: an activity counts once it was held *and* approved by that day;
a trainee once they signed in by that day.
"""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source, year_start

from . import keyunits
from .models import Activity, TrainingCategory


def _activities(on):
    return Activity.objects.counted_on(year_start(on), on).order_by()


def _by_setting(queryset, measure):
    from campaigns.models import OutreachSetting

    labels = {s.code: str(s) for s in OutreachSetting.objects.in_order()}
    breakdown = dict.fromkeys(labels.values(), 0)
    for row in queryset.values("outreach_settings__code").annotate(n=measure):
        if row["outreach_settings__code"] in labels:
            breakdown[labels[row["outreach_settings__code"]]] = row["n"] or 0
    return breakdown


@source("activities.count", label=gettext_lazy("宣传活动场次"), unit="场", townships=True)
def activity_count(on, details=False):
    activities = _activities(on)
    by_township = {
        row["township"]: (row["n"], None) for row in activities.values("township").annotate(n=Count("pk"))
    }
    return Reading(
        value=activities.count(),
        by_township=by_township,
        breakdown=_by_setting(activities, Count("pk", distinct=True)),
        url=reverse("activities_admin:list"),
    )


@source("activities.audience", label=gettext_lazy("受众人次"), unit="人次", townships=True)
def audience(on, details=False):
    activities = _activities(on)
    by_township = {
        row["township"]: (row["n"] or 0, None)
        for row in activities.values("township").annotate(n=Sum("audience"))
    }
    return Reading(
        value=activities.aggregate(n=Sum("audience"))["n"] or 0,
        by_township=by_township,
        breakdown=_by_setting(activities, Sum("audience")),
        url=reverse("activities_admin:list"),
    )


def _trainees(on):
    return keyunits.signed_in_this_year(on).order_by()


@source("activities.trainees", label=gettext_lazy("培训人次"), unit="人次", townships=True)
def trainees(on, details=False):
    attendances = _trainees(on)
    by_township = {
        row["session__township"]: (row["n"], None)
        for row in attendances.values("session__township").annotate(n=Count("pk"))
    }
    breakdown = {category.name: 0 for category in TrainingCategory.objects.all()}
    for row in attendances.values("category__name").annotate(n=Count("pk")):
        breakdown[row["category__name"]] = row["n"]
    return Reading(
        value=attendances.count(),
        by_township=by_township,
        breakdown=breakdown,
        url=reverse("activities_admin:trainings"),
    )


def _group_trainees(on, group):
    attendances = _trainees(on).filter(category__plan_group=group)
    by_township = {
        row["session__township"]: (row["n"], None)
        for row in attendances.values("session__township").annotate(n=Count("pk"))
    }
    breakdown = {
        row["category__name"]: row["n"]
        for row in attendances.values("category__name", "category__sort_order")
        .annotate(n=Count("pk"))
        .order_by("category__sort_order")
    }
    return Reading(
        value=sum(breakdown.values()),
        by_township=by_township,
        breakdown=breakdown,
        url=reverse("activities_admin:trainings"),
    )


# The plan's tasks 30 and 31 count their own groups of trainees: the categories say which
# group they belong to (TrainingCategory.plan_group), so a new category is counted by data.
@source(
    "activities.cadre_training",
    label=gettext_lazy("党政领导干部和乡镇负责人培训人次"),
    unit="人次",
    townships=True,
)
def cadre_training(on, details=False):
    return _group_trainees(on, TrainingCategory.CADRE)


@source(
    "activities.industry_training", label=gettext_lazy("行业和企业单位培训人次"), unit="人次", townships=True
)
def industry_training(on, details=False):
    return _group_trainees(on, TrainingCategory.INDUSTRY)


@source("activities.key_unit_coverage", label=gettext_lazy("重点单位培训覆盖率"), unit="%", townships=True)
def key_unit_coverage(on, details=False):
    rows, townships = keyunits.coverage(on)
    rows_out = []
    if details:
        for row in rows:
            if not row.covered:
                missing = [] if row.responsible else [str(gettext_lazy("责任人"))]
                missing += [] if row.manager else [str(gettext_lazy("管理人"))]
                rows_out.append(
                    Row(
                        label=row.unit.name,
                        note="、".join(missing) + str(gettext_lazy("今年未参加培训")),
                        url=reverse("activities_admin:key_units") + f"?township={row.unit.township_id}",
                        township=row.unit.township.name,
                        township_id=row.unit.township_id,
                    )
                )
    return Reading(
        value=sum(row.covered for row in rows),
        total=len(rows),
        by_township={township.pk: counts for township, counts in townships.items()},
        rows=rows_out,
        rows_title=str(gettext_lazy("责任人、管理人今年尚未都参加培训的重点单位")),
        url=reverse("activities_admin:key_units"),
    )
