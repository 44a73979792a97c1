"""Every indicator on a date: its value, where it should be by now, and its status.

Progress is measured the way a plan evaluation asks (时间过半、任务过半): the share of the
way from the baseline to the target that has been covered, against the share that should
have been covered by now (the straight line through the yearly targets). The indicator is
on track when its progress reaches `on_track_ratio` percent of the expected progress,
needs attention down to `attention_ratio`, and is behind below that. No value is "无数据"
and an unverified reported value "未核实": neither is ever shown as success.

`evaluate` reads every source once, whatever the number of indicators that share it, and
the reported values with one query, so the dashboard costs a fixed number of queries.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach import indicators as registry
from outreach.models import Township

from .models import Aggregate, Measurement, ReportedStatus, ReportedValue, Status

HUNDRED = Decimal(100)
logger = logging.getLogger(__name__)


# Only these are drawn green; everything else is amber, red or grey.
GREEN = frozenset({Status.MET, Status.ON_TRACK})
STATUS_ORDER = [
    Status.BEHIND,
    Status.ATTENTION,
    Status.UNVERIFIED,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.MET,
]


def q(value, places="0.1"):
    return None if value is None else Decimal(value).quantize(Decimal(places))


def progress_of(indicator, value):
    """Share of the way from baseline to target covered by value (may be < 0 or > 1)."""
    span = Decimal(indicator.target) - Decimal(indicator.baseline)
    if not span:
        # A carried-over indicator whose new target is not entered yet equals its baseline.
        return Decimal(1) if Decimal(value) >= Decimal(indicator.target) else Decimal(0)
    return (Decimal(value) - Decimal(indicator.baseline)) / span


def status_for(indicator, actual, expected):
    """The status of `actual` against the target and the value `expected` by now."""
    if actual is None:
        return Status.NO_DATA
    if progress_of(indicator, actual) >= 1:
        return Status.MET
    expected_progress = progress_of(indicator, expected)
    if expected_progress <= 0:
        return Status.ON_TRACK  # nothing was due yet
    ratio = progress_of(indicator, actual) / expected_progress * HUNDRED
    if ratio >= indicator.on_track_ratio:
        return Status.ON_TRACK
    if ratio >= indicator.attention_ratio:
        return Status.ATTENTION
    return Status.BEHIND


def actual_from(indicator, value, total):
    if value is None:
        return None
    if indicator.aggregate == Aggregate.SHARE:
        return registry.share(value, total)
    return Decimal(value)


@dataclass
class TownshipResult:
    township: Township
    actual: Decimal | None
    value: object = None
    total: object = None
    status: str | None = Status.NO_DATA  # None: shown, not judged

    @property
    def status_label(self):
        return Status(self.status).label if self.status else ""

    @property
    def is_green(self):
        return self.status in GREEN


@dataclass
class Result:
    indicator: object
    on: object
    actual: Decimal | None
    expected: Decimal
    status: str
    value: object = None
    total: object = None
    reading: registry.Reading | None = None
    source_label: str = ""
    verified: ReportedValue | None = None  # the reported value the actual comes from
    pending: ReportedValue | None = None  # a newer value awaiting review
    townships: list = field(default_factory=list)
    history: list = field(default_factory=list)  # Snapshot, oldest first
    archived_on: object = None  # the snapshot's day, when read from one
    no_history: bool = False  # the source only knows today and no snapshot of `on` exists
    final: object = None  # the FinalValue, when read from a closed plan's evaluation

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_green(self):
        return self.status in GREEN

    @property
    def progress(self):
        """Share of the task done, 0–1, for the bar (None without data)."""
        if self.actual is None:
            return None
        return min(Decimal(1), max(Decimal(0), progress_of(self.indicator, self.actual)))

    @property
    def expected_progress(self):
        return min(Decimal(1), max(Decimal(0), progress_of(self.indicator, self.expected)))

    @property
    def time_share(self):
        return self.indicator.plan.elapsed_share(self.on)

    @property
    def is_live(self):
        return self.indicator.measurement == Measurement.LIVE

    @property
    def end_verdict(self):
        """At the plan's end, whether its target was achieved (a status alone would call
        93% of the target 进度正常 when no time is left); None during the plan."""
        if self.on < self.indicator.plan.end:
            return None
        v = verdict(self)
        return Verdict(v).label if v != Verdict.UNKNOWN else None


PRESENT_ONLY = object()


def _read(source, on, details):
    """A failing source shows as no data (never as success) and is logged; the rest of
    the dashboard still renders."""
    try:
        return source.read(on, details=details)
    except Exception:
        logger.exception("indicator source %s failed", source.key)
        return None


def _reported(indicators, on):
    """{indicator id: (latest verified, newer pending)} with one query."""
    ids = [i.pk for i in indicators if i.measurement == Measurement.REPORTED]
    found = defaultdict(lambda: [None, None])
    if not ids:
        return found
    values = (
        ReportedValue.objects.filter(indicator_id__in=ids, as_of__lte=on)
        .exclude(status=ReportedStatus.REJECTED)
        .order_by("as_of", "entered_at", "pk")
    )
    for reported in values:
        slot = found[reported.indicator_id]
        if reported.status == ReportedStatus.VERIFIED:
            slot[0] = reported
            slot[1] = None  # a later verified value supersedes an older pending one
        else:
            slot[1] = reported
    return found


def evaluate(indicators, on, *, details=False, townships=None, archived=None, stored=None):
    """A Result per indicator on `on` (each source read once; details: drill-down rows).

    `stored` maps a source key to a Reading already read (outreach.plan.readings): that
    source is not read again.

    `archived` maps an indicator id to the snapshot a past date should be read from: the
    records as they stood then, rather than today's records read back in time (a
    source only knows the present for some things, such as which posters are printed)."""
    indicators = list(indicators)
    archived = archived or {}
    stored = stored or {}
    in_past = on < timezone.localdate()
    if townships is None:
        townships = list(Township.objects.filter(is_active=True).order_by("sort_order", "name"))
    readings = {}
    live = [
        i for i in indicators if i.measurement == Measurement.LIVE and i.source_key and i.pk not in archived
    ]
    with registry.reading():
        for key in {i.source_key for i in live}:
            source = registry.get(key)
            if source is not None and key in stored:
                readings[key] = (source, stored[key])
                continue
            if source is not None and in_past and not source.knows_past:
                # Reading it would return today's records under a past date.
                readings[key] = (source, PRESENT_ONLY)
                continue
            readings[key] = (source, _read(source, on, details) if source else None)
    reported = _reported(indicators, on)
    results = []
    for indicator in indicators:
        expected = indicator.expected_value(on)
        result = Result(indicator=indicator, on=on, actual=None, expected=expected, status=Status.NO_DATA)
        if indicator.pk in archived and indicator.measurement == Measurement.LIVE:
            _from_snapshot(result, archived[indicator.pk], townships)
        elif indicator.measurement == Measurement.LIVE:
            source, reading = readings.get(indicator.source_key, (None, None))
            if source is not None:
                result.source_label = source.label
            if reading is PRESENT_ONLY:
                result.no_history = True
                reading = None
            if reading is not None and reading.has_data:
                result.reading = reading
                result.value, result.total = reading.value, reading.total
                result.actual = actual_from(indicator, reading.value, reading.total)
                result.townships = _townships(indicator, reading, townships, expected)
            elif reading is not None:
                result.reading = reading
            result.status = status_for(indicator, result.actual, expected)
        else:
            verified, pending = reported[indicator.pk]
            result.verified, result.pending = verified, pending
            if verified is not None:
                result.actual = Decimal(verified.value)
                result.status = status_for(indicator, result.actual, expected)
            elif pending is not None:
                result.status = Status.UNVERIFIED
        results.append(result)
    return results


def _from_snapshot(result, snapshot, townships):
    indicator, expected = result.indicator, result.expected
    result.archived_on = snapshot.taken_on
    result.value, result.total = snapshot.value, snapshot.total
    result.actual = snapshot.actual
    result.status = status_for(indicator, result.actual, expected)
    result.townships = townships_from_stored(indicator, snapshot.by_township, townships, expected)


def stored_townships(result):
    """A result's township figures as a snapshot or a final value keeps them."""
    return {str(t.township.pk): str(t.actual) for t in result.townships if t.actual is not None}


def townships_from_stored(indicator, by_township, townships, expected):
    """TownshipResults from what `stored_townships` kept (none when it kept none): a count
    is shown, not judged; a share is judged against the county's expected value."""
    if not by_township:
        return []
    rows = []
    for township in townships:
        raw = by_township.get(str(township.pk))
        actual = None if raw in (None, "None") else Decimal(raw)
        judged = indicator.aggregate == Aggregate.SHARE or actual is None
        status = status_for(indicator, actual, expected) if judged else None
        rows.append(TownshipResult(township, actual, status=status))
    return rows


def _townships(indicator, reading, townships, expected):
    if not reading.by_township:
        return []
    rows = []
    for township in townships:
        value, total = reading.by_township.get(township.pk, (None, None))
        if indicator.aggregate == Aggregate.SHARE:
            actual = registry.share(value, total)
            status = status_for(indicator, actual, expected)
        else:
            actual = None if value is None else Decimal(value)
            # A township's count is not the county's target: show it, judge nothing.
            status = Status.NO_DATA if actual is None else None
        rows.append(TownshipResult(township, actual, value, total, status))
    return rows


def attach_history(results, snapshots):
    by_indicator = defaultdict(list)
    for snapshot in snapshots:
        by_indicator[snapshot.indicator_id].append(snapshot)
    for result in results:
        result.history = by_indicator.get(result.indicator.pk, [])
    return results


class Verdict(models.TextChoices):
    """The evaluation report's groups: during the plan, met early / on schedule / lagging;
    at its end, achieved / not achieved; and the group it must not hide."""

    EARLY = "early", _("提前完成")
    ON_SCHEDULE = "on_schedule", _("符合进度")
    LAGGING = "lagging", _("进度滞后")
    ACHIEVED = "achieved", _("完成规划目标")
    MISSED = "missed", _("未完成规划目标")
    UNKNOWN = "unknown", _("无数据或未核实")


DURING = [Verdict.EARLY, Verdict.ON_SCHEDULE, Verdict.LAGGING, Verdict.UNKNOWN]
AT_END = [Verdict.ACHIEVED, Verdict.MISSED, Verdict.UNKNOWN]


def verdicts_for(plan, on):
    return AT_END if on >= plan.end else DURING


def verdict(result):
    at_end = result.on >= result.indicator.plan.end
    if result.status == Status.MET:
        return Verdict.ACHIEVED if at_end else Verdict.EARLY
    if result.status in (Status.ON_TRACK, Status.ATTENTION, Status.BEHIND):
        if at_end:
            return Verdict.MISSED  # the period is over: short of the target is not achieved
        return Verdict.ON_SCHEDULE if result.status == Status.ON_TRACK else Verdict.LAGGING
    return Verdict.UNKNOWN
