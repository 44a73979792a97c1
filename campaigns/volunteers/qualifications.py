"""Trainings and qualifications: what a volunteer submits, what an organiser verifies.

A volunteer's own entry is only a claim: it counts for a sign-up once an organiser of the
volunteer's township (or the county's publicity team) has seen the document and verified
it. The expiry is computed then, from the date the training was obtained and the
training's `valid_months`; the volunteer never types it. A qualification the platform
records itself (attendance at a training it ran) is verified when recorded.

Each decision is one transaction: the row locked, its state changed, the volunteer told
through the outbox and an in-site notice, and the decision written to Wagtail's audit
log with who, when and the reason.
"""

import calendar
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Qualification

VERIFY_ACTION = "volunteers.qualification.verify"
REJECT_ACTION = "volunteers.qualification.reject"
RECORD_ACTION = "volunteers.qualification.record"


class NotReviewable(Exception):
    """The qualification was decided already, or the input is wrong; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def add_months(day, months):
    """`day` plus `months` calendar months (31 Jan + 1 month: the last day of February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(training, obtained_on):
    return add_months(obtained_on, training.valid_months)


def training_problem(volunteer, shift):
    """Why the volunteer may not take the shift for lack of its required training (a
    sentence to show), or None. Only verified qualifications valid on the day of the
    shift count; one waiting for review or refused does not."""
    if not shift.required_training_id:
        return None
    day = timezone.localtime(shift.starts_at).date()
    held = volunteer.qualifications.filter(training_id=shift.required_training_id)
    if held.valid_on(day).exists():
        return None
    latest = held.verified().order_by("-valid_until").first()
    if latest is not None:
        return _("您的“%(training)s”在%(day)s已过期（或活动时已过期），请先复训。") % {
            "training": shift.required_training,
            "day": latest.valid_until,
        }
    if held.filter(status=Qualification.SUBMITTED).exists():
        return _("您登记的“%(training)s”正在等待组织者审核，审核通过后才能报名这个岗位。") % {
            "training": shift.required_training
        }
    return _("这个岗位需要先取得“%(training)s”。") % {"training": shift.required_training}


def submit(volunteer, training, obtained_on, document=None):
    """The volunteer's own entry, waiting for an organiser's review."""
    today = timezone.localdate()
    if obtained_on > today:
        raise NotReviewable(_("取得日期不能晚于今天。"))
    if volunteer.qualifications.filter(training=training, status=Qualification.SUBMITTED).exists():
        raise NotReviewable(_("您登记的“%(training)s”正在等待审核，请勿重复提交。") % {"training": training})
    qualification = Qualification(volunteer=volunteer, training=training, obtained_on=obtained_on)
    if document:
        qualification.document = document
    qualification.save()
    return qualification


@transaction.atomic
def record(volunteer, training, obtained_on, user=None):
    """A qualification the platform itself knows of (the volunteer attended its training):
    verified as recorded, valid for the training's months from `obtained_on`."""
    now = timezone.now()
    qualification = Qualification.objects.create(
        volunteer=volunteer,
        training=training,
        obtained_on=obtained_on,
        valid_until=expiry(training, obtained_on),
        status=Qualification.VERIFIED,
        source=Qualification.BY_PLATFORM,
        reviewed_by=user,
        reviewed_at=now,
    )
    log(qualification, RECORD_ACTION, user=user, data={"volunteer": volunteer.pk})
    return qualification


def _locked(qualification):
    qualification = (
        Qualification.objects.select_for_update(of=("self",))
        .select_related("training", "volunteer")
        .get(pk=qualification.pk)
    )
    if qualification.status != Qualification.SUBMITTED:
        raise NotReviewable(_("这条资质已经审核过了。"))
    return qualification


@transaction.atomic
def verify(qualification, user, obtained_on=None):
    """The organiser has seen the document: the entry counts from now on. `obtained_on`
    corrects the date the volunteer gave, when the document says otherwise."""
    qualification = _locked(qualification)
    today = timezone.localdate()
    if obtained_on is not None:
        if obtained_on > today:
            raise NotReviewable(_("取得日期不能晚于今天。"))
        qualification.obtained_on = obtained_on
    qualification.valid_until = expiry(qualification.training, qualification.obtained_on)
    qualification.status = Qualification.VERIFIED
    qualification.reviewed_by = user
    qualification.reviewed_at = timezone.now()
    qualification.reject_reason = ""
    qualification.save()
    log(
        qualification,
        VERIFY_ACTION,
        user=user,
        data={
            "volunteer": qualification.volunteer_id,
            "obtained_on": qualification.obtained_on.isoformat(),
            "valid_until": qualification.valid_until.isoformat(),
        },
    )
    if qualification.valid_until < today:
        text = _("您登记的“%(training)s”已审核通过，但已于%(day)s过期，请参加复训。")
    else:
        text = _("您登记的“%(training)s”已审核通过，有效期至%(day)s。")
    _tell(
        qualification,
        "verified",
        _("资质审核通过"),
        text % {"training": qualification.training, "day": qualification.valid_until},
    )
    return qualification


@transaction.atomic
def reject(qualification, user, reason):
    """The document does not show the training (or is missing): not counted, with the
    reason told to the volunteer."""
    reason = (reason or "").strip()
    if not reason:
        raise NotReviewable(_("请填写未通过的原因，志愿者会看到它。"))
    qualification = _locked(qualification)
    qualification.status = Qualification.REJECTED
    qualification.reviewed_by = user
    qualification.reviewed_at = timezone.now()
    qualification.reject_reason = reason[:200]
    qualification.save()
    log(
        qualification,
        REJECT_ACTION,
        user=user,
        data={"volunteer": qualification.volunteer_id, "reason": qualification.reject_reason},
    )
    _tell(
        qualification,
        "rejected",
        _("资质审核未通过"),
        _("您登记的“%(training)s”未通过审核：%(reason)s。可以补充证书后重新登记。")
        % {"training": qualification.training, "reason": qualification.reject_reason},
    )
    return qualification


def _tell(qualification, what, subject, body):
    # One message per decision; the volunteer's e-mail and page (services._tell).
    from .services import _tell as tell_volunteer

    tell_volunteer(
        qualification.volunteer,
        f"qualification-{what}:{qualification.pk}",
        subject,
        body,
        link=reverse("volunteers:mine"),
        sms=True,
    )
