"""The base's side of the waiting list: its handler in the capacity service, and the
group's answer to an offer."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity
from outreach.models import Claim

from ..models import ACTIVE, Booking, Status
from .core import BookingError, _locked, changed
from .messages import message


class VisitClaims(capacity.Handler):
    """The base's handler in the capacity service: a claim is a group's booking. Runs inside
    capacity's transaction under the slot pool's lock, so the booking's status and its
    messages commit with the claim or not at all."""

    def _booking(self, claim):
        return (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot")
            .filter(claim_id=claim.pk)
            .first()
        )

    def offered(self, claim):
        booking = self._booking(claim)
        if booking is None or booking.status not in ACTIVE:
            return
        expires = timezone.localtime(claim.offer_expires_at)
        # One message per offer (a claim can be offered again after a resize): the key
        # carries the offer's expiry.
        message(booking, "offer", f"{expires:%m月%d日 %H:%M}", key=f"offer-{expires:%Y%m%d%H%M%S}")
        changed()

    def expired(self, claim):
        booking = self._booking(claim)
        if booking is None or booking.status not in ACTIVE:
            return
        booking.status = Status.EXPIRED
        booking.save(update_fields=["status"])
        message(booking, "expired")
        changed()

    def confirming(self, claim):
        booking = self._booking(claim)
        if booking is not None and booking.status not in ACTIVE:
            raise BookingError(_("这条预约目前没有待确认的候补名额。"))

    def confirmed(self, claim):
        booking = self._booking(claim)
        if booking is None:
            return
        # The booking's decision stands (pending or approved since it was made); only the
        # claim changed, from offered to held.
        if booking.status == Status.APPROVED:
            message(booking, "approved")
        changed()


def confirm_offer(booking_id):
    """The group takes the places offered to it: one transaction in the capacity service
    (claim, booking, message). An offer that had run out is answered with BookingError once
    its places have gone on to the next group."""
    booking = Booking.objects.get(pk=booking_id)
    try:
        claim = capacity.confirm_offer(booking.claim_id)
    except capacity.NotOffered:
        raise BookingError(_("这条预约目前没有待确认的候补名额。")) from None
    if claim.status != Claim.HELD:
        raise BookingError(_("确认时限已过，名额已让给下一团。您可以重新预约其他场次。"))
    return Booking.objects.get(pk=booking_id)


@transaction.atomic
def decline_offer(booking_id):
    booking = _locked(booking_id)
    if booking.status not in ACTIVE:
        raise BookingError(_("这条预约目前没有待确认的候补名额。"))
    try:
        capacity.decline_offer(booking.claim_id)
    except capacity.NotOffered:
        raise BookingError(_("这条预约目前没有待确认的候补名额。")) from None
    booking.status = Status.DECLINED
    booking.save(update_fields=["status"])
    changed()
    return booking


def expire_offers():
    return capacity.expire_offers()
