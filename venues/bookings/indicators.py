"""What the base contributes to the plan dashboard (outreach.indicators): groups and
persons who visited it this year, by 五进 setting and township.

A visit is a group checked in at the door, counted on its visit day, from 1 January to
the day asked for, so a snapshot taken on a date never counts later visits.
"""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, shared, source, year_start

from .models import SETTING_LABELS, SETTING_OF, Booking, Status


def _visits(on):
    return Booking.objects.filter(status=Status.CHECKED_IN, slot__start__date__range=(year_start(on), on))


@shared
def _tallies(on):
    """Groups and persons by organisation kind and by township: two queries, shared by
    the two sources when the dashboard reads both."""
    visits = _visits(on).order_by()
    measures = {"groups": Count("pk"), "persons": Coalesce(Sum("attended"), 0)}
    by_kind = list(visits.values("org_kind").annotate(**measures))
    by_township = list(visits.exclude(township=None).values("township_id").annotate(**measures))
    return by_kind, by_township


def _reading(on, measure, details):
    by_kind, by_township_rows = _tallies(on)
    breakdown = {}
    for row in by_kind:
        label = str(SETTING_LABELS[SETTING_OF.get(row["org_kind"], "")])
        breakdown[label] = breakdown.get(label, 0) + row[measure]
    by_township = {row["township_id"]: (row[measure], None) for row in by_township_rows}
    reading = Reading(
        value=sum(breakdown.values()),
        breakdown=breakdown,
        by_township=by_township,
        rows_title=_("今年到基地参观的团体"),
        url=reverse("bookings_admin:stats"),
    )
    if details:
        reading.rows = [
            Row(
                label=booking.org_name,
                note=_("%(day)s，%(n)s人")
                % {"day": booking.slot.start.date().isoformat(), "n": booking.attended},
                township=booking.township.name if booking.township else "",
                township_id=booking.township_id,
            )
            for booking in _visits(on).select_related("slot", "township").order_by("-slot__start")
        ]
    return reading


@source("bookings.visits", label=gettext_lazy("科普教育基地接待团体"), unit="个", townships=True)
def visits(on, details=False):
    return _reading(on, "groups", details)


@source("bookings.visitors", label=gettext_lazy("科普教育基地接待人次"), unit="人次", townships=True)
def visitors(on, details=False):
    return _reading(on, "persons", details)
