"""Hazard reports from the public, and the record of who handled them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.access import COUNTY_WIDE, scope_filter
from outreach.private_files import private_storage
from outreach.validators import mobile_phone

from .venue import Venue

LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_lookup_code():
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(10))


def report_photo_path(instance, filename):
    # The reporter's file name is never kept: it may carry a name or a date.
    return f"venues/reports/{uuid.uuid4().hex}.jpg"


class HazardKind(models.TextChoices):
    BLOCKED_PASSAGE = "blocked_passage", _("疏散通道堵塞")
    LOCKED_EXIT = "locked_exit", _("安全出口上锁或封堵")
    EXTINGUISHER = "extinguisher", _("灭火器缺失或过期")
    EBIKE_CHARGING = "ebike_charging", _("电动自行车室内充电")
    OTHER = "other", _("其他隐患")


class ReportStatus(models.TextChoices):
    NEW = "new", _("新举报")
    VERIFIED = "verified", _("已核实")
    RECTIFIED = "rectified", _("已整改")
    REJECTED = "rejected", _("不予受理")


# Who handles reports: the publicity team every report, township officers their township's.
REPORT_SCOPE = {"county_roles": COUNTY_WIDE.venues, "township_field": "venue__township"}

# The workflow: new → verified → rectified, or rejected from new or verified.
TRANSITIONS = {
    ReportStatus.NEW: [ReportStatus.VERIFIED, ReportStatus.REJECTED],
    ReportStatus.VERIFIED: [ReportStatus.RECTIFIED, ReportStatus.REJECTED],
    ReportStatus.RECTIFIED: [],
    ReportStatus.REJECTED: [],
}


class HazardReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports a staff user handles: the publicity team all, township officers their township's."""
        return self.filter(scope_filter(user, **REPORT_SCOPE))


class HazardReport(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="reports", verbose_name=_("场所"))
    kind = models.CharField(_("隐患类型"), max_length=20, choices=HazardKind.choices)
    description = models.TextField(_("隐患描述"), max_length=1000)
    photo = models.ImageField(_("照片"), upload_to=report_photo_path, storage=private_storage, blank=True)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True, validators=[mobile_phone])
    lookup_code = models.CharField(
        _("查询码"), max_length=10, unique=True, default=new_lookup_code, editable=False
    )
    status = models.CharField(
        _("处理状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    public_reply = models.CharField(
        _("答复"), max_length=300, blank=True, help_text=_("举报人凭查询码可以看到。")
    )
    created_at = models.DateTimeField(_("举报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HazardReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("隐患举报")
        verbose_name_plural = _("隐患举报")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.venue} · {self.get_kind_display()} · {self.lookup_code}"

    def allowed_transitions(self):
        return TRANSITIONS[ReportStatus(self.status)]


class HazardReportEvent(models.Model):
    """One step of a report's handling: who moved it to which status, and when."""

    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=ReportStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("处理记录")

    def __str__(self):
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
