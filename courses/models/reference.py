"""Reference data the bureau keeps: terms, schools, their classes each term, courseware."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from outreach.access import COUNTY_WIDE, scope_filter

GRADE_NAMES = {
    1: _("一年级"),
    2: _("二年级"),
    3: _("三年级"),
    4: _("四年级"),
    5: _("五年级"),
    6: _("六年级"),
    7: _("七年级"),
    8: _("八年级"),
    9: _("九年级"),
    10: _("高一"),
    11: _("高二"),
    12: _("高三"),
}


class TermQuerySet(models.QuerySet):
    def containing(self, day):
        return self.filter(start__lte=day, end__gte=day)

    def current(self, day=None):
        """The term running on `day`, else the latest one that has started, else the first."""
        day = day or timezone.localdate()
        return (
            self.containing(day).first()
            or self.filter(start__lte=day).order_by("-start").first()
            or self.order_by("start").first()
        )


class Term(models.Model):
    """A school term (学期); dates differ each year, so the bureau enters them."""

    name = models.CharField(_("名称"), max_length=40, unique=True, help_text=_("如：2025—2026学年第一学期"))
    start = models.DateField(_("开学日期"))
    end = models.DateField(_("结束日期"))

    objects = TermQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("start"), FieldPanel("end")]

    class Meta:
        ordering = ["-start"]
        verbose_name = _("学期")
        verbose_name_plural = _("学期")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="term_end_after_start")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("结束日期必须晚于开学日期。")})
        if self.start and self.end:
            overlapping = Term.objects.filter(start__lte=self.end, end__gte=self.start).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("与学期“%(name)s”的日期重叠。") % {"name": overlapping.first().name})

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def elapsed_share(self, day):
        """How much of the term is behind us on `day`, from 0 to 1."""
        if day < self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return (day - self.start).days / self.days

    def months(self):
        """The calendar months the term touches, as (year, month) pairs."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


class SchoolKind(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    NINE_YEAR = "nine_year", _("九年一贯制")
    SENIOR = "senior", _("高中")
    COMPLETE = "complete", _("完全中学")
    VOCATIONAL = "vocational", _("中职")


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Schools whose compliance the user may read: every school (county readers), their
        township's (township officers), the ones whose staff list names them."""
        scope = scope_filter(
            user,
            county_roles=COUNTY_WIDE.schools,
            township_field="township",
            member_roles=None,
            member_field="staff",
        )
        return self if scope == Q() else self.filter(scope).distinct()

    def editable_by(self, user):
        """Schools whose records (lessons, drills) the user may log and change: their own."""
        scope = scope_filter(user, township_roles=(), member_roles=None, member_field="staff")
        return self if scope == Q() else self.filter(scope)


class School(models.Model):
    name = models.CharField(_("学校名称"), max_length=80, unique=True)
    township = models.ForeignKey(
        "outreach.Township", on_delete=models.PROTECT, related_name="schools", verbose_name=_("乡镇")
    )
    kind = models.CharField(_("学校类型"), max_length=20, choices=SchoolKind.choices)
    enrolment = models.PositiveIntegerField(_("在校学生数"), default=0)
    email = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("接收达标提醒；学校管理员的邮箱也会收到。")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="schools",
        verbose_name=_("学校管理员"),
        help_text=_("可以登记本校课时和演练的账号。"),
    )
    is_active = models.BooleanField(_("在册"), default=True)

    objects = SchoolQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("township"),
        FieldPanel("kind"),
        FieldPanel("enrolment"),
        FieldPanel("email"),
        FieldPanel("staff"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["township__sort_order", "name"]
        verbose_name = _("学校")
        verbose_name_plural = _("学校")

    def __str__(self):
        return self.name


class SchoolClass(models.Model):
    """A class (班级) of a school in one term: the unit class hours are counted for."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("学校")
    )
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="classes", verbose_name=_("学期"))
    grade = models.PositiveSmallIntegerField(_("年级"), choices=sorted(GRADE_NAMES.items()))
    number = models.PositiveSmallIntegerField(_("班号"))
    students = models.PositiveSmallIntegerField(_("学生数"), default=0)

    panels = [
        FieldPanel("school"),
        FieldPanel("term"),
        FieldPanel("grade"),
        FieldPanel("number"),
        FieldPanel("students"),
    ]

    class Meta:
        ordering = ["school", "grade", "number"]
        verbose_name = _("班级")
        verbose_name_plural = _("班级")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term", "grade", "number"], name="schoolclass_unique_per_term"
            )
        ]
        indexes = [models.Index(fields=["term", "school"])]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return _("%(grade)s%(number)s班") % {
            "grade": GRADE_NAMES.get(self.grade, self.grade),
            "number": self.number,
        }


class GradeBand(models.TextChoices):
    PRIMARY_LOW = "primary_low", _("小学低年级")
    PRIMARY_MID = "primary_mid", _("小学中年级")
    PRIMARY_HIGH = "primary_high", _("小学高年级")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")


# The grade bands each kind of school teaches, so a teacher sees their own courseware first.
KIND_BANDS = {
    SchoolKind.PRIMARY: (GradeBand.PRIMARY_LOW, GradeBand.PRIMARY_MID, GradeBand.PRIMARY_HIGH),
    SchoolKind.JUNIOR: (GradeBand.JUNIOR,),
    SchoolKind.NINE_YEAR: (
        GradeBand.PRIMARY_LOW,
        GradeBand.PRIMARY_MID,
        GradeBand.PRIMARY_HIGH,
        GradeBand.JUNIOR,
    ),
    SchoolKind.SENIOR: (GradeBand.SENIOR,),
    SchoolKind.COMPLETE: (GradeBand.JUNIOR, GradeBand.SENIOR),
    SchoolKind.VOCATIONAL: (GradeBand.SENIOR,),
}


def grade_band(grade):
    if grade <= 2:
        return GradeBand.PRIMARY_LOW
    if grade <= 4:
        return GradeBand.PRIMARY_MID
    if grade <= 6:
        return GradeBand.PRIMARY_HIGH
    if grade <= 9:
        return GradeBand.JUNIOR
    return GradeBand.SENIOR


class Courseware(models.Model):
    """A lesson plan or material teachers can use, worth a number of class hours."""

    title = models.CharField(_("标题"), max_length=120)
    grade_band = models.CharField(_("学段"), max_length=20, choices=GradeBand.choices)
    hours = models.DecimalField(_("课时"), max_digits=3, decimal_places=1, default=1)
    summary = models.TextField(_("简介"), max_length=600, blank=True)
    outline = models.TextField(_("教学要点"), blank=True, help_text=_("每行一条。"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("课件文件"),
    )
    is_published = models.BooleanField(
        _("公开"),
        default=True,
        help_text=_("只有审核人员可以公开课件；其他人新建或修改的课件在审核人员公开前不对外显示。"),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("grade_band"),
        FieldPanel("hours"),
        FieldPanel("summary"),
        FieldPanel("outline"),
        FieldPanel("document"),
        FieldPanel("is_published"),
    ]

    class Meta:
        ordering = ["grade_band", "title"]
        verbose_name = _("课件")
        verbose_name_plural = _("课件库")
        # Courseware is public: only a reviewer puts it (or a change to it) before the public.
        permissions = [("publish_courseware", _("可以公开课件"))]

    def __str__(self):
        return f"{self.title}（{self.get_grade_band_display()}）"

    def outline_lines(self):
        return [line.strip() for line in self.outline.splitlines() if line.strip()]
