"""The science-education base: its page, calendar, rules, visit slots and group bookings.

Places are never counted here: every slot has a Pool and every booking a Claim in the
shared capacity service (outreach.capacity), which is the one place that hands them out.
"""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from outreach.models import BasePage, Claim
from outreach.private_files import private_storage, unguessable_name

# Booking codes are read aloud at the door and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token():
    return secrets.token_urlsafe(24)


def letter_path(instance, filename):
    # A letter carries a school's or a company's name and stamp: never a guessable name.
    return unguessable_name("bookings/letters/", filename)


class CalendarDay(models.Model):
    """A day the State Council's yearly notice moves: a public holiday or a make-up working
    day (调休). Every other day is a working day from Monday to Friday."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"
    KIND_CHOICES = [(HOLIDAY, _("法定节假日（休）")), (WORKDAY, _("调休上班日（班）"))]

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=KIND_CHOICES)
    name = models.CharField(_("名称"), max_length=40, help_text=_("如：春节、国庆节调休"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name"), FieldPanel("note")]

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"


class ClosedDay(models.Model):
    """A day the base is closed (maintenance, an event): no slots are offered."""

    date = models.DateField(_("日期"), unique=True)
    reason = models.CharField(_("原因"), max_length=100)

    panels = [FieldPanel("date"), FieldPanel("reason")]

    class Meta:
        ordering = ["date"]
        verbose_name = _("闭馆日")
        verbose_name_plural = _("闭馆日")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.reason}"


class BookingRules(models.Model):
    """The base's rules as data; one row (`BookingRules.current()`)."""

    min_group = models.PositiveSmallIntegerField(_("每团最少人数"), default=20)
    max_group = models.PositiveSmallIntegerField(_("每团最多人数"), default=50)
    min_notice_working_days = models.PositiveSmallIntegerField(_("至少提前（工作日）预约"), default=3)
    max_ahead_days = models.PositiveSmallIntegerField(_("最多提前（天）预约"), default=60)
    change_notice_working_days = models.PositiveSmallIntegerField(
        _("变更或取消至少提前（工作日）"), default=1
    )
    minors_per_adult = models.PositiveSmallIntegerField(
        _("每名成人最多带未成年人"), default=15, help_text=_("每15名未成年人至少1名成人带队。")
    )
    needs_approval = models.BooleanField(_("预约需要审核"), default=True)
    offer_window_hours = models.PositiveSmallIntegerField(_("候补名额保留（小时）"), default=24)
    offers_close_hours = models.PositiveSmallIntegerField(_("参观开始前多少小时停止候补递补"), default=2)
    pending_flag_working_days = models.PositiveSmallIntegerField(_("待审核超过（工作日）提醒"), default=2)
    no_show_minutes = models.PositiveSmallIntegerField(_("开始后多少分钟未签到记为爽约"), default=30)
    closes_at = models.TimeField(
        _("每日闭馆时间"), default=time(17, 30), help_text=_("每周场次安排的场次须在此时间前结束。")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("min_group"), FieldPanel("max_group"), FieldPanel("minors_per_adult")],
            heading=_("团体"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_notice_working_days"),
                FieldPanel("max_ahead_days"),
                FieldPanel("change_notice_working_days"),
                FieldPanel("closes_at"),
            ],
            heading=_("时间"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("needs_approval"),
                FieldPanel("pending_flag_working_days"),
                FieldPanel("offer_window_hours"),
                FieldPanel("offers_close_hours"),
                FieldPanel("no_show_minutes"),
            ],
            heading=_("审核与候补"),
        ),
    ]

    class Meta:
        verbose_name = _("预约规则")
        verbose_name_plural = _("预约规则")

    def __str__(self):
        return str(_("预约规则"))

    @classmethod
    def current(cls):
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()

    @property
    def offer_window(self):
        return timedelta(hours=self.offer_window_hours)


class BaseIndexPage(BasePage):
    """The base's public page: how to get there, halls, programmes, rules, contact."""

    address = models.CharField(_("地址"), max_length=120)
    directions = models.TextField(_("交通指引"), blank=True)
    opening = models.CharField(_("开放时间"), max_length=120, blank=True)
    visiting_rules = RichTextField(_("参观须知"), blank=True)
    what_to_bring = models.TextField(
        _("请带好"), blank=True, help_text=_("确认页上告诉带队老师要带什么，如：学生证、饮用水、雨具。")
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("位置示意图"),
        help_text=_("一张静态地图或路线示意图，确认页上显示。"),
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("照片"),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("directions"),
                FieldPanel("map_image"),
                FieldPanel("opening"),
                FieldPanel("photo"),
            ],
            heading=_("基地"),
        ),
        InlinePanel("halls", label=_("展厅")),
        InlinePanel("programmes", label=_("参观项目")),
        FieldPanel("visiting_rules"),
        FieldPanel("what_to_bring"),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")], heading=_("联系")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("address"),
        index.SearchField("visiting_rules"),
    ]
    parent_page_types = ["outreach.HomePage"]
    max_count = 1
    subpage_types = []
    template = "bookings/public/base_page.html"

    class Meta:
        verbose_name = _("科普教育基地")


class Hall(Orderable):
    page = ParentalKey(BaseIndexPage, on_delete=models.CASCADE, related_name="halls")
    name = models.CharField(_("展厅名称"), max_length=60)
    description = models.TextField(_("介绍"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("照片"),
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("photo")]


class Programme(Orderable):
    page = ParentalKey(BaseIndexPage, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("项目名称"), max_length=60)
    minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=30)
    description = models.TextField(_("介绍"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("minutes"), FieldPanel("description")]


class PatternRow(models.Model):
    """One row of the base's weekly pattern: on this weekday, at this time, a visit of
    this length (or of this programme's) for this many persons. Slot generation for the
    coming weeks reads these rows (services.apply_pattern)."""

    WEEKDAY_CHOICES = [
        (0, _("周一")),
        (1, _("周二")),
        (2, _("周三")),
        (3, _("周四")),
        (4, _("周五")),
        (5, _("周六")),
        (6, _("周日")),
    ]

    weekday = models.PositiveSmallIntegerField(_("星期"), choices=WEEKDAY_CHOICES)
    start = models.TimeField(_("开始时间"))
    minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=90)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("参观项目"),
    )
    places = models.PositiveSmallIntegerField(_("可接待人数"), default=60)

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("每周场次安排")
        verbose_name_plural = _("每周场次安排")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}"

    @property
    def end(self):
        return (datetime.combine(date.min, self.start) + timedelta(minutes=self.minutes)).time()


class SlotQuerySet(models.QuerySet):
    def with_taken(self):
        """`taken`, `pool_size` and `places_left` as the capacity service counts them."""
        from outreach import capacity

        return capacity.with_places_left(self, "pool")

    def upcoming(self, now=None):
        return self.filter(start__gt=now or timezone.now())


class Slot(models.Model):
    """One visit time; its persons are the places of its pool."""

    start = models.DateTimeField(_("开始时间"), unique=True)
    minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=90)
    pool = models.OneToOneField("outreach.Pool", on_delete=models.PROTECT, related_name="visit_slot")
    called_off_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    call_off_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    # A one-off opening (a weekend or holiday, outside the weekly pattern) says why.
    one_off_reason = models.CharField(_("加开原因"), max_length=200, blank=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("参观场次")
        verbose_name_plural = _("参观场次")

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{local:%Y-%m-%d %H:%M}"

    @property
    def end(self):
        return self.start + timedelta(minutes=self.minutes)

    @property
    def capacity(self):
        """The persons a slot takes: its pool's size (never copied here)."""
        return self.pool.size

    @property
    def is_called_off(self):
        return self.called_off_at is not None


class OrgKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    ENTERPRISE = "enterprise", _("企业")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")
    OTHER = "other", _("其他单位")


# The 五进 setting each kind of group counts for (campaigns' setting codes).
SETTING_OF = {
    OrgKind.SCHOOL: "school",
    OrgKind.ENTERPRISE: "enterprise",
    OrgKind.COMMUNITY: "community",
    OrgKind.VILLAGE: "rural",
    OrgKind.OTHER: "",
}
SETTING_LABELS = {
    "school": _("进学校"),
    "enterprise": _("进企业"),
    "community": _("进社区"),
    "rural": _("进农村"),
    "": _("其他"),
}


class AgeBand(models.TextChoices):
    CHILDREN = "children", _("幼儿园及小学低年级（3–8岁）")
    PUPILS = "pupils", _("小学高年级（9–12岁）")
    TEENS = "teens", _("中学生（13–18岁）")
    ADULTS = "adults", _("成人")
    ELDERLY = "elderly", _("老年人")
    MIXED = "mixed", _("混合")


class Status(models.TextChoices):
    """Where the booking stands with the base: its decision and the visit's outcome.

    Whether a booking holds places, waits or has places on offer is the claim's state
    (outreach.capacity) and is read from it (`Booking.state`), never copied here. DECLINED
    and EXPIRED are how a waiting booking ended (its claim is released then), set once in
    the capacity transaction that released it; they are the booking's history, not a state
    a claim can come back from.
    """

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已确认")
    REFUSED = "refused", _("未通过")
    CANCELLED = "cancelled", _("已取消")
    CALLED_OFF = "called_off", _("基地取消")
    DECLINED = "declined", _("放弃候补")
    EXPIRED = "expired", _("候补逾期")
    CHECKED_IN = "checked_in", _("已签到")
    NO_SHOW = "no_show", _("未到场")
    UNDECIDED = "undecided", _("未审核（已过期）")


# A booking still in play: its claim holds places, waits, or has places on offer.
ACTIVE = (Status.PENDING, Status.APPROVED)
# What `Booking.state` reads from the claim of an active booking.
WAITING = "waiting"
OFFERED = "offered"
STATE_LABELS = {
    **dict(Status.choices),
    WAITING: _("候补中"),
    OFFERED: _("候补名额待确认"),
}


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def holding(self):
        """Active bookings whose places are held (not waiting, not on offer)."""
        return self.filter(status__in=ACTIVE, claim__status=Claim.HELD)

    def waiting(self):
        """Active bookings on the waiting list, offered places or not."""
        return self.filter(status__in=ACTIVE, claim__status__in=(Claim.WAITING, Claim.OFFERED))

    def with_state(self):
        """Annotate `state` as `Booking.state` reads it: one query for a page of bookings."""
        return self.annotate(
            state_code=models.Case(
                models.When(status__in=ACTIVE, claim__status=Claim.WAITING, then=models.Value(WAITING)),
                models.When(status__in=ACTIVE, claim__status=Claim.OFFERED, then=models.Value(OFFERED)),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )


class Booking(models.Model):
    code = models.CharField(_("预约码"), max_length=CODE_LENGTH, unique=True, default=new_code)
    # The private link's secret: the code is shown at the door, the token never is.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # The form's idempotency token: a double-clicked submit finds the first booking.
    submit_token = models.CharField(max_length=40, unique=True, editable=False)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("场次"))
    claim = models.OneToOneField("outreach.Claim", on_delete=models.PROTECT, related_name="visit_booking")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, db_index=True)

    org_kind = models.CharField(_("单位类型"), max_length=12, choices=OrgKind.choices)
    org_name = models.CharField(_("单位名称"), max_length=80)
    school = models.ForeignKey(
        "courses.School",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="base_bookings",
        verbose_name=_("学校"),
    )
    township = models.ForeignKey(
        "outreach.Township",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("所在乡镇"),
    )
    contact_name = models.CharField(_("联系人"), max_length=40)
    mobile = models.CharField(_("手机号"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True)
    visitors = models.PositiveSmallIntegerField(_("参观人数"))
    adults = models.PositiveSmallIntegerField(_("其中成人"))
    age_band = models.CharField(_("年龄段"), max_length=10, choices=AgeBand.choices)
    accessibility = models.CharField(_("无障碍等需求"), max_length=300, blank=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("参观项目"),
    )
    # A booking staff entered for a group that phoned: who, and why the notice rules were
    # waived (empty for a booking the group made online).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("代为登记人"),
    )
    entry_reason = models.CharField(_("代为登记原因"), max_length=200, blank=True)
    letter = models.FileField(_("申请函"), upload_to=letter_path, storage=private_storage, blank=True)

    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    attended = models.PositiveSmallIntegerField(_("实到人数"), null=True, blank=True)
    door_note = models.CharField(_("接待备注"), max_length=300, blank=True)
    rebook_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rebookings",
        verbose_name=_("改约自"),
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__start", "created_at"]
        verbose_name = _("团体预约")
        verbose_name_plural = _("团体预约")
        permissions = [("manage_visits", _("管理基地预约"))]

    def __str__(self):
        return f"{self.code} {self.org_name}"

    @property
    def pupils(self):
        """The group without its accompanying adults (pupils, workers, residents)."""
        return self.visitors - self.adults

    @property
    def setting(self):
        return SETTING_OF.get(self.org_kind, "")

    @property
    def is_active(self):
        return self.status in ACTIVE

    @property
    def state(self):
        """The booking's status, or for an active one whose claim waits or has places on
        offer, that (read from the claim, the one source of truth for places)."""
        code = getattr(self, "state_code", None)
        if code is not None:
            return code
        if self.status in ACTIVE:
            if self.claim.status == Claim.WAITING:
                return WAITING
            if self.claim.status == Claim.OFFERED:
                return OFFERED
        return self.status

    def get_state_display(self):
        return STATE_LABELS.get(self.state, self.state)

    @property
    def holds_places(self):
        return self.status in ACTIVE and self.claim.status == Claim.HELD


class StaffAlert(models.Model):
    """How one member of the base's staff is told when a booking arrives or is cancelled."""

    EMAIL = "email"
    SMS = "sms"
    NONE = "none"
    CHANNEL_CHOICES = [(EMAIL, _("电子邮件")), (SMS, _("短信")), (NONE, _("不提醒"))]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="base_alert", verbose_name=_("用户")
    )
    channel = models.CharField(_("提醒方式"), max_length=10, choices=CHANNEL_CHOICES, default=EMAIL)

    class Meta:
        verbose_name = _("预约提醒方式")
        verbose_name_plural = _("预约提醒方式")

    def __str__(self):
        return f"{self.user} {self.get_channel_display()}"
