"""What activities and trainings contribute to the plan dashboard (outreach.indicators).

Each number is read as of the day asked, from 1 January of its year, so a snapshot never
counts what came later: an activity counts once it was held *and* approved by that day;
a trainee once they signed in by that day.
"""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, shared, source, year_start

from . import keyunits
from .models import Activity, TrainingCategory


def _activities(on):
    return Activity.objects.counted_on(year_start(on), on).order_by()


@shared
def _held(on):
    """Activities counted by `on` and their audience: in all, by township and by 五进
    setting (an activity of two settings counts in both). Four queries, shared by the two
    sources when the dashboard reads both."""
    from campaigns.models import OutreachSetting

    activities = _activities(on)
    measures = {"count": Count("pk", distinct=True), "audience": Sum("audience")}
    totals = activities.aggregate(count=Count("pk"), audience=Sum("audience"))
    by_township = list(activities.values("township").annotate(**measures))
    labels = {s.code: str(s) for s in OutreachSetting.objects.in_order()}
    by_setting = {label: {"count": 0, "audience": 0} for label in labels.values()}
    for row in activities.values("outreach_settings__code").annotate(**measures):
        if row["outreach_settings__code"] in labels:
            by_setting[labels[row["outreach_settings__code"]]] = row
    return totals, by_township, by_setting


def _activity_reading(on, measure):
    totals, by_township, by_setting = _held(on)
    return Reading(
        value=totals[measure] or 0,
        by_township={row["township"]: (row[measure] or 0, None) for row in by_township},
        breakdown={label: row[measure] or 0 for label, row in by_setting.items()},
        url=reverse("activities_admin:list"),
    )


@source("activities.count", label=gettext_lazy("宣传活动场次"), unit="场", townships=True)
def activity_count(on, details=False):
    return _activity_reading(on, "count")


@source("activities.audience", label=gettext_lazy("受众人次"), unit="人次", townships=True)
def audience(on, details=False):
    return _activity_reading(on, "audience")


def _trainees(on):
    return keyunits.signed_in_this_year(on).order_by()


@shared
def _trained(on):
    """Trainees by township and by category, each with the category's plan group: two
    queries, shared by the three training sources when the dashboard reads them all."""
    attendances = _trainees(on)
    by_township = list(
        attendances.values("session__township", "category__plan_group").annotate(n=Count("pk"))
    )
    by_category = list(
        attendances.values("category__name", "category__sort_order", "category__plan_group")
        .annotate(n=Count("pk"))
        .order_by("category__sort_order")
    )
    return by_township, by_category


def _trainee_reading(on, group=None):
    """Every trainee (group None: each category listed, those without trainees too), or
    one plan group's."""
    township_rows, category_rows = _trained(on)
    by_township, breakdown = {}, {}
    if group is None:
        breakdown = {category.name: 0 for category in TrainingCategory.objects.all()}
    for row in township_rows:
        if group is None or row["category__plan_group"] == group:
            counted = by_township.get(row["session__township"], (0, None))[0]
            by_township[row["session__township"]] = (counted + row["n"], None)
    for row in category_rows:
        if group is None or row["category__plan_group"] == group:
            breakdown[row["category__name"]] = breakdown.get(row["category__name"], 0) + row["n"]
    return Reading(
        value=sum(breakdown.values()),
        by_township=by_township,
        breakdown=breakdown,
        url=reverse("activities_admin:trainings"),
    )


@source("activities.trainees", label=gettext_lazy("培训人次"), unit="人次", townships=True)
def trainees(on, details=False):
    return _trainee_reading(on)


# The plan's tasks 30 and 31 count their own groups of trainees: the categories say which
# group they belong to (TrainingCategory.plan_group), so a new category is counted by data.
@source(
    "activities.cadre_training",
    label=gettext_lazy("党政领导干部和乡镇负责人培训人次"),
    unit="人次",
    townships=True,
)
def cadre_training(on, details=False):
    return _trainee_reading(on, TrainingCategory.CADRE)


@source(
    "activities.industry_training", label=gettext_lazy("行业和企业单位培训人次"), unit="人次", townships=True
)
def industry_training(on, details=False):
    return _trainee_reading(on, TrainingCategory.INDUSTRY)


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
