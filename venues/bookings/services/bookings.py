"""A group's booking from the form to the door: booking, decisions, changes, check-in.

Places are claimed, released and resized only through outreach.capacity, under the slot
pool's row lock; the booking's own record and its messages change in the same transaction.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity
from outreach.models import Claim

from ..models import ACTIVE, Booking, BookingRules, Slot, Status, new_token
from .core import FORM_FIELDS, BookingError, SlotFull, _locked, changed
from .messages import _when, message
from .rules import can_change, change_deadline, group_problems, slot_problem

SUBMIT_SALT = "bookings.submit"


SUBMIT_MAX_AGE = timedelta(days=2)


def issue_submit_token(slot):
    """The booking form's idempotency token: signed by us, bound to this slot's form, with a
    random nonce nobody can guess or derive from another booking."""
    return signing.dumps({"s": slot.pk, "n": secrets.token_urlsafe(18)}, salt=SUBMIT_SALT)


def submit_key(token, slot_id):
    """The nonce of a token we issued for `slot_id`'s form (not too old), else None."""
    try:
        data = signing.loads(str(token or "")[:300], salt=SUBMIT_SALT, max_age=SUBMIT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != slot_id:
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) and 16 <= len(nonce) <= 40 else None


def _same_submission(booking, slot_id, data):
    return booking.slot_id == slot_id and booking.mobile == data.get("mobile")


def book(slot_id, data, submit_key, *, wait=False, now=None):
    """Book `slot_id` for the group in `data` (a form's cleaned data), or put it on the
    waiting list when `wait` and the slot is full. Returns (booking, created).

    `submit_key` is the form's nonce (`submit_key()`): the same form sent again by the same
    group (a double click, a resent form) returns the first booking; a key already used for
    another slot or another group is refused and reveals nothing of that booking.
    """
    existing = Booking.objects.filter(submit_token=submit_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return _book(slot_id, data, submit_key, wait, now), True
        except IntegrityError:
            existing = Booking.objects.filter(submit_token=submit_key).first()
            if existing is None:
                raise
    if not _same_submission(existing, slot_id, data):
        raise BookingError(_("这份表单已经提交过了，请刷新页面后重新填写。"))
    return existing, False


def _book(slot_id, data, submit_token, wait, now):
    rules = BookingRules.current()
    slot = Slot.objects.select_related("pool").get(pk=slot_id)
    problem = slot_problem(slot, rules, now)
    if problem:
        raise BookingError(problem, "slot")
    problems = group_problems(rules, data["visitors"], data["adults"])
    if problems:
        field, text = next(iter(problems.items()))
        raise BookingError(text, field)
    try:
        claim = capacity.claim(slot.pool_id, data["visitors"], wait=wait)
    except capacity.Full as full:
        raise SlotFull(full.left) from None
    except capacity.Closed:
        raise BookingError(_("这个场次已取消，请选择其他场次。"), "slot") from None
    # The decision is the booking's; whether it holds places or waits is the claim's.
    status = Status.PENDING if rules.needs_approval else Status.APPROVED
    booking = Booking.objects.create(
        slot=slot,
        claim=claim,
        status=status,
        submit_token=submit_token,
        **{key: data.get(key) for key in FORM_FIELDS if key in data and data.get(key) is not None},
    )
    message(booking, _first_message(booking))
    changed()
    return booking


def _first_message(booking):
    if booking.claim.status == Claim.WAITING:
        return "waiting"
    return "approved" if booking.status == Status.APPROVED else "submitted"


@transaction.atomic
def approve(booking_id, user=None):
    booking = _locked(booking_id)
    if booking.status != Status.PENDING:
        raise BookingError(_("这条预约已处理过（%(status)s）。") % {"status": booking.get_status_display()})
    if booking.claim.status != Claim.HELD:
        # A waiting group is approved once it has confirmed places on offer.
        raise BookingError(_("这个团体还在候补，有名额并确认后才能审核。"))
    booking.status = Status.APPROVED
    booking.decided_at = timezone.now()
    booking.decided_by = user
    booking.save(update_fields=["status", "decided_at", "decided_by"])
    message(booking, "approved")
    changed()
    return booking


@transaction.atomic
def refuse(booking_id, reason, user=None):
    if not (reason or "").strip():
        raise BookingError(_("请写明不予通过的原因，团体会收到这条说明。"), "reason")
    booking = _locked(booking_id)
    if booking.status not in ACTIVE:
        raise BookingError(_("这条预约已处理过（%(status)s）。") % {"status": booking.get_status_display()})
    capacity.release(booking.claim_id, "refused")
    booking.status = Status.REFUSED
    booking.reason = reason.strip()[:200]
    booking.decided_at = timezone.now()
    booking.decided_by = user
    booking.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    message(booking, "refused", booking.reason)
    changed()
    return booking


@transaction.atomic
def cancel(booking_id, *, by_staff=False, now=None):
    """The group cancels (until the change deadline), or staff do at any time."""
    booking = _locked(booking_id)
    if booking.status not in ACTIVE:
        raise BookingError(
            _("这条预约已经不能取消（%(status)s）。") % {"status": booking.get_status_display()}
        )
    if not by_staff and not can_change(booking, now=now):
        raise BookingError(
            _("已过变更截止日（%(day)s），如需取消请致电基地。") % {"day": change_deadline(booking)}
        )
    capacity.release(booking.claim_id, "cancelled")
    booking.status = Status.CANCELLED
    booking.save(update_fields=["status"])
    message(booking, "cancelled")
    changed()
    return booking


@transaction.atomic
def resize(booking_id, visitors, adults, *, now=None):
    """A smaller or larger group, within the rules and the places left; fewer frees places
    that go to the waiting list."""
    rules = BookingRules.current()
    booking = _locked(booking_id)
    if not can_change(booking, rules, now):
        raise BookingError(_("已过变更截止日，如需变更请致电基地。"))
    problems = group_problems(rules, visitors, adults)
    if problems:
        field, text = next(iter(problems.items()))
        raise BookingError(text, field)
    try:
        capacity.resize(booking.claim_id, visitors)
    except capacity.Full as full:
        raise BookingError(
            _("这个场次只剩 %(left)d 个名额，最多可增加 %(left)d 人。") % {"left": full.left}, "visitors"
        ) from None
    except capacity.NotOffered:
        raise BookingError(_("这条预约已经不能变更。")) from None
    booking.visitors, booking.adults = visitors, adults
    booking.save(update_fields=["visitors", "adults"])
    changed()
    return booking


def rebook(booking_id, slot_id):
    """Move a called-off group to another slot, ahead of new bookings (waiting-list priority)."""
    with transaction.atomic():
        old = _locked(booking_id)
        if old.status != Status.CALLED_OFF:
            raise BookingError(_("这条预约不需要改约。"))
        if old.rebookings.exists():
            return old.rebookings.first()
        slot = Slot.objects.select_related("pool").get(pk=slot_id)
        problem = slot_problem(slot, for_rebooking=True)
        if problem:
            raise BookingError(problem, "slot")
        try:
            claim = capacity.claim(slot.pool_id, old.visitors, wait=True, priority=1)
        except capacity.Closed:
            raise BookingError(_("这个场次已取消，请选择其他场次。"), "slot") from None
        # Not the group's doing: approved at once, waiting for places if the slot is full.
        new = Booking.objects.create(
            slot=slot,
            claim=claim,
            status=Status.APPROVED,
            submit_token=new_token(),
            rebook_of=old,
            **{key: getattr(old, key) for key in FORM_FIELDS if key != "letter"},
            letter=old.letter.name if old.letter else "",
        )
        message(new, _first_message(new))
        changed()
    return new


@transaction.atomic
def check_in(booking_id, attended, user=None, now=None):
    now = now or timezone.now()
    booking = _locked(booking_id)
    if booking.status == Status.CHECKED_IN:
        raise BookingError(
            _("这个团体已经签到过了（%(time)s）。")
            % {"time": f"{timezone.localtime(booking.checked_in_at):%H:%M}"}
        )
    if booking.status == Status.PENDING:
        raise BookingError(_("这条预约还没有审核，请先在“待审核与候补”中确认后再签到。"))
    # A no-show is only ever an approved booking; arriving late clears the mark.
    if booking.status not in (Status.APPROVED, Status.NO_SHOW) or booking.claim.status != Claim.HELD:
        raise BookingError(_("这条预约不能签到（%(status)s）。") % {"status": booking.get_status_display()})
    if timezone.localtime(booking.slot.start).date() != timezone.localtime(now).date():
        raise BookingError(_("这条预约不是今天的（%(when)s）。") % {"when": _when(booking.slot)})
    if attended is None or attended < 1 or attended > booking.visitors + 10:
        raise BookingError(_("请填写实到人数（1 至 %(max)d）。") % {"max": booking.visitors + 10}, "attended")
    booking.status = Status.CHECKED_IN
    booking.attended = attended
    booking.checked_in_at = now
    booking.save(update_fields=["status", "attended", "checked_in_at"])
    changed()
    return booking


def previous_no_shows(bookings):
    """{booking pk: earlier no-shows of the same organisation} for a page of bookings."""
    keys = {(b.org_kind, b.org_name, b.mobile) for b in bookings}
    if not keys:
        return {}
    names = {name for _, name, _ in keys}
    mobiles = {mobile for _, _, mobile in keys}
    earlier = list(
        Booking.objects.filter(status=Status.NO_SHOW)
        .filter(org_name__in=names)
        .values_list("org_name", "mobile", "slot__start")
    ) + list(
        Booking.objects.filter(status=Status.NO_SHOW, mobile__in=mobiles).values_list(
            "org_name", "mobile", "slot__start"
        )
    )
    seen = set(earlier)
    result = {}
    for booking in bookings:
        result[booking.pk] = sum(
            1
            for name, mobile, start in seen
            if (name == booking.org_name or mobile == booking.mobile) and start < booking.slot.start
        )
    return result
