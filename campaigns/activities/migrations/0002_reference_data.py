"""Forms of activity and attendee categories as editable rows, the publicity team's rights
on them, and the daily re-training reminder job. Names are frozen here: a migration must
not change when the code's labels do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "宣传编辑"
REVIEWER = "审核"
KINDS = ["讲座", "培训", "疏散演练", "入户宣传", "展览", "文艺演出", "消防站开放日", "线上直播", "咨询服务", "发放资料"]
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
MODELS = ["activitykind", "trainingcategory", "questionbank", "question", "quiz"]
SCHEDULE = "activities: re-training reminders"


def forwards(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    TrainingCategory = apps.get_model("activities", "TrainingCategory")
    for order, name in enumerate(KINDS):
        ActivityKind.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, months, role) in enumerate(CATEGORIES):
        TrainingCategory.objects.get_or_create(
            name=name, defaults={"sort_order": order, "validity_months": months, "key_unit_role": role}
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    permissions = Permission.objects.filter(content_type__app_label="activities", codename__in=codenames)
    for name in (EDITOR, REVIEWER):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=SCHEDULE, defaults={"func": "campaigns.activities.tasks.daily", "schedule_type": "D", "repeats": -1}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("outreach", "0003_roles"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
