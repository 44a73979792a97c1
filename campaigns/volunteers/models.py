"""Volunteers, teams, events with shifts (岗位), sign-ups, hours and certificates.

Places on a shift are the shared capacity service's: each shift owns a Pool, each sign-up
one Claim of one place. Whether a sign-up holds, waits for or is offered a place is the
claim's status; the sign-up keeps only what the capacity service does not know (how it
ended, check-in and out, hours).
"""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from outreach.models import Claim
from outreach.private_files import private_storage, unguessable_name

from .identity import ID_RESIDENT, mask, reveal

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length=8):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_verify_code():
    return new_code(16)


class VolunteerRules(models.Model):
    """The volunteers' rules as data; one row (`VolunteerRules.current()`), edited in the
    admin beside teams, skills and trainings."""

    offer_window_hours = models.PositiveSmallIntegerField(
        _("候补名额保留（小时）"),
        default=12,
        help_text=_("有空位时为候补志愿者保留名额多久，过时递补给下一位。"),
    )
    offers_close_hours = models.PositiveSmallIntegerField(_("岗位开始前多少小时停止候补递补"), default=2)
    no_show_minutes = models.PositiveSmallIntegerField(_("开始后多少分钟未签到记为缺席"), default=30)
    qualification_warning_days = models.PositiveSmallIntegerField(
        _("资质到期前多少天提醒"), default=30, help_text=_("提醒志愿者本人和所在队伍的队长。")
    )

    panels = [
        FieldPanel("offer_window_hours"),
        FieldPanel("offers_close_hours"),
        FieldPanel("no_show_minutes"),
        FieldPanel("qualification_warning_days"),
    ]

    class Meta:
        verbose_name = _("志愿服务规则")
        verbose_name_plural = _("志愿服务规则")

    def __str__(self):
        return str(_("志愿服务规则"))

    @classmethod
    def current(cls):
        rules = cls.objects.order_by("pk").first()
        return rules or cls.objects.create()

    @property
    def offer_window(self):
        return timedelta(hours=self.offer_window_hours)

    @property
    def offers_close_before(self):
        return timedelta(hours=self.offers_close_hours)

    @property
    def no_show_after(self):
        return timedelta(minutes=self.no_show_minutes)


class Skill(models.Model):
    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("志愿者技能")
        verbose_name_plural = _("志愿者技能")

    def __str__(self):
        return self.name


class Training(models.Model):
    """A training or qualification a shift may require (消防安全培训, 急救员证…)."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    valid_months = models.PositiveSmallIntegerField(
        _("有效期（月）"), default=24, help_text=_("培训或证书取得后多少个月内有效。")
    )

    panels = [FieldPanel("name"), FieldPanel("valid_months")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("培训或资质")
        verbose_name_plural = _("培训或资质")

    def __str__(self):
        return self.name


class Team(models.Model):
    """A volunteer service team (志愿服务队): the county team, or one township's."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    township = models.ForeignKey(
        "outreach.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_teams",
        verbose_name=_("乡镇"),
        help_text=_("不选表示县级志愿服务队。"),
    )
    leaders = models.ManyToManyField("Volunteer", blank=True, related_name="leading", verbose_name=_("队长"))
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    panels = [FieldPanel("name"), FieldPanel("township"), FieldPanel("leaders"), FieldPanel("contact_phone")]

    class Meta:
        ordering = ["township__sort_order", "name"]
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")

    def __str__(self):
        return self.name


class VolunteerQuerySet(models.QuerySet):
    def current(self):
        return self.filter(deleted_at__isnull=True)


class Volunteer(models.Model):
    """A registered volunteer. After the volunteer deletes their account the row stays,
    without name, phone, ID or login, so their hours still count in the totals."""

    ID_RESIDENT = ID_RESIDENT
    ID_TYPES = [
        (ID_RESIDENT, _("居民身份证")),
        ("hk_macau", _("港澳居民来往内地通行证")),
        ("taiwan", _("台湾居民来往大陆通行证")),
        ("passport", _("护照")),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("账号"),
    )
    number = models.CharField(_("志愿者编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=30)
    mobile = models.CharField(_("手机号"), max_length=11, null=True, blank=True, unique=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    township = models.ForeignKey(
        "outreach.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("所在乡镇"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所属队伍"),
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers", verbose_name=_("技能"))
    emergency_name = models.CharField(_("紧急联系人"), max_length=30, blank=True)
    emergency_phone = models.CharField(_("紧急联系人电话"), max_length=20, blank=True)
    has_insurance = models.BooleanField(_("已有志愿服务意外保险"), default=False)
    id_type = models.CharField(_("证件类型"), max_length=10, choices=ID_TYPES, blank=True)
    # Fernet token of the ID number (campaigns.volunteers.identity); never the clear number.
    id_number_encrypted = models.TextField(_("证件号码（加密）"), blank=True)
    consent_at = models.DateTimeField(_("同意隐私说明时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("注册时间"), default=timezone.now)
    # The organisers' own notes (reliability, what the volunteer is good at); never shown
    # to the volunteer or the public.
    notes = models.TextField(_("组织者备注"), blank=True, max_length=2000)
    # The volunteer asked for a certificate from their page; the organiser issues it.
    certificate_requested_at = models.DateTimeField(_("申请证明时间"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["township__sort_order", "name", "pk"]
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name if self.deleted_at is None else _("已注销志愿者")

    @property
    def has_id(self):
        return bool(self.id_number_encrypted)

    @property
    def masked_id(self):
        return mask(reveal(self.id_number_encrypted)) if self.id_number_encrypted else ""

    def age_on(self, day):
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def qualification_document_path(instance, filename):
    # A certificate scan shows a name, a photo and often an ID number: never guessable.
    return unguessable_name("volunteers/qualifications/", filename)


class RegistrationCode(models.Model):
    """A code sent by SMS to prove a mobile before an account is made with it
    (campaigns.volunteers.registration). Only a keyed hash of the code is kept."""

    mobile = models.CharField(max_length=11, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("注册验证码")
        verbose_name_plural = _("注册验证码")

    def __str__(self):
        return f"{self.mobile[:3]}****{self.mobile[-4:]}"


class QualificationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Qualification.VERIFIED)

    def valid_on(self, day):
        """Verified, and not expired on `day`: the only ones a sign-up counts."""
        return self.verified().filter(valid_until__gte=day)


class Qualification(models.Model):
    """A training or certificate a volunteer holds. A volunteer's own entry counts only
    once an organiser has verified it against the document; one the platform recorded
    itself (attendance at a training) is verified when recorded. The expiry is computed
    at verification from the training's `valid_months`, never typed by the volunteer."""

    SUBMITTED, VERIFIED, REJECTED = "submitted", "verified", "rejected"
    STATUS_CHOICES = [(SUBMITTED, _("待审核")), (VERIFIED, _("已通过")), (REJECTED, _("未通过"))]
    BY_VOLUNTEER, BY_PLATFORM = "volunteer", "platform"
    SOURCE_CHOICES = [(BY_VOLUNTEER, _("志愿者申报")), (BY_PLATFORM, _("平台记录"))]

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("志愿者")
    )
    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, related_name="+", verbose_name=_("培训或资质")
    )
    obtained_on = models.DateField(_("取得日期"), default=date.today)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    document = models.FileField(
        _("证书扫描件"), upload_to=qualification_document_path, storage=private_storage, blank=True
    )
    warned_on = models.DateField(_("到期提醒日期"), null=True, blank=True)
    status = models.CharField(_("审核状态"), max_length=10, choices=STATUS_CHOICES, default=SUBMITTED)
    source = models.CharField(_("来源"), max_length=10, choices=SOURCE_CHOICES, default=BY_VOLUNTEER)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("资质")
        verbose_name_plural = _("资质")

    def __str__(self):
        return f"{self.training} ({self.get_status_display()})"

    def is_valid_on(self, day):
        return self.status == self.VERIFIED and self.valid_until is not None and self.valid_until >= day


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.PUBLISHED)


class Event(models.Model):
    DRAFT, PUBLISHED, CANCELLED = "draft", "published", "cancelled"
    STATUS_CHOICES = [(DRAFT, _("草稿")), (PUBLISHED, _("已发布")), (CANCELLED, _("已取消"))]

    title = models.CharField(_("活动名称"), max_length=100)
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_events",
        verbose_name=_("所属宣传活动"),
    )
    outreach_setting = models.ForeignKey(
        "campaigns.OutreachSetting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_events",
        verbose_name=_("五进领域"),
    )
    township = models.ForeignKey(
        "outreach.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_events",
        verbose_name=_("乡镇"),
        help_text=_("不选表示全县活动，由宣传编辑组织。"),
    )
    # The publicity activity (宣传活动台账) the volunteers served at, so its record shows
    # the volunteer hours given to it.
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_events",
        verbose_name=_("服务的宣传活动"),
        help_text=_("可不选。只能选择本单位已审核通过的宣传活动。"),
    )
    place = models.CharField(_("地点"), max_length=120)
    description = models.TextField(_("活动说明"), blank=True, max_length=2000)
    contact = models.CharField(_("联系人及电话"), max_length=60, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUS_CHOICES, default=PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("志愿活动")
        verbose_name_plural = _("志愿活动")

    def __str__(self):
        return self.title


class Shift(models.Model):
    """A post (岗位) of an event at a time: its places are a capacity Pool."""

    INSTANT, APPROVAL = "instant", "approval"
    METHOD_CHOICES = [(INSTANT, _("报名即确认")), (APPROVAL, _("组织者审核"))]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("活动"))
    title = models.CharField(_("岗位"), max_length=60)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    min_age = models.PositiveSmallIntegerField(_("最低年龄"), default=18)
    required_training = models.ForeignKey(
        Training,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("须具备的培训或资质"),
    )
    insurance_required = models.BooleanField(_("须有意外保险"), default=False)
    method = models.CharField(_("报名方式"), max_length=10, choices=METHOD_CHOICES, default=INSTANT)
    signup_deadline = models.DateTimeField(_("报名截止"))
    cancel_hours = models.PositiveSmallIntegerField(
        _("最晚取消（开始前小时数）"), default=24, help_text=_("晚于此时间取消记为“迟取消”。")
    )
    pool = models.OneToOneField("outreach.Pool", on_delete=models.PROTECT, related_name="volunteer_shift")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self):
        return f"{self.event.title} · {self.title}"

    @property
    def places(self):
        """The shift's places: its pool's size (never copied here)."""
        return self.pool.size

    @property
    def duration_hours(self):
        return Decimal((self.ends_at - self.starts_at).total_seconds() / 3600).quantize(Decimal("0.1"))

    @property
    def is_cancelled(self):
        """Called off on its own or with its event: its pool is closed (capacity's word)."""
        return self.pool.is_closed

    @property
    def cancel_deadline(self):
        return self.starts_at - timedelta(hours=self.cancel_hours)

    @property
    def place_label(self):
        return self.place or self.event.place


class SignupQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(state=Signup.ACTIVE, claim__status__in=Claim.HOLDING)

    def confirmed(self):
        return self.filter(state=Signup.ACTIVE, claim__status=Claim.HELD, approved=True)


class Signup(models.Model):
    # How the sign-up stands apart from its claim: ACTIVE while the claim decides
    # (confirmed, waiting or offered); the others say how it ended.
    ACTIVE = "active"
    CANCELLED = "cancelled"
    CANCELLED_LATE = "late"
    DECLINED = "declined"
    LAPSED = "lapsed"
    REJECTED = "rejected"
    NO_SHOW = "no_show"
    CALLED_OFF = "called_off"
    STATE_CHOICES = [
        (ACTIVE, _("有效")),
        (CANCELLED, _("已取消")),
        (CANCELLED_LATE, _("迟取消")),
        (DECLINED, _("放弃递补")),
        (LAPSED, _("递补已过期")),
        (REJECTED, _("未通过审核")),
        (NO_SHOW, _("缺席")),
        (CALLED_OFF, _("活动取消")),
    ]
    HOURS_NONE, HOURS_TO_CONFIRM, HOURS_MISSING_OUT, HOURS_CONFIRMED = (
        "",
        "to_confirm",
        "no_checkout",
        "confirmed",
    )
    HOURS_CHOICES = [
        (HOURS_NONE, "—"),
        (HOURS_TO_CONFIRM, _("待确认")),
        (HOURS_MISSING_OUT, _("未签退，待核实")),
        (HOURS_CONFIRMED, _("已确认")),
    ]

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("岗位"))
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="signups", verbose_name=_("志愿者")
    )
    claim = models.OneToOneField("outreach.Claim", on_delete=models.PROTECT, related_name="volunteer_signup")
    state = models.CharField(_("状态"), max_length=12, choices=STATE_CHOICES, default=ACTIVE)
    approved = models.BooleanField(_("已审核"), default=True)
    code = models.CharField(_("签到码"), max_length=8, unique=True, default=new_code)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1, null=True, blank=True)
    hours_status = models.CharField(_("时长状态"), max_length=12, choices=HOURS_CHOICES, blank=True)
    hours_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who confirmed, as a name, once their account is deleted: the service record keeps its
    # recorder (志愿服务记录与证明出具办法) when the sign-in goes.
    hours_confirmed_by_name = models.CharField(_("时长确认人"), max_length=150, blank=True)
    hours_confirmed_at = models.DateTimeField(_("时长确认时间"), null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["claim__created_at", "pk"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=models.Q(state__in=["active", "no_show"]),
                name="volunteers_one_live_signup_per_shift",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} @ {self.shift}"

    def end(self, state, at=None):
        """Record how the sign-up ended (cancelled, rejected, lapsed, called off)."""
        self.state = state
        self.ended_at = at or timezone.now()
        self.save(update_fields=["state", "ended_at"])

    @property
    def roster_status(self):
        """One word for the roster: confirmed, pending, waiting, offered, checked_in,
        checked_out, no_show, late, cancelled, …"""
        if self.state != self.ACTIVE:
            return self.state
        if self.checked_out_at:
            return "checked_out"
        if self.checked_in_at:
            return "checked_in"
        claim_status = self.claim.status
        if claim_status == Claim.HELD:
            return "confirmed" if self.approved else "pending"
        return claim_status  # waiting, offered (released is never ACTIVE for long)

    @property
    def roster_label(self):
        return ROSTER_LABELS.get(self.roster_status, self.roster_status)


ROSTER_LABELS = {
    "confirmed": _("已确认"),
    "pending": _("待审核"),
    "waiting": _("候补中"),
    "offered": _("递补待确认"),
    "checked_in": _("已签到"),
    "checked_out": _("已签退"),
    "released": _("已释放"),
    **dict(Signup.STATE_CHOICES),
}


class Notice(models.Model):
    """An in-site notice on the volunteer's own page (offers, changes)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=200, unique=True)
    text = models.CharField(_("内容"), max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")

    def __str__(self):
        return self.text


class Serial(models.Model):
    """The last serial handed out under one prefix (XW2026, XWZYFW2026), a row per prefix.

    campaigns.volunteers.numbering takes the next one under this row's lock, so numbers
    issued at the same instant never collide (counting rows did: count()+1 twice)."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self):
        return f"{self.prefix}: {self.last}"


class Certificate(models.Model):
    """志愿服务证明: issued by the organisation that recorded the hours (谁记录谁证明).

    What it says is copied at issue time, so it stays as issued whatever changes later."""

    number = models.CharField(_("证明编号"), max_length=30, unique=True)
    verify_code = models.CharField(max_length=16, unique=True, default=new_verify_code)
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    name = models.CharField(_("姓名"), max_length=30)
    masked_id = models.CharField(_("证件号码"), max_length=30)
    volunteer_number = models.CharField(_("志愿者编号"), max_length=20)
    period_start = models.DateField(_("服务起始"))
    period_end = models.DateField(_("服务截止"))
    hours = models.DecimalField(_("累计服务时长（小时）"), max_digits=7, decimal_places=1)
    services = models.TextField(_("服务内容"))
    issuer = models.CharField(_("出具单位"), max_length=80)
    person_in_charge = models.CharField(_("负责人"), max_length=30, blank=True)
    handler = models.CharField(_("经办人"), max_length=30)
    contact = models.CharField(_("联系电话"), max_length=30, blank=True)
    issued_on = models.DateField(_("出具日期"), default=date.today)
    # The issuing organisation: a township's, or the county's (empty). The certificate
    # covers only the hours recorded on that organisation's events (谁记录谁证明).
    township = models.ForeignKey(
        "outreach.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("出具乡镇"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The holder deleted their account: name and ID are blanked and the verify page says
    # the certificate was withdrawn (the service record behind it stays, anonymously).
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("志愿服务证明")
        verbose_name_plural = _("志愿服务证明")

    def __str__(self):
        return self.number
