"""The dashboard as the screens, the report and the exports share it."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from . import charts
from .evaluation import STATUS_ORDER, Status, Verdict, attach_history, evaluate, verdict
from .models import Assessment, Indicator
from .services import history, year_ago

ARCHIVE_WINDOW = datetime.timedelta(days=31)


@dataclass
class Dashboard:
    plan: object
    on: datetime.date
    results: list
    counts: list = field(default_factory=list)  # (status, label, n)

    @property
    def time_percent(self):
        return round(self.plan.elapsed_share(self.on) * 100, 1)


def build(plan, on=None, *, public=False, details=False, only=None):
    """Every indicator of the plan on `on`, with bars, small multiples and sparklines.

    A fixed number of queries: indicators, their yearly targets, townships, the reported
    values, the last year of snapshots, and each source's own fixed count."""
    on = on or timezone.localdate()
    indicators = Indicator.objects.filter(plan=plan).for_dashboard()
    if public:
        indicators = indicators.filter(is_public=True)
    if only is not None:
        indicators = indicators.filter(pk=only.pk)
    snapshots = list(history(plan, year_ago(on)).filter(taken_on__lte=on))
    archived = {}
    if on < timezone.localdate() and not details:
        # A past date reads the last snapshot within a month before it, when there is one.
        for snapshot in snapshots:
            if snapshot.taken_on >= on - ARCHIVE_WINDOW:
                archived[snapshot.indicator_id] = snapshot
    results = evaluate(indicators, on, details=details, archived=archived)
    attach_history(results, snapshots)
    for result in results:
        result.bar = charts.progress_bar(result)
        result.minis = charts.small_multiples(result)
        result.spark = charts.sparkline(result)
    tally = Counter(result.status for result in results)
    counts = [(status, Status(status).label, tally[status]) for status in reversed(STATUS_ORDER)]
    return Dashboard(plan=plan, on=on, results=results, counts=counts)


@dataclass
class ReportGroup:
    verdict: str
    label: str
    results: list


def evaluation_report(plan, on):
    """The evaluation's groups (met early, on schedule, lagging, no data) with each
    indicator's causes and measures for the year of `on`."""
    dashboard = build(plan, on)
    assessments = {
        a.indicator_id: a
        for a in Assessment.objects.filter(indicator__plan=plan, year=on.year).select_related("entered_by")
    }
    groups = {v: ReportGroup(v, Verdict(v).label, []) for v in Verdict.values}
    for result in dashboard.results:
        result.verdict = verdict(result)
        result.assessment = assessments.get(result.indicator.pk)
        groups[result.verdict].results.append(result)
    return dashboard, [groups[v] for v in Verdict.values]


def report_kind(plan, on):
    """中期评估 around the middle of the plan period, 年度评估 otherwise."""
    share = plan.elapsed_share(on)
    from django.utils.translation import gettext as _

    if 0.4 <= share <= 0.6:
        return _("中期评估")
    if share >= 1:
        return _("总结评估")
    return _("年度评估")
