"""The dashboard as the screens, the report and the exports share it."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Township

from . import charts, readings
from .evaluation import (
    STATUS_ORDER,
    Result,
    Status,
    Verdict,
    attach_history,
    evaluate,
    townships_from_stored,
    verdict,
    verdicts_for,
)
from .models import Aggregate, Assessment, FinalValue, Indicator, Snapshot

ARCHIVE_WINDOW = datetime.timedelta(days=31)
LAGGING = (Status.BEHIND, Status.ATTENTION)


def history(plan, since):
    return Snapshot.objects.filter(indicator__plan=plan, taken_on__gte=since).order_by("taken_on")


def year_ago(on):
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on - datetime.timedelta(days=365)


@dataclass
class StatusGroup:
    status: str
    label: str
    results: list


@dataclass
class Dashboard:
    plan: object
    on: datetime.date
    results: list
    counts: list = field(default_factory=list)  # (status, label, n)
    is_final: bool = False  # the plan's final evaluation (frozen, or computed at its end)
    read_at: datetime.datetime | None = None  # when the stored figures it shows were read
    townships: list = field(default_factory=list)  # the active ones, in order

    @property
    def time_percent(self):
        return round(self.plan.elapsed_share(self.on) * 100, 1)

    @property
    def lagging(self):
        """What a leader reads first: the behind, then those needing attention."""
        order = {status: i for i, status in enumerate(LAGGING)}
        return sorted((r for r in self.results if r.status in order), key=lambda r: order[r.status])

    @property
    def groups(self):
        """Every indicator by status, the worst first; empty statuses left out."""
        found = []
        for status in STATUS_ORDER:
            results = [r for r in self.results if r.status == status]
            if results:
                found.append(StatusGroup(status, Status(status).label, results))
        return found


def _townships():
    return list(Township.objects.filter(is_active=True).order_by("sort_order", "name"))


def _indicators(plan, public, only):
    indicators = Indicator.objects.filter(plan=plan).for_dashboard(with_plan=False)
    if public:
        indicators = indicators.filter(is_public=True)
    if only is not None:
        indicators = indicators.filter(pk=only.pk)
    indicators = list(indicators)
    for indicator in indicators:
        indicator.plan = plan  # the one plan, not a copy per indicator
    return indicators


def _evaluate(plan, on, indicators, *, details, townships, stored=None):
    """Results on `on`; a past day reads the last snapshot within a month before it."""
    snapshots = list(history(plan, year_ago(on)).filter(taken_on__lte=on))
    archived = {}
    if on < timezone.localdate() and not details:
        for snapshot in snapshots:
            if snapshot.taken_on >= on - ARCHIVE_WINDOW:
                archived[snapshot.indicator_id] = snapshot
    results = evaluate(indicators, on, details=details, archived=archived, townships=townships, stored=stored)
    attach_history(results, snapshots)
    return results


def results_at_end(plan):
    """Every indicator of the plan on its last day, from the snapshots and dated records
    of that day (what `close_plan` freezes)."""
    return _evaluate(plan, plan.end, _indicators(plan, False, None), details=False, townships=_townships())


def _from_final(indicators, finals, townships, snapshots):
    results = []
    for indicator in indicators:
        final = finals.get(indicator.pk)
        expected = indicator.expected_value(indicator.plan.end)
        if final is None:
            results.append(
                Result(
                    indicator=indicator,
                    on=indicator.plan.end,
                    actual=None,
                    expected=expected,
                    status=Status.NO_DATA,
                )
            )
            continue
        result = Result(
            indicator=indicator,
            on=final.as_of,
            actual=final.actual,
            expected=final.expected,
            status=final.status,
            value=final.value,
            total=final.total,
        )
        result.final = final
        result.townships = townships_from_stored(indicator, final.by_township, townships, final.expected)
        results.append(result)
    return attach_history(results, snapshots)


def build(plan, on=None, *, public=False, details=False, only=None):
    """Every indicator of the plan on `on`, with bars, small multiples and sparklines.

    A plan whose period is over is read on its last day, never on today's records; a
    closed plan reads its frozen final evaluation. A fixed number of queries: indicators,
    their yearly targets, townships, the reported values, the last year of snapshots,
    and each source's own fixed count."""
    on = on or timezone.localdate()
    on = min(on, plan.end)
    indicators = _indicators(plan, public, only)
    townships = _townships()
    is_final = on >= plan.end and timezone.localdate() > plan.end
    if plan.is_closed and not details:
        on = plan.end
        indicators = list(indicators)
        finals = {f.indicator_id: f for f in FinalValue.objects.filter(indicator__in=indicators)}
        snapshots = history(plan, year_ago(plan.end)).filter(taken_on__lte=plan.end)
        results = _from_final(indicators, finals, townships, snapshots)
        is_final = True
        read_at = None
    else:
        # The public pages use the figures the worker stored; staff read the records.
        stored, read_at = readings.fresh(on) if public and not details else ({}, None)
        results = _evaluate(plan, on, indicators, details=details, townships=townships, stored=stored)
    for result in results:
        result.bar = charts.progress_bar(result)
        result.minis = charts.small_multiples(result)
        result.spark = charts.sparkline(result)
    tally = Counter(result.status for result in results)
    counts = [(status, Status(status).label, tally[status]) for status in reversed(STATUS_ORDER)]
    return Dashboard(
        plan=plan,
        on=on,
        results=results,
        counts=counts,
        is_final=is_final,
        read_at=read_at,
        townships=townships,
    )


@dataclass
class ReportGroup:
    verdict: str
    label: str
    results: list


def evaluation_report(plan, on=None, *, public=False):
    """The evaluation's groups (met early, on schedule, lagging, no data) with each
    indicator's causes and measures for the year evaluated."""
    dashboard = build(plan, on, public=public)
    assessments = {
        a.indicator_id: a
        for a in Assessment.objects.filter(indicator__plan=plan, year=dashboard.on.year).select_related(
            "entered_by"
        )
    }
    shown = verdicts_for(plan, dashboard.on)
    groups = {v: ReportGroup(v, Verdict(v).label, []) for v in shown}
    for result in dashboard.results:
        result.verdict = verdict(result)
        result.assessment = assessments.get(result.indicator.pk)
        groups[result.verdict].results.append(result)
    return dashboard, [groups[v] for v in shown]


def report_kind(plan, on):
    """终期评估 at the end of the plan, 中期评估 around its middle, 年度评估 otherwise."""
    share = plan.elapsed_share(on)
    if share >= 1:
        return _("终期评估")
    if 0.4 <= share <= 0.6:
        return _("中期评估")
    return _("年度评估")


@dataclass
class TownshipLine:
    result: object
    row: object  # TownshipResult or None
    share: float  # 0–1 of the township's own part
    part_label: str  # what the bar is measured against
    fill: str


def township_scorecard(dashboard, township):
    """Each indicator that has figures per township, for one township, each bar scaled to
    the township's own part: a share is out of 100%; a count with a township total (one
    street for one township) is out of that total; other counts are out of the township's
    even share of the county target."""
    lines = []
    n = max(1, len({row.township.pk for r in dashboard.results for row in r.townships}))
    for result in dashboard.results:
        row = next((r for r in result.townships if r.township.pk == township.pk), None)
        if row is None:
            continue
        unit = result.indicator.unit
        if result.indicator.aggregate == Aggregate.SHARE:
            whole = Decimal(100)
            part_label = _("满格为100%")
        elif row.total:
            whole = Decimal(row.total)
            part_label = _("满格为本乡镇应完成的 %(n)s%(u)s") % {"n": charts.amount(whole), "u": unit}
        else:
            whole = Decimal(result.indicator.target) / n
            part_label = _("满格为县目标按乡镇均分的 %(n)s%(u)s") % {"n": charts.amount(whole), "u": unit}
        share = 0.0
        if row.actual is not None and whole:
            share = float(min(Decimal(1), max(Decimal(0), Decimal(row.actual) / whole)))
        fill = charts.colour(row.status if row.status else (Status.MET if share >= 1 else None))
        lines.append(TownshipLine(result, row, share, part_label, fill))
    return lines
