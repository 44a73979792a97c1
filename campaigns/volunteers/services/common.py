"""What every part of the volunteers' services shares: the rules' figures, the refusal,
how a shift's time reads in a message."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..cache import listing_generation

OFFER_WINDOW = timedelta(hours=12)
OFFERS_STOP_BEFORE_START = timedelta(hours=2)
NO_SHOW_AFTER = timedelta(minutes=30)
CHECKOUT_GRACE = timedelta(hours=1)
QUALIFICATION_WARNING_DAYS = 30
OFFER_SALT = "volunteers.offer"


class Refused(Exception):
    """A sign-up or action refused, with the reason to show (Chinese, or English)."""

    def __init__(self, message, *, can_wait=False):
        super().__init__(message)
        self.message = message
        self.can_wait = can_wait


POOL_KIND = "volunteers.shift"


def when(shift):
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def listing_changed():
    transaction.on_commit(listing_generation.bump)
