from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "outreach.plan"
    label = "plan"
    verbose_name = _("规划实施评估")

    def ready(self):
        from outreach import indicators, private_files

        from .models import ReportedValue

        private_files.register("plan/evidence/", can_see_evidence_file)
        private_files.delete_with(ReportedValue, "evidence")

        # Every app's indicators module registers its sources on import.
        indicators.discover()


def can_see_evidence_file(user, name):
    from .models import ReportedValue
    from .permissions import can_see_evidence

    reported = ReportedValue.objects.filter(evidence=name).select_related("indicator").first()
    return reported is not None and can_see_evidence(user, reported.indicator)
