from django import template
from django.utils import timezone

from ..models import Event
from ..public.views import _annotate_places

register = template.Library()


@register.inclusion_tag("volunteers/includes/campaign_events.html")
def campaign_events(campaign):
    """The campaign's volunteer events still to come, with places left."""
    now = timezone.now()
    events = list(
        Event.objects.published()
        .filter(campaign=campaign, shifts__ends_at__gt=now)
        .distinct()
        .prefetch_related("shifts")
    )
    _annotate_places(events)
    return {"events": events}
