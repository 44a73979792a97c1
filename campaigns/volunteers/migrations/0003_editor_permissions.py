"""The publicity team keeps the volunteer reference data (teams, skills, trainings) in the
admin. Group names are frozen here: a migration must not change when roles.py does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "宣传编辑"
MODELS = ["team", "skill", "training"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=EDITOR)
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="volunteers", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_role_and_schedules"), ("outreach", "0003_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
