from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach.admin_menu import MenuItemFor

from . import views
from .models import Indicator, Plan, ResponsibleUnit
from .services import can_view_staff

admin_urls = (
    [
        path("", views.staff_dashboard, name="dashboard"),
        path("indicator/<slug:code>/", views.indicator_detail, name="indicator"),
        path("indicator/<slug:code>/report/", views.enter_reported_value, name="enter_value"),
        path("indicator/<slug:code>/assessment/", views.write_assessment, name="assessment"),
        path("reported/<int:pk>/review/", views.review_value, name="review"),
        path("report/", views.evaluation_page, name="report"),
        path("report.xlsx", views.evaluation_xlsx, name="report_xlsx"),
        path("report.pdf", views.evaluation_pdf, name="report_pdf"),
    ],
    "plan_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("plan/", include(admin_urls))]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "list-ol"
    menu_label = _("规划指标")
    list_display = [
        "name",
        "clause",
        "kind",
        "unit",
        "target",
        "responsible_unit",
        "measurement",
        "source_key",
    ]
    list_filter = ["kind", "measurement", "responsible_unit"]
    search_fields = ["name", "clause", "code"]
    ordering = ["sort_order", "pk"]


class ResponsibleUnitViewSet(SnippetViewSet):
    model = ResponsibleUnit
    icon = "group"
    menu_label = _("责任单位")
    list_display = ["name"]


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "date"
    menu_label = _("规划")
    list_display = ["name", "document", "start", "end", "is_current"]


class PlanViewSetGroup(SnippetViewSetGroup):
    items = (IndicatorViewSet, ResponsibleUnitViewSet, PlanViewSet)
    menu_icon = "doc-full"
    menu_label = _("规划指标设置")
    menu_name = "plan-settings"
    menu_order = 850


register_snippet(PlanViewSetGroup)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return MenuItemFor(
        _("规划实施仪表盘"),
        reverse("plan_admin:dashboard"),
        shown_to=can_view_staff,
        icon_name="view",
        order=150,
    )


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return MenuItemFor(
        _("规划评估报告"),
        reverse("plan_admin:report"),
        shown_to=can_view_staff,
        icon_name="doc-full-inverse",
        order=151,
    )
