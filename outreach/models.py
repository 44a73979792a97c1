from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search import index

from outreach.blocks import BodyBlock
from outreach.slugs import has_non_ascii, pinyin_slug
from outreach.validators import mobile_phone


class Township(models.Model):
    """One of the county's townships (乡镇) or the development zone: the unit of roll-ups."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("英文字母代码，用于网址和导出。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    # The plan asks every township for one culture street; the development zone need not.
    must_have_street = models.BooleanField(
        _("须建消防文化街"), default=True, help_text=_("按规划每个乡镇建成1条消防文化街；开发区可不建。")
    )
    # Where the township's seat is, for the offline county map (WGS 84 degrees).
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        FieldPanel("must_have_street"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("位置")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("乡镇")
        verbose_name_plural = _("乡镇")

    def __str__(self):
        return self.name


class Profile(models.Model):
    """What a staff account is tied to, so each feature can scope what the user sees.

    Schools and venues keep their own staff lists (they live in their apps); the
    township is kept here because several apps scope by it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("用户"),
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("所属乡镇"),
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[mobile_phone])
    # Where both a mobile number and an e-mail address are known, the person chooses
    # (outreach.notify.channels_for); blank: both.
    contact_by = models.CharField(
        _("通知方式"),
        max_length=10,
        blank=True,
        choices=[("sms", _("短信")), ("email", _("电子邮件"))],
        help_text=_("手机号和邮箱都有时，只用所选方式通知；不选则两种都发。"),
    )

    panels = [FieldPanel("user"), FieldPanel("township"), FieldPanel("phone"), FieldPanel("contact_by")]

    class Meta:
        verbose_name = _("用户归属")
        verbose_name_plural = _("用户归属")

    def __str__(self):
        return str(self.user)


def township_of(user):
    """The township a user is tied to, or None."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.township if profile else None


@register_setting(icon="site")
class SiteContactSettings(BaseSiteSetting):
    """Numbers and addresses shown in every page's footer."""

    fire_alarm = models.CharField(_("火警电话"), max_length=20, default="119")
    hazard_hotline = models.CharField(_("火灾隐患举报电话"), max_length=20, default="96119")
    office_name = models.CharField(_("主办单位"), max_length=80, default="修武县消防救援大队")
    office_address = models.CharField(_("地址"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("联系方式")


def no_view_restrictions():
    """True when no page of the site has a view restriction (known without a query once
    per publish; see page_cache.restriction_paths)."""
    from outreach.page_cache import restriction_paths

    paths = restriction_paths()
    return paths is not None and not paths[0]


def public(pages):
    """`pages.public()`, without Wagtail's query of every restriction when there is none."""
    return pages if no_view_restrictions() else pages.public()


class PublicPageQuerySet(PageQuerySet):
    """Page querysets of the apps: `public()` reads the restrictions once per publish
    instead of once per call (listings call it on every request)."""

    def public(self):
        return self.all() if no_view_restrictions() else super().public()


@lru_cache(maxsize=1)
def _default_routing():
    """No page type overrides Wagtail's route(), so an address names one page."""
    from wagtail.models import get_page_models

    return all(model.route in (Page.route, BasePage.route) for model in get_page_models())


class BasePage(Page):
    """Fields and panels every public page shares: an intro shown in listings."""

    intro = models.TextField(_("导语"), blank=True, max_length=400)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # A page that has never been published gets a pinyin slug for a Chinese one (or
        # none); a published page keeps its address, which links and QR codes point at.
        if not self.first_published_at and (not self.slug or has_non_ascii(self.slug)):
            base = pinyin_slug(self.slug or self.title)
            if base:
                self.slug = self._get_autogenerated_slug(base)
        super().full_clean(*args, **kwargs)

    def route(self, request, path_components):
        # A page two or more levels down is found by its address in one query, instead of
        # two per level (each child, then its specific page). Only while no page type
        # routes on its own (a RoutablePageMixin would): then Wagtail's way, level by level.
        if len(path_components) < 2 or not _default_routing():
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        # The slug narrows it through its index; the address makes it exact.
        found = Page.objects.filter(
            slug=path_components[-1], url_path=url_path, path__startswith=self.path
        ).first()
        if found is None:
            raise Http404
        return found.specific.route(request, [])

    def get_view_restrictions(self):
        # Asked two or three times per page served (Wagtail's own check, the page cache's,
        # listings): with no restricted page above this one, answer without a query.
        from wagtail.models import PageViewRestriction

        from outreach.page_cache import restriction_paths

        paths = restriction_paths()
        if paths is not None:
            restricted, aliases = paths
            # An alias above this page takes its source's restrictions: ask Wagtail then.
            if not any(self.path.startswith(path) for path in (*restricted, *aliases)):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    hero_title = models.CharField(_("横幅标题"), max_length=80, blank=True)
    hero_text = models.CharField(_("横幅说明"), max_length=200, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("横幅")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = public(self.get_children().live().in_menu()).specific()
        return context


class ContentPage(BasePage):
    """A plain page of text: about us, how to call 119, a guide."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["outreach.HomePage", "outreach.ContentPage"]

    class Meta:
        verbose_name = _("内容页")


# What one occurrence in a page's title scores in the search index: more than a body can
# score for a term (outreach.search.index), and the mark of a title row.
TITLE_SCORE = 100


class SearchTerm(models.Model):
    """One row of the site's Chinese search index: a term that occurs in a live page.

    Terms are character unigrams and bigrams of Chinese text and whole Latin/digit
    words, so a query matches mid-sentence without a dictionary. `score` weighs a title
    occurrence above any number of body occurrences (see outreach.search.index).
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=32)
    score = models.PositiveIntegerField()

    class Meta:
        # Covering index: a query reads (term, page, score) from the index alone.
        # One row per (term, page) is kept by outreach.search.index.index_page, which
        # serialises re-indexing of a page on the page's row lock.
        indexes = [
            models.Index(fields=["term", "page", "score"], name="searchterm_term_page_score"),
            # Title rows only (a tenth of the rows): "related pages" reads these first.
            models.Index(
                fields=["term", "page", "score"],
                condition=Q(score__gte=TITLE_SCORE),
                name="searchterm_title_rows",
            ),
        ]
        verbose_name = _("搜索索引词")

    def __str__(self):
        return f"{self.term} → {self.page_id}"


class ObjectSearchTerm(models.Model):
    """A row of the same Chinese index for what the public search never shows: pages that
    are not live or are behind a view restriction, and every other indexed object (images,
    documents, snippets). The admin searches both tables (outreach.search.backend); each
    object's terms are in exactly one of them, so a live public page is indexed once.

    Objects are filed under their model's root (every page under Page), as Wagtail's own
    index does, so a search of any page type finds them.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    term = models.CharField(max_length=32)
    score = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "term", "object_id", "score"], name="objectterm_type_term"),
            # Re-indexing one object deletes its rows.
            models.Index(fields=["content_type", "object_id"], name="objectterm_object"),
        ]
        verbose_name = _("后台搜索索引词")

    def __str__(self):
        return f"{self.term} → {self.content_type_id}:{self.object_id}"


class Pool(models.Model):
    """A limited number of places: the persons of a visit slot, the volunteers of a shift.

    Domain records (a booking, a sign-up) point at their Claim; the core knows nothing of
    them. All changes go through outreach.capacity, under the pool's row lock.
    """

    label = models.CharField(_("名称"), max_length=200, blank=True)
    # Which app's handler (outreach.capacity.register) this pool's claims are for.
    kind = models.CharField(_("类型"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("名额"))
    # Offers to the waiting list stay open this long, but never past offers_close_at.
    offer_window = models.DurationField(_("候补确认时限"))
    offers_close_at = models.DateTimeField(_("停止候补递补时间"), null=True, blank=True)
    is_closed = models.BooleanField(_("已停止"), default=False)

    class Meta:
        verbose_name = _("名额池")
        verbose_name_plural = _("名额池")

    def __str__(self):
        return self.label or f"pool {self.pk}"


class Claim(models.Model):
    """Places claimed in a pool by one party (a whole group, one volunteer).

    HELD and OFFERED claims take places; WAITING ones queue in (priority, arrival) order;
    RELEASED ones are history with their reason.
    """

    HELD = "held"
    WAITING = "waiting"
    OFFERED = "offered"
    RELEASED = "released"
    STATUS_CHOICES = [
        (HELD, _("占用名额")),
        (WAITING, _("候补中")),
        (OFFERED, _("候补待确认")),
        (RELEASED, _("已释放")),
    ]
    HOLDING = (HELD, OFFERED)

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="claims")
    places = models.PositiveIntegerField(_("人数"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUS_CHOICES)
    # Higher goes first on the waiting list (a group whose visit was called off).
    priority = models.SmallIntegerField(_("优先级"), default=0)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("候补确认截止"), null=True, blank=True)
    released_at = models.DateTimeField(_("释放时间"), null=True, blank=True)
    reason = models.CharField(_("释放原因"), max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["pool", "status"], name="claim_pool_status")]
        verbose_name = _("名额占用")
        verbose_name_plural = _("名额占用")

    def __str__(self):
        return f"{self.places} @ {self.pool_id} ({self.status})"


class Notification(models.Model):
    """One message to one person, kept until it is sent (outreach.notify).

    The key names the message's reason ("booking:12:approved"), so queueing it twice, or
    a job that runs twice, sends it once.
    """

    EMAIL = "email"
    SMS = "sms"
    CHANNEL_CHOICES = [(EMAIL, _("电子邮件")), (SMS, _("短信"))]
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # its addressee deleted their account before it was sent
    STATUS_CHOICES = [
        (PENDING, _("待发送")),
        (SENT, _("已发送")),
        (FAILED, _("发送失败")),
        (CANCELLED, _("已取消")),
    ]

    key = models.CharField(_("消息标识"), max_length=200, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=CHANNEL_CHOICES, default=EMAIL)
    to = models.CharField(_("收件人"), max_length=254)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    # SMS through a provider: the approved template and its parameters (SmsTemplate), the
    # provider's id for the message, and the delivery receipt it reports later.
    template = models.CharField(_("短信模板"), max_length=60, blank=True)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    provider_id = models.CharField(_("服务商消息编号"), max_length=80, blank=True, db_index=True)
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    DELIVERY_CHOICES = [("", _("未回执")), (DELIVERED, _("已送达")), (UNDELIVERED, _("未送达"))]
    delivery = models.CharField(_("送达状态"), max_length=12, choices=DELIVERY_CHOICES, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    delivery_note = models.CharField(_("回执说明"), max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="notification_pending")]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self):
        return f"{self.channel} → {self.to}: {self.subject or self.body[:30]}"


class SmsTemplate(models.Model):
    """A text message template the provider has approved: providers send only template IDs
    with parameters, never free text. Code names the template by `kind`; the publicity team
    keeps the provider's ID, the sign name and the order of the parameters here."""

    kind = models.SlugField(
        _("用途代码"),
        max_length=60,
        unique=True,
        help_text=_("程序中使用的代码，如 volunteers-register-code；见说明文档。"),
    )
    name = models.CharField(_("名称"), max_length=60)
    template_id = models.CharField(_("模板ID"), max_length=30, help_text=_("短信服务商审核通过的模板ID。"))
    sign_name = models.CharField(
        _("短信签名"), max_length=30, blank=True, help_text=_("不填则使用系统设置的默认签名。")
    )
    params = models.CharField(
        _("参数顺序"),
        max_length=200,
        blank=True,
        help_text=_("模板中 {1}、{2}… 依次对应的参数名，用英文逗号分隔，如 code,minutes。"),
    )
    sample = models.TextField(_("审核通过的模板内容"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("template_id"),
        FieldPanel("sign_name"),
        FieldPanel("params"),
        FieldPanel("sample"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["kind"]
        verbose_name = _("短信模板")
        verbose_name_plural = _("短信模板")

    def __str__(self):
        return f"{self.name}（{self.template_id}）"

    def param_names(self):
        return [name.strip() for name in self.params.split(",") if name.strip()]

    def values(self, params):
        """The template's parameters in order, as the provider wants them (strings)."""
        missing = [name for name in self.param_names() if name not in params]
        if missing:
            raise ValueError(f"template {self.kind} lacks parameters {missing}")
        return [str(params[name]) for name in self.param_names()]
