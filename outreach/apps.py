from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("平台基础")

    def ready(self):
        from outreach import page_cache  # noqa: F401  (connects its signal receivers)
        from outreach.search import signals  # noqa: F401
