"""Figures for the plan dashboard and the organisers' overview."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..models import Signup, Volunteer


def volunteers_registered(township=None):
    qs = Volunteer.objects.current()
    return qs.filter(township=township).count() if township else qs.count()


def volunteers_active(year):
    """Volunteers (deleted ones included, anonymously) with confirmed hours in the year."""
    return (
        Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED, shift__starts_at__year=year)
        .values("volunteer")
        .distinct()
        .count()
    )


def confirmed_hours(year=None):
    qs = Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED)
    if year:
        qs = qs.filter(shift__starts_at__year=year)
    return Decimal(qs.aggregate(total=Sum("hours"))["total"] or 0).quantize(Decimal("0.1"))


def by_township(year=None):
    """[{township, registered, hours}] for every township (one query each kind)."""
    from outreach.models import Township

    hours_filter = Q(volunteers__signups__hours_status=Signup.HOURS_CONFIRMED)
    if year:
        hours_filter &= Q(volunteers__signups__shift__starts_at__year=year)
    registered = dict(
        Township.objects.annotate(
            n=Count("volunteers", filter=Q(volunteers__deleted_at__isnull=True))
        ).values_list("pk", "n")
    )
    hours = dict(
        Township.objects.annotate(h=Sum("volunteers__signups__hours", filter=hours_filter)).values_list(
            "pk", "h"
        )
    )
    return [
        {"township": t, "registered": registered.get(t.pk, 0), "hours": hours.get(t.pk) or Decimal(0)}
        for t in Township.objects.all()
    ]
