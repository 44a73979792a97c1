"""The two fixed vocabularies every campaign item is tagged with.

They are rows (so listings filter and the coverage ledger aggregates with plain joins)
whose labels live in code (so they are translated like every other string).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# 消防宣传"五进": the five settings publicity must reach.
SETTING_CHOICES = [
    ("enterprise", _("进企业")),
    ("rural", _("进农村")),
    ("community", _("进社区")),
    ("school", _("进学校")),
    ("family", _("进家庭")),
]

GROUP_CHOICES = [
    ("children", _("儿童")),
    ("elderly", _("老年人")),
    ("disabled", _("残障人士")),
    ("migrant", _("外来务工人员")),
    ("left_behind", _("农村留守人员")),
]


class TaxonomyQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("sort_order")


class TaxonomyBase(models.Model):
    CHOICES = []

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order"]

    def __str__(self):
        return str(dict(self.CHOICES).get(self.code, self.code))

    @property
    def label(self):
        return str(self)

    @classmethod
    def ensure_all(cls):
        """Create any missing row; returns {code: row}. Idempotent."""
        rows = {}
        for order, (code, _label) in enumerate(cls.CHOICES):
            row, _created = cls.objects.get_or_create(code=code, defaults={"sort_order": order})
            rows[code] = row
        return rows


class OutreachSetting(TaxonomyBase):
    """One of the 五进 settings (enterprises, villages, communities, schools, families)."""

    CHOICES = SETTING_CHOICES

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("五进领域")
        verbose_name_plural = _("五进领域")


class SpecialGroup(TaxonomyBase):
    """A group the plan singles out: children, the elderly, people with disabilities…"""

    CHOICES = GROUP_CHOICES

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("重点人群")
        verbose_name_plural = _("重点人群")
