"""The base's admin: one menu with the staff screens, slots, bookings and the rules."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from outreach.admin_menu import MenuItemFor

from . import services
from .admin import views as admin_views
from .models import Booking, BookingRules, CalendarDay, ClosedDay
from .permissions import is_base_staff


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Bookings are rows to read here: every change goes through the services (and so the
    capacity service), never through a generic edit form, even for administrators."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


register_permission_policy(Booking, ReadOnlyPolicy(Booking), exact_class=True)


class BookingViewSet(SnippetViewSet):
    model = Booking
    icon = "group"
    menu_label = _("全部预约")
    list_display = ["code", "slot", "org_name", "visitors", "status", "created_at"]
    list_filter = ["status", "org_kind"]
    search_fields = ["code", "org_name", "contact_name", "mobile"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Booking.objects.select_related("slot")


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("节假日与调休")
    list_display = ["date", "name", "kind", "note"]
    list_filter = ["kind"]


class ClosedDaySaveMixin:
    """A closed day saved here is closed through the service, in the same transaction:
    its slots called off, the groups told, the availability page refreshed."""

    def save_instance(self):
        instance = super().save_instance()
        services.close_day(instance.date, instance.reason, self.request.user)
        return instance


class ClosedDayCreateView(ClosedDaySaveMixin, CreateView):
    pass


class ClosedDayEditView(ClosedDaySaveMixin, EditView):
    pass


class ClosedDayViewSet(SnippetViewSet):
    model = ClosedDay
    icon = "cross"
    menu_label = _("闭馆日")
    list_display = ["date", "reason"]
    add_view_class = ClosedDayCreateView
    edit_view_class = ClosedDayEditView


class RulesSaveMixin:
    """Changed rules reach the open slots' pools (offer window, offers' close) in the
    transaction that saves them."""

    def save_instance(self):
        instance = super().save_instance()
        if instance.pk == BookingRules.current().pk:
            services.apply_rules_to_open_slots(instance)
        return instance


class RulesCreateView(RulesSaveMixin, CreateView):
    pass


class RulesEditView(RulesSaveMixin, EditView):
    pass


class BookingRulesViewSet(SnippetViewSet):
    model = BookingRules
    add_view_class = RulesCreateView
    edit_view_class = RulesEditView
    icon = "cog"
    menu_label = _("预约规则")
    list_display = ["__str__", "min_group", "max_group", "min_notice_working_days", "needs_approval"]
    copy_view_enabled = False


class BookingsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("科普基地预约")
    menu_icon = "calendar"
    menu_order = 270
    submenu_hook = "register_bookings_menu_item"
    items = (BookingViewSet, CalendarDayViewSet, ClosedDayViewSet, BookingRulesViewSet)


register_snippet(BookingsViewSetGroup)


def _item(label, name, icon, order):
    return MenuItemFor(label, reverse(name), shown_to=is_base_staff, icon_name=icon, order=order)


@hooks.register("register_bookings_menu_item")
def queue_item():
    return _item(_("待审核与候补"), "bookings_admin:queue", "tasks", 0)


@hooks.register("register_bookings_menu_item")
def pattern_item():
    return _item(_("每周场次安排"), "bookings_admin:pattern", "time", 2)


@hooks.register("register_bookings_menu_item")
def day_item():
    return _item(_("当日接待与签到"), "bookings_admin:day", "list-ul", 1)


@hooks.register("register_bookings_menu_item")
def calendar_item():
    return _item(_("场次日历"), "bookings_admin:calendar", "date", 2)


@hooks.register("register_bookings_menu_item")
def stats_item():
    return _item(_("参观统计与导出"), "bookings_admin:stats", "table", 3)


@hooks.register("register_bookings_menu_item")
def report_item():
    return _item(_("月度报表"), "bookings_admin:report", "doc-full", 4)


@hooks.register("register_bookings_menu_item")
def alerts_item():
    return _item(_("我的预约提醒"), "bookings_admin:alerts", "mail", 5)


admin_urls = (
    [
        path("", admin_views.queue, name="queue"),
        path("decide/<str:pk>/", admin_views.decide, name="decide"),
        path("approve/", admin_views.approve_many, name="approve_many"),
        path("booking/<str:pk>/", admin_views.booking_detail, name="booking"),
        path("calendar/", admin_views.calendar, name="calendar"),
        path("pattern/", admin_views.pattern, name="pattern"),
        path("slot/<str:pk>/", admin_views.slot_detail, name="slot"),
        path("slot/<str:slot_pk>/book/", admin_views.on_behalf, name="on_behalf"),
        path("day/", admin_views.day_sheet, name="day"),
        path("alerts/", admin_views.alerts, name="alerts"),
        path("report/", admin_views.month_report, name="report"),
        path("report.xlsx", admin_views.month_report, {"fmt": "xlsx"}, name="report_xlsx"),
        path("stats/", admin_views.statistics, name="stats"),
        path("export.<str:fmt>", admin_views.export, name="export"),
    ],
    "bookings_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("base-visits/", include(admin_urls))]


# Staff decisions on bookings and slots, in Wagtail's audit log with their reason.
LOG_ACTIONS = {
    "bookings.approve": (_("确认预约"), _("确认了预约")),
    "bookings.refuse": (_("拒绝预约"), _("拒绝了预约")),
    "bookings.book_on_behalf": (_("代为登记预约"), _("代为登记了预约")),
    "bookings.change": (_("修改预约"), _("修改了预约")),
    "bookings.move": (_("预约改期"), _("预约改到其他场次")),
    "bookings.cancel": (_("代为取消预约"), _("代为取消了预约")),
    "bookings.undo_check_in": (_("撤销签到"), _("撤销了签到")),
    "bookings.no_show": (_("记为未到场"), _("记为未到场")),
    "bookings.add_slot": (_("加开场次"), _("加开了场次")),
    "bookings.set_capacity": (_("修改场次人数"), _("修改了场次可接待人数")),
    "bookings.call_off": (_("取消场次"), _("取消了场次")),
    "bookings.pattern_change": (_("修改每周场次安排"), _("修改了每周场次安排")),
    "bookings.pattern_delete": (_("删除每周场次安排"), _("删除了每周场次安排中的一行")),
}


@hooks.register("register_log_actions")
def booking_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    for action, (label, text) in LOG_ACTIONS.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, text=text):
                reason = (log_entry.data or {}).get("reason")
                return f"{text}：{reason}" if reason else str(text)

        Formatter.label = label
        actions.register_action(action)(Formatter)
