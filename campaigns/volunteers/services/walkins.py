"""A volunteer who turns up on the day: registered by mobile, signed up and checked in,
in one transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import Volunteer
from .accounts import next_volunteer_number
from .common import Refused
from .hours import check_in
from .signups import WALK_IN, _claim_place

WALK_IN_ACTION = "volunteers.walk_in"


def registered(mobile):
    """The current volunteer with this mobile, or None."""
    return Volunteer.objects.current().filter(mobile=mobile).first()


@transaction.atomic
def walk_in(shift, user, *, name, mobile, birth_date, township=None, now=None):
    """Register a walk-in by mobile (no sign-in account yet: they can register it later with
    the same mobile), sign them up and check them in. A mobile already registered is refused
    with the volunteer, so the organiser can sign that volunteer up instead."""
    now = now or timezone.now()
    existing = registered(mobile)
    if existing is not None or get_user_model().objects.filter(username=mobile).exists():
        raise Refused(
            _("这个手机号已经注册为志愿者，可以直接为其报名并签到。"),
            volunteer=existing,
        )
    volunteer = Volunteer.objects.create(
        number=next_volunteer_number(),
        name=name,
        mobile=mobile,
        birth_date=birth_date,
        township=township or shift.event.township,
    )
    signup = sign_in_on_the_spot(shift, volunteer, user, now=now)
    log(instance=volunteer, action=WALK_IN_ACTION, user=user, data={"shift": str(shift)})
    return signup


@transaction.atomic
def sign_in_on_the_spot(shift, volunteer, user, *, now=None):
    """Put a volunteer on the shift and check them in at once (the same rules as any
    sign-up, until the shift ends)."""
    now = now or timezone.now()
    signup = _claim_place(volunteer, shift, way=WALK_IN, wait=False, now=now)
    check_in(shift, signup.code, now=now)
    signup.refresh_from_db()
    return signup
