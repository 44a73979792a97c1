"""Grant the venues app's model permissions to the platform's roles.

Which venues and reports a role sees is scoped in code (venues.permissions); these only
say what each role may do at all. Group names are frozen here, as in outreach 0003.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "宣传编辑": {
        "venue": ["add", "change", "delete", "view"],
        "hazardtype": ["add", "change", "delete", "view"],
        "equipmenttype": ["add", "change", "delete", "view"],
        "hazardreport": ["change", "view"],
        "posterbatch": ["add", "view"],
    },
    "乡镇管理员": {
        "venue": ["add", "change", "view"],
        "hazardreport": ["change", "view"],
        "posterbatch": ["add", "view"],
    },
    "场所管理员": {
        "venue": ["change", "view"],
        "posterbatch": ["add", "view"],
    },
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("venues")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="venues", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    for group in apps.get_model("auth.Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="venues"))


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0001_initial"),
        ("outreach", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
