"""Batches of posters generated in the background and offered as one ZIP."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Township

from .venue import Venue, VenueZone


class PaperSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


class PosterFormat(models.TextChoices):
    PNG = "png", _("PNG 图片（300 dpi）")
    PDF = "pdf", _("PDF 矢量文件")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class PosterBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    township = models.ForeignKey(
        Township, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("乡镇")
    )
    sizes = models.JSONField(_("纸张"), default=list)
    formats = models.JSONField(_("格式"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    total = models.PositiveIntegerField(_("海报总数"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    archive = models.FileField(_("压缩包"), upload_to="venues/poster-batches/", blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Last sign of life: set when the batch is (re)started and at every poster stored.
    # The watchdog (venues.services.resume_stalled_batches) resumes batches where it is old.
    progress_at = models.DateTimeField(_("最近进展"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("海报批量生成")
        verbose_name_plural = _("海报批量生成")

    def __str__(self):
        return f"#{self.pk} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def done_count(self):
        return self.items.exclude(file="").count()

    @property
    def is_stalled(self):
        """Pending or running, and no poster stored for the watchdog's whole window."""
        if self.status not in (BatchStatus.PENDING, BatchStatus.RUNNING) or self.archive:
            return False
        return (self.progress_at or self.created_at) < stalled_since()


def stalled_since():
    """Batches with no progress since this moment count as stalled (the watchdog's window)."""
    return timezone.now() - timedelta(seconds=getattr(settings, "VENUES_BATCH_STALL_SECONDS", 180))


class PosterBatchItem(models.Model):
    """One poster of a batch; its file is set once it is rendered, so a retry skips it."""

    batch = models.ForeignKey(PosterBatch, on_delete=models.CASCADE, related_name="items")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(VenueZone, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    size = models.CharField(max_length=2, choices=PaperSize.choices)
    format = models.CharField(max_length=3, choices=PosterFormat.choices)
    chunk = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="venues/poster-batches/items/", blank=True)
    content_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "venue", "zone", "size", "format"],
                name="poster_batch_item_unique",
            )
        ]

    def __str__(self):
        return f"{self.batch_id}/{self.pk} {self.size} {self.format}"
