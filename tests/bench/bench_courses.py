"""The county compliance roll-up: 2,000 schools × 30 classes × 10 terms of records.

Times `compliance.term_report` (what the bureau's table, the exports and the reminders
call) for one term, counts its queries, and sets it next to one hand-written SQL
aggregate over the same rows — the floor any ORM version could reach."""

import datetime
import random
from decimal import Decimal

from tests.bench.lib import settle_database, timed

SCHOOLS = 2_000
CLASSES = 30  # per school and term
TERMS = 10
LESSONS = 20  # per school and term, each given to 3 classes (2 per class)
RAW_SQL = """
WITH class_hours AS (
    SELECT c.id, c.school_id, COALESCE(SUM(l.hours), 0) AS hours
    FROM courses_schoolclass c
    LEFT JOIN courses_lessonclass lc ON lc.school_class_id = c.id
    LEFT JOIN courses_lesson l ON l.id = lc.lesson_id
    WHERE c.term_id = %(term)s
    GROUP BY c.id, c.school_id
), per_school AS (
    SELECT school_id, COUNT(*) AS classes, COUNT(*) FILTER (WHERE hours >= 4) AS met
    FROM class_hours GROUP BY school_id
), drills AS (
    SELECT school_id, COUNT(*) AS n, MAX(evacuation_seconds) AS slowest
    FROM courses_drill WHERE term_id = %(term)s GROUP BY school_id
)
SELECT s.id, s.township_id, p.classes, p.met, d.n, d.slowest
FROM courses_school s
LEFT JOIN per_school p ON p.school_id = s.id
LEFT JOIN drills d ON d.school_id = s.id
WHERE s.is_active
"""


def populate(rng):
    from django.db import transaction

    from courses.models import Drill, Lesson, LessonClass, School, SchoolClass, Term
    from outreach.models import Township

    townships = [Township.objects.create(name=f"乡镇{i}", code=f"t{i}", sort_order=i) for i in range(9)]
    schools = School.objects.bulk_create(
        School(name=f"学校{i}", township=townships[i % 9], kind="primary", enrolment=900)
        for i in range(SCHOOLS)
    )
    start = datetime.date(2021, 9, 1)
    terms = []
    for t in range(TERMS):
        terms.append(
            Term.objects.create(name=f"学期{t}", start=start, end=start + datetime.timedelta(days=140))
        )
        start += datetime.timedelta(days=183)
    for term in terms:
        with transaction.atomic():
            classes = SchoolClass.objects.bulk_create(
                (
                    SchoolClass(school=school, term=term, grade=1 + n // 5, number=1 + n % 5, students=45)
                    for school in schools
                    for n in range(CLASSES)
                ),
                batch_size=5000,
            )
            by_school = {}
            for c in classes:
                by_school.setdefault(c.school_id, []).append(c.pk)
            # Classes taught three at a time, two lessons of 2 hours per group: 4 hours each,
            # except that a quarter of the schools fall an hour short in one group.
            behind = {school.pk for school in schools if rng.random() < 0.25}
            plan = [
                (school, group, second)
                for school in schools
                for group in range(LESSONS // 2)
                for second in (False, True)
            ]
            lessons = Lesson.objects.bulk_create(
                (
                    Lesson(
                        school=school,
                        term=term,
                        date=term.start + datetime.timedelta(days=rng.randrange(140)),
                        hours=Decimal(1 if second and group == 0 and school.pk in behind else 2),
                        topic="消防课",
                        teacher="老师",
                    )
                    for school, group, second in plan
                ),
                batch_size=5000,
            )
            links = [
                LessonClass(lesson_id=lesson.pk, school_class_id=class_id)
                for lesson, (school, group, _second) in zip(lessons, plan, strict=True)
                for class_id in by_school[school.pk][group * 3 : group * 3 + 3]
            ]
            LessonClass.objects.bulk_create(links, batch_size=10000)
            Drill.objects.bulk_create(
                (
                    Drill(
                        school=school,
                        term=term,
                        date=term.start + datetime.timedelta(days=rng.randrange(140)),
                        participants=900,
                        evacuation_seconds=rng.randrange(60, 200),
                        buildings="教学楼",
                    )
                    for school in schools
                    for _ in range(rng.choice([0, 1, 1, 1, 1, 1, 1, 1, 2, 2]))
                ),
                batch_size=5000,
            )
    settle_database()
    return terms


def run(bench):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.compliance import term_report
    from courses.models import Drill, Lesson, LessonClass, SchoolClass

    rng = random.Random(119)
    bench.section(f"County compliance roll-up: {SCHOOLS:,} schools × {CLASSES} classes × {TERMS} terms")
    terms = []
    fill = timed(lambda: terms.extend(populate(rng)))
    bench.value("database", connection.vendor)
    bench.value(
        "rows",
        f"{SchoolClass.objects.count():,} classes, {Lesson.objects.count():,} lessons, "
        f"{LessonClass.objects.count():,} lesson-class links, {Drill.objects.count():,} drills",
    )
    bench.value("generated in", f"{fill:.1f} s")
    term = terms[-1]

    with CaptureQueriesContext(connection) as captured:
        report = term_report(term, today=term.end)
    bench.value("term_report queries", str(len(captured)))
    bench.value(
        "county figures",
        f"{report.county.schools} schools, {report.county.compliant} compliant ({report.county.share}%), "
        f"{report.county.classes_short:,} classes short, {report.county.no_drill} without a drill",
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                RAW_SQL if connection.vendor == "postgresql" else RAW_SQL.replace("%(term)s", "%s"),
                {"term": term.pk} if connection.vendor == "postgresql" else [term.pk, term.pk],
            )
            return cursor.fetchall()

    rows = raw()
    met_raw = sum(1 for r in rows if r[3] == r[2] and (r[4] or 0) >= 1)
    bench.value("raw SQL agrees", f"{met_raw == report.county.compliant} ({met_raw} compliant)")

    orm = [timed(term_report, term, None, term.end) for _ in range(7)]
    sql = [timed(raw) for _ in range(7)]
    bench.timing("term_report() (one term, whole county)", orm)
    bench.timing("one raw SQL aggregate, same rows", sql)
    orm_median = sorted(orm)[len(orm) // 2]
    sql_median = sorted(sql)[len(sql) // 2]
    bench.ratio("term_report / raw SQL (median time)", orm_median, sql_median)
