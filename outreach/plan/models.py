"""The plan's indicators as data, the values units report, and snapshots that do not move."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from outreach.private_files import private_storage, unguessable_name


class Plan(models.Model):
    """A development plan and its period (the 14th five-year plan: 2021–2025)."""

    name = models.CharField(_("规划名称"), max_length=80)
    slug = models.SlugField(
        _("网址代码"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("英文字母代码，如 14th；规划的公开页面和终期评估在 /plan/plans/代码/ 长期保留。"),
    )
    document = models.CharField(_("文号"), max_length=40, blank=True)
    start = models.DateField(_("规划期开始"))
    end = models.DateField(_("规划期结束"))
    is_current = models.BooleanField(_("当前规划"), default=True, help_text=_("公开页面显示当前规划。"))
    evaluator = models.CharField(
        _("评估报告发文单位"),
        max_length=60,
        default="修武县消防安全委员会办公室",
        help_text=_("印在评估报告的版头。"),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("接续的上一规划"),
    )
    closed_at = models.DateTimeField(_("终期评估定稿时间"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("evaluator"),
        FieldPanel("is_current"),
    ]

    class Meta:
        ordering = ["-start"]
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="plan_end_after_start")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("规划期结束必须晚于开始。")})

    @property
    def is_closed(self):
        return self.closed_at is not None

    def elapsed_share(self, on):
        """Share of the plan period gone on `on`, from 0 to 1 (时间过半 is 0.5)."""
        if on <= self.start:
            return Decimal(0)
        if on >= self.end:
            return Decimal(1)
        return Decimal((on - self.start).days) / Decimal((self.end - self.start).days)


class ResponsibleUnit(models.Model):
    """A 责任单位 and the accounts that speak for it (they enter its reported values)."""

    name = models.CharField(_("单位名称"), max_length=60, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plan_units",
        verbose_name=_("填报人员"),
        help_text=_("这些账号可以为本单位负责的指标填报数值和佐证材料。"),
    )

    panels = [FieldPanel("name"), FieldPanel("members")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")

    def __str__(self):
        return self.name


class IndicatorKind(models.TextChoices):
    BINDING = "binding", _("约束性")
    EXPECTED = "expected", _("预期性")


class Measurement(models.TextChoices):
    LIVE = "live", _("平台实时数据")
    REPORTED = "reported", _("责任单位填报")


class Aggregate(models.TextChoices):
    SHARE = "share", _("比例（%）")
    COUNT = "count", _("数量")


class IndicatorQuerySet(models.QuerySet):
    def for_dashboard(self, with_plan=True):
        # Into a plain list (to_attr): the related manager's own cache costs a queryset per
        # indicator, a tenth of the public dashboard's render.
        targets = models.Prefetch(
            "year_targets", queryset=YearTarget.objects.all(), to_attr="fetched_targets"
        )
        related = ("plan", "responsible_unit") if with_plan else ("responsible_unit",)
        return self.select_related(*related).prefetch_related(targets)


class Indicator(ClusterableModel):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("规划")
    )
    code = models.SlugField(
        _("代码"), max_length=40, help_text=_("英文字母代码，用于网址和导出；接续的规划沿用同一代码。")
    )
    name = models.CharField(_("指标名称"), max_length=80)
    clause = models.CharField(_("规划条款"), max_length=40, help_text=_("如：第三十一条、重点工程七"))
    kind = models.CharField(_("指标属性"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(_("单位"), max_length=10, help_text=_("如：%、个、条、人"))
    criteria = models.TextField(
        _("统计口径"), max_length=600, help_text=_("怎样计算、数据从哪里来；在公开页面与图表一同显示。")
    )
    baseline = models.DecimalField(_("基期值"), max_digits=12, decimal_places=2, default=0)
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"), default=2021)
    target = models.DecimalField(_("规划目标值"), max_digits=12, decimal_places=2)
    target_is_demo = models.BooleanField(
        _("演示目标"),
        default=False,
        help_text=_("目标值不是规划文本下达的（演示或暂定）；页面和报告上标注“演示目标”。"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("接续自上一规划的指标"),
        editable=False,
    )
    responsible_unit = models.ForeignKey(
        ResponsibleUnit, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("责任单位")
    )
    measurement = models.CharField(_("数据来源"), max_length=10, choices=Measurement.choices)
    source_key = models.CharField(
        _("平台数据源"),
        max_length=60,
        blank=True,
        help_text=_("从已登记的平台数据源中选择；尚未上线的模块显示“无数据”。"),
    )
    aggregate = models.CharField(
        _("取值方式"), max_length=10, choices=Aggregate.choices, default=Aggregate.COUNT
    )
    on_track_ratio = models.PositiveSmallIntegerField(
        _("正常线（%）"), default=90, help_text=_("实际进度达到应有进度的这个百分比，即为“进度正常”。")
    )
    attention_ratio = models.PositiveSmallIntegerField(
        _("关注线（%）"), default=70, help_text=_("低于正常线、不低于这个百分比为“需要关注”，再低为“滞后”。")
    )
    is_public = models.BooleanField(_("公开显示"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = IndicatorQuerySet.as_manager()

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("clause"), FieldPanel("kind"), FieldPanel("unit")]),
        FieldPanel("criteria"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("baseline"), FieldPanel("baseline_year"), FieldPanel("target")]),
                FieldPanel("target_is_demo"),
                InlinePanel("year_targets", heading=_("年度目标"), label=_("年度目标")),
            ],
            heading=_("基期与目标"),
        ),
        FieldPanel("responsible_unit"),
        MultiFieldPanel(
            [FieldPanel("measurement"), FieldPanel("source_key"), FieldPanel("aggregate")],
            heading=_("数据来源"),
        ),
        FieldRowPanel([FieldPanel("on_track_ratio"), FieldPanel("attention_ratio")], heading=_("状态阈值")),
        FieldRowPanel([FieldPanel("is_public"), FieldPanel("sort_order")]),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_indicator_code_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.measurement == Measurement.LIVE and not self.source_key:
            errors["source_key"] = _("平台实时数据的指标需要填写数据源代码。")
        ratios = (self.attention_ratio, self.on_track_ratio)
        if None not in ratios and ratios[0] > ratios[1]:
            errors["attention_ratio"] = _("关注线不能高于正常线。")
        if self.target is not None and self.baseline is not None and self.target == self.baseline:
            errors["target"] = _("目标值不能等于基期值。")
        if errors:
            raise ValidationError(errors)

    def expected_value(self, on):
        """What the indicator should read on `on`: a straight line from the baseline
        through each year's target (at the year's end) to the final target."""
        plan = self.plan
        points = [(plan.start, Decimal(self.baseline))]
        targets = getattr(self, "fetched_targets", None)
        if targets is None:
            targets = self.year_targets.all()
        for year_target in sorted(targets, key=lambda t: t.year):
            day = datetime.date(year_target.year, 12, 31)
            if plan.start < day < plan.end:
                points.append((day, Decimal(year_target.value)))
        points.append((plan.end, Decimal(self.target)))
        if on <= points[0][0]:
            return points[0][1]
        for (day0, value0), (day1, value1) in zip(points, points[1:], strict=False):
            if on <= day1:
                share = Decimal((on - day0).days) / Decimal((day1 - day0).days)
                return value0 + (value1 - value0) * share
        return points[-1][1]


class YearTarget(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="year_targets")
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("年末目标值"), max_digits=12, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = _("年度目标")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="plan_year_target_unique")]


def evidence_path(instance, filename):
    # The uploader's file name is never kept; the checked file is a PDF or a JPEG.
    return unguessable_name("plan/evidence/", filename, suffixes=(".pdf",))


class ReportedStatus(models.TextChoices):
    PENDING = "pending", _("未核实")
    VERIFIED = "verified", _("已核实")
    REJECTED = "rejected", _("退回")


class ReportedValue(models.Model):
    """A value the responsible unit reports, with its evidence; counts once a reviewer accepts it."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="reported_values", verbose_name=_("指标")
    )
    as_of = models.DateField(_("统计截至"))
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, storage=private_storage)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    status = models.CharField(
        _("核实状态"), max_length=10, choices=ReportedStatus.choices, default=ReportedStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    reviewed_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    review_note = models.CharField(_("核实意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-as_of", "-entered_at"]
        verbose_name = _("填报数值")
        verbose_name_plural = _("填报数值")

    def __str__(self):
        return f"{self.indicator} {self.value} ({self.as_of})"


class Assessment(models.Model):
    """The responsible unit's account of an indicator for an evaluation year: causes, measures."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("指标")
    )
    year = models.PositiveSmallIntegerField(_("评估年度"))
    causes = models.TextField(_("原因分析"), max_length=1000, blank=True)
    measures = models.TextField(_("下一步措施"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("填写人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("原因与措施")
        verbose_name_plural = _("原因与措施")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="plan_assessment_unique")]

    def __str__(self):
        return f"{self.indicator} {self.year}"


class Status(models.TextChoices):
    MET = "met", _("已完成")
    ON_TRACK = "on_track", _("进度正常")
    ATTENTION = "attention", _("需要关注")
    BEHIND = "behind", _("滞后")
    UNVERIFIED = "unverified", _("未核实")
    NO_DATA = "no_data", _("无数据")


class SnapshotReason(models.TextChoices):
    MONTH_END = "month_end", _("月末")
    TERM_END = "term_end", _("学期末")
    MANUAL = "manual", _("手动")


class Snapshot(models.Model):
    """An indicator as it read on one day. Written once; trends read these, so correcting
    today's records never rewrites the history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=10, choices=SnapshotReason.choices)
    actual = models.DecimalField(_("实际值"), max_digits=12, decimal_places=2, null=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    expected = models.DecimalField(_("应有值"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    by_township = models.JSONField(default=dict)  # township id (str) -> actual
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "taken_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "taken_on"], name="plan_snapshot_unique")]

    def __str__(self):
        return f"{self.indicator_id} {self.taken_on}"


class StoredReading(models.Model):
    """A source's figures for a day as the worker last read them, for the public pages
    (outreach.plan.readings). Only what those pages show is kept: no drill-down rows, no
    breakdown (its labels are in the language of whoever read it)."""

    key = models.CharField(max_length=100)
    on = models.DateField()
    read_at = models.DateTimeField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    by_township = models.JSONField(default=dict)  # township id (str) -> [value, total] as text

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "on"], name="plan_storedreading_unique")]

    def __str__(self):
        return f"{self.key} {self.on}"


class FinalValue(models.Model):
    """An indicator as the plan's final evaluation records it on the plan's last day.

    Written once when the plan is closed, from the snapshots and the dated history of
    that day (never from the records as they stand when the plan is closed), so records
    dated after the plan's end never change it."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="final", verbose_name=_("指标")
    )
    as_of = models.DateField(_("评估截至"))
    actual = models.DecimalField(_("终期值"), max_digits=12, decimal_places=2, null=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    expected = models.DecimalField(_("应有值"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    basis = models.CharField(_("取值依据"), max_length=120, blank=True)
    verified_by = models.CharField(_("核实"), max_length=120, blank=True)
    by_township = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("终期评估值")
        verbose_name_plural = _("终期评估值")

    def __str__(self):
        return f"{self.indicator} {self.as_of}"
