"""What the plan puts on the workbench (outreach.workbench): values a responsible unit
still has to report this year, and reported values waiting for a reviewer."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outreach.workbench import Item, provider

from .models import Indicator, Measurement, ReportedStatus, ReportedValue
from .permissions import can_review, unit_ids
from .services import current_plan


def values_to_enter(user, today, plan):
    """The unit's reported indicators with nothing pending or verified for this year: never
    reported, or the last value returned by the reviewer."""
    units = unit_ids(user)
    if not units:
        return Indicator.objects.none()
    standing = ReportedValue.objects.filter(
        indicator=OuterRef("pk"),
        as_of__year=today.year,
        status__in=(ReportedStatus.PENDING, ReportedStatus.VERIFIED),
    )
    return (
        Indicator.objects.filter(responsible_unit_id__in=units, measurement=Measurement.REPORTED)
        .filter(plan=plan)
        .exclude(Exists(standing))
        .order_by("code")
    )


@provider("plan.values", part=_("规划指标"), order=60)
def plan_items(user, today):
    reviewer = can_review(user)
    if not (reviewer or unit_ids(user)):
        return []
    plan = current_plan()
    if plan is None:
        return []
    items = []
    dashboard = reverse("plan_admin:dashboard")
    if unit_ids(user):
        codes = list(values_to_enter(user, today, plan).values_list("code", flat=True))
        url = reverse("plan_admin:enter_value", args=[codes[0]]) if len(codes) == 1 else dashboard
        items.append(
            Item(_("本年度待填报的指标"), len(codes), url, note=_("已退回的需重新填报") if codes else "")
        )
    if reviewer:
        pending = ReportedValue.objects.filter(indicator__plan=plan, status=ReportedStatus.PENDING).count()
        items.append(Item(_("待核实的填报数值"), pending, dashboard, urgent=bool(pending)))
    items.append(Item(_("规划指标看板"), None, dashboard))
    return items
