"""What the culture streets put on the workbench (outreach.workbench): damage reports to
answer, elements overdue for inspection, streets waiting for acceptance, and the way in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outreach.access import access
from outreach.workbench import Item, provider

from .county import overdue_elements
from .models import DamageReport, ReportStatus, StreetPage, StreetStatus
from .permissions import can_review, keeps_streets, street_scope


@provider("streets.upkeep", part=_("消防文化街"), order=50)
def street_items(user, today):
    if not keeps_streets(user):
        return []
    township_id = access(user).township_id
    own = None
    if township_id and not can_review(user):
        own = StreetPage.objects.filter(township_id=township_id).values_list("pk", flat=True).first()
    reports = DamageReport.objects.filter(
        street_scope(user, field="element__street__township"), status=ReportStatus.NEW
    ).count()
    reports_url = (
        reverse("streets:manage_street", args=[own]) + "#reports" if own else reverse("streets:manage")
    )
    overdue = len(overdue_elements(street_scope(user, field="street__township"), today))
    items = [
        Item(_("待处理的文化街报修"), reports, reports_url, urgent=bool(reports)),
        Item(_("逾期未检查的街区元素"), overdue, reverse("streets:manage_overdue"), urgent=bool(overdue)),
    ]
    if can_review(user):
        requested = StreetPage.objects.filter(street_scope(user), status=StreetStatus.REQUESTED).count()
        items.append(Item(_("等待验收的文化街"), requested, reverse("streets:manage")))
    if own:
        items.append(Item(_("我乡镇的文化街"), None, reverse("streets:manage_street", args=[own])))
    items.append(Item(_("文化街与文化墙"), None, reverse("streets:manage")))
    return items
