"""The capacity core tells us of offers and expiries (after its commit); the booking's
status follows and the group is told."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from outreach.capacity import offer_expired, offer_made

from .models import Booking, Status
from .services import changed, message


def _booking_of(claim):
    return Booking.objects.select_for_update().select_related("slot").filter(claim_id=claim.pk).first()


@receiver(offer_made)
def booking_offered(sender, claim, **kwargs):
    with transaction.atomic():
        booking = _booking_of(claim)
        if booking is None:
            return
        if booking.status == Status.WAITING:
            booking.status = Status.OFFERED
            booking.save(update_fields=["status"])
        expires = timezone.localtime(claim.offer_expires_at)
        # One message per offer (a claim can be offered again after a resize): the key
        # carries the offer's expiry, so a repeated signal sends nothing new.
        message(booking, "offer", f"{expires:%m月%d日 %H:%M}", key=f"offer-{expires:%Y%m%d%H%M%S}")
        changed()


@receiver(offer_expired)
def booking_offer_expired(sender, claim, **kwargs):
    with transaction.atomic():
        booking = _booking_of(claim)
        if booking is None:
            return
        if booking.status in (Status.WAITING, Status.OFFERED, Status.EXPIRED):
            booking.status = Status.EXPIRED
            booking.save(update_fields=["status"])
            message(booking, "expired")
        changed()
