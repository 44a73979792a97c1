from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("人员密集场所")

    def ready(self):
        from venues import signals  # noqa: F401
