"""Everything that changes a booking or a slot, each one transaction.

Places are claimed, released, resized and offered only through outreach.capacity, under
the slot pool's row lock; this module keeps the booking's own status in step and queues
the messages (outreach.notify) inside the same transaction, so a rolled-back change
announces nothing and a message is never sent twice.
"""

import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity, notify
from outreach.cache import Generation
from outreach.models import Claim, Notification
from outreach.siteurl import absolute

from .calendar import WorkingCalendar
from .models import ACTIVE, Booking, BookingRules, ClosedDay, Slot, Status, new_token

availability = Generation("bookings:availability")


class BookingError(Exception):
    """A rule said no; the message is for the person (Chinese, or English when chosen)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class SlotFull(BookingError):
    def __init__(self, left):
        super().__init__(
            _("这个场次刚刚约满了，只剩 %(left)d 个名额。您可以改选其他场次，或者整团排队候补。")
            % {"left": left}
        )
        self.left = left


def changed():
    """Every booking change makes the anonymous availability page fresh at once."""
    transaction.on_commit(availability.bump)


# --- rules -------------------------------------------------------------------------------


def slot_problem(slot, rules=None, now=None, calendar=None, *, for_rebooking=False):
    """Why `slot` cannot be booked now, or None."""
    rules = rules or BookingRules.current()
    now = now or timezone.now()
    if slot.start <= now:
        return _("这个场次已经过去了，请选择以后的场次。")
    if slot.is_called_off or slot.pool.is_closed:
        return _("这个场次已取消，请选择其他场次。")
    day = timezone.localtime(slot.start).date()
    if ClosedDay.objects.filter(date=day).exists():
        return _("基地这一天闭馆，请选择其他日期。")
    if for_rebooking:
        return None
    today = timezone.localtime(now).date()
    calendar = calendar or WorkingCalendar.around(day)
    if not calendar.is_working_day(day):
        return _("这一天是节假日，基地不接待团体参观。")
    if today > calendar.shift(day, -rules.min_notice_working_days):
        return _("需至少提前 %(n)d 个工作日预约，这个场次已来不及预约，请选择更晚的场次。") % {
            "n": rules.min_notice_working_days
        }
    if day > today + timedelta(days=rules.max_ahead_days):
        return _("最多只能预约 %(n)d 天以内的场次。") % {"n": rules.max_ahead_days}
    return None


def group_problems(rules, visitors, adults):
    """{field: message} for a group that breaks the size or the adult ratio."""
    problems = {}
    if visitors is None or adults is None:
        return problems
    if visitors < rules.min_group or visitors > rules.max_group:
        problems["visitors"] = _("每团人数须在 %(min)d 至 %(max)d 人之间。") % {
            "min": rules.min_group,
            "max": rules.max_group,
        }
    elif adults > visitors:
        problems["adults"] = _("成人人数不能多于参观总人数。")
    else:
        minors = visitors - adults
        needed = -(-minors // rules.minors_per_adult) if minors else 0
        if adults < max(needed, 1):
            problems["adults"] = _(
                "每 %(ratio)d 名未成年人至少需要 1 名成人带队：%(minors)d 名未成年人至少需要 %(needed)d 名成人。"
            ) % {"ratio": rules.minors_per_adult, "minors": minors, "needed": max(needed, 1)}
    return problems


def change_deadline(booking, rules=None):
    """The last day the group may change or cancel: n working days before the visit."""
    rules = rules or BookingRules.current()
    day = timezone.localtime(booking.slot.start).date()
    return WorkingCalendar.around(day).shift(day, -rules.change_notice_working_days)


def can_change(booking, rules=None, now=None):
    now = now or timezone.now()
    return booking.status in ACTIVE and timezone.localtime(now).date() <= change_deadline(booking, rules)


def pending_overdue_before(rules=None, today=None):
    """Bookings submitted before this day and still pending are flagged to staff."""
    rules = rules or BookingRules.current()
    today = today or timezone.localdate()
    return WorkingCalendar.around(today).shift(today, -rules.pending_flag_working_days)


# --- slots -------------------------------------------------------------------------------


def _offers_close_at(start, rules):
    return start - timedelta(hours=rules.offers_close_hours)


MAX_SLOT_PERSONS = 9999


def check_slot_persons(persons):
    if not isinstance(persons, int) or not 1 <= persons <= MAX_SLOT_PERSONS:
        raise BookingError(
            _("每个场次可接待人数须在 1 至 %(max)d 人之间。") % {"max": MAX_SLOT_PERSONS}, "capacity"
        )


def create_slot(start, capacity_persons, minutes=90, rules=None):
    check_slot_persons(capacity_persons)
    rules = rules or BookingRules.current()
    with transaction.atomic():
        pool = capacity.create_pool(
            capacity_persons,
            kind=POOL_KIND,
            offer_window=rules.offer_window,
            offers_close_at=_offers_close_at(start, rules),
            label=f"base visit {timezone.localtime(start):%Y-%m-%d %H:%M}",
        )
        slot = Slot.objects.create(start=start, minutes=minutes, pool=pool)
        changed()
    return slot


def generate_slots(first_day, last_day, weekdays, times, capacity_persons, minutes=90):
    """Slots on the chosen weekdays between two dates, at each of `times`, on working days
    that are not closed; slots that exist already are left alone. Returns those made."""
    check_slot_persons(capacity_persons)
    rules = BookingRules.current()
    calendar = WorkingCalendar(first_day, last_day)
    closed = set(ClosedDay.objects.filter(date__range=(first_day, last_day)).values_list("date", flat=True))
    made = []
    day = first_day
    tz = timezone.get_current_timezone()
    while day <= last_day:
        if day.weekday() in weekdays and calendar.is_working_day(day) and day not in closed:
            for at in times:
                start = timezone.make_aware(datetime.combine(day, at), tz)
                if not Slot.objects.filter(start=start).exists():
                    made.append(create_slot(start, capacity_persons, minutes, rules))
        day += timedelta(days=1)
    return made


@transaction.atomic
def apply_rules_to_open_slots(rules=None):
    """After the offer rules change, future pools follow them (the rules' edit screen calls
    this in the transaction that saves them)."""
    rules = rules or BookingRules.current()
    for slot in Slot.objects.upcoming().filter(called_off_at__isnull=True):
        capacity.set_offer_bounds(
            slot.pool_id, offer_window=rules.offer_window, offers_close_at=_offers_close_at(slot.start, rules)
        )
    changed()


@transaction.atomic
def close_day(day, reason, user=None):
    """Close the base on `day`: every slot of that day is called off (its groups told and
    offered a rebooking), and the availability page follows at once. The calendar's form and
    the closed-day snippet both come here. Returns the bookings called off."""
    reason = (reason or "").strip()
    if not day or not reason:
        raise BookingError(_("请填写闭馆日期和原因。"))
    ClosedDay.objects.update_or_create(date=day, defaults={"reason": reason[:100]})
    affected = []
    for slot in Slot.objects.filter(start__date=day, called_off_at__isnull=True):
        affected += call_off(slot.pk, reason, user)
    changed()
    return affected


# --- messages ----------------------------------------------------------------------------


def private_url(booking):
    return absolute(reverse("bookings:manage", args=[booking.token]))


def _when(slot):
    return f"{timezone.localtime(slot.start):%Y年%m月%d日 %H:%M}"


def message(booking, kind, extra="", key=None):
    """Queue the message of `kind` to the group by SMS, and by e-mail when they gave one."""
    texts = {
        "submitted": _("已收到您的参观预约（预约码 %(code)s，%(when)s，%(n)d人），基地审核后会通知您。"),
        "approved": _("您的参观预约已确认：%(when)s，%(n)d人，预约码 %(code)s。请提前10分钟到达。"),
        "refused": _("很抱歉，您的参观预约（%(when)s）未通过：%(extra)s"),
        "waiting": _("%(when)s 的场次已满，您的团体（%(n)d人）已在候补名单中，有名额时会通知您。"),
        "offer": _(
            "候补名额来了：%(when)s 可接待您的团体（%(n)d人），请在 %(extra)s 前打开链接确认，逾期名额让给下一团。"
        ),
        "expired": _("您在 %(when)s 场次的候补名额已过确认时限，名额已让给下一团。"),
        "reminder": _(
            "提醒：明天 %(when)s 参观应急消防科普教育基地，%(n)d人，预约码 %(code)s。请提前10分钟到达。"
        ),
        "called_off": _("很抱歉，%(when)s 的参观因%(extra)s取消。请打开链接改约，您的团体优先安排。"),
        "cancelled": _("您的参观预约（%(when)s，预约码 %(code)s）已取消。"),
    }
    body = texts[kind] % {
        "code": booking.code,
        "when": _when(booking.slot),
        "n": booking.visitors,
        "extra": extra,
    }
    body = f"{body}\n{private_url(booking)}"
    subject = _("应急消防科普教育基地参观预约")
    key = f"booking:{booking.pk}:{key or kind}"
    notify.queue(f"{key}:sms", booking.mobile, body, subject=subject, channel=Notification.SMS)
    if booking.email:
        notify.queue(f"{key}:email", booking.email, body, subject=subject)


# --- bookings ----------------------------------------------------------------------------


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


FORM_FIELDS = [
    "org_kind",
    "org_name",
    "school",
    "township",
    "contact_name",
    "mobile",
    "email",
    "visitors",
    "adults",
    "age_band",
    "accessibility",
    "letter",
]


def _locked(booking_id):
    """Lock the booking's pool, then the booking: the capacity service (and the handler it
    calls for this app) always holds the pool before touching a booking, so every path
    takes them in that order."""
    capacity.lock(Booking.objects.values_list("slot__pool_id", flat=True).get(pk=booking_id))
    return Booking.objects.select_for_update(of=("self",)).select_related("slot").get(pk=booking_id)


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


POOL_KIND = "bookings.visit"


class VisitClaims(capacity.Handler):
    """The base's handler in the capacity service: a claim is a group's booking. Runs inside
    capacity's transaction under the slot pool's lock, so the booking's status and its
    messages commit with the claim or not at all."""

    def _booking(self, claim):
        return (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot")
            .filter(claim_id=claim.pk)
            .first()
        )

    def offered(self, claim):
        booking = self._booking(claim)
        if booking is None or booking.status not in ACTIVE:
            return
        expires = timezone.localtime(claim.offer_expires_at)
        # One message per offer (a claim can be offered again after a resize): the key
        # carries the offer's expiry.
        message(booking, "offer", f"{expires:%m月%d日 %H:%M}", key=f"offer-{expires:%Y%m%d%H%M%S}")
        changed()

    def expired(self, claim):
        booking = self._booking(claim)
        if booking is None or booking.status not in ACTIVE:
            return
        booking.status = Status.EXPIRED
        booking.save(update_fields=["status"])
        message(booking, "expired")
        changed()

    def confirming(self, claim):
        booking = self._booking(claim)
        if booking is not None and booking.status not in ACTIVE:
            raise BookingError(_("这条预约目前没有待确认的候补名额。"))

    def confirmed(self, claim):
        booking = self._booking(claim)
        if booking is None:
            return
        # The booking's decision stands (pending or approved since it was made); only the
        # claim changed, from offered to held.
        if booking.status == Status.APPROVED:
            message(booking, "approved")
        changed()


def confirm_offer(booking_id):
    """The group takes the places offered to it: one transaction in the capacity service
    (claim, booking, message). An offer that had run out is answered with BookingError once
    its places have gone on to the next group."""
    booking = Booking.objects.get(pk=booking_id)
    try:
        claim = capacity.confirm_offer(booking.claim_id)
    except capacity.NotOffered:
        raise BookingError(_("这条预约目前没有待确认的候补名额。")) from None
    if claim.status != Claim.HELD:
        raise BookingError(_("确认时限已过，名额已让给下一团。您可以重新预约其他场次。"))
    return Booking.objects.get(pk=booking_id)


@transaction.atomic
def decline_offer(booking_id):
    booking = _locked(booking_id)
    if booking.status not in ACTIVE:
        raise BookingError(_("这条预约目前没有待确认的候补名额。"))
    try:
        capacity.decline_offer(booking.claim_id)
    except capacity.NotOffered:
        raise BookingError(_("这条预约目前没有待确认的候补名额。")) from None
    booking.status = Status.DECLINED
    booking.save(update_fields=["status"])
    changed()
    return booking


@transaction.atomic
def call_off(slot_id, reason, user=None):
    """The station is called out or the hall closes: every group is told at once and may
    rebook ahead of new bookings. Counted apart from cancellations (status CALLED_OFF)."""
    if not (reason or "").strip():
        raise BookingError(_("请写明取消原因，团体会收到这条说明。"), "reason")
    capacity.lock(Slot.objects.values_list("pool_id", flat=True).get(pk=slot_id))
    slot = Slot.objects.select_for_update().get(pk=slot_id)
    if slot.is_called_off:
        return []
    slot.called_off_at = timezone.now()
    slot.call_off_reason = reason.strip()[:200]
    slot.save(update_fields=["called_off_at", "call_off_reason"])
    capacity.close(slot.pool_id, "called_off")
    affected = list(Booking.objects.select_for_update().filter(slot=slot, status__in=ACTIVE))
    for booking in affected:
        booking.status = Status.CALLED_OFF
        booking.reason = slot.call_off_reason
        booking.save(update_fields=["status", "reason"])
        message(booking, "called_off", slot.call_off_reason)
    changed()
    return affected


def rebook_slots(booking, limit=8, now=None):
    """The next slots a called-off group may move to (no notice rule: it was not their doing)."""
    now = now or timezone.now()
    rules = BookingRules.current()
    slots = (
        Slot.objects.upcoming(now)
        .filter(called_off_at__isnull=True, start__gt=now + timedelta(hours=rules.offers_close_hours))
        .with_taken()
        .select_related("pool")[: limit * 3]
    )
    closed = set(ClosedDay.objects.filter(date__gte=timezone.localdate()).values_list("date", flat=True))
    result = [s for s in slots if timezone.localtime(s.start).date() not in closed]
    return result[:limit]


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


# --- scheduled jobs (django-q2 schedules installed by migration 0002) ----------------------


def mark_no_shows(now=None):
    """Approved groups not checked in some minutes after their start are no-shows; bookings
    staff never decided are closed as undecided (never a no-show counted against the group),
    their places released. Safe to run twice."""
    now = now or timezone.now()
    rules = BookingRules.current()
    cutoff = now - timedelta(minutes=rules.no_show_minutes)
    past = Booking.objects.filter(slot__start__lte=cutoff, slot__called_off_at__isnull=True)
    count = past.holding().filter(status=Status.APPROVED).update(status=Status.NO_SHOW)
    # Still waiting when the visit began: the wait ended without places. Pending ones were
    # never decided by staff: closed as undecided, never a no-show counted against the group.
    ended = past.waiting().values_list("pk", flat=True)
    undecided = past.holding().filter(status=Status.PENDING).values_list("pk", flat=True)
    for booking_id, outcome, reason in [(pk, Status.EXPIRED, "expired") for pk in ended] + [
        (pk, Status.UNDECIDED, "undecided") for pk in undecided
    ]:
        with transaction.atomic():
            booking = _locked(booking_id)
            if booking.status not in ACTIVE:
                continue
            capacity.release(booking.claim_id, reason)
            booking.status = outcome
            booking.save(update_fields=["status"])
        count += 1
    if count:
        availability.bump()
    return count


def send_day_before_reminders(now=None):
    """Remind tomorrow's groups; each reminder's key makes a second run send nothing."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    sent = 0
    for booking in (
        Booking.objects.holding()
        .filter(status=Status.APPROVED, slot__start__date=tomorrow, slot__called_off_at__isnull=True)
        .select_related("slot")
    ):
        with transaction.atomic():
            message(booking, "reminder")
        sent += 1
    return sent


def expire_offers():
    return capacity.expire_offers()


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
