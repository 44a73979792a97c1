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
