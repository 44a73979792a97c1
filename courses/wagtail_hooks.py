"""The app's admin: reference data, rules, courseware, reminders, and the import screen,
grouped under one menu."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach.admin_menu import MenuItemFor
from outreach.admin_scope import ListingScopedChooserViewSet

from .admin import views as admin_views
from .forms import CoursewareAdminForm
from .models import ComplianceRule, Courseware, School, SchoolClass, SentReminder, Term
from .permissions import can_import, reads_many_schools


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "date"
    list_display = ["name", "start", "end"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    list_display = ["name", "township", "kind", "enrolment"]
    list_filter = ["township", "kind", "is_active"]
    search_fields = ["name"]
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        return School.objects.visible_to(request.user).select_related("township")


class SchoolClassViewSet(SnippetViewSet):
    model = SchoolClass
    icon = "group"
    list_display = ["school", "term", "label", "students"]
    list_filter = ["term", "grade"]
    search_fields = ["school__name"]
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        return SchoolClass.objects.filter(school__in=School.objects.visible_to(request.user)).select_related(
            "school", "term"
        )


class ComplianceRuleViewSet(SnippetViewSet):
    model = ComplianceRule
    icon = "tasks"
    list_display = ["__str__", "is_active", "source"]


class CoursewareViewSet(SnippetViewSet):
    model = Courseware
    icon = "doc-full"
    edit_handler = ObjectList(Courseware.panels, base_form_class=CoursewareAdminForm)
    list_display = ["title", "grade_band", "hours", "is_published"]
    list_filter = ["grade_band", "is_published"]
    search_fields = ["title"]


class SentReminderViewSet(SnippetViewSet):
    model = SentReminder
    icon = "mail"
    list_display = ["school", "term", "days_before", "status", "created_at"]
    list_filter = ["term", "days_before"]
    chooser_viewset_class = ListingScopedChooserViewSet

    def get_queryset(self, request):
        return SentReminder.objects.filter(school__in=School.objects.visible_to(request.user)).select_related(
            "school", "term"
        )


class CoursesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("学校消防课时")
    menu_icon = "clipboard-list"
    menu_order = 250
    submenu_hook = "register_courses_menu_item"
    items = (
        TermViewSet,
        SchoolViewSet,
        SchoolClassViewSet,
        ComplianceRuleViewSet,
        CoursewareViewSet,
        SentReminderViewSet,
    )


register_snippet(CoursesViewSetGroup)


@hooks.register("register_courses_menu_item")
def compliance_menu_item():
    return MenuItemFor(
        _("达标情况（前台）"),
        reverse("courses:overview"),
        shown_to=reads_many_schools,
        icon_name="view",
        order=0,
    )


@hooks.register("register_courses_menu_item")
def import_menu_item():
    return MenuItemFor(
        _("导入学校和班级"),
        reverse("courses_admin:import"),
        shown_to=can_import,
        icon_name="upload",
        order=1,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "courses/",
            (
                [
                    path("import/", admin_views.import_view, name="import"),
                    path("import/template.xlsx", admin_views.import_template, name="import_template"),
                ],
                "courses_admin",
                "courses_admin",
            ),
        )
    ]


class RemindersPanel(Component):
    """The admin notification of reminders: what went out lately to the schools this user sees."""

    name = "courses_reminders"
    order = 150

    def __init__(self, reminders):
        self.reminders = reminders

    def render_html(self, parent_context=None):
        return render_to_string("courses/admin/reminders_panel.html", {"reminders": self.reminders})


@hooks.register("construct_homepage_panels")
def add_reminders_panel(request, panels):
    since = timezone.now() - timezone.timedelta(days=30)
    reminders = list(
        SentReminder.objects.filter(school__in=School.objects.visible_to(request.user), created_at__gte=since)
        .select_related("school", "term")
        .order_by("-created_at")[:20]
    )
    if reminders:
        panels.append(RemindersPanel(reminders))
