from django.db import migrations


def mark(apps, schema_editor):
    Pool = apps.get_model("outreach", "Pool")
    Pool.objects.filter(visit_slot__isnull=False).update(kind="bookings.visit")


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_booking_undecided_status"),
        ("outreach", "0013_pool_kind"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
