"""Editable libraries the three prompts are built from: typical hazards and equipment."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .categories import VenueCategory


class EnglishText(models.Model):
    """English beside the Chinese, for 云台山's foreign visitors on /lang/en/: `local("name")`
    is the English text when the page is in English and one was written, else the Chinese."""

    class Meta:
        abstract = True

    def local(self, field):
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    @property
    def local_name(self):
        return self.local("name")


class HazardType(EnglishText):
    """A typical fire hazard of a kind of venue, e.g. 电动自行车室内充电."""

    category = models.CharField(
        _("适用场所类别"),
        max_length=20,
        choices=VenueCategory.choices,
        blank=True,
        help_text=_("留空表示适用于所有场所。"),
    )
    name = models.CharField(_("名称"), max_length=40)
    poster_text = models.CharField(
        _("海报短句"), max_length=40, help_text=_("印在海报上的一句话，尽量简短。")
    )
    description = models.TextField(_("详细说明"), max_length=500, help_text=_("在扫码页面上完整显示。"))
    name_en = models.CharField(_("名称（英文）"), max_length=80, blank=True)
    poster_text_en = models.CharField(_("海报短句（英文）"), max_length=80, blank=True)
    description_en = models.TextField(
        _("详细说明（英文）"), max_length=1000, blank=True, help_text=_("英文扫码页面显示；不填则显示中文。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("category"),
        FieldPanel("name"),
        FieldPanel("poster_text"),
        FieldPanel("description"),
        FieldPanel("name_en"),
        FieldPanel("poster_text_en"),
        FieldPanel("description_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("典型火灾隐患")
        verbose_name_plural = _("典型火灾隐患库")

    def __str__(self):
        if self.category:
            return f"{self.name}（{self.get_category_display()}）"
        return self.name


class EquipmentKind(models.TextChoices):
    # GB 13495.1: red signs for fire-fighting equipment, green for escape and evacuation.
    EXTINGUISHER = "extinguisher", _("灭火器材")
    ESCAPE = "escape", _("逃生器材")


class EquipmentType(EnglishText):
    """A type of extinguisher or escape equipment and how to use it."""

    kind = models.CharField(_("类别"), max_length=20, choices=EquipmentKind.choices)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    short_usage = models.CharField(
        _("海报用法"), max_length=40, help_text=_("印在海报上的用法口诀，如“提、拔、握、压”。")
    )
    usage = models.TextField(_("使用方法"), max_length=800, help_text=_("在扫码页面上完整显示。"))
    name_en = models.CharField(_("名称（英文）"), max_length=80, blank=True)
    short_usage_en = models.CharField(_("海报用法（英文）"), max_length=80, blank=True)
    usage_en = models.TextField(
        _("使用方法（英文）"), max_length=1600, blank=True, help_text=_("英文扫码页面显示；不填则显示中文。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("short_usage"),
        FieldPanel("usage"),
        FieldPanel("name_en"),
        FieldPanel("short_usage_en"),
        FieldPanel("usage_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("器材使用方法")
        verbose_name_plural = _("器材使用方法库")

    def __str__(self):
        return self.name

    @property
    def local_short_usage(self):
        return self.local("short_usage")

    @property
    def local_usage(self):
        return self.local("usage")
