"""The publicity team's page types: campaigns, news of activities held, cultural products."""

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from outreach.blocks import BodyBlock
from outreach.models import BasePage

from .querysets import CampaignPageManager, NewsPageManager, ResourcePageManager
from .taxonomy import OutreachSetting, SpecialGroup


class ListingIndexMixin:
    """An index page that lists its children, filtered by the query string."""

    listing_facets = ()
    listing_kinds = ()

    def listing_queryset(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        from campaigns.listing import Listing

        context = super().get_context(request, *args, **kwargs)
        listing = Listing(request.GET, self.listing_facets, self.listing_kinds)
        context.update(listing.context(self.listing_queryset()))
        return context


class CampaignIndexPage(ListingIndexMixin, BasePage):
    listing_facets = ("setting", "township", "group", "year")

    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("宣传活动栏目")

    def listing_queryset(self):
        return (
            CampaignPage.objects.live().public().child_of(self).for_listing().order_by("-start_date", "-pk")
        )


class CampaignPage(BasePage):
    slogan = models.CharField(_("宣传口号"), max_length=120, blank=True)
    start_date = models.DateField(_("开始日期"), default=timezone.localdate)
    end_date = models.DateField(_("结束日期"), default=timezone.localdate)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("主图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outreach_settings = ParentalManyToManyField(
        OutreachSetting, related_name="campaigns", verbose_name=_("五进领域")
    )
    townships = ParentalManyToManyField(
        "outreach.Township",
        related_name="campaigns",
        blank=True,
        verbose_name=_("覆盖乡镇"),
        help_text=_("不选表示面向全县。"),
    )
    groups = ParentalManyToManyField(
        SpecialGroup, related_name="campaigns", blank=True, verbose_name=_("重点人群")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    objects = CampaignPageManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("slogan"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("活动时间")),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("outreach_settings", widget=CheckboxSelectMultiple),
                FieldPanel("townships", widget=CheckboxSelectMultiple),
                FieldPanel("groups", widget=CheckboxSelectMultiple),
            ],
            heading=_("覆盖范围"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("slogan"), index.SearchField("body")]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})

    @property
    def is_county_wide(self):
        return not self.townships.exists() if self.pk else True

    def extra_search_text(self):
        names = [str(s) for s in self.outreach_settings.all()]
        names += [t.name for t in self.townships.all()]
        names += [str(g) for g in self.groups.all()]
        return " ".join(names)


class NewsIndexPage(ListingIndexMixin, BasePage):
    listing_facets = ("setting", "township", "year")

    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["campaigns.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("新闻动态栏目")

    def listing_queryset(self):
        return NewsPage.objects.live().public().child_of(self).for_listing().order_by("-date", "-pk")


class NewsPage(BasePage):
    """A report of a publicity activity that took place."""

    date = models.DateField(_("活动日期"), default=timezone.localdate)
    township = models.ForeignKey(
        "outreach.Township",
        verbose_name=_("乡镇"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
        help_text=_("不选表示全县。"),
    )
    outreach_setting = models.ForeignKey(
        OutreachSetting,
        verbose_name=_("五进领域"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="news",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("正文"))

    objects = NewsPageManager()

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("township"), FieldPanel("outreach_setting")]),
        InlinePanel("photos", label=_("活动照片")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["campaigns.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻动态")
        verbose_name_plural = _("新闻动态")

    @property
    def first_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None

    def extra_search_text(self):
        parts = [str(self.outreach_setting or ""), self.township.name if self.township else ""]
        parts += [p.caption for p in self.photos.all()]
        return " ".join(parts)


class NewsPhoto(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("照片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("活动照片")


RESOURCE_KINDS = [
    ("poster", _("海报")),
    ("leaflet", _("宣传单页")),
    ("video", _("视频")),
    ("animation", _("动画")),
    ("microfilm", _("微电影")),
    ("lesson", _("课件教案")),
]


class ResourceIndexPage(ListingIndexMixin, BasePage):
    listing_facets = ("kind", "setting", "group", "year")
    listing_kinds = RESOURCE_KINDS

    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["campaigns.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("宣传资源库栏目")

    def listing_queryset(self):
        return ResourcePage.objects.live().public().child_of(self).for_listing().order_by("-date", "-pk")


class ResourcePage(BasePage):
    """A cultural product (文创产品) to download and reuse: poster, leaflet, video, lesson kit."""

    kind = models.CharField(_("类型"), max_length=20, choices=RESOURCE_KINDS, default="poster")
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("文件"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outreach_settings = ParentalManyToManyField(
        OutreachSetting, related_name="resources", verbose_name=_("适用领域")
    )
    groups = ParentalManyToManyField(
        SpecialGroup, related_name="resources", blank=True, verbose_name=_("适用人群")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("说明"))

    objects = ResourcePageManager()

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("file"),
        FieldPanel("cover"),
        FieldPanel("outreach_settings", widget=CheckboxSelectMultiple),
        FieldPanel("groups", widget=CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["campaigns.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("宣传资源")
        verbose_name_plural = _("宣传资源")

    @property
    def download_count(self):
        downloads = getattr(self, "downloads", None)
        return downloads.count if downloads else 0

    def extra_search_text(self):
        names = [str(self.get_kind_display())]
        names += [str(s) for s in self.outreach_settings.all()]
        names += [str(g) for g in self.groups.all()]
        return " ".join(names)


class ResourceDownloads(models.Model):
    """How often a resource's file was downloaded.

    Kept off the page row: publishing a revision rewrites every page field from the
    revision, which would roll a counter back.
    """

    page = models.OneToOneField(
        ResourcePage, on_delete=models.CASCADE, primary_key=True, related_name="downloads"
    )
    count = models.PositiveIntegerField(_("下载次数"), default=0)

    class Meta:
        verbose_name = _("下载次数")

    def __str__(self):
        return f"{self.page_id}: {self.count}"
