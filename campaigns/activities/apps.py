from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "campaigns.activities"
    label = "activities"
    verbose_name = _("宣传活动与培训")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from campaigns import coverage
        from outreach import private_files

        from . import ledger
        from .models import Activity, ActivityPhoto
        from .permissions import can_see_photo, can_see_sign_in_sheet

        # Sign-in sheets carry names and phone numbers: only those who may see the activity.
        private_files.register("activities/sheets/", can_see_sign_in_sheet)
        private_files.delete_with(Activity, "sign_in_sheet")
        # Photos show people before review: the same readers (the news draft copies them).
        private_files.register("activities/photos/", can_see_photo)
        private_files.delete_with(ActivityPhoto, "image")
        # The coverage ledger shows what was done beside what was published.
        coverage.register_figure(ledger.ACTIVITIES)
        coverage.register_figure(ledger.AUDIENCE)
