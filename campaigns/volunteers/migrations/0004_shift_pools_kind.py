from django.db import migrations


def mark(apps, schema_editor):
    Pool = apps.get_model("outreach", "Pool")
    Pool.objects.filter(volunteer_shift__isnull=False).update(kind="volunteers.shift")


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0003_editor_permissions"),
        ("outreach", "0013_pool_kind"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
