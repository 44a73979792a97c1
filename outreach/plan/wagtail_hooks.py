from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach.admin_menu import MenuItemFor

from .admin import views
from .forms import IndicatorForm
from .models import Indicator, Plan, ResponsibleUnit
from .permissions import can_view_staff
from .services import CARRY_ACTION, CLOSE_ACTION, RETURN_ACTION, VERIFY_ACTION

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
        path("plans/<int:pk>/close/", views.close, name="close"),
        path("plans/<int:pk>/carry-over/", views.carry, name="carry_over"),
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
    edit_handler = ObjectList(Indicator.panels, base_form_class=IndicatorForm)
    list_display = [
        "name",
        "plan",
        "clause",
        "kind",
        "unit",
        "target",
        "responsible_unit",
        "measurement",
        "source_key",
    ]
    list_filter = ["plan", "kind", "measurement", "responsible_unit", "target_is_demo"]
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


@hooks.register("register_log_actions")
def plan_log_actions(actions):
    """Staff decisions on the plan, in the admin's audit log with their reason."""
    from wagtail.log_actions import LogFormatter

    actions.register_action(CLOSE_ACTION, _("终期评估定稿"), _("规划终期评估定稿"))
    actions.register_action(CARRY_ACTION, _("接续新规划"), _("由上一规划接续建立"))

    @actions.register_action(VERIFY_ACTION)
    class VerifyValue(LogFormatter):
        label = _("核实填报数值")

        def format_message(self, log_entry):
            return _("填报数值核实通过：%(reason)s") % {"reason": log_entry.data.get("reason", "") or "—"}

    @actions.register_action(RETURN_ACTION)
    class ReturnValue(LogFormatter):
        label = _("退回填报数值")

        def format_message(self, log_entry):
            return _("填报数值退回：%(reason)s") % {"reason": log_entry.data.get("reason", "") or "—"}
