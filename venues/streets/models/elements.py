"""What a street is made of, each element's QR plate, scans, inspections and damage reports."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from outreach.private_files import private_storage
from outreach.siteurl import absolute
from outreach.validators import mobile_phone
from venues.models.reports import new_lookup_code
from venues.models.venue import CODE_ALPHABET, CODE_LENGTH

from .pages import StreetPage, photo_path

# Photos the public sends with a damage report: private (outreach.private_files), seen
# only by whoever handles the report (see StreetsConfig.ready).
REPORT_PHOTO_FOLDER = "streets/reports/"


def report_photo_path(instance, filename):
    # The reporter's file name is never kept: it may carry a name or a date.
    return f"{REPORT_PHOTO_FOLDER}{uuid.uuid4().hex}.jpg"


def new_element_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ElementKind(models.Model):
    """A kind of element (宣传栏, 主题雕塑, 标语, 科普长廊 …): data the publicity team keeps."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    inspection_days = models.PositiveSmallIntegerField(
        _("复查周期（天）"), default=180, help_text=_("新建该类元素时默认的复查周期。")
    )
    default_knowledge = models.TextField(
        _("默认知识短文"), max_length=600, blank=True, help_text=_("新建该类元素时预填的知识内容。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("inspection_days"),
        FieldPanel("default_knowledge"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("街区元素类型")
        verbose_name_plural = _("街区元素类型")

    def __str__(self):
        return self.name


class StreetElementQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("kind", "street")

    def in_service(self):
        """Elements standing on the street: a retired one keeps its history but no longer
        counts towards progress, upkeep or reminders."""
        return self.filter(retired_on__isnull=True)


class StreetElement(models.Model):
    street = models.ForeignKey(StreetPage, on_delete=models.CASCADE, related_name="elements")
    kind = models.ForeignKey(
        ElementKind, on_delete=models.PROTECT, related_name="elements", verbose_name=_("类型")
    )
    name = models.CharField(_("名称"), max_length=40)
    code = models.CharField(
        _("扫码地址代码"), max_length=CODE_LENGTH, unique=True, default=new_element_code, editable=False
    )
    position_m = models.PositiveIntegerField(_("位置（距入口米数）"), default=0)
    photo = models.ImageField(_("照片"), upload_to=photo_path, blank=True)
    knowledge = models.TextField(
        _("知识短文"), max_length=600, help_text=_("扫码后显示的消防知识，建议200字以内。")
    )
    installed_on = models.DateField(_("安装日期"), null=True, blank=True)
    inspection_days = models.PositiveSmallIntegerField(_("复查周期（天）"), default=180)
    last_inspected_on = models.DateField(_("上次检查日期"), null=True, blank=True)
    # Retired (撤除): torn down or replaced. The row, its inspections and reports stay.
    retired_on = models.DateField(_("撤除日期"), null=True, blank=True, editable=False)
    retired_reason = models.CharField(_("撤除原因"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StreetElementQuerySet.as_manager()

    class Meta:
        ordering = ["position_m", "pk"]
        verbose_name = _("街区元素")
        verbose_name_plural = _("街区元素")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("streets:element", args=[self.code])

    @property
    def public_url(self):
        """The absolute address printed in the plate's QR code; it never changes."""
        return absolute(self.get_absolute_url())

    def inspection_due_on(self):
        start = self.last_inspected_on or self.installed_on or timezone.localdate(self.created_at)
        return start + datetime.timedelta(days=self.inspection_days)

    def is_overdue(self, today=None):
        return self.retired_on is None and self.inspection_due_on() < (today or timezone.localdate())

    @property
    def is_retired(self):
        return self.retired_on is not None


class ElementScanDay(models.Model):
    """Scans of one element's QR code on one day: a number, nothing about who scanned."""

    element = models.ForeignKey(StreetElement, on_delete=models.CASCADE, related_name="scan_days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["element", "day"], name="street_element_scan_day")]
        verbose_name = _("扫码次数")

    def __str__(self):
        return f"{self.element_id} {self.day}: {self.count}"


class MaintenanceRecord(models.Model):
    """An inspection or repair of an element, with its photo; it restarts the interval."""

    element = models.ForeignKey(StreetElement, on_delete=models.CASCADE, related_name="maintenance")
    done_on = models.DateField(_("检查维护日期"))
    note = models.CharField(_("情况说明"), max_length=300)
    photo = models.ImageField(_("维护后照片"), upload_to=photo_path)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("检查维护记录")
        verbose_name_plural = _("检查维护记录")

    def __str__(self):
        return f"{self.element} · {self.done_on}"


class ReportKind(models.TextChoices):
    DAMAGED = "damaged", _("损坏")
    FADED = "faded", _("褪色看不清")
    OUTDATED = "outdated", _("内容过时或有误")
    BLOCKED = "blocked", _("被遮挡或占用")
    OTHER = "other", _("其他问题")


class ReportStatus(models.TextChoices):
    NEW = "new", _("待处理")
    REPAIRED = "repaired", _("已修复")
    REJECTED = "rejected", _("不予受理")


OPEN_REPORT = [ReportStatus.NEW]


class DamageReport(models.Model):
    """A member of the public says an element is damaged or outdated; the township repairs it."""

    element = models.ForeignKey(StreetElement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("问题类型"), max_length=12, choices=ReportKind.choices)
    description = models.TextField(_("问题描述"), max_length=600)
    photo = models.ImageField(_("照片"), upload_to=report_photo_path, storage=private_storage, blank=True)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True, validators=[mobile_phone])
    lookup_code = models.CharField(
        _("查询码"), max_length=10, unique=True, default=new_lookup_code, editable=False
    )
    status = models.CharField(
        _("处理状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    public_reply = models.CharField(_("答复"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("损坏报告")
        verbose_name_plural = _("损坏报告")
        indexes = [models.Index(fields=["status", "element"])]

    def __str__(self):
        return f"{self.element} · {self.get_kind_display()} · {self.lookup_code}"
