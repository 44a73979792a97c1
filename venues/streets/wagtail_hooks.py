"""The culture streets in the admin: the staff screens, element kinds and acceptance checklists."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach.admin_menu import MenuItemFor

from .models import AcceptanceChecklist, ElementKind
from .permissions import keeps_streets


class ElementKindViewSet(SnippetViewSet):
    model = ElementKind
    icon = "tag"
    menu_label = _("元素类型")
    list_display = ["name", "code", "inspection_days", "sort_order"]
    copy_view_enabled = False


class ChecklistViewSet(SnippetViewSet):
    model = AcceptanceChecklist
    icon = "tasks"
    menu_label = _("验收清单与进度权重")
    list_display = ["name", "is_active", "min_length_m", "updated_at"]
    copy_view_enabled = False


class StreetsViewSetGroup(SnippetViewSetGroup):
    items = (ElementKindViewSet, ChecklistViewSet)
    menu_icon = "site"
    menu_label = _("文化街设置")
    menu_name = "streets"
    menu_order = 320


register_snippet(StreetsViewSetGroup)


@hooks.register("register_admin_menu_item")
def street_work():
    """The staff screens: county staff see every township, officers their own."""
    return MenuItemFor(
        _("文化街与文化墙"), reverse("streets:manage"), shown_to=keeps_streets, icon_name="site", order=330
    )


@hooks.register("register_log_actions")
def street_log_actions(actions):
    """Decisions on streets, elements, milestones, photos and walls, in the admin's history
    of the street page (of the wall for walls) with the reason given."""
    from wagtail.log_actions import LogFormatter

    def formatter(action, label, message):
        class Formatter(LogFormatter):
            def format_message(self, log_entry):
                data = log_entry.data or {}
                text = message % {
                    key: data.get(key, "") for key in ("element", "milestone", "photo_of", "wall")
                }
                reason = data.get("reason")
                return _("%(text)s，原因：%(reason)s") % {"text": text, "reason": reason} if reason else text

        Formatter.label = label
        actions.register_action(action)(Formatter)

    formatter("streets.status_building", _("文化街开始建设"), _("文化街开始建设"))
    formatter("streets.status_requested", _("文化街申请验收"), _("文化街申请验收"))
    formatter("streets.status_accepted", _("文化街验收通过"), _("文化街验收通过并挂牌"))
    formatter("streets.send_back", _("文化街退回整改"), _("文化街退回整改"))
    formatter("streets.retire_element", _("撤除街区元素"), _("撤除街区元素“%(element)s”"))
    formatter("streets.delete_element", _("删除街区元素"), _("删除街区元素“%(element)s”"))
    formatter("streets.remove_photo", _("删除照片"), _("删除“%(photo_of)s”的照片"))
    formatter("streets.delete_milestone", _("删除建设节点"), _("删除建设节点“%(milestone)s”"))
    formatter("streets.delete_wall", _("删除文化墙"), _("删除文化墙“%(wall)s”"))
