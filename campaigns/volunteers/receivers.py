"""The capacity service tells us (after commit) when a freed place is offered or an offer
lapses; we tell the volunteer. An account being deleted takes the volunteer's identity."""

from django.dispatch import receiver

from outreach.accounts import account_deleting
from outreach.capacity import offer_expired, offer_made


@receiver(offer_made, dispatch_uid="volunteers_offer_made")
def on_offer_made(sender, claim, **kwargs):
    from .services import tell_offer

    tell_offer(claim)


@receiver(offer_expired, dispatch_uid="volunteers_offer_expired")
def on_offer_expired(sender, claim, **kwargs):
    from .services import mark_lapsed

    mark_lapsed(claim)


@receiver(account_deleting, dispatch_uid="volunteers_account_deleting")
def on_account_deleting(sender, user, **kwargs):
    from .models import Signup, Volunteer
    from .services import forget

    # An organiser's account: the hours they confirmed keep their name as the recorder.
    Signup.objects.filter(hours_confirmed_by=user).update(
        hours_confirmed_by_name=(user.get_full_name() or user.get_username())[:150]
    )
    volunteer = Volunteer.objects.filter(user=user, deleted_at__isnull=True).first()
    return forget(volunteer) if volunteer else ()
