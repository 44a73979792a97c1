from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreetsConfig(AppConfig):
    name = "venues.streets"
    label = "streets"
    verbose_name = _("消防文化街")

    def ready(self):
        from venues.streets import signals  # noqa: F401
