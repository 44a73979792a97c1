"""The volunteer role and the scheduled jobs: offer expiry (the capacity service's own
job), no-shows and missing check-outs, day-before reminders, qualification warnings."""

from django.db import migrations

SCHEDULES = [
    # (name, func, schedule_type, minutes)
    ("volunteers: expire offers", "outreach.capacity.expire_offers", "I", 1),
    ("volunteers: no-shows", "campaigns.volunteers.tasks.every_five_minutes", "I", 5),
    ("volunteers: reminders", "campaigns.volunteers.tasks.hourly", "H", None),
    ("volunteers: qualification warnings", "campaigns.volunteers.tasks.daily", "D", None),
]


def forwards(apps, schema_editor):
    apps.get_model("auth.Group").objects.get_or_create(name="志愿者")
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, kind, minutes in SCHEDULES:
        defaults = {"func": func, "schedule_type": kind, "repeats": -1}
        if minutes:
            defaults["minutes"] = minutes
        Schedule.objects.get_or_create(name=name, defaults=defaults)


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
