from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreetsConfig(AppConfig):
    name = "venues.streets"
    label = "streets"
    verbose_name = _("消防文化街")

    def ready(self):
        from outreach import private_files
        from venues.streets import signals  # noqa: F401
        from venues.streets.models.elements import REPORT_PHOTO_FOLDER

        private_files.register(REPORT_PHOTO_FOLDER, can_see_report_photo)
        # However a row goes (its own deletion, or its street page's), its file goes too.
        from venues.streets.models import (
            CultureWall,
            DamageReport,
            MaintenanceRecord,
            MilestonePhoto,
            StreetElement,
        )

        for model, field in (
            (StreetElement, "photo"),
            (MaintenanceRecord, "photo"),
            (DamageReport, "photo"),
            (MilestonePhoto, "image"),
            (CultureWall, "photo"),
        ):
            private_files.delete_with(model, field)

    def index_context(self, index):
        """What the county view shows (see venues.streets.county)."""
        from venues.streets.county import index_context

        return index_context(index)

    def street_context(self, street):
        from venues.streets.county import street_detail

        return street_detail(street)


def can_see_report_photo(user, name):
    """A damage report's photo: whoever handles the report on the staff screens (the
    township's officers, the publicity team and reviewers)."""
    from venues.streets.models import DamageReport
    from venues.streets.permissions import street_scope

    return DamageReport.objects.filter(
        street_scope(user, field="element__street__township"), photo=name
    ).exists()
