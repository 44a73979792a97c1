"""Everything that changes a street's records, each in one transaction.

Views and the demo call these; the rules (one street per township, the checklist gate,
who accepts, what a repair needs) hold here whoever calls.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outreach import access, notify, roles
from outreach.models import Township
from outreach.siteurl import absolute

from .models import (
    AcceptanceChecklist,
    DamageReport,
    ElementScanDay,
    MaintenanceRecord,
    Milestone,
    ReportStatus,
    StreetElement,
    StreetIndexPage,
    StreetPage,
    StreetStatus,
    StreetStatusEvent,
)
from .permissions import can_manage_street, can_review, may_use_township
from .progress import evaluate

ACCEPTANCE_MILESTONE = "验收挂牌"

logger = logging.getLogger(__name__)


def _second_street(township):
    return ValidationError(
        _("%(township)s已经有一条消防文化街了：每个乡镇只建一条，请编辑已有的那条。")
        % {"township": township.name},
        code="second_street",
    )


def create_street(index, township, title, *, user=None, publish=False, **fields):
    """Add a township's street under the county index; a second one is refused.

    The township's row lock serialises two creations for the same township, so the loser
    gets the clear message; the unique column is the guarantee underneath.
    """
    try:
        with transaction.atomic():
            township = Township.objects.select_for_update().get(pk=township.pk)
            # The parent's row lock keeps two new children from computing the same tree path.
            index = StreetIndexPage.objects.select_for_update().get(pk=index.pk)
            if StreetPage.objects.filter(township=township).exists():
                raise _second_street(township)
            street = StreetPage(title=title, township=township, owner=user, live=publish, **fields)
            index.add_child(instance=street)
            revision = street.save_revision(user=user)
            if publish:
                revision.publish()
    except IntegrityError as error:
        if StreetPage.objects.filter(township=township).exists():
            raise _second_street(township) from error
        raise
    return street


# Each move of a street's status, as its action in the audit log (wagtail_hooks registers them).
STATUS_ACTIONS = {
    StreetStatus.BUILDING: "streets.status_building",
    StreetStatus.REQUESTED: "streets.status_requested",
    StreetStatus.ACCEPTED: "streets.status_accepted",
}


def _move(street, to_status, user, comment=""):
    StreetStatusEvent.objects.create(
        street=street, from_status=street.status, to_status=to_status, user=user, comment=comment
    )
    sent_back = street.status == StreetStatus.REQUESTED and to_status == StreetStatus.BUILDING
    _log(
        street,
        "streets.send_back" if sent_back else STATUS_ACTIONS[to_status],
        user,
        from_status=street.status,
        to_status=to_status,
        reason=comment,
    )
    street.status = to_status
    street.status_changed_at = timezone.now()
    street.review_comment = comment
    # clean=False: only the state columns change; the page's content is the revisions'.
    street.save(update_fields=["status", "status_changed_at", "review_comment"], clean=False)
    return street


def _locked(street_id):
    return StreetPage.objects.select_for_update().get(pk=street_id)


def _wrong_status(street, action):
    return ValidationError(
        _("文化街当前状态为“%(status)s”，不能%(action)s。")
        % {"status": street.get_status_display(), "action": action},
        code="wrong_status",
    )


def start_building(street_id, user):
    with transaction.atomic():
        street = _locked(street_id)
        if not can_manage_street(user, street):
            raise PermissionDenied
        if street.status != StreetStatus.PLANNED:
            raise _wrong_status(street, _("开始建设"))
        return _move(street, StreetStatus.BUILDING, user)


def request_acceptance(street_id, user):
    """在建 → 申请验收, only when every item of the checklist in force is met."""
    with transaction.atomic():
        street = _locked(street_id)
        if not can_manage_street(user, street):
            raise PermissionDenied
        if street.status != StreetStatus.BUILDING:
            raise _wrong_status(street, _("申请验收"))
        evaluation = evaluate(
            street,
            AcceptanceChecklist.current(),
            list(StreetElement.objects.in_service().filter(street=street)),
            list(Milestone.objects.filter(street=street)),
        )
        if not evaluation.complete:
            missing = "；".join(
                f"{item.label}（{item.detail}）" if item.detail else item.label for item in evaluation.missing
            )
            raise ValidationError(
                _("验收清单还没有完成，暂不能申请验收。未完成：%(missing)s") % {"missing": missing},
                code="incomplete",
            )
        return _move(street, StreetStatus.REQUESTED, user)


def accept(street_id, user, comment=""):
    """申请验收 → 已验收挂牌, by a reviewer; the plaque is a milestone on the timeline."""
    if not can_review(user):
        raise PermissionDenied
    with transaction.atomic():
        street = _locked(street_id)
        if street.status != StreetStatus.REQUESTED:
            raise _wrong_status(street, _("验收"))
        today = timezone.localdate()
        Milestone.objects.create(
            street=street,
            title=ACCEPTANCE_MILESTONE,
            planned_on=today,
            done_on=today,
            note=comment or _("通过验收，挂牌命名。"),
        )
        return _move(street, StreetStatus.ACCEPTED, user, comment)


def send_back(street_id, user, comment):
    """申请验收 → 在建 with the reviewer's reasons, which the township sees."""
    if not can_review(user):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("退回时请写明需要整改的内容。"), code="comment_required")
    with transaction.atomic():
        street = _locked(street_id)
        if street.status != StreetStatus.REQUESTED:
            raise _wrong_status(street, _("退回"))
        return _move(street, StreetStatus.BUILDING, user, comment)


def check_milestone_dates(street, title, planned_on, done_on, exclude_pk=None, today=None):
    """Dates in possible order: nothing done in the future, and steps done in planned order."""
    today = today or timezone.localdate()
    errors = {}
    if done_on and done_on > today:
        errors["done_on"] = _("实际完成日期不能晚于今天。")
    if (
        done_on
        and done_on < datetime.date(2000, 1, 1)
        or planned_on
        and planned_on < datetime.date(2000, 1, 1)
    ):
        errors["planned_on"] = _("日期太早了，请核对。")
    if done_on and "done_on" not in errors:
        others = Milestone.objects.filter(street=street, done_on__isnull=False).exclude(pk=exclude_pk)
        earlier = others.filter(planned_on__lt=planned_on, done_on__gt=done_on).first()
        later = others.filter(planned_on__gt=planned_on, done_on__lt=done_on).first()
        clash = earlier or later
        if clash:
            errors["done_on"] = _(
                "日期顺序不对：“%(other)s”计划在%(which)s，却在%(date)s完成。请核对两个节点的日期。"
            ) % {
                "other": clash.title,
                "which": _("本节点之前") if clash is earlier else _("本节点之后"),
                "date": clash.done_on.isoformat(),
            }
    if errors:
        raise ValidationError(errors)


def record_maintenance(element_id, user, done_on, note, photo):
    """An inspection or repair with its photo: restarts the interval, closes open reports."""
    if not photo:
        raise ValidationError({"photo": _("请上传维护后的照片。")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("检查维护日期不能晚于今天。")})
    with transaction.atomic():
        element = (
            StreetElement.objects.select_for_update(of=("self",)).select_related("street").get(pk=element_id)
        )
        if not can_manage_street(user, element.street):
            raise PermissionDenied
        record = MaintenanceRecord.objects.create(
            element=element, done_on=done_on, note=note, photo=photo, user=user
        )
        if element.last_inspected_on is None or done_on > element.last_inspected_on:
            element.last_inspected_on = done_on
            element.save(update_fields=["last_inspected_on", "updated_at"])
        reply = _("已于%(date)s修复，感谢您的反馈。") % {"date": done_on.isoformat()}
        for report in DamageReport.objects.select_for_update().filter(
            element=element, status=ReportStatus.NEW
        ):
            report.status = ReportStatus.REPAIRED
            report.resolved_at = timezone.now()
            report.public_reply = reply
            report.save(update_fields=["status", "resolved_at", "public_reply"])
    return record


def reject_report(report_id, user, reply):
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError(_("不予受理时请写明原因，报告人凭查询码可以看到。"))
    with transaction.atomic():
        report = (
            DamageReport.objects.select_for_update(of=("self",))
            .select_related("element__street")
            .get(pk=report_id)
        )
        if not can_manage_street(user, report.element.street):
            raise PermissionDenied
        if report.status != ReportStatus.NEW:
            raise ValidationError(_("这份报告已经处理过了。"))
        report.status = ReportStatus.REJECTED
        report.public_reply = reply
        report.resolved_at = timezone.now()
        report.save(update_fields=["status", "public_reply", "resolved_at"])
    return report


def report_recipients(township_id):
    """Who is told of a township's damage report: never nobody.

    The township's officers; a township with none (or none with an address) goes to
    the publicity team, which handles every township's reports; a site with neither
    goes to its administrators.
    """
    for users in (
        access.holders(roles.TOWNSHIP_OFFICER, township_id=township_id),
        access.holders(roles.EDITOR),
        get_user_model().objects.filter(is_superuser=True),
    ):
        recipients = sorted({user.email for user in users.filter(is_active=True).exclude(email="")})
        if recipients:
            return recipients
    logger.error("street damage reports of township %s reach no one: no officer, team or admin", township_id)
    return []


def notify_new_report(report):
    """Queue the report's e-mails in the outbox (outreach.notify), in the caller's transaction.

    One key per report and address: running it again queues nothing new, and the outbox
    sends each once even when a worker dies.
    """
    recipients = report_recipients(report.element.street.township_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"report": report, "site_url": absolute("")}
        subject = render_to_string("streets/email/new_report_subject.txt", context).strip()
        body = render_to_string("streets/email/new_report.txt", context)
    for email in recipients:
        notify.queue(f"streets:report:{report.pk}:new:{email}", email, body, subject=subject)
    return recipients


def create_report(element, data):
    """Store a report and queue its e-mails in one transaction: neither without the other."""
    with transaction.atomic():
        report = DamageReport.objects.create(
            element=element,
            kind=data["kind"],
            description=data["description"],
            photo=data.get("photo") or "",
            phone=data.get("phone") or "",
        )
        notify_new_report(report)
    return report


def record_scan(element_id, day=None):
    """One more scan of an element today: one atomic increment of a per-day row."""
    day = day or timezone.localdate()
    if ElementScanDay.objects.filter(element_id=element_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ElementScanDay.objects.create(element_id=element_id, day=day, count=1)
    except IntegrityError:
        ElementScanDay.objects.filter(element_id=element_id, day=day).update(count=F("count") + 1)


# --- upkeep decisions: each written to Wagtail's audit log with its reason ---------------
#
# Elements, milestones and photos belong to the street page: their decisions are logged on
# the page, so the page's history in the admin shows them (who, when, why). A wall has no
# page: its decisions are logged on the wall itself (the admin's site history shows them).

RETIRED_REPLY = _("该设施已撤除，感谢您的反馈。")


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明原因，会记入操作记录。")}, code="reason_required")
    return reason


def _log(instance, action, user, **data):
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user, data=data)


def _locked_element(element_id, user):
    element = (
        StreetElement.objects.select_for_update(of=("self",)).select_related("street").get(pk=element_id)
    )
    if not can_manage_street(user, element.street):
        raise PermissionDenied
    return element


def retire_element(element_id, user, reason, on=None):
    """撤除: the element leaves the street's progress, upkeep and reminders; its row, its
    inspections and its reports stay. Open reports are answered."""
    reason = _reason(reason)
    on = on or timezone.localdate()
    with transaction.atomic():
        element = _locked_element(element_id, user)
        if element.retired_on:
            raise ValidationError(_("这个元素已经撤除了。"), code="already_retired")
        element.retired_on = on
        element.retired_reason = reason
        element.save(update_fields=["retired_on", "retired_reason", "updated_at"])
        DamageReport.objects.filter(element=element, status=ReportStatus.NEW).update(
            status=ReportStatus.REJECTED, public_reply=RETIRED_REPLY, resolved_at=timezone.now()
        )
        _log(element.street, "streets.retire_element", user, element=element.name, reason=reason)
    return element


def delete_element(element_id, user, reason):
    """Delete an element entered by mistake. One with inspections or reports has a history
    to keep: it can only be retired."""
    reason = _reason(reason)
    with transaction.atomic():
        element = _locked_element(element_id, user)
        if element.maintenance.exists() or element.reports.exists():
            raise ValidationError(
                _("这个元素已有检查维护记录或报修，不能删除，只能撤除（记录会保留）。"), code="has_history"
            )
        street, name = element.street, element.name
        element.delete()  # its photo goes after the commit (apps.py: delete_with)
        _log(street, "streets.delete_element", user, element=name, reason=reason)
    return street


def remove_photo(obj, user, reason):
    """Remove a wrong photo (an element's, a wall's or a milestone's) with the reason; the
    file goes from storage once the transaction commits."""
    from .models import CultureWall, MilestonePhoto

    reason = _reason(reason)
    with transaction.atomic():
        model = type(obj)
        obj = model.objects.select_for_update().get(pk=obj.pk)
        if isinstance(obj, MilestonePhoto):
            street, field, what = obj.milestone.street, obj.image, obj.milestone.title
        elif isinstance(obj, CultureWall):
            street, field, what = None, obj.photo, str(obj)
        else:
            street, field, what = obj.street, obj.photo, obj.name
        if street is not None and not can_manage_street(user, street):
            raise PermissionDenied
        if street is None and not may_use_township(user, obj.township):
            raise PermissionDenied
        if not field:
            raise ValidationError(_("没有照片可删除。"), code="no_photo")
        if isinstance(obj, MilestonePhoto):
            obj.delete()  # its file goes after the commit (apps.py: delete_with)
        else:
            name, storage = field.name, field.storage
            field.name = ""
            obj.save(update_fields=[field.field.name])
            transaction.on_commit(lambda: storage.delete(name))
        _log(
            street if street is not None else obj, "streets.remove_photo", user, photo_of=what, reason=reason
        )
    return obj


def delete_milestone(milestone_id, user, reason):
    """A milestone entered by mistake, with its photos; the acceptance plaque stays."""
    reason = _reason(reason)
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update(of=("self",)).select_related("street").get(pk=milestone_id)
        )
        if not can_manage_street(user, milestone.street):
            raise PermissionDenied
        if milestone.title == ACCEPTANCE_MILESTONE and milestone.street.status == StreetStatus.ACCEPTED:
            raise ValidationError(_("验收挂牌节点是审核结论的记录，不能删除。"), code="plaque")
        street, title = milestone.street, milestone.title
        milestone.delete()  # its photos' files go after the commit (apps.py: delete_with)
        _log(street, "streets.delete_milestone", user, milestone=title, reason=reason)
    return street


def delete_wall(wall_id, user, reason):
    from .models import CultureWall

    reason = _reason(reason)
    with transaction.atomic():
        wall = CultureWall.objects.select_for_update(of=("self",)).select_related("township").get(pk=wall_id)
        if not may_use_township(user, wall.township):
            raise PermissionDenied
        # Logged before the row goes, so the entry names the wall it was.
        _log(wall, "streets.delete_wall", user, wall=str(wall), reason=reason)
        wall.delete()  # its photo goes after the commit (apps.py: delete_with)
