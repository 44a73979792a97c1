"""What changes the plan's records: reported values and their review, assessments,
snapshots, and a plan's close and succession. Who may do what is in `permissions`."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from outreach import indicators as registry

from .evaluation import evaluate, stored_townships
from .models import (
    Assessment,
    FinalValue,
    Indicator,
    Measurement,
    Plan,
    ReportedStatus,
    ReportedValue,
    Snapshot,
    SnapshotReason,
)
from .permissions import can_enter, can_manage_plans, can_review

VERIFY_ACTION = "plan.verify"
RETURN_ACTION = "plan.return"
CLOSE_ACTION = "plan.close"
CARRY_ACTION = "plan.carry_over"


def current_plan():
    """The plan marked current (the newest, if several), else the newest plan."""
    plans = Plan.objects.order_by("-start")
    return plans.filter(is_current=True).first() or plans.first()


def enter_value(user, indicator, *, value, as_of, evidence, note=""):
    if not can_enter(user, indicator):
        raise PermissionDenied
    if indicator.measurement != Measurement.REPORTED:
        raise PermissionDenied
    return ReportedValue.objects.create(
        indicator=indicator, value=value, as_of=as_of, evidence=evidence, note=note, entered_by=user
    )


def review(user, reported_id, *, accept, note=""):
    """Accept or return a pending value; the row lock keeps two reviewers from both deciding."""
    if not can_review(user):
        raise PermissionDenied
    with transaction.atomic():
        reported = ReportedValue.objects.select_for_update().get(pk=reported_id)
        if reported.entered_by_id == user.pk:
            raise PermissionDenied
        if reported.status != ReportedStatus.PENDING:
            return reported, False
        reported.status = ReportedStatus.VERIFIED if accept else ReportedStatus.REJECTED
        reported.reviewed_by = user
        reported.reviewed_at = timezone.now()
        reported.review_note = note
        reported.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        log(
            instance=reported,
            action=VERIFY_ACTION if accept else RETURN_ACTION,
            user=user,
            data={"reason": note, "indicator": reported.indicator.code, "value": str(reported.value)},
        )
    return reported, True


def save_assessment(user, indicator, *, year, causes, measures):
    if not can_enter(user, indicator):
        raise PermissionDenied
    assessment, _ = Assessment.objects.update_or_create(
        indicator=indicator,
        year=year,
        defaults={"causes": causes, "measures": measures, "entered_by": user},
    )
    return assessment


def take_snapshots(on, reason, plan=None):
    """Store every indicator of the plan as it reads on `on`, once: an existing snapshot of
    that day is never overwritten (history does not move). Returns how many were new."""
    plan = plan or current_plan()
    if plan is None:
        return 0
    indicators = list(Indicator.objects.filter(plan=plan).for_dashboard())
    existing = set(
        Snapshot.objects.filter(indicator__plan=plan, taken_on=on).values_list("indicator_id", flat=True)
    )
    todo = [i for i in indicators if i.pk not in existing]
    if not todo:
        return 0
    created = 0
    for result in evaluate(todo, on):
        if result.no_history:
            continue  # a past day of a source that only knows today: no snapshot is truer
        snapshot = Snapshot(
            indicator=result.indicator,
            taken_on=on,
            reason=reason,
            actual=result.actual,
            value=result.value,
            total=result.total,
            expected=round(result.expected, 2),
            status=result.status,
            by_township=stored_townships(result),
        )
        try:
            with transaction.atomic():
                snapshot.save()
            created += 1
        except IntegrityError:
            pass  # another worker took the same day's snapshot first
    return created


def is_month_end(day):
    return day.day == calendar.monthrange(day.year, day.month)[1]


def snapshot_reason(day, due=None):
    """Why `day` is due a snapshot (term end before month end), or None. `due`: the term
    ends of a span around it, when already read."""
    if day in (due if due is not None else registry.due_dates(day, day)):
        return SnapshotReason.TERM_END
    if is_month_end(day):
        return SnapshotReason.MONTH_END
    return None


CATCH_UP_DAYS = 92


def catch_up_snapshots(today=None, days=CATCH_UP_DAYS):
    """Take every due snapshot of the last `days` days that is missing (the job did not
    run that day: the server was down, the queue stopped). Sources that can read a past
    date are read as of that day; sources that only know today are skipped for past days
    rather than stored under a date they cannot speak for. Returns how many were new."""
    today = today or timezone.localdate()
    plan = current_plan()
    if plan is None:
        return 0
    first = max(plan.start, today - datetime.timedelta(days=days))
    created = 0
    due = registry.due_dates(first, today)
    day = first
    while day <= today:
        reason = snapshot_reason(day, due)
        if reason is not None and day <= plan.end:
            created += take_snapshots(day, reason, plan)
        day += datetime.timedelta(days=1)
    return created


# -- a plan's close and its successor ---------------------------------------------------


def close_plan(plan, user=None):
    """Freeze the plan's final evaluation: each indicator as it read on the plan's last
    day, from that day's snapshots and the dated records up to it, never from records as
    they stand today. Idempotent: a closed plan's values are never recomputed."""
    from .dashboard import results_at_end

    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.closed_at is not None:
            return plan, False
        frozen = set(FinalValue.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True))
        for result in results_at_end(plan):
            if result.indicator.pk in frozen:
                continue
            FinalValue.objects.create(
                indicator=result.indicator,
                as_of=plan.end,
                actual=result.actual,
                value=result.value,
                total=result.total,
                expected=round(result.expected, 2),
                status=result.status,
                basis=str(basis_of(result)),
                verified_by=verifier_of(result),
                by_township=stored_townships(result),
            )
        plan.closed_at = timezone.now()
        plan.save(update_fields=["closed_at"])
        log(
            instance=plan,
            action=CLOSE_ACTION,
            user=user,
            data={"reason": "终期评估定稿", "as_of": str(plan.end)},
        )
    return plan, True


def basis_of(result):
    """Where the value of a result comes from, in words for the report and open data."""
    from django.utils.translation import gettext as _

    if result.archived_on:
        return _("%(day)s 存档") % {"day": result.archived_on.isoformat()}
    if result.no_history:
        return _("数据源只反映当前情况，当日没有存档")
    if result.verified is not None:
        return _("责任单位填报（统计截至 %(day)s）") % {"day": result.verified.as_of.isoformat()}
    if result.pending is not None:
        return _("责任单位已填报，尚未核实")
    if result.is_live and not result.source_label:
        return _("平台数据源尚未上线")
    if result.actual is not None:
        if result.on < timezone.localdate():
            return _("平台记录（按日期回溯）")
        return _("平台当前记录")
    return _("无数据")


def basis_text(result):
    """The basis as shown: the frozen one of a final value, else `basis_of`."""
    return result.final.basis if result.final else str(basis_of(result))


def verifier_text(result):
    """Who vouches, as shown: the frozen one of a final value, else `verifier_of`."""
    return result.final.verified_by if result.final else str(verifier_of(result))


def verifier_of(result):
    """Who vouches for the value: the reviewers for a reported one, the platform else."""
    from django.utils.translation import gettext as _

    if result.verified is not None:
        when = result.verified.reviewed_at
        day = timezone.localtime(when).date().isoformat() if when else ""
        return _("%(unit)s报送，审核人员核实 %(day)s") % {
            "unit": result.indicator.responsible_unit.name,
            "day": day,
        }
    if result.actual is not None:
        return _("平台自动统计")
    return ""


def carry_over(previous, *, name, slug, document, start, end, codes=None, user=None):
    """Start the plan that follows `previous`: its final evaluation is frozen first, then
    each kept indicator is copied with the previous final value as its baseline. Targets
    are copied as placeholders marked 演示目标 until the new plan's targets are entered."""
    if user is not None and not can_manage_plans(user):
        raise PermissionDenied
    close_plan(previous, user)
    with transaction.atomic():
        plan = Plan.objects.create(
            name=name,
            slug=slug,
            document=document,
            start=start,
            end=end,
            evaluator=previous.evaluator,
            predecessor=previous,
            is_current=True,
        )
        Plan.objects.exclude(pk=plan.pk).filter(is_current=True).update(is_current=False)
        finals = {f.indicator_id: f for f in FinalValue.objects.filter(indicator__plan=previous)}
        kept = Indicator.objects.filter(plan=previous).order_by("sort_order", "pk")
        if codes is not None:
            kept = kept.filter(code__in=codes)
        for old in kept:
            final = finals.get(old.pk)
            baseline = final.actual if final is not None and final.actual is not None else old.baseline
            Indicator.objects.create(
                plan=plan,
                code=old.code,
                name=old.name,
                clause=old.clause,
                kind=old.kind,
                unit=old.unit,
                criteria=old.criteria,
                baseline=baseline,
                baseline_year=previous.end.year,
                target=old.target,
                target_is_demo=True,
                carried_from=old,
                responsible_unit=old.responsible_unit,
                measurement=old.measurement,
                source_key=old.source_key,
                aggregate=old.aggregate,
                on_track_ratio=old.on_track_ratio,
                attention_ratio=old.attention_ratio,
                is_public=old.is_public,
                sort_order=old.sort_order,
            )
        log(
            instance=plan,
            action=CARRY_ACTION,
            user=user,
            data={"reason": f"接续{previous.name}", "from": previous.pk, "indicators": kept.count()},
        )
    return plan
