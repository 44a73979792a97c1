"""What the volunteer part contributes to the plan dashboard (outreach.indicators).

Each number is read as of the day asked for, so a snapshot never counts what came later:
- registered: volunteers registered by that day and not deleted by it;
- active: volunteers with confirmed hours in a shift during the twelve months before it;
- hours: confirmed hours of shifts from 1 January to that day (travel is never in them).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source, year_start

from .models import Signup, Volunteer


def _end_of(day):
    """The first instant after `day`, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _registered_by(on):
    end = _end_of(on)
    return Volunteer.objects.filter(registered_at__lt=end).filter(
        Q(deleted_at__isnull=True) | Q(deleted_at__gte=end)
    )


def _confirmed(start_day, on):
    return Signup.objects.filter(
        hours_status=Signup.HOURS_CONFIRMED,
        shift__starts_at__gte=_start_of(start_day),
        shift__starts_at__lt=_end_of(on),
    )


@source("volunteers.registered", label=gettext_lazy("注册消防志愿者"), unit="人", townships=True)
def registered(on, details=False):
    volunteers = _registered_by(on).order_by()
    by_township = {
        row["township_id"]: (row["n"], None)
        for row in volunteers.values("township_id").annotate(n=Count("pk"))
    }
    return Reading(value=sum(n for n, _total in by_township.values()), by_township=by_township)


@source("volunteers.active", label=gettext_lazy("活跃消防志愿者"), unit="人", townships=True)
def active(on, details=False):
    signups = _confirmed(on - datetime.timedelta(days=365), on).order_by()
    by_township = {
        row["volunteer__township_id"]: (row["n"], None)
        for row in signups.values("volunteer__township_id").annotate(n=Count("volunteer", distinct=True))
    }
    reading = Reading(
        value=signups.values("volunteer").distinct().count(),
        by_township=by_township,
        rows_title=_("近12个月参加过志愿服务的志愿者"),
        url=reverse("volunteers:manage"),
    )
    if details:
        people = (
            Volunteer.objects.filter(signups__in=signups)
            .annotate(hours=Sum("signups__hours", filter=Q(signups__in=signups)))
            .select_related("township")
            .order_by("-hours")
        )
        reading.rows = [
            Row(
                label=str(person),
                note=_("%(h)s小时") % {"h": person.hours},
                township=person.township.name if person.township else "",
                township_id=person.township_id,
            )
            for person in people
        ]
    return reading


@source("volunteers.hours", label=gettext_lazy("消防志愿服务时长"), unit="小时", townships=True)
def hours(on, details=False):
    signups = _confirmed(year_start(on), on).order_by()
    by_township = {
        row["volunteer__township_id"]: (row["h"] or Decimal(0), None)
        for row in signups.values("volunteer__township_id").annotate(h=Sum("hours"))
    }
    total = signups.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    return Reading(value=total, by_township=by_township, url=reverse("volunteers:manage"))
