from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "venues.bookings"
    label = "bookings"
    verbose_name = _("科普教育基地预约")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import visits
        from outreach import capacity, private_files
        from venues.bookings import services
        from venues.bookings.models import Booking
        from venues.bookings.permissions import can_see_letter
        from venues.bookings.stats import school_visits

        # The base's claims in the shared capacity service: offers, expiries, confirmations.
        capacity.register(services.POOL_KIND, services.VisitClaims())
        # Letters of application: base staff only, like the queue that links them.
        private_files.register("bookings/letters/", can_see_letter)
        private_files.delete_with(Booking, "letter")

        # Checked-in school visits count on the school's page and in the term roll-ups.
        visits.register(school_visits)
