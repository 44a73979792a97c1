"""Addresses of the culture streets: element QR pages, reports, feeds and staff screens.

The county view and each street's page are Wagtail pages (under the streets index);
outreach.urls includes these before the page tree.
"""

from django.urls import path, register_converter

from venues.models.venue import CODE_ALPHABET, CODE_LENGTH

from . import feeds
from .admin import views as manage
from .public import views as public


class ElementCodeConverter:
    regex = f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ElementCodeConverter, "elementcode")

app_name = "streets"
urlpatterns = [
    path("s/report-status/", public.report_status, name="report_status"),
    path("s/<elementcode:code>/", public.element, name="element"),
    path("s/<elementcode:code>/report/", public.report, name="report"),
    path("feeds/streets/", feeds.MilestoneFeed(), name="feed"),
    path("feeds/streets/atom/", feeds.MilestoneAtomFeed(), name="feed_atom"),
    path("feeds/streets/<slug:township>/", feeds.MilestoneFeed(), name="street_feed"),
    path("feeds/streets/<slug:township>/atom/", feeds.MilestoneAtomFeed(), name="street_feed_atom"),
    path("street-work/", manage.home, name="manage"),
    path("street-work/overdue/", manage.overdue, name="manage_overdue"),
    path("street-work/export.<str:fmt>", manage.export, name="manage_export"),
    path("street-work/<int:pk>/", manage.street, name="manage_street"),
    path("street-work/<int:pk>/status/", manage.change_status, name="manage_status"),
    path("street-work/<int:street_pk>/elements/new/", manage.element_form, name="element_new"),
    path("street-work/elements/<int:pk>/", manage.element_form, name="element_edit"),
    path("street-work/elements/<int:pk>/maintenance/", manage.maintenance, name="element_maintenance"),
    path("street-work/elements/<int:pk>/plate/", manage.plate, name="element_plate"),
    path("street-work/elements/<int:pk>/retire/", manage.element_retire, name="element_retire"),
    path("street-work/elements/<int:pk>/delete/", manage.element_delete, name="element_delete"),
    path(
        "street-work/elements/<int:pk>/photo/remove/",
        manage.element_photo_remove,
        name="element_photo_remove",
    ),
    path("street-work/<int:street_pk>/milestones/new/", manage.milestone_form, name="milestone_new"),
    path("street-work/milestones/<int:pk>/", manage.milestone_form, name="milestone_edit"),
    path("street-work/milestones/<int:pk>/delete/", manage.milestone_delete, name="milestone_delete"),
    path(
        "street-work/milestone-photos/<int:pk>/remove/",
        manage.milestone_photo_remove,
        name="milestone_photo_remove",
    ),
    path("street-work/reports/<int:pk>/reject/", manage.reject_report, name="report_reject"),
    path("street-work/walls/", manage.walls, name="manage_walls"),
    path("street-work/walls/new/", manage.wall_form, name="wall_new"),
    path("street-work/walls/<int:pk>/", manage.wall_form, name="wall_edit"),
    path("street-work/walls/<int:pk>/delete/", manage.wall_delete, name="wall_delete"),
    path("street-work/walls/<int:pk>/photo/remove/", manage.wall_photo_remove, name="wall_photo_remove"),
]
