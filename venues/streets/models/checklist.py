"""The acceptance checklist and the progress weights: data the publicity team keeps."""

from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .elements import ElementKind


class AcceptanceChecklist(models.Model):
    """What a street must have before it may ask for acceptance, and how progress is weighed.

    The newest active checklist applies. Progress is the weighted share of four parts:
    required kinds present, elements with a photo, length against the minimum, and
    milestones done. A weight of 0 leaves its part out.
    """

    name = models.CharField(_("名称"), max_length=60)
    is_active = models.BooleanField(_("启用"), default=True)
    required_kinds = models.ManyToManyField(
        ElementKind, blank=True, related_name="+", verbose_name=_("必备元素类型")
    )
    photo_per_element = models.BooleanField(_("每个元素须有照片"), default=True)
    min_length_m = models.PositiveIntegerField(_("最短长度（米）"), default=200)
    weight_kinds = models.PositiveSmallIntegerField(_("权重：必备元素"), default=40)
    weight_photos = models.PositiveSmallIntegerField(_("权重：元素照片"), default=15)
    weight_length = models.PositiveSmallIntegerField(_("权重：长度"), default=15)
    weight_milestones = models.PositiveSmallIntegerField(_("权重：建设节点"), default=30)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_active"),
        FieldPanel("required_kinds", widget=CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("photo_per_element"), FieldPanel("min_length_m")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("weight_kinds"), FieldPanel("weight_photos")]),
                FieldRowPanel([FieldPanel("weight_length"), FieldPanel("weight_milestones")]),
            ],
            heading=_("进度权重"),
        ),
    ]

    class Meta:
        ordering = ["-is_active", "-updated_at", "-pk"]
        verbose_name = _("验收清单")
        verbose_name_plural = _("验收清单")

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The checklist in force (with its required kinds loaded), or an unsaved default."""
        checklist = cls.objects.filter(is_active=True).prefetch_related("required_kinds").first()
        if checklist is None:
            checklist = cls(name=str(_("默认验收清单")))
            checklist._prefetched_objects_cache = {"required_kinds": ElementKind.objects.none()}
        return checklist

    def required_kind_list(self):
        if self.pk is None:
            return []
        return list(self.required_kinds.all())
