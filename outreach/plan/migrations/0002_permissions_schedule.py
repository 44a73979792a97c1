"""Who keeps the plan's indicators in the admin, and the daily snapshot job.

Group names are frozen here rather than imported: a migration must not change when the
code does.
"""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

# group: {model: actions}
GRANTS = {
    "宣传编辑": {
        "plan": "add change view",
        "indicator": "add change view",
        "yeartarget": "add change delete view",
        "responsibleunit": "add change view",
    },
    "审核": {"plan": "view", "indicator": "view", "responsibleunit": "view"},
}

SCHEDULE_NAME = "plan: month-end and term-end snapshots"


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            group.permissions.add(*Permission.objects.filter(content_type__app_label="plan", codename__in=codenames))
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "outreach.plan.tasks.take_due_snapshots",
            "schedule_type": "D",
            "repeats": -1,
            # Late in the evening, so a month's or term's last day is counted whole.
            "next_run": timezone.make_aware(
                datetime.datetime.combine(timezone.localdate(), datetime.time(23, 30))
            ),
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0001_initial"),
        ("outreach", "0003_roles"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
