"""What changes the plan's records: reported values, their review, assessments, snapshots.

Who may do what is decided here, so every screen asks the same questions:
- the staff dashboard is for the publicity team, reviewers, the education bureau,
  township officers and members of any responsible unit;
- a responsible unit's members report values and write causes and measures for the
  indicators that unit answers for, and no others;
- only reviewers (审核) accept or return a reported value, and never their own;
- a value's evidence (a private file) is for the unit's members and the reviewers.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from outreach import indicators as registry
from outreach import roles
from outreach.access import COUNTY_WIDE, access, has_role

from .evaluation import evaluate
from .models import (
    Assessment,
    Indicator,
    Measurement,
    Plan,
    ReportedStatus,
    ReportedValue,
    ResponsibleUnit,
    Snapshot,
    SnapshotReason,
)

STAFF_ROLES = (roles.EDITOR, roles.REVIEWER, roles.EDUCATION_BUREAU, roles.TOWNSHIP_OFFICER)


def unit_ids(user):
    """The responsible units the user speaks for (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_plan_unit_ids", None)
    if cached is None:
        cached = frozenset(ResponsibleUnit.objects.filter(members=user).values_list("pk", flat=True))
        user._plan_unit_ids = cached
    return cached


def can_view_staff(user):
    if not user.is_authenticated:
        return False
    return has_role(user, *STAFF_ROLES) or bool(unit_ids(user))


COUNTY_ROLES = COUNTY_WIDE.plan


def drill_down_township(user):
    """The township a user's drill-downs are limited to (a township officer without a
    county role, as everywhere else on the platform), or None for the whole county."""
    held = access(user)
    if held.has(*COUNTY_ROLES) or not held.has(roles.TOWNSHIP_OFFICER):
        return None
    return held.township_id or 0


def can_enter(user, indicator):
    """Members of the indicator's responsible unit (and superusers) report for it."""
    return access(user).is_superuser or indicator.responsible_unit_id in unit_ids(user)


def can_review(user):
    return has_role(user, roles.REVIEWER)


def can_see_evidence(user, indicator):
    """Evidence is the unit's own paperwork: its members and the reviewers who check it."""
    return can_review(user) or indicator.responsible_unit_id in unit_ids(user)


def current_plan():
    return Plan.objects.filter(is_current=True).order_by("-start").first()


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
        snapshot = Snapshot(
            indicator=result.indicator,
            taken_on=on,
            reason=reason,
            actual=result.actual,
            value=result.value,
            total=result.total,
            expected=round(result.expected, 2),
            status=result.status,
            by_township={str(t.township.pk): str(t.actual) for t in result.townships if t.actual is not None},
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


def snapshot_reason(day):
    """Why `day` is due a snapshot (term end before month end), or None."""
    if day in registry.due_dates(day, day):
        return SnapshotReason.TERM_END
    if is_month_end(day):
        return SnapshotReason.MONTH_END
    return None


def snapshot_if_due(today=None):
    today = today or timezone.localdate()
    reason = snapshot_reason(today)
    if reason is None:
        return 0
    return take_snapshots(today, reason)


def history(plan, since):
    return Snapshot.objects.filter(indicator__plan=plan, taken_on__gte=since).order_by("taken_on")


def year_ago(on):
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on - datetime.timedelta(days=365)
