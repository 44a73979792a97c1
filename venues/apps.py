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

        # Each django-q2 worker cuts its poster font subsets when it starts, not while
        # the first PDF poster waits (venues.posters.render.warm_at_start).
        from django_q.signals import post_spawn

        from venues.posters.render import warm_at_start

        post_spawn.connect(warm_at_start, dispatch_uid="venues.posters.warm_at_start")


def can_see_report_photo(user, name):
    """A report's photo: whoever handles the report (its township's officers, the team)."""
    from venues.models import HazardReport

    return HazardReport.objects.visible_to(user).filter(photo=name).exists()
