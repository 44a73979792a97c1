"""The rules: hours per class, drills per school, the at-risk line, optional rules."""

import datetime
from decimal import Decimal

import pytest

from courses.compliance import Status, class_progress, term_report
from courses.models import ComplianceRule, RuleKind, School, SchoolKind

from .factories import DrillFactory, LessonFactory, SchoolClassFactory, TermFactory, days, school_with_classes

pytestmark = pytest.mark.django_db


def report_for(school, term, today=None):
    return term_report(term, School.objects.filter(pk=school.pk), today=today or term.start + days(10)).rows[
        0
    ]


def test_three_and_a_half_hours_is_not_compliant():
    term = TermFactory()
    school, (klass,) = school_with_classes(term, n=1)
    DrillFactory(school=school, term=term)
    LessonFactory(school=school, term=term, hours=Decimal("2"), classes=[klass])
    LessonFactory(school=school, term=term, hours=Decimal("1.5"), classes=[klass])
    row = report_for(school, term)
    assert row.classes_met == 0 and row.classes_short == 1
    assert row.status == Status.ON_TRACK
    [progress] = class_progress(term, school, today=term.start + days(10))
    assert progress.hours == Decimal("3.5") and progress.status == Status.ON_TRACK

    LessonFactory(school=school, term=term, hours=Decimal("0.5"), classes=[klass])
    row = report_for(school, term)
    assert row.classes_met == 1 and row.status == Status.MET
    assert class_progress(term, school)[0].status == Status.MET


def test_one_lesson_covering_three_classes_credits_each():
    term = TermFactory()
    school, classes = school_with_classes(term, n=4)
    DrillFactory(school=school, term=term)
    LessonFactory(school=school, term=term, hours=Decimal("4"), classes=classes[:3])
    progress = class_progress(term, school)
    assert [p.hours for p in progress] == [Decimal("4"), Decimal("4"), Decimal("4"), Decimal("0")]
    row = report_for(school, term)
    assert (row.classes, row.classes_met, row.classes_short) == (4, 3, 1)
    assert row.hours == Decimal("12")
    assert row.status == Status.ON_TRACK


def test_drill_in_another_term_does_not_count():
    term = TermFactory()
    earlier = TermFactory(start=term.start - days(200), end=term.start - days(60))
    school, classes = school_with_classes(term, n=1)
    LessonFactory(school=school, term=term, hours=Decimal("4"), classes=classes)
    DrillFactory(school=school, term=earlier)
    row = report_for(school, term)
    assert row.drills == 0 and not row.met
    assert "本学期还没有疏散演练" in [str(m) for m in row.missing]
    assert report_for(school, earlier, today=earlier.end).drills == 1


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (89, Status.NOT_STARTED),  # 89/120 of the term gone: not yet three quarters
        (90, Status.AT_RISK),  # three quarters gone, nothing logged
        (119, Status.AT_RISK),  # last day
        (120, Status.NOT_MET),  # the term is over
    ],
)
def test_at_risk_by_date(day, expected):
    term = TermFactory(start=datetime.date(2025, 9, 1))
    term.end = term.start + days(119)
    term.save()
    school, _ = school_with_classes(term, n=1)
    assert report_for(school, term, today=term.start + days(day)).status == expected


def test_at_risk_when_partly_done_after_three_quarters():
    term = TermFactory()
    school, classes = school_with_classes(term, n=1)
    LessonFactory(school=school, term=term, hours=Decimal("2"), classes=classes)
    assert report_for(school, term, today=term.start + days(50)).status == Status.ON_TRACK
    assert report_for(school, term, today=term.start + days(100)).status == Status.AT_RISK
    [progress] = class_progress(term, school, today=term.start + days(100))
    assert progress.status == Status.AT_RISK


def test_school_without_classes_is_not_compliant():
    term = TermFactory()
    school, _ = school_with_classes(term, n=0)
    DrillFactory(school=school, term=term)
    row = report_for(school, term)
    assert not row.met and "尚未登记本学期的班级" in [str(m) for m in row.missing]


def compliant_school(term, **kwargs):
    school, classes = school_with_classes(term, n=2, **kwargs)
    LessonFactory(school=school, term=term, hours=Decimal("4"), classes=classes)
    DrillFactory(school=school, term=term, date=term.start + days(5))
    return school


def test_optional_monthly_drill_rule_switched_on_per_school_kind():
    term = TermFactory(start=datetime.date(2025, 9, 1))
    term.end = term.start + days(119)  # September to December: four months
    term.save()
    primary = compliant_school(term, kind=SchoolKind.PRIMARY)
    junior = compliant_school(term, kind=SchoolKind.JUNIOR)
    assert report_for(primary, term).met and report_for(junior, term).met

    ComplianceRule.objects.filter(kind=RuleKind.MONTHLY_DRILL).update(
        is_active=True, school_kinds=[SchoolKind.JUNIOR]
    )
    junior_row = report_for(junior, term)
    assert report_for(primary, term).met
    assert not junior_row.met and junior_row.months_in_term == 4 and junior_row.drill_months == 1
    assert "每月演练：3个月没有演练" in [str(m) for m in junior_row.missing]

    # A second drill in the same month does not help; one in each month does.
    DrillFactory(school=junior, term=term, date=term.start + days(10))
    assert report_for(junior, term).drill_months == 1
    for offset in (35, 65, 95):
        DrillFactory(school=junior, term=term, date=term.start + days(offset))
    assert report_for(junior, term).met


def test_optional_evacuation_time_rule():
    term = TermFactory()
    school = compliant_school(term)
    DrillFactory(school=school, term=term, evacuation_seconds=150)
    row = report_for(school, term)
    assert row.met and row.slow  # slow is reported, but not a failure while the rule is off
    ComplianceRule.objects.filter(kind=RuleKind.EVACUATION_SECONDS).update(is_active=True)
    row = report_for(school, term)
    assert not row.met
    assert "最慢一次疏散用时150秒，超过120秒的目标" in [str(m) for m in row.missing]


def test_rules_are_data_a_stricter_hours_rule_applies():
    term = TermFactory()
    school = compliant_school(term, kind=SchoolKind.SENIOR)
    assert report_for(school, term).met
    ComplianceRule.objects.create(kind=RuleKind.CLASS_HOURS, value=6, school_kinds=[SchoolKind.SENIOR])
    row = report_for(school, term)
    assert not row.met and row.requirements.class_hours == 6


def test_tenths_add_up_exactly_and_each_kind_meets_its_own_threshold():
    """The county's classes are compared with their own school kind's threshold in one
    query; tenths add up as decimals (ten times 0.1 is 1, not 0.9999…)."""
    term = TermFactory()
    ComplianceRule.objects.create(kind=RuleKind.CLASS_HOURS, value=6, school_kinds=[SchoolKind.SENIOR])
    primary, (exact, short) = school_with_classes(term, n=2, kind=SchoolKind.PRIMARY)
    senior, (four,) = school_with_classes(term, n=1, kind=SchoolKind.SENIOR)
    LessonFactory(school=primary, term=term, hours=Decimal("3"), classes=[exact, short])
    for _ in range(10):
        LessonFactory(school=primary, term=term, hours=Decimal("0.1"), classes=[exact])
    for _ in range(9):
        LessonFactory(school=primary, term=term, hours=Decimal("0.1"), classes=[short])
    for hours in ("1.3", "1.3", "1.4"):
        LessonFactory(school=senior, term=term, hours=Decimal(hours), classes=[four])
    report = term_report(term, today=term.start + days(10))
    rows = {row.school.pk: row for row in report.rows}
    assert (rows[primary.pk].classes, rows[primary.pk].classes_met, rows[primary.pk].hours) == (
        2,
        1,
        Decimal("7.9"),
    )
    assert (rows[senior.pk].classes_met, rows[senior.pk].classes_started, rows[senior.pk].hours) == (
        0,
        1,
        Decimal("4"),
    )
    assert report.county.classes_short == 2
    assert [p.hours for p in class_progress(term, primary)] == [Decimal("4"), Decimal("3.9")]

    # With the hours rule switched off no class is measured against hours, and none is short.
    ComplianceRule.objects.filter(kind=RuleKind.CLASS_HOURS).update(is_active=False)
    row = report_for(primary, term)
    assert row.requirements.class_hours is None and row.classes_met == row.classes_short == 0 and row.hours_ok
    assert row.hours == Decimal("7.9") and row.classes_started == 2


def test_township_and_county_rollups():
    term = TermFactory()
    met = compliant_school(term)
    slow = compliant_school(term, township=met.township)
    DrillFactory(school=slow, term=term, evacuation_seconds=200)
    nothing, _ = school_with_classes(term, n=3)
    report = term_report(term, today=term.start + days(10))
    assert report.county.schools == 3 and report.county.compliant == 2
    assert report.county.share == 66.7
    assert report.county.classes_short == 3 and report.county.no_drill == 1 and report.county.slow == 1
    by_name = {t.name: t for t in report.townships}
    assert by_name[met.township.name].compliant == 2 and by_name[met.township.name].share == 100.0
    assert by_name[nothing.township.name].by_status[Status.NOT_STARTED] == 1


def test_roll_ups_alone_equal_the_full_report():
    """`rows=False` (the plan dashboard) reads less but counts the same, rules and all."""
    term = TermFactory()
    met = compliant_school(term)
    slow = compliant_school(term, kind=SchoolKind.JUNIOR)
    DrillFactory(school=slow, term=term, evacuation_seconds=200)
    school_with_classes(term, n=3, township=met.township)
    ComplianceRule.objects.filter(kind=RuleKind.MONTHLY_DRILL).update(
        is_active=True, school_kinds=[SchoolKind.JUNIOR]
    )
    today = term.start + days(100)
    full, lean = term_report(term, today=today), term_report(term, today=today, rows=False)
    assert lean.rows == [] and len(full.rows) == 3

    def figures(rollup):
        return (rollup.name, rollup.township, rollup.schools, rollup.compliant, rollup.classes,
                rollup.classes_short, rollup.no_drill, rollup.slow, rollup.by_status)  # fmt: skip

    assert [figures(r) for r in lean.townships] == [figures(r) for r in full.townships]
    assert figures(lean.county) == figures(full.county)
    assert full.county.compliant == 1 and full.county.slow == 1


def test_inactive_school_is_left_out():
    term = TermFactory()
    school, _ = school_with_classes(term)
    SchoolClassFactory(term=term)
    school.is_active = False
    school.save()
    assert [r.school for r in term_report(term).rows] != [] and school not in [
        r.school for r in term_report(term).rows
    ]


def test_default_rules_match_the_plan():
    rules = {r.kind: r for r in ComplianceRule.objects.all()}
    assert (rules[RuleKind.CLASS_HOURS].value, rules[RuleKind.CLASS_HOURS].is_active) == (4, True)
    assert (rules[RuleKind.DRILLS_PER_TERM].value, rules[RuleKind.DRILLS_PER_TERM].is_active) == (1, True)
    assert not rules[RuleKind.MONTHLY_DRILL].is_active
    assert (rules[RuleKind.EVACUATION_SECONDS].value, rules[RuleKind.EVACUATION_SECONDS].is_active) == (
        120,
        False,
    )
    assert not rules[RuleKind.BASE_VISIT_HOURS].is_active  # installed by the base's bookings, off
    ComplianceRule.objects.ensure_defaults()
    assert ComplianceRule.objects.count() == 5
