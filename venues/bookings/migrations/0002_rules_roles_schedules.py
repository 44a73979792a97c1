"""Default rules, base staff's permissions, and the jobs: offers expiring, no-shows, the
day-before reminder.

Group and function names are frozen here: a migration must not change when the code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BASE_STAFF = "基地管理员"
# Bookings and slots change only through the staff screens (the capacity service), so the
# role may only view them as rows.
VIEW_ONLY = ["booking", "slot"]
MODELS = ["closedday", "calendarday", "bookingrules", "baseindexpage"]
SCHEDULES = [
    # name, func, type, minutes
    ("bookings: expire waiting-list offers", "venues.bookings.tasks.expire_offers", "I", 5),
    ("bookings: no-shows", "venues.bookings.tasks.mark_no_shows", "I", 5),
    ("bookings: day-before reminders", "venues.bookings.tasks.send_day_before_reminders", "H", None),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    apps.get_model("bookings", "BookingRules").objects.get_or_create(pk=1)
    # "A visit also counts as class hours": a courses rule, off until the bureau switches it on.
    apps.get_model("courses", "ComplianceRule").objects.get_or_create(
        kind="base_visit_hours",
        defaults={"value": 1, "is_active": False, "school_kinds": [], "source": "基地参观可折算课时（默认不计）"},
    )
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=BASE_STAFF)
    codenames = (
        ["manage_visits"]
        + [f"view_{model}" for model in VIEW_ONLY]
        + [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    )
    group.permissions.add(*Permission.objects.filter(content_type__app_label="bookings", codename__in=codenames))
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, kind, minutes in SCHEDULES:
        Schedule.objects.get_or_create(
            name=name, defaults={"func": func, "schedule_type": kind, "minutes": minutes, "repeats": -1}
        )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        ("outreach", "0003_roles"),
        ("courses", "0005_base_visit_rule"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
