"""Decisions on hazard reports in Wagtail's audit log: logged on the report's venue, so the
venue's history in the admin shows who moved which report, when, and the reply given."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action

from .models.reports import ReportStatus

REPORT_ACTIONS = {
    ReportStatus.VERIFIED: ("venues.report_verified", _("核实隐患举报")),
    ReportStatus.RECTIFIED: ("venues.report_rectified", _("隐患已整改")),
    ReportStatus.REJECTED: ("venues.report_rejected", _("隐患举报不予受理")),
}


def log_transition(report, from_status, to_status, user, note):
    action, _label = REPORT_ACTIONS[to_status]
    log_action(
        instance=report.venue,
        action=action,
        user=user,
        data={"report": report.lookup_code, "from": from_status, "to": to_status, "reason": note},
    )


@hooks.register("register_log_actions")
def report_log_actions(actions):
    for action, label in REPORT_ACTIONS.values():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, label=label):
                data = log_entry.data or {}
                text = _("%(label)s（查询码 %(code)s）") % {"label": label, "code": data.get("report", "")}
                if data.get("reason"):
                    text = _("%(text)s：%(reason)s") % {"text": text, "reason": data["reason"]}
                return text

        Formatter.label = label
        actions.register_action(action)(Formatter)
