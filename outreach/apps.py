from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("平台基础")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from outreach import accounts, page_cache, translations  # noqa: F401  (page_cache connects its receivers)
        from outreach.search import signals  # noqa: F401

        translations.install()

        # However an account is deleted, what it leaves is removed in the same transaction.
        pre_delete.connect(accounts.forget_account, sender=get_user_model(), dispatch_uid="forget_account")
