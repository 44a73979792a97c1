"""What the venues part contributes to the plan dashboard (outreach.indicators)."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source

from .models import HazardReport, Venue
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
    end of `on` or that were handled by then (one query)."""
    limit = handling_limit()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(datetime.date(on.year, 1, 1), datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    reports = (
        HazardReport.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at")
        .annotate(handled_at=Min("events__at", filter=Q(events__from_status=ReportStatus.NEW)))
        .values(
            "pk",
            "created_at",
            "handled_at",
            "lookup_code",
            "venue__name",
            "venue__township_id",
            "venue__township__name",
        )
    )
    counted = {}
    rows = []
    for report in reports:
        deadline = report["created_at"] + limit
        handled = report["handled_at"] is not None and report["handled_at"] < end
        if not handled and deadline >= end:
            continue  # still within its limit: neither on time nor late yet
        in_time = handled and report["handled_at"] <= deadline
        slot = counted.setdefault(report["venue__township_id"], [0, 0])
        slot[0] += in_time
        slot[1] += 1
        if details and not in_time:
            rows.append(
                Row(
                    label=f"{report['venue__name']} · {report['lookup_code']}",
                    note=_("超时受理") if handled else _("超过时限仍未受理"),
                    url=reverse("venues_admin:report", args=[report["pk"]]),
                    township=report["venue__township__name"],
                    township_id=report["venue__township_id"],
                )
            )
    by_township = {key: tuple(value) for key, value in counted.items()}
    return Reading(
        value=sum(v for v, _t in by_township.values()),
        total=sum(t for _v, t in by_township.values()),
        by_township=by_township,
        rows=rows,
        rows_title=_("超时或未受理的举报"),
        url=reverse("venues_admin:reports"),
    )
