"""The capacity service tells us (after commit) when a freed place is offered or an offer
lapses; we tell the volunteer."""

from django.dispatch import receiver

from outreach.capacity import offer_expired, offer_made


@receiver(offer_made, dispatch_uid="volunteers_offer_made")
def on_offer_made(sender, claim, **kwargs):
    from .services import tell_offer

    tell_offer(claim)


@receiver(offer_expired, dispatch_uid="volunteers_offer_expired")
def on_offer_expired(sender, claim, **kwargs):
    from .services import mark_lapsed

    mark_lapsed(claim)
