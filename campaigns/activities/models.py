"""Publicity activities and trainings: what was done, where, for whom and how many.

- An *activity* (宣传活动) is recorded by whoever held it, within their scope, and counts
  only once the publicity team approved it.
- A *training session* (培训) has a sign-in QR; attendees sign in on their phones without
  an account, may take a short quiz, and get a certificate whose validity comes from
  their category's rule.
- *Key units* (重点单位) are counted as covered when their 责任人 and 管理人 trained this year.

Forms of activity, attendee categories and question banks are rows, not constants.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from outreach.private_files import private_storage, unguessable_name

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
# An audience of one is a conversation, not an activity; the county's largest gatherings
# (the 119 month on 云台山's square) stay well under this.
AUDIENCE_MIN = 2
AUDIENCE_MAX = 50_000
MATERIALS_MAX = 200_000
MOBILE = RegexValidator(r"^1[3-9]\d{9}$", _("请填写11位手机号码，如 13912345678。"))


def new_code(length=10):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_verify_code():
    return new_code(16)


def new_token():
    return secrets.token_urlsafe(24)


def sign_in_sheet_name(instance, filename):
    return unguessable_name("activities/sheets/", filename)


def activity_photo_name(instance, filename):
    # Private: they show people (pupils at a drill) before anyone reviewed them; an approved
    # activity's news draft copies them into the public image library when it is published.
    return unguessable_name("activities/photos/", filename)


class OrderedName(models.Model):
    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class ActivityKind(OrderedName):
    """A form of activity: 讲座, 演练, 入户宣传, 线上直播…"""

    class Meta(OrderedName.Meta):
        verbose_name = _("活动形式")
        verbose_name_plural = _("活动形式")


class TrainingCategory(OrderedName):
    """Who a training is for (社会消防安全教育培训规定 and the plan's tasks 30–31), with the
    rule for how long its certificate stays valid."""

    RESPONSIBLE = "responsible"
    MANAGER = "manager"
    KEY_UNIT_ROLES = [(RESPONSIBLE, _("消防安全责任人")), (MANAGER, _("消防安全管理人"))]

    validity_months = models.PositiveSmallIntegerField(
        _("证书有效期（月）"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    key_unit_role = models.CharField(
        _("重点单位中的职责"),
        max_length=20,
        choices=KEY_UNIT_ROLES,
        blank=True,
        help_text=_("这一类人员培训后，计入其单位的重点单位培训覆盖。"),
    )
    # The plan counts two groups of trainees on their own (任务30: cadres; 任务31: the
    # industries' and enterprises' staff); the rest count in 培训人次 only.
    CADRE = "cadre"
    INDUSTRY = "industry"
    PLAN_GROUPS = [
        (CADRE, _("党政领导干部和乡镇负责人培训（任务30）")),
        (INDUSTRY, _("行业和企业单位培训（任务31）")),
    ]
    plan_group = models.CharField(
        _("规划统计口径"),
        max_length=20,
        choices=PLAN_GROUPS,
        blank=True,
        help_text=_("这一类人员的培训人次计入规划的哪一项指标。"),
    )

    class Meta(OrderedName.Meta):
        verbose_name = _("培训对象类别")
        verbose_name_plural = _("培训对象类别")


class KeyUnit(models.Model):
    """A key fire-safety unit (消防安全重点单位) of the county."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    township = models.ForeignKey(
        "outreach.Township", on_delete=models.PROTECT, related_name="key_units", verbose_name=_("乡镇")
    )
    kind = models.CharField(_("单位类别"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=120, blank=True)
    responsible_person = models.CharField(_("消防安全责任人"), max_length=30, blank=True)
    manager_person = models.CharField(_("消防安全管理人"), max_length=30, blank=True)

    class Meta:
        ordering = ["township__sort_order", "name"]
        verbose_name = _("重点单位")
        verbose_name_plural = _("重点单位")

    def __str__(self):
        return self.name


class ActivityQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Activity.APPROVED)

    def counted_on(self, start, on):
        """Approved activities held from `start` to `on` whose approval was given by `on`:
        a figure read for a past day never counts what was approved later."""
        end = timezone.make_aware(
            timezone.datetime.combine(on + timedelta(days=1), timezone.datetime.min.time())
        )
        return self.approved().filter(date__gte=start, date__lte=on, reviewed_at__lt=end)


class Activity(models.Model):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    STATUS_CHOICES = [(SUBMITTED, _("待审核")), (APPROVED, _("已通过")), (RETURNED, _("已退回"))]

    title = models.CharField(_("活动主题"), max_length=100)
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("活动形式")
    )
    date = models.DateField(_("活动日期"))
    township = models.ForeignKey(
        "outreach.Township", on_delete=models.PROTECT, related_name="activities", verbose_name=_("乡镇")
    )
    outreach_settings = models.ManyToManyField(
        "campaigns.OutreachSetting", related_name="activities", verbose_name=_("五进领域")
    )
    target_groups = models.ManyToManyField(
        "campaigns.SpecialGroup", related_name="activities", blank=True, verbose_name=_("重点人群")
    )
    school = models.ForeignKey(
        "courses.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("学校"),
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("场所"),
    )
    key_unit = models.ForeignKey(
        KeyUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("重点单位"),
    )
    place = models.CharField(_("活动地点"), max_length=100)
    organiser = models.CharField(_("组织单位"), max_length=60)
    audience = models.PositiveIntegerField(
        _("受众人数"), validators=[MinValueValidator(AUDIENCE_MIN), MaxValueValidator(AUDIENCE_MAX)]
    )
    materials = models.PositiveIntegerField(
        _("发放资料（份）"), default=0, validators=[MaxValueValidator(MATERIALS_MAX)]
    )
    summary = models.TextField(_("活动简述"), max_length=2000, blank=True)
    sign_in_sheet = models.FileField(
        _("签到表照片"), storage=private_storage, upload_to=sign_in_sheet_name, blank=True
    )
    status = models.CharField(_("状态"), max_length=12, choices=STATUS_CHOICES, default=SUBMITTED)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    news_page = models.ForeignKey(
        "campaigns.NewsPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="activities_recorded"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__gte=AUDIENCE_MIN, audience__lte=AUDIENCE_MAX),
                name="activity_audience_sane",
            ),
            models.CheckConstraint(condition=Q(materials__lte=MATERIALS_MAX), name="activity_materials_sane"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("照片"),
        storage=private_storage,
        upload_to=activity_photo_name,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")

    def __str__(self):
        return self.image.name


# Quizzes -----------------------------------------------------------------------------


class QuestionBank(models.Model):
    name = models.CharField(_("题库名称"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("题库")
        verbose_name_plural = _("题库")

    def __str__(self):
        return self.name


class Question(ClusterableModel):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "truefalse"
    KIND_CHOICES = [(SINGLE, _("单选题")), (MULTIPLE, _("多选题")), (TRUE_FALSE, _("判断题"))]

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("题型"), max_length=10, choices=KIND_CHOICES, default=SINGLE)
    text = models.CharField(_("题目"), max_length=300)
    explanation = models.CharField(_("解析"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("bank"),
        FieldPanel("kind"),
        FieldPanel("text"),
        InlinePanel("choices", label=_("选项"), min_num=2),
        FieldPanel("explanation"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("选项"), max_length=200)
    is_correct = models.BooleanField(_("正确答案"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


class Quiz(models.Model):
    name = models.CharField(_("测验名称"), max_length=60)
    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("题库")
    )
    question_count = models.PositiveSmallIntegerField(
        _("题目数"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("及格分（百分制）"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("最多作答次数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("培训测验")
        verbose_name_plural = _("培训测验")

    def __str__(self):
        return self.name


# Trainings ---------------------------------------------------------------------------


class TrainingSession(models.Model):
    topic = models.CharField(_("培训主题"), max_length=100)
    trainer = models.CharField(_("授课人"), max_length=40)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("培训地点"), max_length=100)
    township = models.ForeignKey(
        "outreach.Township", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("乡镇")
    )
    organiser = models.CharField(_("主办单位"), max_length=60)
    categories = models.ManyToManyField(TrainingCategory, related_name="sessions", verbose_name=_("培训对象"))
    capacity = models.PositiveIntegerField(
        _("计划人数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("选填；只用于安排场地，到场的人都可以签到。"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("测验")
    )
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    closed_at = models.DateTimeField(_("签到关闭时间"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("对应宣传活动"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # Sign-in opens this long before the start, for those who come early.
    OPENS_BEFORE = timedelta(hours=2)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d} {self.topic}"

    def sign_in_state(self, now=None):
        """'open', 'early' or 'closed'."""
        now = now or timezone.now()
        if self.closed_at and self.closed_at <= now or now > self.ends_at:
            return "closed"
        if now < self.starts_at - self.OPENS_BEFORE:
            return "early"
        return "open"


class Attendance(models.Model):
    QR = "qr"
    STAFF = "staff"
    SOURCE_CHOICES = [(QR, _("扫码签到")), (STAFF, _("工作人员勾选"))]

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(_("姓名"), max_length=30)
    unit = models.CharField(_("工作单位"), max_length=100)
    post = models.CharField(_("岗位"), max_length=40, blank=True)
    category = models.ForeignKey(
        TrainingCategory, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("人员类别")
    )
    mobile = models.CharField(_("手机号码"), max_length=11, validators=[MOBILE])
    key_unit = models.ForeignKey(
        KeyUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("重点单位"),
    )
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    source = models.CharField(max_length=8, choices=SOURCE_CHOICES, default=QR)
    # The attendee's own page (quiz, certificate) is reached with this, never with an id.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    score = models.PositiveSmallIntegerField(_("测验得分"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("作答次数"), default=0)
    passed_at = models.DateTimeField(_("测验通过时间"), null=True, blank=True)

    class Meta:
        ordering = ["signed_in_at", "pk"]
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        constraints = [
            # Once per person per session: a second sign-in with the same number is refused
            # by the database, whatever two phones do at the same instant.
            models.UniqueConstraint(fields=["session", "mobile"], name="one_sign_in_per_person")
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    @property
    def present(self):
        return self.signed_in_at is not None

    @property
    def masked_mobile(self):
        return f"{self.mobile[:3]}****{self.mobile[-4:]}"


class TrainingCertificate(models.Model):
    """What the certificate says is copied when it is issued, so it stays as issued."""

    number = models.CharField(_("证书编号"), max_length=30, unique=True)
    verify_code = models.CharField(max_length=16, unique=True, default=new_verify_code)
    attendance = models.OneToOneField(Attendance, on_delete=models.CASCADE, related_name="certificate")
    name = models.CharField(_("姓名"), max_length=30)
    unit = models.CharField(_("工作单位"), max_length=100)
    category = models.CharField(_("人员类别"), max_length=40)
    topic = models.CharField(_("培训主题"), max_length=100)
    trained_on = models.DateField(_("培训日期"))
    valid_until = models.DateField(_("有效期至"))
    issuer = models.CharField(_("发证单位"), max_length=60)
    issued_on = models.DateField(_("发证日期"), default=timezone.localdate)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("培训合格证书")
        verbose_name_plural = _("培训合格证书")

    def __str__(self):
        return self.number

    def is_valid_on(self, day):
        return day <= self.valid_until
