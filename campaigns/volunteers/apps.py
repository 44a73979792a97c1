from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "campaigns.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outreach import capacity

        from . import services

        # Sign-ups' claims in the shared capacity service: rules, offers, expiries.
        capacity.register(services.POOL_KIND, services.ShiftClaims())
