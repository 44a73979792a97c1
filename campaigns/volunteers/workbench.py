"""What volunteer organisers find on their workbench (outreach.workbench): hours to
confirm, waiting-list offers about to lapse, qualifications to check."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Claim
from outreach.workbench import Item, provider

from .models import Qualification, Signup
from .permissions import is_organiser, shifts_for, volunteers_for

# An offer lapsing within this long is worth a phone call from the organiser.
OFFER_WARNING = datetime.timedelta(hours=24)


def expiring_offers(user, now=None):
    """Sign-ups in the organiser's reach holding a waiting-list offer that lapses soon."""
    now = now or timezone.now()
    return Signup.objects.filter(
        shift__in=shifts_for(user),
        state=Signup.ACTIVE,
        claim__status=Claim.OFFERED,
        claim__offer_expires_at__lte=now + OFFER_WARNING,
        claim__offer_expires_at__gt=now,
    )


@provider("volunteers.organiser", part=_("志愿服务"), order=20)
def organiser_items(user, today):
    if not is_organiser(user):
        return []
    hours = (
        Signup.objects.filter(shift__in=shifts_for(user))
        .filter(hours_status__in=[Signup.HOURS_TO_CONFIRM, Signup.HOURS_MISSING_OUT])
        .count()
    )
    offers = list(expiring_offers(user).values_list("shift_id", flat=True))
    # One shift: straight to its roster, where the offers are; several: the dashboard.
    shifts = set(offers)
    offers_url = (
        reverse("volunteers:roster", args=[shifts.pop()])
        if len(shifts) == 1
        else reverse("volunteers:manage")
    )
    qualifications = Qualification.objects.filter(
        volunteer__in=volunteers_for(user), status=Qualification.SUBMITTED
    ).count()
    return [
        Item(_("待确认的服务时长"), hours, reverse("volunteers:hours")),
        Item(
            _("24小时内到期的递补名额"),
            len(offers),
            offers_url,
            note=_("志愿者未确认前可电话提醒") if offers else "",
            urgent=bool(offers),
        ),
        Item(_("待审核的培训资质"), qualifications, reverse("volunteers:qualifications")),
        Item(_("志愿活动管理"), None, reverse("volunteers:manage")),
    ]
