from django import template
from wagtail.models import Site

from campaigns.models import PublicityMonthSettings

register = template.Library()


def _publicity_month(context):
    request = context.get("request")
    if request is None or Site.find_for_request(request) is None:
        return None
    return PublicityMonthSettings.for_request(request)


@register.inclusion_tag("campaigns/includes/banner.html", takes_context=True)
def publicity_month_banner(context):
    """The year's 119 theme and slogan, on every page while the setting says so."""
    month = _publicity_month(context)
    return {"month": month if month and month.banner_visible else None}


@register.inclusion_tag("campaigns/includes/featured_119.html", takes_context=True)
def featured_119_campaign(context):
    """The campaign marked as the year's 119 campaign, when it is live."""
    month = _publicity_month(context)
    campaign = None
    if month and month.campaign_id:
        from campaigns.models import CampaignPage

        campaign = (
            CampaignPage.objects.live()
            .public()
            .filter(pk=month.campaign_id)
            .select_related("hero_image")
            .first()
        )
    return {"month": month, "campaign": campaign, "request": context.get("request")}
