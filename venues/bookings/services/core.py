"""What every part of the base's services shares: the errors a rule raises, the cache
generation of the availability page, the lock order for a booking."""

from django.db import transaction
from django.utils.translation import gettext as _

from outreach import capacity
from outreach.cache import Generation

from ..models import Booking

availability = Generation("bookings:availability")


class BookingError(Exception):
    """A rule said no; the message is for the person (Chinese, or English when chosen)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class SlotFull(BookingError):
    def __init__(self, left):
        super().__init__(
            _("这个场次刚刚约满了，只剩 %(left)d 个名额。您可以改选其他场次，或者整团排队候补。")
            % {"left": left}
        )
        self.left = left


def changed():
    """Every booking change makes the anonymous availability page fresh at once."""
    transaction.on_commit(availability.bump)


POOL_KIND = "bookings.visit"


FORM_FIELDS = [
    "org_kind",
    "org_name",
    "school",
    "township",
    "contact_name",
    "mobile",
    "email",
    "visitors",
    "adults",
    "age_band",
    "accessibility",
    "programme",
    "letter",
]


def _locked(booking_id):
    """Lock the booking's pool, then the booking: the capacity service (and the handler it
    calls for this app) always holds the pool before touching a booking, so every path
    takes them in that order."""
    capacity.lock(Booking.objects.values_list("slot__pool_id", flat=True).get(pk=booking_id))
    return Booking.objects.select_for_update(of=("self",)).select_related("slot").get(pk=booking_id)


def audit(instance, verb, user, reason="", **data):
    """A staff decision, in Wagtail's own audit log with its reason (actions registered in
    wagtail_hooks.LOG_ACTIONS), written in the decision's transaction."""
    from wagtail import log_actions

    log_actions.log(instance=instance, action=f"bookings.{verb}", user=user, data={"reason": reason, **data})


def required_reason(reason, field="reason"):
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("请写明原因，会记入操作日志。"), field)
    return reason[:200]
