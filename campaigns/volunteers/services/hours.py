"""Check-in, check-out, no-shows and the hours an organiser confirms."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from outreach.models import Claim

from ..models import Signup
from .common import CHECKOUT_GRACE, Refused, rules


def compute_hours(shift, checked_in_at, checked_out_at):
    """Hours on the post: only inside the shift's times (travel and waiting excluded)."""
    start = max(checked_in_at, shift.starts_at)
    end = min(checked_out_at, shift.ends_at)
    seconds = max((end - start).total_seconds(), 0)
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def find_by_code(shift, code):
    """The sign-up of this shift with this code. A code of another shift gets the same
    answer as no code at all: the refusal names no other shift, event or volunteer."""
    code = (code or "").strip().upper()
    signup = (
        Signup.objects.select_related("volunteer", "shift", "claim").filter(code=code, shift=shift).first()
    )
    if signup is None:
        raise Refused(_("这个签到码不属于本岗位，请核对后重新输入。"))
    return signup


@transaction.atomic
def check_in(shift, code, *, now=None):
    now = now or timezone.now()
    signup = find_by_code(shift, code)
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("volunteer", "shift", "claim")
        .get(pk=signup.pk)
    )
    if (
        signup.state not in (Signup.ACTIVE, Signup.NO_SHOW)
        or signup.claim.status != Claim.HELD
        or not signup.approved
    ):
        raise Refused(_("%(name)s 没有这个岗位的确认名额，不能签到。") % {"name": signup.volunteer})
    if now > shift.ends_at:
        raise Refused(_("岗位已经结束，不能再签到；请在“待确认时长”中核实。"))
    if signup.checked_in_at is None:
        signup.checked_in_at = now
        signup.state = Signup.ACTIVE  # arriving late clears a no-show mark
        signup.save(update_fields=["checked_in_at", "state"])
    return signup


@transaction.atomic
def check_out(shift, code, *, now=None):
    now = now or timezone.now()
    signup = find_by_code(shift, code)
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("volunteer", "shift").get(pk=signup.pk)
    )
    if signup.checked_in_at is None:
        raise Refused(_("%(name)s 还没有签到，不能签退。") % {"name": signup.volunteer})
    if signup.checked_out_at is None:
        signup.checked_out_at = now
        signup.hours = compute_hours(shift, signup.checked_in_at, now)
        signup.hours_status = Signup.HOURS_TO_CONFIRM
        signup.save(update_fields=["checked_out_at", "hours", "hours_status"])
    return signup


def flag_missing_checkouts(now=None):
    """A forgotten check-out is flagged for the organiser, never credited on its own."""
    now = now or timezone.now()
    return Signup.objects.filter(
        checked_in_at__isnull=False,
        checked_out_at__isnull=True,
        hours_status=Signup.HOURS_NONE,
        shift__ends_at__lte=now - CHECKOUT_GRACE,
    ).update(hours_status=Signup.HOURS_MISSING_OUT)


def mark_no_shows(now=None):
    """Confirmed but not checked in 30 minutes after the start: no-show. Safe to run twice."""
    now = now or timezone.now()
    return Signup.objects.filter(
        state=Signup.ACTIVE,
        approved=True,
        claim__status=Claim.HELD,
        checked_in_at__isnull=True,
        shift__starts_at__lte=now - rules().no_show_after,
    ).update(state=Signup.NO_SHOW, ended_at=now)


@transaction.atomic
def confirm_hours(signup, user, hours=None):
    """The recording organisation confirms the hours (谁记录谁证明); `hours` overrides them,
    never beyond the shift's length."""
    signup = Signup.objects.select_for_update(of=("self",)).select_related("shift").get(pk=signup.pk)
    if signup.checked_in_at is None:
        raise Refused(_("没有签到记录，不能确认时长。"))
    if hours is not None:
        if hours <= 0 or hours > signup.shift.duration_hours:
            raise Refused(
                _("时长应在0到%(max)s小时之间（不能超出岗位时间，路途时间不计）。")
                % {"max": signup.shift.duration_hours}
            )
        signup.hours = Decimal(hours).quantize(Decimal("0.1"))
    if signup.hours is None:
        raise Refused(_("志愿者未签退，请填写核实后的时长再确认。"))
    signup.hours_status = Signup.HOURS_CONFIRMED
    signup.hours_confirmed_by = user
    signup.hours_confirmed_at = timezone.now()
    signup.save(update_fields=["hours", "hours_status", "hours_confirmed_by", "hours_confirmed_at"])
    log(instance=signup, action=HOURS_CONFIRM_ACTION, user=user, data={"hours": str(signup.hours)})
    return signup


HOURS_CONFIRM_ACTION = "volunteers.hours.confirm"
HOURS_CORRECT_ACTION = "volunteers.hours.correct"
CHECK_IN_UNDO_ACTION = "volunteers.check_in.undo"
CHECK_OUT_UNDO_ACTION = "volunteers.check_out.undo"


def _valid_hours(signup, hours):
    if hours is None or hours <= 0 or hours > signup.shift.duration_hours:
        raise Refused(
            _("时长应在0到%(max)s小时之间（不能超出岗位时间，路途时间不计）。")
            % {"max": signup.shift.duration_hours}
        )
    return Decimal(hours).quantize(Decimal("0.1"))


@transaction.atomic
def correct_hours(signup, user, hours, reason):
    """Correct a sign-up's hours (confirmed or not) with a reason: the new figure is
    confirmed, the old one and the reason stay in the record's history (audit log)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("更正时长请填写原因。"))
    signup = Signup.objects.select_for_update(of=("self",)).select_related("shift").get(pk=signup.pk)
    if signup.checked_in_at is None:
        raise Refused(_("没有签到记录，不能更正时长。"))
    new = _valid_hours(signup, hours)
    old = signup.hours
    signup.hours = new
    signup.hours_status = Signup.HOURS_CONFIRMED
    signup.hours_confirmed_by = user
    signup.hours_confirmed_at = timezone.now()
    signup.save(update_fields=["hours", "hours_status", "hours_confirmed_by", "hours_confirmed_at"])
    log(
        instance=signup,
        action=HOURS_CORRECT_ACTION,
        user=user,
        data={"reason": reason[:200], "from": str(old) if old is not None else "", "to": str(new)},
    )
    return signup


@transaction.atomic
def undo_check(signup, user, reason=""):
    """Undo the last of check-out or check-in (a wrong tick on the roster). Hours already
    confirmed are corrected instead, never silently dropped."""
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("shift", "volunteer").get(pk=signup.pk)
    )
    if signup.hours_status == Signup.HOURS_CONFIRMED:
        raise Refused(_("时长已经确认，不能撤销签到；如有错误请“更正时长”并写明原因。"))
    if signup.checked_out_at is not None:
        data = {"reason": reason[:200], "checked_out_at": signup.checked_out_at.isoformat()}
        signup.checked_out_at = None
        signup.hours = None
        signup.hours_status = Signup.HOURS_NONE
        signup.save(update_fields=["checked_out_at", "hours", "hours_status"])
        log(instance=signup, action=CHECK_OUT_UNDO_ACTION, user=user, data=data)
        return "out"
    if signup.checked_in_at is not None:
        data = {"reason": reason[:200], "checked_in_at": signup.checked_in_at.isoformat()}
        signup.checked_in_at = None
        signup.hours_status = Signup.HOURS_NONE
        signup.save(update_fields=["checked_in_at", "hours_status"])
        log(instance=signup, action=CHECK_IN_UNDO_ACTION, user=user, data=data)
        return "in"
    raise Refused(_("%(name)s 还没有签到，没有可撤销的记录。") % {"name": signup.volunteer})
