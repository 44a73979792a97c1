from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "campaigns.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outreach import capacity, private_files

        from . import receivers, services  # noqa: F401 - receivers connect on import
        from .models import Qualification

        # Sign-ups' claims in the shared capacity service: rules, offers, expiries.
        capacity.register(services.POOL_KIND, services.ShiftClaims())

        private_files.register("volunteers/qualifications/", can_see_qualification_document)
        private_files.delete_with(Qualification, "document")


def can_see_qualification_document(user, name):
    """A scan: the volunteer themself, and the organisers whose volunteers they are (the
    publicity team county-wide, a township officer for their township's)."""
    from .models import Qualification
    from .permissions import volunteers_for

    documents = Qualification.objects.filter(document=name)
    return documents.filter(volunteer__user=user).exists() or (
        documents.filter(volunteer__in=volunteers_for(user)).exists()
    )
