from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach import roles
from outreach.access import has_role
from outreach.admin_menu import MenuItemFor

from .models import Skill, Team, Training
from .permissions import is_organiser
from .qualifications import RECORD_ACTION, REJECT_ACTION, VERIFY_ACTION


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
        shown_to=is_organiser,
        icon_name="date",
        order=261,
    )


@hooks.register("site_landing", order=50)
def volunteer_landing(user):
    """Volunteers land on their own page (upcoming shifts, history, hours)."""
    if has_role(user, roles.VOLUNTEER) and hasattr(user, "volunteer"):
        return reverse("volunteers:mine")
    return None


@hooks.register("register_log_actions")
def qualification_log_actions(actions):
    """Decisions on volunteers' qualifications, in the admin's audit log with the reason."""
    from wagtail.log_actions import LogFormatter

    actions.register_action(VERIFY_ACTION, _("审核通过资质"), _("资质审核通过"))
    actions.register_action(RECORD_ACTION, _("记录资质"), _("平台记录资质"))

    @actions.register_action(REJECT_ACTION)
    class RejectQualification(LogFormatter):
        label = _("资质审核未通过")

        def format_message(self, log_entry):
            return _("资质审核未通过：%(reason)s") % {"reason": log_entry.data.get("reason", "")}
