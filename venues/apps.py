from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("人员密集场所")

    def ready(self):
        from outreach import private_files
        from venues import signals  # noqa: F401
        from venues.public import directory  # noqa: F401  (its cache follows venue changes)

        private_files.register("venues/reports/", can_see_report_photo)
        private_files.delete_with(self.get_model("HazardReport"), "photo")

        from outreach import counters
        from venues.public import scans

        counters.register(scans.COUNTER, scans.write_scan_days)


def can_see_report_photo(user, name):
    """A report's photo: whoever handles the report (its township's officers, the team)."""
    from venues.models import HazardReport

    return HazardReport.objects.visible_to(user).filter(photo=name).exists()
