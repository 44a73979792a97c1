from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach import roles
from outreach.access import has_role
from outreach.admin_menu import MenuItemFor

from .models import Skill, Team, Training


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    list_display = ["name", "township", "contact_phone"]


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tag"


class TrainingViewSet(SnippetViewSet):
    model = Training
    icon = "doc-full"
    list_display = ["name", "valid_months"]


class VolunteerGroup(SnippetViewSetGroup):
    menu_label = _("志愿服务")
    menu_icon = "group"
    menu_order = 260
    items = (TeamViewSet, SkillViewSet, TrainingViewSet)


register_snippet(VolunteerGroup)


@hooks.register("register_admin_menu_item")
def organiser_screens():
    return MenuItemFor(
        _("志愿活动管理"),
        "/volunteers/manage/",
        shown_to=lambda user: has_role(user, roles.EDITOR, roles.TOWNSHIP_OFFICER),
        icon_name="date",
        order=261,
    )


@hooks.register("site_landing", order=50)
def volunteer_landing(user):
    """Volunteers land on their own page (upcoming shifts, history, hours)."""
    if has_role(user, roles.VOLUNTEER) and hasattr(user, "volunteer"):
        return reverse("volunteers:mine")
    return None
