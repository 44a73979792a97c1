"""What activities add to the coverage ledger (campaigns.coverage): approved activities and
their audience per 五进 setting × township, held within the ledger's period.

An activity tagged for two settings counts in both rows; the totals count it once, as the
ledger does for published items. Every activity has a township, so nothing falls in the
county-wide column. Three grouped queries per figure, whatever the number of activities.
"""

from django.db.models import Count, Sum
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.coverage import Figure, FigureCounts

from .models import Activity


def held(start, end):
    return Activity.objects.approved().filter(date__gte=start, date__lte=end).order_by()


def _counts(start, end, measure):
    counts = FigureCounts()
    activities = held(start, end)
    for row in activities.values("outreach_settings__code", "township__code").annotate(n=measure):
        if row["outreach_settings__code"]:
            counts.cells[(row["outreach_settings__code"], row["township__code"])] += row["n"] or 0
    for row in activities.values("outreach_settings__code").annotate(n=measure):
        if row["outreach_settings__code"]:
            counts.row_totals[row["outreach_settings__code"]] += row["n"] or 0
    # Margins without the settings join, so an activity of two settings counts once.
    plain = Count("pk") if measure.name == "Count" else Sum("audience")
    for row in activities.values("township__code").annotate(n=plain):
        counts.column_totals[row["township__code"]] += row["n"] or 0
    counts.total = activities.aggregate(n=plain)["n"] or 0
    return counts


def count_activities(start, end):
    return _counts(start, end, Count("pk", distinct=True))


def count_audience(start, end):
    return _counts(start, end, Sum("audience"))


ACTIVITIES = Figure(
    "activities",
    _("宣传活动场次（已审核）"),
    count_activities,
    items_url=reverse_lazy("activities_admin:list"),
)
AUDIENCE = Figure(
    "audience", _("受众人次（已审核）"), count_audience, items_url=reverse_lazy("activities_admin:list")
)
