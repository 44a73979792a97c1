"""What the science-education base puts on its staff's workbench (outreach.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.workbench import Item, provider

from . import services
from .models import Booking, Status
from .permissions import is_base_staff


@provider("bookings.to_decide", part=_("科普教育基地"), order=10)
def bookings_to_decide(user, today):
    """Pending bookings holding places (the waiting list is not yet to decide), as the queue
    screen lists them; the ones past the flag line urgent."""
    if not is_base_staff(user):
        return []
    created = list(
        Booking.objects.holding().filter(status=Status.PENDING).values_list("created_at", flat=True)
    )
    overdue_before = services.pending_overdue_before(today=today)
    overdue = sum(1 for at in created if timezone.localtime(at).date() < overdue_before)
    note = _("其中 %(n)d 条已超过审核时限") % {"n": overdue} if overdue else ""
    return [
        Item(
            _("待审核的参观预约"),
            len(created),
            reverse("bookings_admin:queue"),
            note=note,
            urgent=bool(overdue),
        ),
        Item(_("当日接待与签到"), None, reverse("bookings_admin:day")),
    ]
