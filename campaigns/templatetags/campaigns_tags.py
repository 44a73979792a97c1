from django import template

from campaigns.models import PublicityMonthSettings

register = template.Library()


def _publicity_month(context):
    return PublicityMonthSettings.for_visitor(context.get("request"))


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
