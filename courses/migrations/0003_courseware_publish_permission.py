"""Courseware goes public through a reviewer: a publish permission, granted to 审核 only,
with what reviewers need to open and change courseware. Group names are frozen here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

REVIEWER = "审核"
CODENAMES = ["publish_courseware", "view_courseware", "change_courseware"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER)
    reviewers.permissions.add(
        *Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="courses", codename="publish_courseware").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_rules_roles_schedule"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="courseware",
            options={
                "ordering": ["grade_band", "title"],
                "permissions": [("publish_courseware", "可以公开课件")],
                "verbose_name": "课件",
                "verbose_name_plural": "课件库",
            },
        ),
        migrations.AlterField(
            model_name="courseware",
            name="is_published",
            field=models.BooleanField(
                default=True,
                help_text="只有审核人员可以公开课件；其他人新建或修改的课件在审核人员公开前不对外显示。",
                verbose_name="公开",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
