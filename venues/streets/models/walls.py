"""Village culture walls (消防文化墙) with the fire-safety pledge: a light record each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.models import Township

from .pages import photo_path


class WallCondition(models.TextChoices):
    GOOD = "good", _("完好")
    FADED = "faded", _("褪色")
    DAMAGED = "damaged", _("破损")


class CultureWall(models.Model):
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="culture_walls", verbose_name=_("所属乡镇")
    )
    village = models.CharField(_("村（社区）"), max_length=40)
    photo = models.ImageField(_("照片"), upload_to=photo_path, blank=True)
    has_pledge = models.BooleanField(_("有消防安全公约"), default=True)
    built_on = models.DateField(_("建成日期"))
    condition = models.CharField(
        _("现状"), max_length=10, choices=WallCondition.choices, default=WallCondition.GOOD
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["township__sort_order", "village", "pk"]
        verbose_name = _("消防文化墙")
        verbose_name_plural = _("消防文化墙")

    def __str__(self):
        return f"{self.township} · {self.village}"
