"""The venues app in the admin: one menu with venues, reports, posters and the libraries."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from outreach.admin_menu import MenuItemFor
from outreach.admin_scope import ListingScopedChooserViewSet
from venues import audit  # noqa: F401  (registers the hazard-report log actions)
from venues.admin import views
from venues.admin.forms import VenueAdminForm
from venues.models import EquipmentType, HazardReport, HazardType, Venue
from venues.permissions import (
    ReportPermissionPolicy,
    VenuePermissionPolicy,
    can_manage_venue,
    handles_reports,
    prints_posters,
)

register_permission_policy(Venue, VenuePermissionPolicy(Venue), exact_class=True)
register_permission_policy(HazardReport, ReportPermissionPolicy(HazardReport), exact_class=True)


class ReprintColumn(Column):
    def get_value(self, instance):
        return _("需要重印") if instance.needs_reprint else ""


class ScopedObjectMixin:
    """Wagtail's generic views check model permissions only; add the venue scope (404 outside)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not can_manage_venue(self.request.user, obj):
            raise Http404
        return obj


def scoped(view_class):
    return type(view_class.__name__, (ScopedObjectMixin, view_class), {})


class VenueViewSet(SnippetViewSet):
    edit_view_class = scoped(SnippetViewSet.edit_view_class)
    delete_view_class = scoped(SnippetViewSet.delete_view_class)
    history_view_class = scoped(SnippetViewSet.history_view_class)
    usage_view_class = scoped(SnippetViewSet.usage_view_class)
    inspect_view_class = scoped(SnippetViewSet.inspect_view_class)

    model = Venue
    icon = "site"
    menu_label = _("场所")
    edit_handler = TabbedInterface(
        [
            ObjectList(Venue.basic_panels, heading=_("基本信息")),
            ObjectList(Venue.hazard_panels, heading=_("一、火灾危险性")),
            ObjectList(Venue.escape_panels, heading=_("二、逃生路线与出口")),
            ObjectList(Venue.equipment_panels, heading=_("三、器材位置与用法")),
        ],
        base_form_class=VenueAdminForm,
    )
    list_display = [
        "name",
        "category",
        "township",
        BooleanColumn("is_open", label=_("正在营业")),
        Column("content_version", label=_("内容版本")),
        ReprintColumn("reprint", label=_("海报")),
        "content_verified_on",
    ]
    list_filter = ["township", "category", "is_open"]
    search_fields = ["name", "address", "managing_unit"]
    copy_view_enabled = False
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        return Venue.objects.visible_to(request.user).select_related("township")


class HazardTypeViewSet(SnippetViewSet):
    model = HazardType
    icon = "warning"
    menu_label = _("典型隐患库")
    list_display = ["name", "category", "poster_text"]
    list_filter = ["category"]


class EquipmentTypeViewSet(SnippetViewSet):
    model = EquipmentType
    icon = "cog"
    menu_label = _("器材用法库")
    list_display = ["name", "kind", "short_usage"]
    list_filter = ["kind"]


class ReportInboxViewSet(ViewSet):
    name = "venue-reports"
    icon = "mail"
    menu_label = _("隐患举报")

    @property
    def menu_item_class(self):
        return MenuItemFor.shown_to_users(handles_reports)

    @property
    def menu_url(self):
        return reverse("venues_admin:reports")


class PosterBatchViewSet(ViewSet):
    name = "venue-poster-batches"
    icon = "download"
    menu_label = _("批量生成海报")

    @property
    def menu_item_class(self):
        return MenuItemFor.shown_to_users(prints_posters)

    @property
    def menu_url(self):
        return reverse("venues_admin:batches")


class VenuesGroup(ViewSetGroup):
    menu_label = _("场所三提示")
    menu_icon = "site"
    menu_order = 300
    items = [VenueViewSet, ReportInboxViewSet, PosterBatchViewSet, HazardTypeViewSet, EquipmentTypeViewSet]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return VenuesGroup()


admin_urls = (
    [
        path("reports/", views.report_inbox, name="reports"),
        path("reports/<int:pk>/", views.report_detail, name="report"),
        path("venue/<int:pk>/posters/", views.venue_posters, name="venue_posters"),
        path(
            "venue/<int:pk>/posters/<int:zone_id>/<str:paper>.<str:fmt>",
            views.poster_download,
            name="poster_download",
        ),
        path("batches/", views.batch_list, name="batches"),
        path("batches/<int:pk>/", views.batch_detail, name="batch"),
        path("batches/<int:pk>/download/", views.batch_download, name="batch_download"),
    ],
    "venues_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("venues/", include(admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def venue_poster_button(snippet, user, next_url=None):
    if isinstance(snippet, Venue):
        yield ListingButton(
            _("打印海报"),
            reverse("venues_admin:venue_posters", args=[snippet.pk]),
            icon_name="download",
            priority=5,
        )


@hooks.register("construct_homepage_summary_items")
def new_reports_summary(request, items):
    # The dashboard reminds township officers of reports still waiting for them.
    from venues.admin.summary import NewReportsSummary

    if handles_reports(request.user):
        items.append(NewReportsSummary(request))
