"""Events and shifts: creating, changing and calling them off, with notices."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from outreach import capacity
from outreach.models import Claim, Pool

from ..cache import listing_generation
from ..messages import tell as _tell
from ..models import Event, Shift, Signup
from .common import POOL_KIND, Refused, listing_changed, rules
from .common import when as _when


def _offers_close(starts_at):
    return starts_at - rules().offers_close_before


@transaction.atomic
def create_shift(event, *, places, starts_at, **fields):
    pool = capacity.create_pool(
        places,
        kind=POOL_KIND,
        offer_window=rules().offer_window,
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
            shift.pool_id, offer_window=rules().offer_window, offers_close_at=_offers_close(shift.starts_at)
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


# --- before the event: copies, weekly repeats, a shift called off or deleted ----------

SHIFT_COPY_FIELDS = (
    "title",
    "place",
    "min_age",
    "required_training",
    "insurance_required",
    "method",
    "cancel_hours",
)
MAX_WEEKLY_REPEATS = 12
MAX_COPY_DAYS = 366

SHIFT_CANCEL_ACTION = "volunteers.shift.cancel"
SHIFT_DELETE_ACTION = "volunteers.shift.delete"
EVENT_COPY_ACTION = "volunteers.event.copy"


def _copy_shift_into(shift, event, starts_at):
    """A new shift like `shift` in `event`, starting at `starts_at`: same length, same
    places (a new pool of the same size), the sign-up deadline moved by the same amount."""
    move = starts_at - shift.starts_at
    return create_shift(
        event,
        places=shift.places,
        starts_at=starts_at,
        ends_at=shift.ends_at + move,
        signup_deadline=shift.signup_deadline + move,
        **{name: getattr(shift, name) for name in SHIFT_COPY_FIELDS},
    )


@transaction.atomic
def copy_shift(shift, *, starts_at):
    if starts_at <= timezone.now():
        raise Refused(_("新岗位的开始时间应在现在之后。"))
    return _copy_shift_into(shift, shift.event, starts_at)


@transaction.atomic
def repeat_weekly(shift, weeks):
    """The same shift on the same weekday and time for the next `weeks` weeks."""
    if not 1 <= weeks <= MAX_WEEKLY_REPEATS:
        raise Refused(_("每周重复的次数应在1到%(n)s之间。") % {"n": MAX_WEEKLY_REPEATS})
    return [
        _copy_shift_into(shift, shift.event, shift.starts_at + timedelta(weeks=week))
        for week in range(1, weeks + 1)
    ]


@transaction.atomic
def copy_event(event, *, days, user):
    """A draft copy of the event `days` later, with every shift that was not called off."""
    if not 1 <= days <= MAX_COPY_DAYS:
        raise Refused(_("复制的活动应推后1到%(n)s天。") % {"n": MAX_COPY_DAYS})
    shifts = list(event.shifts.select_related("pool", "required_training").order_by("starts_at"))
    copy = Event.objects.create(
        title=event.title,
        campaign=event.campaign,
        outreach_setting=event.outreach_setting,
        township=event.township,
        place=event.place,
        description=event.description,
        contact=event.contact,
        status=Event.DRAFT,
        created_by=user,
    )
    for shift in shifts:
        if not shift.is_cancelled:
            _copy_shift_into(shift, copy, shift.starts_at + timedelta(days=days))
    log(instance=copy, action=EVENT_COPY_ACTION, user=user, data={"from": event.pk, "days": days})
    return copy


def _call_off_signups(shift, key, subject, text):
    """End every live sign-up of the shift (on it, waiting or offered) and tell each."""
    told = 0
    for signup in shift.signups.filter(state=Signup.ACTIVE).select_related("volunteer"):
        signup.end(Signup.CALLED_OFF)
        _tell(
            signup.volunteer, f"{key}:{signup.pk}", subject, text, link=reverse("volunteers:mine"), sms=True
        )
        told += 1
    return told


@transaction.atomic
def cancel_shift(shift, user, reason=""):
    """Call one shift off: its places released, everyone on it or waiting told."""
    capacity.lock(shift.pool_id)
    shift = Shift.objects.select_related("event", "pool").get(pk=shift.pk)
    if shift.pool.is_closed:
        raise Refused(_("这个岗位已经取消。"))
    capacity.close(shift.pool_id, reason="called_off")
    text = _("很抱歉，“%(shift)s”（%(when)s）已取消，您的报名或候补随之取消。") % {
        "shift": shift,
        "when": _when(shift),
    }
    if reason:
        text += _("原因：%(reason)s") % {"reason": reason}
    told = _call_off_signups(shift, "shift-off", _("志愿岗位取消"), text)
    log(instance=shift, action=SHIFT_CANCEL_ACTION, user=user, data={"reason": reason, "told": told})
    listing_changed()
    return told


@transaction.atomic
def delete_shift(shift, user, reason=""):
    """Delete a shift nobody has served on yet: everyone on it or waiting is told first.
    A shift with a check-in or hours keeps its record; it can only be called off."""
    capacity.lock(shift.pool_id)
    shift = Shift.objects.select_related("event", "pool").get(pk=shift.pk)
    if shift.signups.filter(checked_in_at__isnull=False).exists():
        raise Refused(_("这个岗位已有签到或服务时长记录，不能删除；如不再进行，请改为“取消岗位”。"))
    text = _("很抱歉，“%(shift)s”（%(when)s）已取消，您的报名或候补随之取消。") % {
        "shift": shift,
        "when": _when(shift),
    }
    if reason:
        text += _("原因：%(reason)s") % {"reason": reason}
    told = _call_off_signups(shift, "shift-deleted", _("志愿岗位取消"), text)
    event = shift.event
    log(
        instance=event,
        action=SHIFT_DELETE_ACTION,
        user=user,
        data={"reason": reason, "told": told, "shift": str(shift.title), "when": _when(shift)},
    )
    pool_id = shift.pool_id
    claims = list(shift.signups.values_list("claim_id", flat=True))
    shift.signups.all().delete()
    shift.delete()
    Claim.objects.filter(pk__in=claims).delete()
    Pool.objects.filter(pk=pool_id).delete()
    listing_changed()
    return told


# --- messages from the organiser --------------------------------------------------------

MESSAGE_ACTION = "volunteers.message"
MESSAGE_MAX_LENGTH = 300


@transaction.atomic
def message_volunteers(event, user, *, body, shift=None, sms=True):
    """Message everyone on the event (or one shift of it) who is signed up or waiting:
    each gets an SMS (or e-mail) through the outbox and an in-site notice; what was sent,
    to how many, by whom is written to the event's history."""
    body = (body or "").strip()
    if not body:
        raise Refused(_("请填写消息内容。"))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise Refused(_("消息最多%(n)s个字。") % {"n": MESSAGE_MAX_LENGTH})
    signups = Signup.objects.filter(state=Signup.ACTIVE, shift__event=event).select_related("volunteer")
    if shift is not None:
        signups = signups.filter(shift=shift)
    volunteers = {signup.volunteer_id: signup.volunteer for signup in signups}
    volunteers = {pk: v for pk, v in volunteers.items() if v.deleted_at is None}
    if not volunteers:
        raise Refused(_("目前没有报名或候补的志愿者，消息没有发送。"))
    stamp = uuid.uuid4().hex[:12]
    subject = _("志愿活动通知：%(title)s") % {"title": shift or event}
    for volunteer in volunteers.values():
        _tell(volunteer, f"message:{stamp}:{volunteer.pk}", subject, body, sms=sms)
    log(
        instance=event,
        action=MESSAGE_ACTION,
        user=user,
        data={
            "body": body,
            "shift": shift.title if shift else "",
            "recipients": len(volunteers),
            "channel": "sms" if sms else "email",
        },
    )
    return len(volunteers)


def sent_messages(event):
    """The event's history of messages sent, newest first."""
    from wagtail.models import ModelLogEntry

    return ModelLogEntry.objects.for_instance(event).filter(action=MESSAGE_ACTION).order_by("-timestamp")
