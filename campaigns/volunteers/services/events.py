"""Events and shifts: creating, changing and calling them off, with notices."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity

from ..cache import listing_generation
from ..messages import tell as _tell
from ..models import Event, Shift, Signup
from .common import OFFER_WINDOW, OFFERS_STOP_BEFORE_START, POOL_KIND, Refused
from .common import when as _when


def _offers_close(starts_at):
    return starts_at - OFFERS_STOP_BEFORE_START


@transaction.atomic
def create_shift(event, *, places, starts_at, **fields):
    pool = capacity.create_pool(
        places,
        kind=POOL_KIND,
        offer_window=OFFER_WINDOW,
        offers_close_at=_offers_close(starts_at),
        label=f"{event.title}"[:200],
    )
    shift = Shift.objects.create(event=event, starts_at=starts_at, pool=pool, **fields)
    listing_generation.bump()
    return shift


@transaction.atomic
def update_shift(shift, **fields):
    """Change a shift; a new time or place is told to everyone signed up or waiting."""
    old = Shift.objects.select_related("event", "pool").get(pk=shift.pk)
    places = fields.pop("places", None)
    for name, value in fields.items():
        setattr(shift, name, value)
    if places is not None and places != old.pool.size:
        try:
            capacity.set_size(shift.pool_id, places)
        except capacity.Full as error:
            raise Refused(_("已确认的人数多于新名额，不能减少到这个数。")) from error
        shift.pool.refresh_from_db()
    if shift.starts_at != old.starts_at:
        capacity.set_offer_bounds(
            shift.pool_id, offer_window=OFFER_WINDOW, offers_close_at=_offers_close(shift.starts_at)
        )
    shift.save()
    moved = (shift.starts_at, shift.ends_at, shift.place_label) != (
        old.starts_at,
        old.ends_at,
        old.place_label,
    )
    if moved:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        for signup in shift.signups.filter(state=Signup.ACTIVE).select_related("volunteer", "shift__event"):
            _tell(
                signup.volunteer,
                f"changed:{signup.pk}:{stamp}",
                _("志愿活动变更"),
                _("您报名的“%(shift)s”有变动：现在是 %(when)s，地点 %(place)s。如不能参加，请登录取消。")
                % {"shift": shift, "when": _when(shift), "place": shift.place_label},
                link=reverse("volunteers:mine"),
            )
    listing_generation.bump()
    return shift


@transaction.atomic
def cancel_event(event):
    """Call the event off: every place is released and everyone signed up or waiting told."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.CANCELLED:
        return 0
    event.status = Event.CANCELLED
    event.save(update_fields=["status"])
    told = 0
    for shift in event.shifts.all():
        capacity.close(shift.pool_id, reason="called_off")
        for signup in shift.signups.filter(state=Signup.ACTIVE).select_related("volunteer"):
            signup.end(Signup.CALLED_OFF)
            _tell(
                signup.volunteer,
                f"called-off:{signup.pk}",
                _("志愿活动取消"),
                _("很抱歉，“%(shift)s”（%(when)s）已取消，您的报名随之取消。")
                % {"shift": shift, "when": _when(shift)},
                link=reverse("volunteers:mine"),
            )
            told += 1
    listing_generation.bump()
    return told
