"""The 119 publicity-month setting puts a banner on every page: only reviewers change it,
as only they publish. Editors lose the permission 0002 gave them. Names frozen here."""

from django.db import migrations

EDITOR = "宣传编辑"
REVIEWER = "审核"
CODENAME = "change_publicitymonthsettings"


def reviewer_only(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.filter(content_type__app_label="campaigns", codename=CODENAME).first()
    if permission is None:
        return
    for group in Group.objects.filter(name=EDITOR):
        group.permissions.remove(permission)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER)
    reviewers.permissions.add(permission)


def editors_again(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.filter(content_type__app_label="campaigns", codename=CODENAME).first()
    if permission is not None:
        for group in Group.objects.filter(name=EDITOR):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_vocabularies_workflow_permissions"),
    ]

    operations = [migrations.RunPython(reviewer_only, editors_again)]
