"""The reference rows the app starts with (forms of activity, attendee categories), as the
migrations create them, for the demo to restore where a database was emptied after its
migrations ran (a test run's flush). Editors change the rows in the admin; this never
overwrites what exists."""

KINDS = [
    "讲座",
    "培训",
    "疏散演练",
    "入户宣传",
    "展览",
    "文艺演出",
    "消防站开放日",
    "线上直播",
    "咨询服务",
    "发放资料",
]
# (name, certificate validity in months, key-unit role)
CATEGORIES = [
    ("单位消防安全责任人", 12, "responsible"),
    ("单位消防安全管理人", 12, "manager"),
    ("消防控制室值班操作人员", 12, ""),
    ("专职消防队员", 12, ""),
    ("公众聚集场所管理人员和员工", 12, ""),
    ("易燃易爆单位管理人员和员工", 12, ""),
    ("党政领导干部", 24, ""),
    ("行业部门、企业单位、乡镇负责人", 24, ""),
    ("重点岗位员工", 12, ""),
    ("消防设施操作人员", 12, ""),
    ("职工（入职、定期、转岗培训）", 12, ""),
    ("社区民警", 24, ""),
    ("网格员", 24, ""),
    ("巡防保安队员", 12, ""),
    ("小企业主", 24, ""),
    ("电工焊工等特殊工种", 12, ""),
    ("进城务工人员", 24, ""),
    ("农村留守人员", 24, ""),
    ("残疾人", 24, ""),
    ("孤寡老人", 24, ""),
    ("儿童", 24, ""),
]
# The plan's groups (任务30 cadres, 任务31 industries and enterprises).
CADRE = ["党政领导干部", "行业部门、企业单位、乡镇负责人"]
INDUSTRY = [
    "单位消防安全责任人",
    "单位消防安全管理人",
    "消防控制室值班操作人员",
    "公众聚集场所管理人员和员工",
    "易燃易爆单位管理人员和员工",
    "重点岗位员工",
    "消防设施操作人员",
    "职工（入职、定期、转岗培训）",
    "电工焊工等特殊工种",
]


def ensure_reference_data():
    from .models import ActivityKind, TrainingCategory

    for order, name in enumerate(KINDS):
        ActivityKind.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, months, role) in enumerate(CATEGORIES):
        group = "cadre" if name in CADRE else "industry" if name in INDUSTRY else ""
        TrainingCategory.objects.get_or_create(
            name=name,
            defaults={
                "sort_order": order,
                "validity_months": months,
                "key_unit_role": role,
                "plan_group": group,
            },
        )
