"""Reference data of activities and trainings in the admin, the staff screens' URLs and
menu, and the audit-log actions of their decisions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from outreach.admin_menu import MenuItemFor

from . import permissions
from .models import ActivityKind, Question, QuestionBank, Quiz, TrainingCategory

ACTIONS = {
    "activities.submit": _("提交宣传活动"),
    "activities.approve": _("审核通过宣传活动"),
    "activities.return": _("退回宣传活动"),
    "activities.news_draft": _("由宣传活动生成新闻稿"),
    "activities.attendee_add": _("培训名单添加人员"),
    "activities.attendee_key_unit": _("更正参训人员所在重点单位"),
    "activities.tick": _("勾选培训签到"),
    "activities.close": _("关闭培训签到"),
    "activities.key_units_import": _("导入重点单位"),
}


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


class ActivityKindViewSet(SnippetViewSet):
    model = ActivityKind
    icon = "tag"
    list_display = ["name", "sort_order", "is_active"]
    add_to_admin_menu = False


class TrainingCategoryViewSet(SnippetViewSet):
    model = TrainingCategory
    icon = "group"
    list_display = ["name", "validity_months", "key_unit_role", "plan_group", "is_active"]
    add_to_admin_menu = False


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "help"
    add_to_admin_menu = False


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["text", "kind", "bank"]
    list_filter = ["bank", "kind"]
    add_to_admin_menu = False


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    list_display = ["name", "bank", "question_count", "pass_mark"]
    add_to_admin_menu = False


VIEWSETS = [ActivityKindViewSet, TrainingCategoryViewSet, QuestionBankViewSet, QuestionViewSet, QuizViewSet]
for viewset in VIEWSETS:
    register_snippet(viewset)


@hooks.register("register_admin_urls")
def register_urls():
    return [path("activities/", include("campaigns.activities.admin.urls", namespace="activities_admin"))]


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        MenuItemFor(
            _("活动审核"), reverse_lazy("activities_admin:review"), shown_to=permissions.may_review, order=100
        ),
        MenuItemFor(
            _("培训与签到"),
            reverse_lazy("activities_admin:trainings"),
            shown_to=permissions.may_run_trainings,
            order=200,
        ),
        MenuItemFor(
            _("重点单位"),
            reverse_lazy("activities_admin:key_units"),
            shown_to=permissions.may_see_key_units,
            order=300,
        ),
    ]
    for order, viewset in enumerate(VIEWSETS, start=4):
        model = viewset.model
        items.append(
            MenuItemFor(
                model._meta.verbose_name_plural,
                reverse_lazy(f"wagtailsnippets_activities_{model._meta.model_name}:list"),
                shown_to=permissions.may_review,
                order=order * 100,
            )
        )
    return SubmenuMenuItem(_("活动与培训"), Menu(items=items), icon_name="date", order=255)
