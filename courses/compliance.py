"""Who is on track: the one computation behind the screens, the exports and the reminders.

Everything is aggregated in the database, one query per kind of record, whatever the number
of schools, classes or records; Python only combines the per-school rows with the rules.
Screens, spreadsheets and reminders all call `term_report`, so their numbers agree by
construction.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models
from django.db.models import Count, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Township

from . import visits
from .models import ComplianceRule, Drill, Lesson, LessonClass, RuleKind, School, SchoolClass, SchoolKind

# "Three quarters of the term gone and not on track" is the plan's warning line.
AT_RISK_SHARE = 0.75
DEFAULT_EVACUATION_TARGET = 120
ZERO = Decimal("0")
# Below a tenth of an hour: what a sum of tenths may miss by as a float (see class_hours_by_school).
SLACK = Decimal("0.001")


def plain(number):
    """4 rather than 4.0, 3.5 as 3.5."""
    return format(Decimal(number).normalize(), "f")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    ON_TRACK = "on_track", _("进行中")
    AT_RISK = "at_risk", _("有风险")
    MET = "met", _("已达标")
    NOT_MET = "not_met", _("未达标")


# Worst first: the order tables sort by.
STATUS_ORDER = [Status.NOT_MET, Status.AT_RISK, Status.NOT_STARTED, Status.ON_TRACK, Status.MET]


def status_for(met, started, term, today):
    if met:
        return Status.MET
    if today > term.end:
        return Status.NOT_MET
    if term.elapsed_share(today) >= AT_RISK_SHARE:
        return Status.AT_RISK
    if not started:
        return Status.NOT_STARTED
    return Status.ON_TRACK


@dataclass(frozen=True)
class Requirements:
    """What a kind of school must achieve in a term, the strictest of the rules that apply."""

    class_hours: Decimal | None = None
    drills: int = 0
    monthly_drill: bool = False
    max_seconds: int | None = None


def requirements_by_kind(rules):
    result = {}
    for kind in SchoolKind.values:
        hours, drills, monthly, seconds = None, 0, False, None
        for rule in rules:
            if not rule.is_active or not rule.applies_to(kind):
                continue
            if rule.kind == RuleKind.CLASS_HOURS:
                hours = max(hours or ZERO, rule.value)
            elif rule.kind == RuleKind.DRILLS_PER_TERM:
                drills = max(drills, int(rule.value))
            elif rule.kind == RuleKind.MONTHLY_DRILL:
                monthly = True
            elif rule.kind == RuleKind.EVACUATION_SECONDS:
                seconds = int(rule.value) if seconds is None else min(seconds, int(rule.value))
        result[kind] = Requirements(hours, drills, monthly, seconds)
    return result


def evacuation_target(rules, requirements, kind):
    """The time a drill is called slow against: the school's own rule, else the county target."""
    if requirements.max_seconds is not None:
        return requirements.max_seconds
    for rule in sorted(rules, key=lambda r: not r.is_active):
        if rule.kind == RuleKind.EVACUATION_SECONDS:
            return int(rule.value)
    return DEFAULT_EVACUATION_TARGET


@dataclass
class SchoolCompliance:
    school: School
    requirements: Requirements
    months_in_term: int
    evacuation_target: int
    classes: int = 0
    classes_met: int = 0
    classes_started: int = 0
    hours: Decimal = ZERO
    drills: int = 0
    drill_months: int = 0
    slowest: int | None = None
    status: str = Status.NOT_STARTED
    base_visits: int = 0

    @property
    def classes_short(self):
        if self.requirements.class_hours is None:
            return 0  # no hours rule: no class is short of hours
        return self.classes - self.classes_met

    @property
    def hours_ok(self):
        if self.requirements.class_hours is None:
            return True
        return self.classes > 0 and self.classes_short == 0

    @property
    def drills_ok(self):
        return self.drills >= self.requirements.drills

    @property
    def monthly_ok(self):
        return not self.requirements.monthly_drill or self.drill_months >= self.months_in_term

    @property
    def slow(self):
        return self.slowest is not None and self.slowest > self.evacuation_target

    @property
    def evacuation_ok(self):
        return self.requirements.max_seconds is None or (self.drills > 0 and not self.slow)

    @property
    def met(self):
        return self.hours_ok and self.drills_ok and self.monthly_ok and self.evacuation_ok

    @property
    def started(self):
        return self.classes_started > 0 or self.drills > 0

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def missing(self):
        """What still has to happen this term, in words a school understands."""
        items = []
        req = self.requirements
        if req.class_hours is not None:
            if not self.classes:
                items.append(_("尚未登记本学期的班级"))
            elif self.classes_short:
                items.append(
                    _("%(n)d个班消防课不足%(hours)s课时")
                    % {"n": self.classes_short, "hours": plain(req.class_hours)}
                )
        if not self.drills_ok:
            if self.drills == 0:
                items.append(_("本学期还没有疏散演练"))
            else:
                items.append(_("疏散演练还差%(n)d次") % {"n": req.drills - self.drills})
        if not self.monthly_ok:
            items.append(_("每月演练：%(n)d个月没有演练") % {"n": self.months_in_term - self.drill_months})
        if req.max_seconds is not None and self.slow:
            items.append(
                _("最慢一次疏散用时%(s)d秒，超过%(t)d秒的目标")
                % {"s": self.slowest, "t": self.evacuation_target}
            )
        elif req.max_seconds is not None and not self.drills:
            items.append(_("疏散用时尚无记录"))
        return items


@dataclass
class Rollup:
    """Counts over a group of schools: a township or the whole county."""

    name: str
    township: object = None
    schools: int = 0
    compliant: int = 0
    classes: int = 0
    classes_short: int = 0
    no_drill: int = 0
    slow: int = 0
    base_visits: int = 0
    by_status: dict = field(default_factory=lambda: dict.fromkeys(Status.values, 0))

    def add(self, row):
        self.schools += 1
        self.compliant += row.met
        self.classes += row.classes
        self.classes_short += row.classes_short
        self.no_drill += row.drills == 0
        self.slow += row.slow
        self.base_visits += row.base_visits
        self.by_status[row.status] += 1

    @property
    def share(self):
        """Share of schools compliant, in percent, one decimal."""
        return round(100 * self.compliant / self.schools, 1) if self.schools else 0.0


@dataclass
class TermReport:
    term: object
    today: object
    rows: list
    townships: list
    county: Rollup

    def for_school(self, school):
        return next((row for row in self.rows if row.school.pk == school.pk), None)


def class_hours_subquery():
    """Hours credited to the outer class: the sum of the lessons it took part in."""
    return Subquery(
        LessonClass.objects.filter(school_class=OuterRef("pk"))
        .order_by()
        .values("school_class")
        .annotate(total=Sum("lesson__hours"))
        .values("total"),
        output_field=models.DecimalField(max_digits=8, decimal_places=1),
    )


def class_hours_by_school(term, scope_ids, requirements):
    """{school id: (classes, classes that reached the hours, classes with any hours, hours)}.

    One query. Each class's lessons are summed first, then each class is compared with
    the threshold of its school's kind and counted per school, all in the database: the
    county's 60,000 classes never travel to Python. The ORM cannot group over a grouped
    subquery, hence the SQL; the schools in scope come in as the queryset's own SQL.

    Hours and thresholds are tenths. SQLite sums them as binary floats (ten times 0.1 is
    0.9999…), so a class counts as reaching the threshold from a thousandth of an hour
    below it: far above the float error, far below the tenth a real shortfall is at least.
    (SQL's ROUND per class would do the same at a fifth of the query's time on SQLite.)
    """
    school_class, lesson_class, lesson = (m._meta.db_table for m in (SchoolClass, LessonClass, Lesson))
    school = School._meta.db_table
    thresholds = [
        (kind, req.class_hours) for kind, req in requirements.items() if req.class_hours is not None
    ]
    # Unordered: a DISTINCT scope would otherwise select its ordering columns too.
    scope_sql, scope_params = scope_ids.order_by().query.sql_with_params()
    # CAST: SQLite would otherwise compare a number with the text Django binds a Decimal as.
    levels = {hours for _kind, hours in thresholds}
    if len(thresholds) == len(requirements) and len(levels) == 1:
        # One threshold for every kind (the plan's 4 hours): no need to read the school.
        threshold, threshold_params, join, kind = "CAST(%s AS NUMERIC)", [levels.pop() - SLACK], "", ""
    elif thresholds:
        whens = " ".join("WHEN %s THEN CAST(%s AS NUMERIC)" for _ in thresholds)
        threshold = f"CASE s.kind {whens} END"
        threshold_params = [
            value for school_kind, hours in thresholds for value in (school_kind, hours - SLACK)
        ]
        join, kind = f"JOIN {school} s ON s.id = c.school_id", ", s.kind"
    else:
        threshold, threshold_params, join, kind = "CAST(NULL AS NUMERIC)", [], "", ""
    # Only table names and placeholders are formatted in; every value is a parameter.
    sql = f"""
        SELECT h.school_id, COUNT(*), SUM(CASE WHEN h.hours >= h.threshold THEN 1 ELSE 0 END),
               SUM(CASE WHEN h.hours > 0 THEN 1 ELSE 0 END), SUM(h.hours)
        FROM (
            SELECT c.id, c.school_id, {threshold} AS threshold, COALESCE(SUM(l.hours), 0) AS hours
            FROM {school_class} c
            {join}
            LEFT JOIN {lesson_class} lc ON lc.school_class_id = c.id
            LEFT JOIN {lesson} l ON l.id = lc.lesson_id
            WHERE c.term_id = %s AND c.school_id IN ({scope_sql})
            GROUP BY c.school_id, c.id{kind}
        ) h
        GROUP BY h.school_id
    """  # noqa: S608
    params = [*threshold_params, term.pk, *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            school_id: (classes, met, started, Decimal(str(hours)).quantize(Decimal("0.1")))
            for school_id, classes, met, started, hours in cursor.fetchall()
        }


def term_report(term, schools=None, today=None, active_only=True, rows=True):
    """Compliance of `schools` (a queryset, default all) in `term`, with roll-ups.

    Five queries: rules, schools, classes and their hours per school, drills per school, and
    the visits other apps credit (one per registered source, see courses.visits).

    `rows=False` is for readers of the roll-ups alone (the plan dashboard): the schools are
    read as id, kind and township instead of whole records (one query more, for the
    townships), and the report's `rows` is empty; every figure is the same.
    """
    today = today or timezone.localdate()
    scope = schools if schools is not None else School.objects.all()
    if active_only:
        scope = scope.filter(is_active=True)
    # Inactive rules too: the evacuation target still defines a "slow" drill when off.
    rules = list(ComplianceRule.objects.all())
    requirements = requirements_by_kind(rules)
    targets = {kind: evacuation_target(rules, req, kind) for kind, req in requirements.items()}
    ordered = scope.order_by("township__sort_order", "township__name", "name")
    if rows:
        school_list = [
            (school.pk, school, school.kind, school.township) for school in ordered.select_related("township")
        ]
    else:
        townships_by_id = Township.objects.in_bulk()
        school_list = [
            (pk, None, kind, townships_by_id[township_id])
            for pk, kind, township_id in ordered.values_list("pk", "kind", "township_id")
        ]
    scope_ids = scope.values("pk")

    class_stats = class_hours_by_school(term, scope_ids, requirements)
    per_drill = {"n": Count("id"), "slowest": Max("evacuation_seconds")}
    if any(req.monthly_drill for req in requirements.values()):
        # Months are counted only when a rule asks for them: on SQLite each date is
        # truncated by a Python function.
        per_drill["months"] = Count(TruncMonth("date"), distinct=True)
    drill_rows = (
        Drill.objects.filter(term=term, school__in=scope_ids)
        .order_by()
        .values("school_id")
        .annotate(**per_drill)
    )
    by_school_drills = {row["school_id"]: row for row in drill_rows}

    months_in_term = len(term.months())
    visit_counts = visits.counts(scope_ids, term.start, term.end)
    visit_hours = next(
        (rule.value for rule in rules if rule.kind == RuleKind.BASE_VISIT_HOURS and rule.is_active), None
    )
    county = Rollup(name=str(_("全县")))
    townships = {}
    report_rows = []
    for pk, school, kind, township in school_list:
        row = SchoolCompliance(
            school=school,
            requirements=requirements[kind],
            months_in_term=months_in_term,
            evacuation_target=targets[kind],
        )
        if stats := class_stats.get(pk):
            row.classes, row.classes_met, row.classes_started, row.hours = stats
        if drills := by_school_drills.get(pk):
            row.drills, row.drill_months, row.slowest = (
                drills["n"],
                drills.get("months", 0),
                drills["slowest"],
            )
        row.base_visits = visit_counts.get(pk, 0)
        if visit_hours:  # the rule "a visit also counts as class hours" (off by default)
            row.hours += visit_hours * row.base_visits
        row.status = status_for(row.met, row.started, term, today)
        if rows:
            report_rows.append(row)
        county.add(row)
        if township.pk not in townships:
            townships[township.pk] = Rollup(name=township.name, township=township)
        townships[township.pk].add(row)
    return TermReport(
        term=term, today=today, rows=report_rows, townships=list(townships.values()), county=county
    )


@dataclass
class ClassProgress:
    school_class: SchoolClass
    hours: Decimal
    required: Decimal | None
    status: str

    @property
    def percent(self):
        if not self.required:
            return 100
        return min(100, int(100 * self.hours / self.required))

    @property
    def status_label(self):
        return Status(self.status).label


def class_progress(term, school, today=None):
    """Hours and status of each class of one school in one term (two queries)."""
    today = today or timezone.localdate()
    rules = list(ComplianceRule.objects.active())
    required = requirements_by_kind(rules)[school.kind].class_hours
    classes = (
        SchoolClass.objects.filter(term=term, school=school)
        .annotate(credited=Coalesce(class_hours_subquery(), Value(ZERO)))
        .order_by("grade", "number")
    )
    result = []
    for school_class in classes:
        met = required is None or school_class.credited >= required
        status = status_for(met, school_class.credited > 0, term, today)
        result.append(ClassProgress(school_class, school_class.credited, required, status))
    return result


def school_history(school, terms, today=None):
    """(term, SchoolCompliance) for each of `terms`: four queries per term."""
    scope = School.objects.filter(pk=school.pk)
    return [(term, term_report(term, scope, today, active_only=False).for_school(school)) for term in terms]
