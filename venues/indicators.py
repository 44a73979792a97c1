"""What the venues part contributes to the plan dashboard (outreach.indicators)."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source, year_start

from .models import HazardReport, HazardReportEvent, Venue
from .models.reports import ReportStatus

# How long a township has to take up a hazard report (verify or turn it down).
DEFAULT_HANDLING_HOURS = 72


def handling_limit():
    return datetime.timedelta(hours=getattr(settings, "VENUES_REPORT_HANDLING_HOURS", DEFAULT_HANDLING_HOURS))


@source(
    "venues.posters_current",
    label=gettext_lazy("张贴的海报与当前三提示一致的人员密集场所"),
    unit="%",
    townships=True,
    history=False,
)
def posters_current(on, details=False):
    """Open venues whose last printed poster carries the current content version, of all
    open venues (never printed counts as not current). Posters are not dated history, so
    this reads the venues as they are now, whatever `on`."""
    current = Q(printed_version__isnull=False, printed_version__gte=F("content_version"))
    open_venues = Venue.objects.filter(is_open=True).order_by()
    per_township = open_venues.values("township_id").annotate(n=Count("pk"), ok=Count("pk", filter=current))
    by_township = {row["township_id"]: (row["ok"], row["n"]) for row in per_township}
    reading = Reading(
        value=sum(ok for ok, _n in by_township.values()),
        total=sum(n for _ok, n in by_township.values()),
        by_township=by_township,
        rows_title=_("需要打印或重印海报的场所"),
    )
    if details:
        behind = (
            open_venues.exclude(current).select_related("township").order_by("township__sort_order", "name")
        )
        reading.rows = [
            Row(
                label=venue.name,
                note=_("从未生成海报") if venue.printed_version is None else _("需要重印"),
                url=reverse("venues_admin:venue_posters", args=[venue.pk]),
                township=venue.township.name,
                township_id=venue.township_id,
            )
            for venue in behind
        ]
    return reading


@source(
    "venues.reports_handled",
    label=gettext_lazy("在时限内受理的隐患举报"),
    unit="%",
    townships=True,
)
def reports_handled(on, details=False):
    """Hazard reports of `on`'s year whose first step out of "new" (verified or turned
    down) came within the handling limit, of the reports whose limit had run out by the
    end of `on` or that were handled by then.

    Counted per township in the database (one query; the late and unhandled reports are a
    second one with `details`): whether a report was taken up in time is an EXISTS over its
    events, so no report's dates travel to Python."""
    limit = handling_limit()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(year_start(on), datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    reports = HazardReport.objects.filter(created_at__gte=start, created_at__lt=end).order_by()
    # Taken up by the end of `on`: a step out of "new" before then; in time: one within the limit.
    steps = HazardReportEvent.objects.filter(report=OuterRef("pk"), from_status=ReportStatus.NEW, at__lt=end)
    handled = Exists(steps)
    in_time = Exists(steps.filter(at__lte=OuterRef("created_at") + limit))
    # A report still new and still within its limit is neither on time nor late yet.
    counted = Q(handled) | Q(created_at__lt=end - limit)
    per_township = reports.values("venue__township_id").annotate(
        n=Count("pk", filter=counted), ok=Count("pk", filter=Q(in_time))
    )
    by_township = {row["venue__township_id"]: (row["ok"], row["n"]) for row in per_township if row["n"]}
    rows = []
    if details:
        behind = (
            reports.filter(counted)
            .exclude(in_time)
            .annotate(handled=handled)
            .order_by("created_at")
            .values(
                "pk", "handled", "lookup_code", "venue__name", "venue__township_id", "venue__township__name"
            )
        )
        rows = [
            Row(
                label=f"{report['venue__name']} · {report['lookup_code']}",
                note=_("超时受理") if report["handled"] else _("超过时限仍未受理"),
                url=reverse("venues_admin:report", args=[report["pk"]]),
                township=report["venue__township__name"],
                township_id=report["venue__township_id"],
            )
            for report in behind
        ]
    return Reading(
        value=sum(v for v, _t in by_township.values()),
        total=sum(t for _v, t in by_township.values()),
        by_township=by_township,
        rows=rows,
        rows_title=_("超时或未受理的举报"),
        url=reverse("venues_admin:reports"),
    )
