"""What every part of the volunteers' services shares: the rules' figures, the refusal,
how a shift's time reads in a message."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..cache import listing_generation

# The offer window, the no-show delay and the qualification warning days are rules an
# administrator sets (VolunteerRules, in the admin); the forgotten check-out grace is not a
# rule anyone decides, only how long the organiser's phone may lag.
CHECKOUT_GRACE = timedelta(hours=1)
OFFER_SALT = "volunteers.offer"


class Refused(Exception):
    """A sign-up or action refused, with the reason to show (Chinese, or English).

    `can_wait`: the shift is full and a waiting list is open. `training`: the shift needs a
    training the volunteer lacks (the page then says how to get it). `volunteer`: a walk-in
    whose mobile is registered already (the organiser may sign that volunteer up)."""

    def __init__(self, message, *, can_wait=False, training=None, volunteer=None):
        super().__init__(message)
        self.message = message
        self.can_wait = can_wait
        self.training = training
        self.volunteer = volunteer


POOL_KIND = "volunteers.shift"


def when(shift):
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def listing_changed():
    transaction.on_commit(listing_generation.bump)


def rules():
    from ..models import VolunteerRules

    return VolunteerRules.current()
