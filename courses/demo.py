"""Demo content: a term in progress and a finished one, twenty schools with classes, and a
realistic mix of compliant, at-risk and missing schools. Idempotent."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from outreach import demo_art
from outreach.models import Township

from .models import (
    ComplianceRule,
    Courseware,
    Drill,
    GradeBand,
    Lesson,
    School,
    SchoolClass,
    SchoolKind,
    Term,
)

# name, township code, kind, enrolment, profile
# profiles: "met" all done; "behind" half the hours, no drill; "none" nothing logged;
# "slow" done but the drill took longer than the 120-second target.
SCHOOLS = [
    ("城关一小", "chengguan", SchoolKind.PRIMARY, 1260, "met"),
    ("城关二小", "chengguan", SchoolKind.PRIMARY, 980, "behind"),
    ("城关一中", "chengguan", SchoolKind.JUNIOR, 1500, "met"),
    ("修武一中", "chengguan", SchoolKind.SENIOR, 2400, "slow"),
    ("七贤镇中心小学", "qixian", SchoolKind.PRIMARY, 620, "met"),
    ("七贤镇初级中学", "qixian", SchoolKind.JUNIOR, 700, "none"),
    ("郇封镇中心小学", "xunfeng", SchoolKind.PRIMARY, 540, "behind"),
    ("郇封镇初级中学", "xunfeng", SchoolKind.JUNIOR, 650, "met"),
    ("周庄镇中心小学", "zhouzhuang", SchoolKind.PRIMARY, 480, "met"),
    ("周庄镇九年一贯制学校", "zhouzhuang", SchoolKind.NINE_YEAR, 900, "slow"),
    ("云台山镇中心小学", "yuntaishan", SchoolKind.PRIMARY, 360, "met"),
    ("云台山镇初级中学", "yuntaishan", SchoolKind.JUNIOR, 420, "none"),
    ("王屯乡中心小学", "wangtun", SchoolKind.PRIMARY, 450, "met"),
    ("王屯乡初级中学", "wangtun", SchoolKind.JUNIOR, 500, "behind"),
    ("五里源乡中心小学", "wuliyuan", SchoolKind.PRIMARY, 520, "met"),
    ("五里源乡初级中学", "wuliyuan", SchoolKind.JUNIOR, 560, "met"),
    ("西村乡中心小学", "xicun", SchoolKind.PRIMARY, 300, "none"),
    ("西村乡九年一贯制学校", "xicun", SchoolKind.NINE_YEAR, 680, "met"),
    ("开发区实验学校", "kaifaqu", SchoolKind.NINE_YEAR, 1100, "behind"),
    ("修武县职业中专", "kaifaqu", SchoolKind.VOCATIONAL, 1300, "met"),
]
GRADES = {
    SchoolKind.PRIMARY: [1, 3, 5],
    SchoolKind.JUNIOR: [7, 8, 9],
    SchoolKind.NINE_YEAR: [2, 5, 8],
    SchoolKind.SENIOR: [10, 11],
    SchoolKind.VOCATIONAL: [10, 11],
    SchoolKind.COMPLETE: [7, 10],
}
COURSEWARE = [
    (
        "认识火，远离火",
        GradeBand.PRIMARY_LOW,
        1,
        "用绘本和儿歌让孩子知道火的危险，不玩火。",
        "火是怎么来的\n哪些东西不能玩\n发现着火喊大人、拨打119",
    ),
    (
        "火场逃生我会做",
        GradeBand.PRIMARY_MID,
        1,
        "低姿弯腰、湿毛巾捂口鼻，沿疏散指示标志撤离。",
        "认识安全出口标志\n低姿逃生练习\n不乘电梯",
    ),
    (
        "家庭用电与燃气安全",
        GradeBand.PRIMARY_HIGH,
        1,
        "电动车充电、插线板、燃气泄漏的正确处置。",
        "电动车不进楼入户\n燃气泄漏先关阀开窗\n不私拉乱接电线",
    ),
    (
        "灭火器的原理与使用",
        GradeBand.JUNIOR,
        2,
        "干粉灭火器“提、拔、握、压”，实物演示与分组练习。",
        "燃烧三要素\n灭火器的种类\n提、拔、握、压",
    ),
    (
        "校园疏散演练前的准备课",
        GradeBand.JUNIOR,
        1,
        "演练路线、集合点、各班责任人。",
        "本班疏散路线\n集合点与清点人数\n演练纪律",
    ),
    (
        "实验室与宿舍消防安全",
        GradeBand.SENIOR,
        2,
        "危险化学品、宿舍违规电器与初期火灾处置。",
        "实验室安全守则\n宿舍违规电器\n初期火灾的处置",
    ),
]


def term_name(start):
    if start.month >= 8:
        return f"{start.year}—{start.year + 1}学年第一学期"
    return f"{start.year - 1}—{start.year}学年第二学期"


def photo_file(school):
    data = demo_art.photo_bytes(f"{school.name}疏散演练", seed=school.pk, size=(960, 640))
    return ContentFile(data, name="drill.jpg")


def lesson_plan(title, band_label, hours, summary, outline):
    """The courseware's file: a lesson plan (教案) a teacher can print and teach from."""
    points = [line for line in outline.splitlines() if line.strip()]
    sections = [
        ("教学目标", [summary]),
        (
            "教学过程",
            [
                f"第{i}步　{point}：先提问学生已经知道什么，再讲解、演示，最后请两三名学生复述或练习。"
                for i, point in enumerate(points, 1)
            ],
        ),
        ("课堂练习", ["请学生分组说一说：如果家里或学校发生火灾，第一件事做什么？为什么？"]),
        ("课后作业", ["和家长一起找出家里的一处火灾隐患，并画出家庭逃生路线图。"]),
    ]
    intro = f"适用学段：{band_label}　课时：{float(hours):g} 课时"
    pdf = demo_art.leaflet_pdf(
        f"教案：{title}", sections, intro=intro, issuer="修武县教育局 · 修武县消防救援大队"
    )
    Document = get_document_model()
    return Document.objects.create(title=f"教案：{title}", file=ContentFile(pdf, name="lesson-plan.pdf"))


def attach_lesson_plans():
    for item in Courseware.objects.filter(document__isnull=True):
        item.document = lesson_plan(
            item.title, item.get_grade_band_display(), item.hours, item.summary, item.outline
        )
        item.save(update_fields=["document"])


def load(stdout):
    ComplianceRule.objects.ensure_defaults()
    attach_lesson_plans()
    if School.objects.filter(name="城关一小").exists():
        stdout.write(f"  学校消防课时：已有 {School.objects.count()} 所学校，未重复载入")
        return
    with transaction.atomic():
        today = timezone.localdate()
        # The running term is four-fifths through, so the demo shows at-risk schools.
        current_start = today - datetime.timedelta(days=112)
        current = Term.objects.create(
            name=term_name(current_start), start=current_start, end=today + datetime.timedelta(days=28)
        )
        past_end = current_start - datetime.timedelta(days=45)
        past_start = past_end - datetime.timedelta(days=130)
        past = Term.objects.create(name=term_name(past_start), start=past_start, end=past_end)
        courseware = [
            Courseware.objects.create(title=t, grade_band=b, hours=h, summary=s, outline=o)
            for t, b, h, s, o in COURSEWARE
        ]
        attach_lesson_plans()
        townships = {t.code: t for t in Township.objects.all()}
        staff = get_user_model().objects.filter(username="school").first()
        for index, (name, code, kind, enrolment, profile) in enumerate(SCHOOLS):
            school = School.objects.create(
                name=name,
                township=townships[code],
                kind=kind,
                enrolment=enrolment,
                email=f"school{index}@example.com",
            )
            if name == "城关一小" and staff:
                school.staff.add(staff)
            for term, term_profile in ((current, profile), (past, "none" if index in (5, 16) else "met")):
                classes = [
                    SchoolClass.objects.create(
                        school=school, term=term, grade=grade, number=number, students=45
                    )
                    for grade in GRADES[kind]
                    for number in (1, 2)
                ]
                log(school, term, classes, term_profile, courseware, enrolment)
    stdout.write(f"  学校消防课时：2 个学期，{len(SCHOOLS)} 所学校，{len(COURSEWARE)} 个课件")


def log(school, term, classes, profile, courseware, enrolment):
    if profile == "none":
        return
    lessons = [("认识火灾危险", Decimal(2)), ("火场逃生与自救", Decimal(2))]
    if profile == "behind":
        lessons = lessons[:1]
    for offset, (topic, hours) in enumerate(lessons):
        lesson = Lesson.objects.create(
            school=school,
            term=term,
            date=term.start + datetime.timedelta(days=20 + 30 * offset),
            hours=hours,
            topic=topic,
            teacher="王老师",
            courseware=courseware[offset],
        )
        lesson.classes.set(classes)
    if profile == "behind":
        return
    drill = Drill.objects.create(
        school=school,
        term=term,
        date=term.start + datetime.timedelta(days=40),
        participants=enrolment + 60,
        evacuation_seconds=165 if profile == "slow" else 105,
        buildings="教学楼、综合楼",
        problems="二楼东侧楼梯口拥堵" if profile == "slow" else "",
        fixes="调整为两个班错峰下楼" if profile == "slow" else "",
    )
    drill.photos.create(image=photo_file(school))
