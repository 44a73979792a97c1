from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from outreach.blocks import BodyBlock


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
    phone = models.CharField(_("手机号"), max_length=11, blank=True)

    panels = [FieldPanel("user"), FieldPanel("township"), FieldPanel("phone")]

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


class BasePage(Page):
    """Fields and panels every public page shares: an intro shown in listings."""

    intro = models.TextField(_("导语"), blank=True, max_length=400)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True


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
        context["sections"] = self.get_children().live().public().in_menu().specific()
        return context


class ContentPage(BasePage):
    """A plain page of text: about us, how to call 119, a guide."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["outreach.HomePage", "outreach.ContentPage"]

    class Meta:
        verbose_name = _("内容页")


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
        indexes = [models.Index(fields=["term", "page", "score"], name="searchterm_term_page_score")]
        verbose_name = _("搜索索引词")

    def __str__(self):
        return f"{self.term} → {self.page_id}"


class PoolQuerySet(models.QuerySet):
    def with_taken(self):
        """Annotate `taken`: the places held by claims (booked, pending or on offer)."""
        return self.annotate(
            taken=Coalesce(models.Sum("claims__places", filter=models.Q(claims__status__in=Claim.HOLDING)), 0)
        )


class Pool(models.Model):
    """A limited number of places: the persons of a visit slot, the volunteers of a shift.

    Domain records (a booking, a sign-up) point at their Claim; the core knows nothing of
    them. All changes go through outreach.capacity, under the pool's row lock.
    """

    label = models.CharField(_("名称"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("名额"))
    # Offers to the waiting list stay open this long, but never past offers_close_at.
    offer_window = models.DurationField(_("候补确认时限"))
    offers_close_at = models.DateTimeField(_("停止候补递补时间"), null=True, blank=True)
    is_closed = models.BooleanField(_("已停止"), default=False)

    objects = PoolQuerySet.as_manager()

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
