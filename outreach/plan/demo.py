"""Demo content of the plan dashboard: the 14th plan (修政〔2023〕4号) with every target
of its text (the education tasks, the 分项目标, the 专栏 task lists, the training of
tasks 30–31), its 2025 month-end snapshots and the values the responsible units
reported, its final evaluation frozen at 2025-12-31; and the 15th plan (2026–2030)
carried over from it, whose targets are demo targets marked "演示目标".

Idempotent: everything is looked up by its slug or code first. Indicators whose app is
still to come (the activities app's training records) name source keys nobody has
registered yet; they read "无数据" until that app registers them. Figures the county
has not published (every final value, the 15th plan's targets) are demo figures.
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
from .services import carry_over, close_plan

FIRE_BRIGADE = "县消防救援大队"
EDUCATION = "县教育体育局"
TOWNSHIPS = "各乡镇人民政府"
HOUSING = "县住房和城乡建设局"
PROPAGANDA = "县委宣传部"
PARTY_SCHOOL = "县委党校"
HRSS = "县人力资源和社会保障局"
GOALS = "主要目标·分项目标"

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

# Every other target of the plan text: the 分项目标 of chapter 2, the task lists of the
# 专栏 and chapter 4, and the training of tasks 30–31. Baselines (2020) are not in the
# plan text; they are demo figures, said so in the criteria.
DEMO_BASELINE = "基期值为演示数据。"
INDICATORS += [
    (
        "urban-facilities",
        "城区公共消防设施建设达标率",
        GOALS,
        "binding",
        "%",
        "城区消防站、市政消火栓、消防车通道等公共消防设施按国家标准建成的比例，由县住建局会同消防救援大队填报，附验收材料。"
        + DEMO_BASELINE,
        70,
        90,
        {},
        HOUSING,
        "",
        "share",
    ),
    (
        "rural-facilities",
        "农村公共消防设施建设达标率",
        GOALS,
        "binding",
        "%",
        "行政村消防水源、消防车通道、微型消防站等公共消防设施达标的比例，由各乡镇填报、住建局汇总，附验收材料。"
        + DEMO_BASELINE,
        10,
        30,
        {},
        TOWNSHIPS,
        "",
        "share",
    ),
    (
        "fire-warning-coverage",
        "火灾监测预警系统建设覆盖率",
        GOALS,
        "expected",
        "%",
        "接入火灾监测预警系统的重点单位占全部重点单位的比例，由消防救援大队填报，附系统接入清单。"
        + DEMO_BASELINE,
        20,
        80,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "iot-coverage",
        "消防物联网监控系统建设覆盖率",
        GOALS,
        "expected",
        "%",
        "设有自动消防设施的单位中，接入消防物联网远程监控系统的比例，由消防救援大队填报，附接入清单。"
        + DEMO_BASELINE,
        15,
        83,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "grassroots-coverage",
        "基层消防治理系统建设覆盖率",
        GOALS,
        "expected",
        "%",
        "乡镇、村（社区）中运行消防安全网格化管理和基层消防治理系统的比例，由各乡镇填报，附运行记录。"
        + DEMO_BASELINE,
        40,
        85,
        {},
        TOWNSHIPS,
        "",
        "share",
    ),
    (
        "firefighters-share",
        "职业消防员占总人口比例",
        GOALS,
        "expected",
        "%",
        "国家综合性消防救援队伍和政府专职消防队员人数占全县常住人口的比例，由消防救援大队填报，附花名册统计。"
        + DEMO_BASELINE,
        "0.05",
        "0.08",
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "stations-standard",
        "消防救援站达标率",
        GOALS,
        "binding",
        "%",
        "按《城市消防站建设标准》建成、营房与执勤条件达标的消防救援站占全部消防救援站的比例，由消防救援大队填报。"
        + DEMO_BASELINE,
        60,
        90,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "equipment-standard",
        "消防救援装备达标率",
        GOALS,
        "binding",
        "%",
        "按配备标准配齐灭火救援装备的消防救援站比例，由消防救援大队填报，附装备统计表。" + DEMO_BASELINE,
        80,
        95,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "station-vehicles",
        "执勤车辆按站级标准配齐的消防站",
        "专栏2·车辆装备",
        "binding",
        "%",
        "一级站不少于6辆、二级站不少于4辆、小型站不少于2辆执勤车辆，达到本站级标准的消防站所占比例，由消防救援大队填报。"
        + DEMO_BASELINE,
        50,
        100,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "advanced-vehicles",
        "高精尖车辆装备占比",
        "专栏2·车辆装备",
        "expected",
        "%",
        "高精尖消防车辆占执勤车辆总数的比例（规划要求不低于30%），由消防救援大队填报。" + DEMO_BASELINE,
        15,
        30,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "advanced-equipment",
        "高精尖灭火救援器材占比",
        "专栏2·灭火救援器材",
        "expected",
        "%",
        "侦检定位、高效破拆、消防机器人等高精尖器材占灭火救援器材的比例（规划要求不低于30%），由消防救援大队填报。"
        + DEMO_BASELINE,
        10,
        30,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "forest-pumps",
        "森林灭火便携式机动消防泵",
        "专栏2·森林灭火专业装备",
        "binding",
        "台",
        "配备到位的便携式机动消防泵台数，由消防救援大队填报，附装备入库单。",
        0,
        2,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "forest-water-bladders",
        "森林灭火载水量2吨水囊",
        "专栏2·森林灭火专业装备",
        "binding",
        "个",
        "配备到位的载水量2吨的水囊个数，由消防救援大队填报，附装备入库单。",
        0,
        2,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "drone-teams",
        "无人机编队",
        "专栏2·消防救援智慧通信装备",
        "binding",
        "支",
        "组建的具备图像传输、热成像、三维建模功能的无人机编队数（规划要求不少于2支），由消防救援大队填报。",
        0,
        2,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "comms-teams",
        "应急通信保障队",
        "专栏2·消防救援智慧通信装备",
        "binding",
        "支",
        "配齐通讯装备的应急通信保障队数，由消防救援大队填报。",
        0,
        2,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "city-lookout",
        "城市瞭望哨",
        "专栏2·消防救援智慧通信装备",
        "expected",
        "处",
        "搭建并投入使用的城市瞭望哨数，由消防救援大队填报。",
        0,
        1,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "command-projects",
        "指挥调度与应急通信建设项目",
        "专栏1",
        "binding",
        "项",
        "专栏1所列4个项目（指挥调度网升级、智能接处警系统升级、消防“一张图”、调度指挥决策支撑平台）中已建成验收的项目数。",
        0,
        4,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "remote-monitoring",
        "设有自动消防设施的单位接入远程监控平台比例",
        "专栏3·基础建设",
        "expected",
        "%",
        "重点单位、云台山景区重点宾馆、不放心场所、居民小区中设有自动消防系统的单位加装模块并与远程监控平台对接的比例。"
        + DEMO_BASELINE,
        0,
        100,
        {},
        FIRE_BRIGADE,
        "",
        "share",
    ),
    (
        "command-centre-upgrade",
        "消防站指挥中心升级改造",
        "专栏3·软件建设",
        "expected",
        "个",
        "城区消防站、云台山景区消防站指挥中心完成升级改造（增加云存储、建设远程监控平台）的个数。",
        0,
        2,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "township-station-upgrade",
        "七贤镇、郇封镇专职消防队升级为消防站",
        "重点工程五",
        "binding",
        "个",
        "七贤镇、郇封镇2个国家重点镇政府专职消防队按标准升级为普通消防站或小型消防站的个数，由两镇填报，附验收材料。",
        0,
        2,
        {},
        TOWNSHIPS,
        "",
        "count",
    ),
    (
        "township-fire-teams",
        "二级乡镇专职消防救援队",
        "重点工程五",
        "binding",
        "支",
        "周庄镇、王屯乡、五里源乡、西村乡建立的二级乡镇专职消防救援队数，由各乡镇填报，附建队批复。",
        0,
        4,
        {},
        TOWNSHIPS,
        "",
        "count",
    ),
    (
        "water-source-system",
        "市政水源信息化管理机制",
        "重点工程五",
        "expected",
        "项",
        "建立并运行市政消防水源信息化管理机制（1为已建立），由县住建局填报，附制度文件。",
        0,
        1,
        {},
        HOUSING,
        "",
        "count",
    ),
    (
        "science-base",
        "应急消防科普教育基地",
        "重点工程七",
        "binding",
        "个",
        "建成并对外开放的应急消防科普教育基地个数，由消防救援大队填报。",
        0,
        1,
        {},
        FIRE_BRIGADE,
        "",
        "count",
    ),
    (
        "cadre-training",
        "党政领导干部和乡镇负责人消防培训",
        "第三十条",
        "expected",
        "人次",
        "党校班次和专题培训中接受消防培训的党政领导干部、行业部门和乡镇负责人人次。培训活动模块上线后自动统计；目标值为演示目标。",
        0,
        1500,
        {},
        PARTY_SCHOOL,
        "activities.cadre_training",
        "count",
    ),
    (
        "industry-training",
        "行业和企业单位消防培训",
        "第三十一条",
        "expected",
        "人次",
        "行业部门、企业单位按入职必训、定期培训、转岗轮训组织的消防培训人次，含重点岗位员工和消防设施操作人员。"
        "培训活动模块上线后自动统计；目标值为演示目标。",
        0,
        20000,
        {},
        HRSS,
        "activities.industry_training",
        "count",
    ),
]
DEMO_TARGETS_14TH = {"culture-walls", "cadre-training", "industry-training", "base-visits", "base-visitors"}

# Demo final values of the 14th plan on 2025-12-31 (none is a published county figure).
FINAL_14TH = {
    "school-term-compliance": 96,
    "five-settings-coverage": 92,
    "three-prompts-posters": 88,
    "hazard-reports-on-time": 97,
    "culture-streets": 7,
    "culture-walls": 84,
    "base-visits": 160,
    "base-visitors": 6500,
    "volunteers-registered": 820,
    "volunteers-active": 300,
    "volunteer-hours": 5100,
    "municipal-hydrants": 186,
    "culture-works": 46,
    "urban-facilities": 88,
    "rural-facilities": 24,
    "fire-warning-coverage": 82,
    "iot-coverage": 70,
    "grassroots-coverage": 86,
    "firefighters-share": "0.07",
    "stations-standard": 92,
    "equipment-standard": 93,
    "station-vehicles": 100,
    "advanced-vehicles": 27,
    "advanced-equipment": 31,
    "forest-pumps": 2,
    "forest-water-bladders": 2,
    "drone-teams": 2,
    "comms-teams": 1,
    "city-lookout": 1,
    "command-projects": 3,
    "remote-monitoring": 76,
    "command-centre-upgrade": 2,
    "township-station-upgrade": 1,
    "township-fire-teams": 4,
    "science-base": 1,
}
# Reported at the plan's end but never verified: the final evaluation says "未核实".
PENDING_14TH = {"water-source-system": 1}


# unit: demo usernames of its members
UNIT_MEMBERS = {
    FIRE_BRIGADE: ["editor"],
    EDUCATION: ["bureau"],
    TOWNSHIPS: ["township"],
    HOUSING: ["zhujian"],
}


PLAN_14TH = {
    "slug": "14th",
    "name": "修武县“十四五”消防事业发展规划",
    "document": "修政〔2023〕4号",
    "start": datetime.date(2021, 1, 1),
    "end": datetime.date(2025, 12, 31),
}
PLAN_15TH = {
    "slug": "15th",
    "name": "修武县“十五五”消防事业发展规划",
    "document": "",
    "start": datetime.date(2026, 1, 1),
    "end": datetime.date(2030, 12, 31),
}


def load(stdout):
    with transaction.atomic():
        units = load_units()
        previous = load_plan()
        indicators = load_indicators(previous, units)
        reported = load_reported(indicators)
        load_history_14th(previous, indicators)
        load_assessments(indicators, 2025)
        close_plan(previous)
        plan = load_successor(previous)
        snapshots = load_history(plan)
    stdout.write(
        f"  规划实施评估：十四五 {len(indicators)} 项指标（终期评估已定稿），{reported} 条填报数值；"
        f"十五五 {plan.indicators.count()} 项指标（演示目标），{snapshots} 条月末存档"
    )


def load_plan():
    plan = Plan.objects.filter(name=PLAN_14TH["name"]).first()
    if plan is None:
        plan = Plan.objects.create(**PLAN_14TH, is_current=False)
    elif not plan.slug:
        plan.slug = PLAN_14TH["slug"]
        plan.save(update_fields=["slug"])
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
    for name in (FIRE_BRIGADE, EDUCATION, TOWNSHIPS, HOUSING, PROPAGANDA, PARTY_SCHOOL, HRSS):
        unit, _ = ResponsibleUnit.objects.get_or_create(name=name)
        unit.members.add(*User.objects.filter(username__in=UNIT_MEMBERS.get(name, [])))
        units[name] = unit
    return units


def load_indicators(plan, units):
    found = {}
    for order, spec in enumerate(INDICATORS):
        code, name, clause, kind, unit, criteria, baseline, target, yearly, owner, key, aggregate = spec
        indicator, created = Indicator.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "name": name,
                "clause": clause,
                "kind": kind,
                "unit": unit,
                "criteria": criteria,
                "baseline": Decimal(str(baseline)),
                "target": Decimal(str(target)),
                "target_is_demo": code in DEMO_TARGETS_14TH,
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


NOTES = {
    "culture-works": "挂图12套、公益广告9条、动漫6部、微视频16部、微电影3部（演示数据）",
    "municipal-hydrants": "城区新建152个，乡镇新建34个，附验收单（演示数据）",
}


def load_reported(indicators):
    """The 14th plan's reported values as of its last day, verified (one left pending)."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["editor", "reviewer", "zhujian"])}
    end = PLAN_14TH["end"]
    reviewed = timezone.make_aware(datetime.datetime(2026, 1, 20, 10, 0))
    for code, indicator in indicators.items():
        if indicator.measurement != Measurement.REPORTED or indicator.reported_values.exists():
            continue
        pending = code in PENDING_14TH
        value = PENDING_14TH.get(code, FINAL_14TH.get(code))
        if value is None:
            continue
        entered_by = (
            users.get("zhujian") if indicator.responsible_unit.name == HOUSING else users.get("editor")
        )
        ReportedValue.objects.create(
            indicator=indicator,
            as_of=end,
            value=Decimal(str(value)),
            note=NOTES.get(code, "规划期末统计（演示数据）"),
            evidence=_evidence_pdf(f"Xiuwu plan evidence {code} 2025"),
            entered_by=entered_by,
            status=ReportedStatus.PENDING if pending else ReportedStatus.VERIFIED,
            reviewed_by=None if pending else users.get("reviewer"),
            reviewed_at=None if pending else reviewed,
            review_note="" if pending else "与责任单位台账和佐证材料核对一致",
        )
    return ReportedValue.objects.filter(indicator__in=indicators.values()).count()


def month_ends(last, count):
    days, year, month = [], last.year, last.month
    for _ in range(count):
        days.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(days)


def _rising(start, end, index, count):
    """From 70% of the way to `end`, a little higher each month."""
    share = Decimal("0.7") + Decimal("0.3") * index / (count - 1)
    return (Decimal(start) + (Decimal(end) - Decimal(start)) * share).quantize(Decimal("0.01"))


def _by_township(indicator, actual, townships):
    """A plausible spread of a demo value over the townships."""
    if indicator.aggregate == Aggregate.SHARE:
        return {str(t.pk): str(min(Decimal(100), actual + (i % 5 - 2) * 2)) for i, t in enumerate(townships)}
    if indicator.code == "culture-streets":
        return {str(t.pk): "1" if i < actual else "0" for i, t in enumerate(townships)}
    n = len(townships) or 1
    return {str(t.pk): str((actual / n).quantize(Decimal("1"))) for t in townships}


def load_history_14th(plan, indicators):
    """The 14th plan's last year of month-end snapshots (demo figures: the platform's
    records of those months), rising to the demo final value on 2025-12-31."""
    from outreach.models import Township

    from .evaluation import evaluate

    townships = list(Township.objects.filter(is_active=True).order_by("sort_order", "name"))
    days = month_ends(plan.end, 12)
    live = [i for i in indicators.values() if i.measurement == Measurement.LIVE]
    if Snapshot.objects.filter(indicator__in=live, taken_on=plan.end).exists():
        return
    # A year before today's demo records the platform read a little less than it does
    # now, so the 15th plan's first year continues from its baseline.
    today = {r.indicator.pk: r.actual for r in evaluate(live, timezone.localdate())}
    for indicator in live:
        final = FINAL_14TH.get(indicator.code)
        now = today.get(indicator.pk)
        if final is not None and now is not None and now > indicator.baseline:
            places = Decimal("0.1") if indicator.aggregate == Aggregate.SHARE else Decimal("1")
            final = (
                Decimal(indicator.baseline) + (now - Decimal(indicator.baseline)) * Decimal("0.9")
            ).quantize(places)
        if final is None:
            continue  # nothing measured it then: no snapshot, the final evaluation says 无数据
        for index, day in enumerate(days):
            actual = None if final is None else _rising(indicator.baseline, final, index, len(days))
            expected = indicator.expected_value(day)
            Snapshot.objects.get_or_create(
                indicator=indicator,
                taken_on=day,
                defaults={
                    "reason": SnapshotReason.MONTH_END,
                    "actual": actual,
                    "expected": round(expected, 2),
                    "status": status_for(indicator, actual, expected),
                    "by_township": _by_township(indicator, actual, townships)
                    if actual is not None and day == plan.end
                    else {},
                },
            )


def _demo_target(indicator):
    """A demo target for the 15th plan: further along from the new baseline."""
    baseline = Decimal(indicator.baseline)
    if indicator.aggregate == Aggregate.SHARE and indicator.unit == "%":
        ceiling = (
            Decimal(100) if Decimal(indicator.target) >= 90 else Decimal(indicator.target) * Decimal("1.5")
        )
        target = min(ceiling, baseline + max(Decimal(5), (ceiling - baseline) / 2))
        return target.quantize(Decimal("0.01")) if target < 1 else target.quantize(Decimal("1"))
    # A count: 30% past the new baseline, and never below the target the last plan set
    # (a task started from nothing in 2025 keeps the 14th plan's goal, not "1").
    previous = Decimal(indicator.target).quantize(Decimal("1"))
    return max(baseline + 1, previous, (baseline * Decimal("1.3")).quantize(Decimal("1")))


def load_successor(previous):
    plan = Plan.objects.filter(slug=PLAN_15TH["slug"]).first()
    if plan is not None:
        return plan
    data = dict(PLAN_15TH)
    plan = carry_over(previous, **data)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["editor", "reviewer", "zhujian"])}
    reviewed = timezone.make_aware(datetime.datetime(2026, 10, 20, 10, 0))
    for index, indicator in enumerate(plan.indicators.order_by("sort_order", "pk")):
        indicator.target = _demo_target(indicator)
        indicator.target_is_demo = True
        indicator.save(update_fields=["target", "target_is_demo"])
        if indicator.measurement != Measurement.REPORTED or indicator.target <= indicator.baseline:
            continue
        # The first three quarters of 2026 as the units reported them (demo figures).
        step = (indicator.target - indicator.baseline) * Decimal("0.18" if index % 4 else "0.05")
        places = Decimal("0.01") if indicator.target < 1 else Decimal("1")
        value = (indicator.baseline + step).quantize(places)
        pending = index % 5 == 0
        ReportedValue.objects.create(
            indicator=indicator,
            as_of=datetime.date(2026, 9, 30),
            value=value,
            note="2026年前三季度统计（演示数据）",
            evidence=_evidence_pdf(f"Xiuwu plan evidence {indicator.code} 2026Q3"),
            entered_by=users.get("zhujian")
            if indicator.responsible_unit.name == HOUSING
            else users.get("editor"),
            status=ReportedStatus.PENDING if pending else ReportedStatus.VERIFIED,
            reviewed_by=None if pending else users.get("reviewer"),
            reviewed_at=None if pending else reviewed,
            review_note="" if pending else "与责任单位台账和佐证材料核对一致",
        )
    return plan


def load_history(plan):
    """The 15th plan's month ends so far: demo figures rising to today's live value (the
    platform was being set up), never past the last month end."""
    from .evaluation import evaluate

    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    if last_month < plan.start:
        return 0
    days = [d for d in month_ends(last_month, 12) if d >= plan.start]
    if Snapshot.objects.filter(indicator__plan=plan, taken_on=days[-1]).exists():
        return Snapshot.objects.filter(indicator__plan=plan).count()
    live = list(Indicator.objects.filter(plan=plan, measurement=Measurement.LIVE).for_dashboard())
    for result in evaluate(live, today):
        indicator = result.indicator
        for index, day in enumerate(days):
            actual = None
            if result.actual is not None and len(days) > 1:
                actual = _rising(indicator.baseline, result.actual, index, len(days)).quantize(Decimal("0.1"))
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


def load_assessments(indicators, year):
    notes = {
        "three-prompts-posters": (
            "部分场所修改三提示内容后未及时重新打印海报；新开业场所尚未生成海报。",
            "每月导出“需要重印”名单，由乡镇督促场所打印张贴；新场所登记时同步生成海报。",
        ),
        "municipal-hydrants": (
            "2025年部分道路改造推迟，消火栓随道路同步建设未能全部完成。",
            "随2026年道路改造工程补建剩余消火栓，住建局按季度报送进度。",
        ),
        "culture-streets": (
            "两个乡镇的消防文化街因街区改造延后，至规划期末尚未验收。",
            "纳入“十五五”首年任务，乡镇政府在2026年内完成建设并申请验收。",
        ),
        "firefighters-share": (
            "政府专职消防员招录受编制和经费限制，规划期内补充不足。",
            "争取县财政保障，分年度招录政府专职消防员，优先补充乡镇专职队。",
        ),
        "comms-teams": (
            "第二支应急通信保障队的通讯装备采购未在规划期内完成。",
            "2026年上半年完成装备采购并组建到位。",
        ),
        "township-station-upgrade": (
            "郇封镇消防站选址调整，升级工程未完工。",
            "确定新址后开工建设，列入“十五五”重点工程。",
        ),
        "iot-coverage": (
            "部分老旧小区、小单位自动消防设施不完善，无法接入物联网监控。",
            "结合老旧小区改造加装无线感烟探测器，逐步接入。",
        ),
        "rural-facilities": (
            "农村消防水源和消防车通道建设资金不足。",
            "纳入乡村振兴项目统筹建设。",
        ),
    }
    for code, (causes, measures) in notes.items():
        if code in indicators:
            Assessment.objects.get_or_create(
                indicator=indicators[code], year=year, defaults={"causes": causes, "measures": measures}
            )
