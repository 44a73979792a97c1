"""Street photos move out of media/streets/, a folder the proxy never served.

Element, milestone, repair and wall photos go to the public photos/streets/<kind>/;
damage-report photos (sent by the public) go to the private storage, under
streets/reports/, served only to whoever handles the report. Each row's file is moved
and its stored name updated; a file already moved or missing is left alone, so running
it again does nothing.
"""

import posixpath
import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import outreach.private_files
import venues.streets.models.elements

OLD_FOLDER = "streets/"
PUBLIC = [
    ("streetelement", "photo", "photos/streets/streetelement/"),
    ("milestonephoto", "image", "photos/streets/milestonephoto/"),
    ("maintenancerecord", "photo", "photos/streets/maintenancerecord/"),
    ("culturewall", "photo", "photos/streets/culturewall/"),
]
REPORTS = ("damagereport", "photo", "streets/reports/")


def move_files(model_name, field_name, folder, root_setting):
    def forwards(apps, schema_editor):
        model = apps.get_model("streets", model_name)
        rows = model.objects.filter(**{f"{field_name}__startswith": OLD_FOLDER}).exclude(
            **{f"{field_name}__startswith": folder}
        )
        for pk, name in list(rows.values_list("pk", field_name)):
            new_name = folder + posixpath.basename(name)
            source = Path(settings.MEDIA_ROOT) / name
            target = Path(getattr(settings, root_setting)) / new_name
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
            model.objects.filter(pk=pk).update(**{field_name: new_name})

    return forwards


def forwards(apps, schema_editor):
    for model_name, field_name, folder in PUBLIC:
        move_files(model_name, field_name, folder, "MEDIA_ROOT")(apps, schema_editor)
    move_files(*REPORTS, "PRIVATE_MEDIA_ROOT")(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("streets", "0002_kinds_checklist_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="damagereport",
            name="photo",
            field=models.ImageField(
                blank=True,
                storage=outreach.private_files.private_storage,
                upload_to=venues.streets.models.elements.report_photo_path,
                verbose_name="照片",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
