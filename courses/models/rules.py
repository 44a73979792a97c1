"""The plan's requirements as data: which rule applies to which kind of school, and its figure."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .reference import SchoolKind


class RuleKind(models.TextChoices):
    CLASS_HOURS = "class_hours", _("每班每学期课时不少于")
    DRILLS_PER_TERM = "drills_per_term", _("每校每学期疏散演练不少于（次）")
    MONTHLY_DRILL = "monthly_drill", _("每月至少一次疏散演练")
    EVACUATION_SECONDS = "evacuation_seconds", _("疏散用时不超过（秒）")
    BASE_VISIT_HOURS = "base_visit_hours", _("科普基地参观每次计入课时")


# The plan's two rules (on) and the Ministry's stricter ones (off until switched on).
# Migration 0002 installs the same rows with its own frozen copy of this list.
DEFAULT_RULES = [
    (RuleKind.CLASS_HOURS, 4, True, "修政〔2023〕4号：每学期不少于4课时"),
    (RuleKind.DRILLS_PER_TERM, 1, True, "修政〔2023〕4号：每学期至少1次疏散演练"),
    (RuleKind.MONTHLY_DRILL, 1, False, "教育部《中小学幼儿园应急疏散演练指南》：每月1次"),
    (RuleKind.EVACUATION_SECONDS, 120, False, "低层教学楼疏散目标2分钟"),
]


class ComplianceRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def ensure_defaults(self):
        """Install the default rules when there are none at all (idempotent)."""
        if not self.exists():
            self.bulk_create(
                ComplianceRule(kind=kind, value=value, is_active=active, source=source, school_kinds=[])
                for kind, value, active, source in DEFAULT_RULES
            )


class ComplianceRule(models.Model):
    """One requirement. The plan's two rules are on for every school; the Ministry's
    monthly drill and the 120-second evacuation target can be switched on per school kind."""

    kind = models.CharField(_("规则"), max_length=30, choices=RuleKind.choices)
    value = models.DecimalField(
        _("标准值"),
        max_digits=6,
        decimal_places=1,
        default=1,
        help_text=_("课时数、演练次数或秒数；每月演练填 1。"),
    )
    school_kinds = models.JSONField(
        _("适用学校类型"), default=list, blank=True, help_text=_("不选表示适用于所有类型的学校。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    source = models.CharField(_("依据"), max_length=120, blank=True)

    objects = ComplianceRuleQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("value"),
        FieldPanel("school_kinds"),
        FieldPanel("is_active"),
        FieldPanel("source"),
    ]

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("达标规则")
        verbose_name_plural = _("达标规则")

    def __str__(self):
        kinds = "、".join(str(SchoolKind(k).label) for k in self.school_kinds) or _("所有学校")
        return f"{self.get_kind_display()} {self.value:g}（{kinds}）"

    def applies_to(self, school_kind):
        return not self.school_kinds or school_kind in self.school_kinds
