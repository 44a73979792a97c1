"""An account being deleted takes the volunteer's identity (outreach.accounts)."""

from django.dispatch import receiver

from outreach.accounts import account_deleting


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
