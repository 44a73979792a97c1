from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from outreach import roles
from outreach.access import has_role
from outreach.admin_menu import MenuItemFor

from .models import Skill, Team, Training, VolunteerRules
from .permissions import is_organiser
from .qualifications import RECORD_ACTION, REJECT_ACTION, VERIFY_ACTION
from .services.certificates import CERTIFICATE_ISSUE_ACTION


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


class RulesViewSet(SnippetViewSet):
    model = VolunteerRules
    icon = "cog"
    list_display = ["__str__", "offer_window_hours", "no_show_minutes", "qualification_warning_days"]


class VolunteerGroup(SnippetViewSetGroup):
    menu_label = _("志愿服务")
    menu_icon = "group"
    menu_order = 260
    items = (TeamViewSet, SkillViewSet, TrainingViewSet, RulesViewSet)


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


@hooks.register("site_header_link")
def volunteer_header_link(user):
    """A signed-in volunteer finds their own page from every page's header."""
    from .models import Volunteer

    if Volunteer.objects.filter(user=user, deleted_at__isnull=True).exists():
        return (_("我的志愿服务"), reverse("volunteers:mine"))
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


@hooks.register("register_log_actions")
def organiser_log_actions(actions):
    """What organisers do to sign-ups, shifts and records, in the admin's audit log."""
    from wagtail.log_actions import LogFormatter

    from .admin.records import RECORD_EDIT_ACTION
    from .services import events, hours, walkins

    actions.register_action(hours.HOURS_CONFIRM_ACTION, _("确认服务时长"), _("服务时长已确认"))
    actions.register_action(hours.CHECK_IN_UNDO_ACTION, _("撤销签到"), _("签到已撤销"))
    actions.register_action(hours.CHECK_OUT_UNDO_ACTION, _("撤销签退"), _("签退已撤销"))
    actions.register_action(events.EVENT_COPY_ACTION, _("复制活动"), _("活动由复制创建"))
    actions.register_action(events.SHIFT_CANCEL_ACTION, _("取消岗位"), _("岗位已取消"))
    actions.register_action(events.SHIFT_DELETE_ACTION, _("删除岗位"), _("岗位已删除"))
    actions.register_action(events.MESSAGE_ACTION, _("发送通知"), _("已向志愿者发送通知"))
    actions.register_action(walkins.WALK_IN_ACTION, _("现场登记志愿者"), _("现场登记并签到"))
    actions.register_action(RECORD_EDIT_ACTION, _("修改志愿者档案"), _("志愿者档案已修改"))
    actions.register_action(CERTIFICATE_ISSUE_ACTION, _("出具志愿服务证明"), _("志愿服务证明已出具"))

    @actions.register_action(hours.HOURS_CORRECT_ACTION)
    class CorrectHours(LogFormatter):
        label = _("更正服务时长")

        def format_message(self, log_entry):
            return _("服务时长更正为 %(to)s 小时") % {"to": log_entry.data.get("to", "")}
