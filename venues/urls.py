"""Public addresses of the venues app; outreach.urls includes them before the page tree."""

from django.urls import path, register_converter

from venues.models.venue import CODE_ALPHABET, CODE_LENGTH
from venues.public import directory, views


class VenueCodeConverter:
    regex = f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(VenueCodeConverter, "venuecode")

app_name = "venues"
urlpatterns = [
    path("venues/", directory.venue_directory, name="directory"),
    path("v/report-status/", views.report_status, name="report_status"),
    path("v/<venuecode:code>/", views.landing, name="landing"),
    path("v/<venuecode:code>/report/", views.report, name="report"),
]
