"""Create the platform's roles as groups that may enter the admin.

Each feature's own migrations grant its models' permissions to these groups; this one
only creates them and lets them log in to the admin. Group names are frozen here rather
than imported, as a migration must not change when the code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["宣传编辑", "审核", "乡镇管理员", "学校管理员", "教体局", "场所管理员", "基地管理员"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure the admin's
    # access permission exists now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def remove_roles(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_home_page"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
