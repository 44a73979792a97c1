"""Demo activities and trainings: a year of activities across the townships and the five
settings, 60 key units, three trainings with sign-ins (one with a quiz), certificates,
and a question bank of fire-safety basics. Idempotent. Every demo activity says it is demo
data, so no figure drawn from it is mistaken for the county's own."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.models import OutreachSetting, SpecialGroup
from outreach.models import Township

from . import services
from .models import (
    Activity,
    ActivityKind,
    Attendance,
    Choice,
    KeyUnit,
    Question,
    QuestionBank,
    Quiz,
    TrainingCategory,
    TrainingSession,
)
from .reference import ensure_reference_data

DEMO_NOTE = "【演示数据】"
BANK = "消防安全基础知识（演示题库）"
# (kind, text, [(choice, correct)], explanation)
QUESTIONS = [
    (
        "single",
        "发现火灾应拨打的报警电话是？",
        [("119", True), ("110", False), ("120", False), ("122", False)],
        "火警电话119，报警时说清地址、着火物品和火势。",
    ),
    (
        "single",
        "干粉灭火器的正确使用顺序是？",
        [("提、拔、握、压", True), ("拔、提、压、握", False), ("握、压、提、拔", False)],
        "提起灭火器，拔掉保险销，握住喷管对准火焰根部，压下压把。",
    ),
    (
        "single",
        "火场逃生时应怎样防烟？",
        [("用湿毛巾捂住口鼻，低姿前进", True), ("直立快跑", False), ("乘坐电梯", False)],
        "烟气向上聚集，低姿并捂住口鼻可减少吸入。",
    ),
    (
        "single",
        "火灾隐患举报电话是？",
        [("96119", True), ("12345", False), ("12315", False)],
        "发现火灾隐患可拨打96119举报。",
    ),
    (
        "single",
        "电动自行车应在哪里充电？",
        [("室外集中充电点", True), ("楼道内", False), ("卧室内", False)],
        "不要在楼道、门厅和室内为电动自行车充电。",
    ),
    (
        "single",
        "油锅起火时应怎么办？",
        [("盖上锅盖并关火", True), ("用水浇灭", False), ("端起油锅往外跑", False)],
        "油锅起火切勿用水浇，盖锅盖窒息灭火并关闭燃气。",
    ),
    (
        "multiple",
        "人员密集场所的“三提示”包括哪些？",
        [
            ("场所火灾危险性", True),
            ("安全逃生路线和安全出口位置", True),
            ("灭火器和逃生器材位置及使用方法", True),
            ("场所营业时间", False),
        ],
        "三提示：火灾危险性、逃生路线与出口、灭火器材与使用方法。",
    ),
    (
        "multiple",
        "下列哪些行为会造成火灾隐患？",
        [("私拉乱接电线", True), ("堵塞疏散通道", True), ("锁闭安全出口", True), ("定期检查灭火器", False)],
        "私拉电线、堵塞通道、锁闭出口都是常见隐患。",
    ),
    (
        "multiple",
        "单位消防安全责任人应当做到哪些？",
        [
            ("组织防火检查", True),
            ("保障消防安全经费", True),
            ("组织消防演练", True),
            ("把疏散通道当作仓库", False),
        ],
        "责任人对本单位消防安全全面负责。",
    ),
    (
        "truefalse",
        "发生火灾时可以乘坐普通电梯逃生。",
        [("对", False), ("错", True)],
        "火灾时电梯可能断电或成为烟囱，严禁乘坐普通电梯逃生。",
    ),
    (
        "truefalse",
        "身上着火时，应就地打滚或用厚重衣物压灭火苗。",
        [("对", True), ("错", False)],
        "不要奔跑，奔跑会加大火势。",
    ),
    (
        "truefalse",
        "疏散通道、安全出口可以临时堆放货物。",
        [("对", False), ("错", True)],
        "疏散通道和安全出口必须保持畅通。",
    ),
]
UNIT_KINDS = [
    ("人民医院", "医院"),
    ("中学", "学校"),
    ("敬老院", "养老机构"),
    ("购物广场", "商场市场"),
    ("宾馆", "宾馆饭店"),
    ("加油站", "易燃易爆单位"),
    ("纺织厂", "劳动密集型企业"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "丽娟",
    "晓东",
    "淑芬",
    "文博",
    "海燕",
    "建华",
    "晓梅",
    "国庆",
    "丽萍",
    "俊杰",
    "红霞",
]
ACTIVITY_TITLES = {
    "enterprise": ["企业员工消防安全培训", "消防安全进企业宣讲", "企业微型消防站演练"],
    "rural": ["消防安全进农村宣传", "秋收防火入户宣传", "留守老人家庭防火走访"],
    "community": ["社区消防安全讲座", "电动自行车安全充电宣传", "社区消防开放日"],
    "school": ["校园消防安全第一课", "中小学生疏散演练", "消防知识进课堂"],
    "family": ["家庭防火入户宣传", "冬季取暖防火提醒", "家庭消防安全检查"],
}
PLACES = {
    "enterprise": "厂区会议室",
    "rural": "村委会广场",
    "community": "社区活动中心",
    "school": "学校操场",
    "family": "居民家中",
}


def load(stdout):
    if KeyUnit.objects.exists() and Activity.objects.filter(summary__startswith=DEMO_NOTE).exists():
        stdout.write(
            f"  宣传活动与培训：已有 {Activity.objects.count()} 场活动，{KeyUnit.objects.count()} 个重点单位"
        )
        return
    rng = random.Random(119)  # noqa: S311 - demo content, not a secret
    ensure_reference_data()
    with transaction.atomic():
        townships = list(Township.objects.filter(is_active=True).order_by("sort_order"))
        if not townships:
            stdout.write("  宣传活动与培训：没有乡镇，跳过")
            return
        quiz = load_bank()
        units = load_key_units(townships, rng)
        activities = load_activities(townships, rng)
        sessions, certificates = load_trainings(townships, units, quiz, rng)
    stdout.write(
        f"  宣传活动与培训：{activities} 场活动，{len(units)} 个重点单位，{sessions} 场培训，{certificates} 张证书"
    )


def load_bank():
    bank, created = QuestionBank.objects.get_or_create(name=BANK)
    if created:
        for order, (kind, text, choices, explanation) in enumerate(QUESTIONS):
            question = Question.objects.create(
                bank=bank, kind=kind, text=text, explanation=explanation, sort_order=order
            )
            for index, (choice, correct) in enumerate(choices):
                Choice.objects.create(question=question, text=choice, is_correct=correct, sort_order=index)
    quiz, _ = Quiz.objects.get_or_create(
        name="消防安全责任人培训测验（演示）", defaults={"bank": bank, "question_count": 10, "pass_mark": 80}
    )
    return quiz


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def load_key_units(townships, rng):
    units = []
    for index in range(60):
        township = townships[index % len(townships)]
        suffix, kind = UNIT_KINDS[index // len(townships) % len(UNIT_KINDS)]
        name = f"{township.name.removesuffix('镇').removesuffix('乡')}{suffix}"
        if index >= len(townships) * len(UNIT_KINDS):
            name += "二分部"
        unit, _ = KeyUnit.objects.get_or_create(
            name=name,
            defaults={
                "township": township,
                "kind": kind,
                "address": f"修武县{township.name}",
                "responsible_person": person(rng),
                "manager_person": person(rng),
            },
        )
        units.append(unit)
    return units


def load_activities(townships, rng):
    User = get_user_model()
    recorder = User.objects.filter(username="township").select_related("profile").first()
    # The demo officer recorded their own township's activities; the others were recorded
    # by officers the demo has no account for (the officer sees only their own township's).
    own_township = getattr(getattr(recorder, "profile", None), "township_id", None)
    reviewer = User.objects.filter(username="editor").first()
    kinds = list(ActivityKind.objects.filter(is_active=True))
    settings = {s.code: s for s in OutreachSetting.objects.all()}
    groups = list(SpecialGroup.objects.all())
    today = timezone.localdate()
    made = 0
    for days_ago in range(364, 0, -3):
        day = today - timedelta(days=days_ago)
        code = rng.choice(list(ACTIVITY_TITLES))
        township = rng.choice(townships)
        status = Activity.APPROVED
        if days_ago < 10:
            status = Activity.SUBMITTED
        elif days_ago == 43:
            status = Activity.RETURNED
        activity = Activity.objects.create(
            title=f"{township.name}{rng.choice(ACTIVITY_TITLES[code])}",
            kind=rng.choice(kinds),
            date=day,
            township=township,
            place=f"{township.name}{PLACES[code]}",
            organiser=f"{township.name}人民政府",
            audience=rng.choice([30, 45, 60, 80, 120, 150, 200, 260, 350]),
            materials=rng.choice([0, 100, 200, 300, 500]),
            summary=f"{DEMO_NOTE}讲解家庭用火用电安全、灭火器使用和火场逃生方法。",
            status=status,
            review_note="请补充签到表照片" if status == Activity.RETURNED else "",
            reviewed_at=timezone.make_aware(datetime.combine(day + timedelta(days=2), time(10)))
            if status != Activity.SUBMITTED
            else None,
            reviewed_by=reviewer if status != Activity.SUBMITTED else None,
            created_by=recorder if township.pk == own_township else None,
        )
        activity.outreach_settings.add(settings[code])
        if code == "family" and rng.random() < 0.5:
            activity.outreach_settings.add(settings["community"])
        if code in ("rural", "family"):
            activity.target_groups.add(rng.choice(groups))
        made += 1
    return made


def load_trainings(townships, units, quiz, rng):
    categories = {c.key_unit_role: c for c in TrainingCategory.objects.exclude(key_unit_role="")}
    grid = TrainingCategory.objects.filter(name="网格员").first() or TrainingCategory.objects.first()
    now = timezone.now()
    specs = [
        (
            "重点单位消防安全责任人、管理人培训",
            "张教官",
            now - timedelta(days=60),
            townships[0],
            None,
            [categories.get("responsible"), categories.get("manager")],
        ),
        (
            "网格员消防安全知识培训",
            "李教官",
            now - timedelta(days=30),
            townships[1 % len(townships)],
            None,
            [grid],
        ),
        (
            "消防安全责任人履职能力培训",
            "王教官",
            now - timedelta(days=7),
            townships[0],
            quiz,
            [categories.get("responsible")],
        ),
    ]
    certificates = 0
    for topic, trainer, starts, township, the_quiz, cats in specs:
        cats = [c for c in cats if c]
        session = TrainingSession.objects.create(
            topic=topic,
            trainer=trainer,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            place="修武县消防救援大队三楼会议室",
            township=township,
            organiser="修武县消防救援大队",
            quiz=the_quiz,
            capacity=80,
        )
        session.categories.set(cats)
        if topic.startswith("重点单位"):
            # Half of the key units send both their responsible and their manager.
            people = [(unit, categories["responsible"]) for unit in units[:30]]
            people += [(unit, categories["manager"]) for unit in units[:30]]
            people += [(unit, categories["responsible"]) for unit in units[30:36]]
        elif the_quiz is not None:
            # Responsible persons of other key units: trained, but their managers not yet.
            people = [(unit, cats[0]) for unit in units[40:60]]
        else:
            people = [(None, cats[0])] * 24
        for index, (unit, category) in enumerate(people):
            attendance = services.sign_in(
                session.pk,
                name=person(rng),
                unit=unit.name if unit else f"{township.name}第{index % 6 + 1}网格",
                category=category,
                mobile=f"139{session.pk:03d}{index:05d}"[:11],
                now=starts + timedelta(minutes=rng.randint(-20, 10)),
            )
            if the_quiz is not None:
                # Most answer every question right; a few miss some and fail.
                answers = {
                    question.pk: (
                        {c.pk for c in question.choices.all() if c.is_correct}
                        if rng.random() < 0.93
                        else set()
                    )
                    for question in services.quiz_questions(attendance)
                }
                services.submit_quiz(attendance.pk, answers, now=starts + timedelta(hours=3))
        certificates += Attendance.objects.filter(session=session, certificate__isnull=False).count()
    return len(specs), certificates
