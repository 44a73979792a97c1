"""The plan's default rules, the roles' permissions on this app, and the daily reminder job.

Group names are frozen here rather than imported: a migration must not change when the
code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RULES = [
    # kind, value, active, source
    ("class_hours", 4, True, "修政〔2023〕4号：每学期不少于4课时"),
    ("drills_per_term", 1, True, "修政〔2023〕4号：每学期至少1次疏散演练"),
    ("monthly_drill", 1, False, "教育部《中小学幼儿园应急疏散演练指南》：每月1次"),
    ("evacuation_seconds", 120, False, "低层教学楼疏散目标2分钟"),
]

# group: {model: actions}
GRANTS = {
    "教体局": {
        "term": "add change delete view",
        "school": "add change delete view",
        "schoolclass": "add change delete view",
        "compliancerule": "change view",
        "courseware": "add change delete view",
        "lesson": "view",
        "drill": "view",
        "sentreminder": "view",
    },
    "宣传编辑": {"courseware": "add change delete view", "school": "view", "term": "view", "sentreminder": "view"},
    "审核": {"school": "view", "term": "view", "sentreminder": "view"},
    "乡镇管理员": {"school": "view", "lesson": "view", "drill": "view", "sentreminder": "view"},
    "学校管理员": {"lesson": "add change delete view", "drill": "add change delete view"},
}

SCHEDULE_NAME = "courses: term-end reminders"


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Rule = apps.get_model("courses", "ComplianceRule")
    if not Rule.objects.exists():
        for kind, value, active, source in RULES:
            Rule.objects.create(kind=kind, value=value, is_active=active, source=source, school_kinds=[])
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
            )
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": "courses.tasks.send_term_reminders", "schedule_type": "D", "repeats": -1},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("outreach", "0003_roles"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
