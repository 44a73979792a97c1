from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def this_year():
    return timezone.localdate().year


@register_setting(icon="warning")
class PublicityMonthSettings(BaseSiteSetting):
    """The year's 119 publicity month (November): its theme, slogan and lead campaign."""

    year = models.PositiveSmallIntegerField(_("年份"), default=this_year)
    theme = models.CharField(_("年度主题"), max_length=80, blank=True)
    slogan = models.CharField(_("宣传口号"), max_length=120, blank=True)
    show_banner = models.BooleanField(
        _("全站显示横幅"), default=True, help_text=_("在每个页面顶部显示年度主题和口号。")
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("年度119宣传月活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("在首页重点展示的宣传活动。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("year"), FieldPanel("theme"), FieldPanel("slogan"), FieldPanel("show_banner")],
            heading=_("年度主题"),
        ),
        FieldPanel("campaign"),
    ]

    class Meta:
        verbose_name = _("119宣传月")

    @classmethod
    def for_visitor(cls, request):
        """The setting of the site the request is for; None outside any site."""
        from wagtail.models import Site

        if request is None or Site.find_for_request(request) is None:
            return None
        return cls.for_request(request)

    @property
    def banner_visible(self):
        return self.show_banner and bool(self.theme or self.slogan)
