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
from .core import FORM_FIELDS, BookingError, SlotFull, _locked, audit, changed, required_reason
from .messages import _when, alert_staff, message
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


def _book(slot_id, data, submit_token, wait, now, staff=None, reason=""):
    rules = BookingRules.current()
    slot = Slot.objects.select_related("pool").get(pk=slot_id)
    # Staff entering a phoned booking waive the notice rules (with the reason they log);
    # a past, called-off or closed slot stays refused.
    problem = slot_problem(slot, rules, now, for_rebooking=staff is not None)
    if problem:
        raise BookingError(problem, "slot")
    problems = group_problems(rules, data["visitors"], data["adults"], data.get("age_band"))
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
    status = Status.PENDING if rules.needs_approval and staff is None else Status.APPROVED
    booking = Booking.objects.create(
        slot=slot,
        claim=claim,
        status=status,
        submit_token=submit_token,
        entered_by=staff,
        entry_reason=reason,
        decided_by=staff,
        decided_at=timezone.now() if staff is not None else None,
        **{key: data.get(key) for key in FORM_FIELDS if key in data and data.get(key) is not None},
    )
    message(booking, _first_message(booking))
    if staff is None:
        alert_staff(booking, "new")
    else:
        audit(booking, "book_on_behalf", staff, reason, slot=str(slot), visitors=booking.visitors)
    changed()
    return booking


def book_on_behalf(slot_id, data, reason, user, *, wait=False, now=None):
    """A group that phoned, entered by staff: the same capacity, waiting list and messages
    as online, the notice rules waived for the reason staff give (logged). Approved at
    once: staff made the decision while entering it."""
    reason = required_reason(reason)
    with transaction.atomic():
        return _book(slot_id, data, new_token(), wait, now, staff=user, reason=reason)


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
    audit(booking, "approve", user)
    changed()
    return booking


def approve_many(booking_ids, user=None):
    """Bulk approval: each booking in its own transaction; returns (approved, refused
    messages) so one that cannot be approved leaves the others approved."""
    approved, problems = [], []
    for booking_id in booking_ids:
        try:
            approved.append(approve(booking_id, user))
        except (BookingError, Booking.DoesNotExist) as error:
            problems.append(getattr(error, "message", str(error)))
    return approved, problems


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
    audit(booking, "refuse", user, booking.reason)
    changed()
    return booking


@transaction.atomic
def cancel(booking_id, *, by_staff=False, now=None, user=None, reason=""):
    """The group cancels (until the change deadline), or staff do at any time on the
    group's behalf (with a reason, logged)."""
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
    fields = ["status"]
    if by_staff and reason:
        booking.reason = reason[:200]
        fields.append("reason")
    booking.save(update_fields=fields)
    message(booking, "cancelled")
    if by_staff:
        audit(booking, "cancel", user, reason)
    else:
        alert_staff(booking, "cancelled")
    changed()
    return booking


def cancel_on_behalf(booking_id, reason, user):
    return cancel(booking_id, by_staff=True, user=user, reason=required_reason(reason))


def _resize_locked(booking, visitors, adults, rules):
    problems = group_problems(rules, visitors, adults, booking.age_band)
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


@transaction.atomic
def resize(booking_id, visitors, adults, *, now=None):
    """A smaller or larger group, within the rules and the places left; fewer frees places
    that go to the waiting list."""
    rules = BookingRules.current()
    booking = _locked(booking_id)
    if not can_change(booking, rules, now):
        raise BookingError(_("已过变更截止日，如需变更请致电基地。"))
    _resize_locked(booking, visitors, adults, rules)
    booking.save(update_fields=["visitors", "adults"])
    changed()
    return booking


CHANGEABLE = ("contact_name", "mobile", "email", "programme", "accessibility")


@transaction.atomic
def change(booking_id, user, reason, *, visitors=None, adults=None, **details):
    """Staff change a booking on the group's behalf at any time before the visit: the
    headcount through the capacity service (more only into free places, else refused,
    nothing changed; fewer frees places for the waiting list), the contact, the programme.
    Logged with the reason and what changed."""
    reason = required_reason(reason)
    unknown = set(details) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    booking = _locked(booking_id)
    if booking.status not in ACTIVE:
        raise BookingError(
            _("这条预约已经不能变更（%(status)s）。") % {"status": booking.get_status_display()}
        )
    before = {"visitors": booking.visitors, "adults": booking.adults}
    fields = []
    if (
        visitors is not None
        and adults is not None
        and (visitors, adults) != (booking.visitors, booking.adults)
    ):
        _resize_locked(booking, visitors, adults, BookingRules.current())
        fields += ["visitors", "adults"]
    for key, value in details.items():
        if value is not None and getattr(booking, key) != value:
            before[key] = str(getattr(booking, key) or "")
            setattr(booking, key, value)
            fields.append(key)
    if not fields:
        return booking
    booking.save(update_fields=fields)
    message(booking, "changed", key=f"changed-{timezone.now():%Y%m%d%H%M%S%f}")
    audit(booking, "change", user, reason, changed=fields, before=before)
    changed()
    return booking


def move(booking_id, slot_id, user, reason, *, now=None):
    """Move a booking to another slot keeping its priority on the waiting list: it takes
    places there whole (a held booking into a full slot is refused, nothing changed; a
    waiting one queues there), then gives its old places back (offered on). Both pools are
    locked first in a fixed order, so two moves in opposite directions cannot deadlock."""
    reason = required_reason(reason)
    with transaction.atomic():
        source_pool = Booking.objects.values_list("slot__pool_id", flat=True).get(pk=booking_id)
        target = Slot.objects.select_related("pool").filter(pk=slot_id).first()
        if target is None:
            raise BookingError(_("请选择一个场次。"), "slot")
        for pool_id in sorted({source_pool, target.pool_id}):
            capacity.lock(pool_id)
        booking = _locked(booking_id)
        if booking.status not in ACTIVE:
            raise BookingError(
                _("这条预约已经不能改期（%(status)s）。") % {"status": booking.get_status_display()}
            )
        if target.pk == booking.slot_id:
            raise BookingError(_("已经是这个场次了，请选择另一个场次。"), "slot")
        problem = slot_problem(target, now=now, for_rebooking=True)
        if problem:
            raise BookingError(problem, "slot")
        old = booking.claim
        try:
            claim = capacity.claim(
                target.pool_id, booking.visitors, wait=old.status == Claim.WAITING, priority=old.priority
            )
        except capacity.Full as full:
            raise BookingError(
                _("目标场次只剩 %(left)d 个名额，容不下这个 %(n)d 人的团体。")
                % {"left": full.left, "n": booking.visitors},
                "slot",
            ) from None
        except capacity.Closed:
            raise BookingError(_("这个场次已取消，请选择其他场次。"), "slot") from None
        source = booking.slot
        booking.slot, booking.claim = target, claim
        booking.save(update_fields=["slot", "claim"])
        capacity.release(old.pk, "moved")
        message(booking, "moved", key=f"moved-{claim.pk}")
        audit(booking, "move", user, reason, source=str(source), target=str(target))
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
def check_in(booking_id, attended, user=None, now=None, note=""):
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
    fields = ["status", "attended", "checked_in_at"]
    if note:
        booking.door_note = note.strip()[:300]
        fields.append("door_note")
    booking.save(update_fields=fields)
    changed()
    return booking


@transaction.atomic
def undo_check_in(booking_id, user, reason):
    """A group checked in by mistake (the wrong code scanned): approved again, its
    arrival forgotten. Logged."""
    reason = required_reason(reason)
    booking = _locked(booking_id)
    if booking.status != Status.CHECKED_IN:
        raise BookingError(_("这个团体还没有签到。"))
    booking.status = Status.APPROVED
    booking.attended = None
    booking.checked_in_at = None
    booking.save(update_fields=["status", "attended", "checked_in_at"])
    audit(booking, "undo_check_in", user, reason)
    changed()
    return booking


@transaction.atomic
def mark_no_show(booking_id, user, reason="", now=None):
    """Staff mark a group that did not come, once its visit has begun. Logged."""
    now = now or timezone.now()
    booking = _locked(booking_id)
    if booking.status != Status.APPROVED or booking.claim.status != Claim.HELD:
        raise BookingError(_("只有已确认、未签到的团体可以记为未到场。"))
    if booking.slot.start > now:
        raise BookingError(_("参观还没有开始，不能记为未到场。"))
    booking.status = Status.NO_SHOW
    booking.save(update_fields=["status"])
    audit(booking, "no_show", user, (reason or "").strip()[:200])
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
