"""Demo content of the plan dashboard: the plan's public-education indicators with
targets, a year of month-end snapshots, and two reported values (one verified, one not).

Idempotent: everything is looked up by its code or name first. The indicators of parts
still being built (culture streets, the base, volunteers) name source keys nobody has
registered yet; they read "无数据" until their app registers them.
"""

import calendar
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from outreach.demo import DEMO_PASSWORD

from .evaluation import status_for
from .models import (
    Aggregate,
    Assessment,
    Indicator,
    Measurement,
    Plan,
    ReportedStatus,
    ReportedValue,
    ResponsibleUnit,
    Snapshot,
    SnapshotReason,
    YearTarget,
)
from .services import take_snapshots

FIRE_BRIGADE = "县消防救援大队"
EDUCATION = "县教育体育局"
TOWNSHIPS = "各乡镇人民政府"
HOUSING = "县住房和城乡建设局"
PROPAGANDA = "县委宣传部"

# code, name, clause, kind, unit, criteria, baseline, target, yearly targets, unit,
# measurement, source key, aggregate
INDICATORS = [
    (
        "school-term-compliance",
        "中小学每学期4课时消防教学和1次疏散演练达标率",
        "第三十条",
        "binding",
        "%",
        "当前学期，每个班登记的消防课不少于4课时、学校至少组织1次疏散演练的中小学，占全部在册中小学的比例；"
        "数据来自学校在本平台登记的课时和演练。",
        60,
        100,
        {2022: 70, 2023: 80, 2024: 90},
        EDUCATION,
        "courses.term_compliance",
        "share",
    ),
    (
        "five-settings-coverage",
        "消防宣传“五进”覆盖率",
        "第三十一条",
        "expected",
        "%",
        "今年1月1日以来，企业、农村、社区、学校、家庭5个领域×各乡镇的格子中，至少有1项已发布宣传内容的格子所占比例；"
        "面向全县的内容不计入单个乡镇。",
        40,
        100,
        {2022: 55, 2023: 70, 2024: 85},
        FIRE_BRIGADE,
        "campaigns.coverage",
        "share",
    ),
    (
        "three-prompts-posters",
        "人员密集场所“三提示”海报与现行内容一致率",
        "第三十一条",
        "binding",
        "%",
        "正在营业的人员密集场所中，最近打印的二维码海报与当前三提示内容版本一致的比例；从未生成海报的场所计为不一致。",
        0,
        100,
        {2022: 40, 2023: 60, 2024: 80},
        FIRE_BRIGADE,
        "venues.posters_current",
        "share",
    ),
    (
        "hazard-reports-on-time",
        "火灾隐患举报按时受理率",
        "第八条",
        "expected",
        "%",
        "今年群众通过场所二维码提交的隐患举报中，在72小时内核实或作出不予受理答复的比例（仍在时限内的举报不计入）。",
        80,
        100,
        {},
        TOWNSHIPS,
        "venues.reports_handled",
        "share",
    ),
    (
        "culture-streets",
        "建成消防文化街的乡镇",
        "第三十一条",
        "binding",
        "个",
        "已验收的消防文化街所在乡镇数（每个乡镇1条，共9个乡镇和开发区）。消防文化街模块上线后自动统计。",
        0,
        9,
        {2022: 2, 2023: 4, 2024: 7},
        TOWNSHIPS,
        "streets.townships_with_street",
        "count",
    ),
    (
        "culture-walls",
        "含消防安全公约的村镇消防文化墙",
        "第三十二条",
        "expected",
        "面",
        "已建成并登记照片的村镇消防文化墙数量（演示目标值，以县政府下达为准）。消防文化街模块上线后自动统计。",
        0,
        100,
        {},
        TOWNSHIPS,
        "streets.culture_walls",
        "count",
    ),
    (
        "base-visits",
        "应急消防科普教育基地接待团体",
        "重点工程七",
        "expected",
        "批",
        "今年在科普教育基地完成参观的团体数，按“五进”领域分类。基地预约模块上线后自动统计。",
        0,
        200,
        {},
        FIRE_BRIGADE,
        "bookings.visits",
        "count",
    ),
    (
        "base-visitors",
        "应急消防科普教育基地接待人次",
        "重点工程七",
        "expected",
        "人次",
        "今年在科普教育基地签到的参观人数，按“五进”领域分类。基地预约模块上线后自动统计。",
        0,
        8000,
        {},
        FIRE_BRIGADE,
        "bookings.visitors",
        "count",
    ),
    (
        "volunteers-registered",
        "注册消防志愿者",
        "第三十一条",
        "expected",
        "人",
        "在本平台注册的消防志愿者人数。志愿者模块上线后自动统计。",
        0,
        1000,
        {},
        FIRE_BRIGADE,
        "volunteers.registered",
        "count",
    ),
    (
        "volunteers-active",
        "活跃消防志愿者",
        "第三十一条",
        "expected",
        "人",
        "近12个月至少参加1次志愿服务并签到的志愿者人数。志愿者模块上线后自动统计。",
        0,
        400,
        {},
        FIRE_BRIGADE,
        "volunteers.active",
        "count",
    ),
    (
        "volunteer-hours",
        "消防志愿服务时长",
        "第三十一条",
        "expected",
        "小时",
        "今年记录的志愿服务小时数（不含路途时间）。志愿者模块上线后自动统计。",
        0,
        6000,
        {},
        FIRE_BRIGADE,
        "volunteers.hours",
        "count",
    ),
    (
        "municipal-hydrants",
        "新建市政消火栓（消防水鹤）",
        "第十八条",
        "binding",
        "个",
        "规划期内新建并验收的市政消火栓和消防水鹤数量，由县住建局填报并附验收材料，经审核核实后计入。",
        0,
        200,
        {2022: 40, 2023: 90, 2024: 140},
        HOUSING,
        "",
        "count",
    ),
    (
        "culture-works",
        "消防文化作品（挂图、公益广告、动漫、微视频、微电影）",
        "第三十二条",
        "expected",
        "件",
        "规划期内策划制作并公开发布的消防文创作品数量，由县委宣传部会同消防救援大队填报，经审核核实后计入。",
        0,
        50,
        {2022: 10, 2023: 20, 2024: 35},
        PROPAGANDA,
        "",
        "count",
    ),
]

# unit: demo usernames of its members
UNIT_MEMBERS = {
    FIRE_BRIGADE: ["editor"],
    EDUCATION: ["bureau"],
    TOWNSHIPS: ["township"],
    HOUSING: ["zhujian"],
}


def load(stdout):
    with transaction.atomic():
        plan = load_plan()
        units = load_units()
        indicators = load_indicators(plan, units)
        reported = load_reported(indicators)
        snapshots = load_history(plan, indicators)
        load_assessments(indicators)
    stdout.write(f"  规划实施评估：{len(indicators)} 项指标，{reported} 条填报数值，{snapshots} 条月末存档")


def load_plan():
    plan, _ = Plan.objects.get_or_create(
        name="修武县“十四五”消防事业发展规划",
        defaults={
            "document": "修政〔2023〕4号",
            "start": datetime.date(2021, 1, 1),
            "end": datetime.date(2025, 12, 31),
        },
    )
    return plan


def load_units():
    User = get_user_model()
    housing, created = User.objects.get_or_create(
        username="zhujian", defaults={"first_name": "县住建局 填报员", "email": "zhujian@example.com"}
    )
    if created:
        housing.set_password(DEMO_PASSWORD)
        housing.save()
        housing.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    units = {}
    for name in (FIRE_BRIGADE, EDUCATION, TOWNSHIPS, HOUSING, PROPAGANDA):
        unit, _ = ResponsibleUnit.objects.get_or_create(name=name)
        unit.members.add(*User.objects.filter(username__in=UNIT_MEMBERS.get(name, [])))
        units[name] = unit
    return units


def load_indicators(plan, units):
    found = {}
    for order, spec in enumerate(INDICATORS):
        code, name, clause, kind, unit, criteria, baseline, target, yearly, owner, key, aggregate = spec
        indicator, created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "plan": plan,
                "name": name,
                "clause": clause,
                "kind": kind,
                "unit": unit,
                "criteria": criteria,
                "baseline": baseline,
                "target": target,
                "responsible_unit": units[owner],
                "measurement": Measurement.LIVE if key else Measurement.REPORTED,
                "source_key": key,
                "aggregate": Aggregate(aggregate),
                "sort_order": order,
            },
        )
        if created:
            for year, value in yearly.items():
                YearTarget.objects.create(indicator=indicator, year=year, value=value)
        found[code] = indicator
    return found


def _evidence_pdf(text):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, text)
    return ContentFile(bytes(pdf.output()), name="evidence.pdf")


def load_reported(indicators):
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["editor", "reviewer", "zhujian"])}
    works = indicators["culture-works"]
    if not works.reported_values.exists():
        ReportedValue.objects.create(
            indicator=works,
            as_of=datetime.date(2025, 12, 31),
            value=Decimal("46"),
            note="挂图12套、公益广告9条、动漫6部、微视频16部、微电影3部",
            evidence=_evidence_pdf("Xiuwu fire culture works list 2021-2025"),
            entered_by=users.get("editor"),
            status=ReportedStatus.VERIFIED,
            reviewed_by=users.get("reviewer"),
            reviewed_at=timezone.now(),
            review_note="与宣传部作品清单核对一致",
        )
    hydrants = indicators["municipal-hydrants"]
    if not hydrants.reported_values.exists():
        ReportedValue.objects.create(
            indicator=hydrants,
            as_of=datetime.date(2025, 12, 31),
            value=Decimal("186"),
            note="城区新建152个，乡镇新建34个，附验收单",
            evidence=_evidence_pdf("Municipal hydrants acceptance 2021-2025"),
            entered_by=users.get("zhujian"),
        )
    return ReportedValue.objects.filter(indicator__in=[works, hydrants]).count()


def month_ends(last, count):
    days, year, month = [], last.year, last.month
    for _ in range(count):
        days.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(days)


def load_history(plan, indicators):
    """Twelve month ends of history. Past months are demo figures rising towards today's
    live value (there was no platform to measure them); the latest is a real snapshot."""
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    days = month_ends(last_month, 12)
    if Snapshot.objects.filter(indicator__plan=plan, taken_on=days[-1]).exists():
        return Snapshot.objects.filter(indicator__plan=plan).count()
    take_snapshots(days[-1], SnapshotReason.MONTH_END, plan)
    latest = {s.indicator_id: s for s in Snapshot.objects.filter(indicator__plan=plan, taken_on=days[-1])}
    for indicator in indicators.values():
        end = latest.get(indicator.pk)
        for index, day in enumerate(days[:-1]):
            actual = None
            if end is not None and end.actual is not None:
                # From 70% of the latest value, a little higher each month.
                actual = (end.actual * (Decimal("0.7") + Decimal("0.3") * index / (len(days) - 1))).quantize(
                    Decimal("0.1")
                )
            expected = indicator.expected_value(day)
            Snapshot.objects.get_or_create(
                indicator=indicator,
                taken_on=day,
                defaults={
                    "reason": SnapshotReason.MONTH_END,
                    "actual": actual,
                    "expected": round(expected, 2),
                    "status": status_for(indicator, actual, expected),
                },
            )
    return Snapshot.objects.filter(indicator__plan=plan).count()


def load_assessments(indicators):
    year = timezone.localdate().year
    notes = {
        "three-prompts-posters": (
            "部分场所修改三提示内容后未及时重新打印海报；新开业场所尚未生成海报。",
            "每月导出“需要重印”名单，由乡镇督促场所打印张贴；新场所登记时同步生成海报。",
        ),
        "municipal-hydrants": (
            "2025年部分道路改造推迟，消火栓随道路同步建设未能全部完成。",
            "随2026年道路改造工程补建剩余消火栓，住建局按季度报送进度。",
        ),
    }
    for code, (causes, measures) in notes.items():
        Assessment.objects.get_or_create(
            indicator=indicators[code], year=year, defaults={"causes": causes, "measures": measures}
        )
