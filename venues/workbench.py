"""What the venues part puts on the workbench (outreach.workbench): hazard reports to
handle, and the way to one's venues and posters."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outreach import roles
from outreach.access import has_role
from outreach.workbench import Item, provider

from .models import HazardReport
from .models.reports import ReportStatus
from .permissions import handles_reports


@provider("venues.reports", part=_("人员密集场所"), order=30)
def venue_items(user, today):
    items = []
    if handles_reports(user):
        new = HazardReport.objects.visible_to(user).filter(status=ReportStatus.NEW).count()
        items.append(Item(_("待处理的隐患举报"), new, reverse("venues_admin:reports"), urgent=bool(new)))
    if has_role(user, roles.VENUE_MANAGER):
        items.append(Item(_("我管理的场所与海报"), None, reverse("wagtailsnippets_venues_venue:list")))
    return items
