from django.utils.translation import gettext_lazy as _
from wagtail.admin.site_summary import SummaryItem

from venues.models import HazardReport
from venues.models.reports import ReportStatus


class NewReportsSummary(SummaryItem):
    order = 150
    template_name = "venues/admin/new_reports_summary.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = (
            HazardReport.objects.visible_to(self.request.user).filter(status=ReportStatus.NEW).count()
        )
        context["label"] = _("条新隐患举报")
        return context
