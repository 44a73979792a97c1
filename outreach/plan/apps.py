from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "outreach.plan"
    label = "plan"
    verbose_name = _("规划实施评估")

    def ready(self):
        from outreach import indicators

        # Every app's indicators module registers its sources on import.
        indicators.discover()
