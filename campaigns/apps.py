from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("五进宣传")

    def ready(self):
        from campaigns import signals  # noqa: F401
        from campaigns.tasks import ensure_schedule

        # After every migrate (and every test-database flush) the scheduler's job exists.
        post_migrate.connect(ensure_schedule, sender=self, dispatch_uid="campaigns_schedule")
