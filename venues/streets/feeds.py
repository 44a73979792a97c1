"""Milestones as RSS and Atom, for the county and per street: follow a street's progress."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import restrictions
from .models import Milestone, StreetIndexPage, StreetPage

FEED_LENGTH = 30


class MilestoneFeed(Feed):
    """Done milestones, newest first; `street` narrows to one township's street.

    A street's feed answers as its page would under a view restriction (the password
    form, the way to sign in), and the county feed as the streets index would; the
    county feed lists only the streets whose restrictions the request meets.
    """

    def __call__(self, request, *args, **kwargs):
        township = kwargs.get("township")
        if township is None:
            page = StreetIndexPage.objects.live().first()
        else:
            page = get_object_or_404(StreetPage.objects.live(), township__code=township)
        verdict = restrictions.check(request, page) if page else None
        if verdict and not verdict.accepted:
            return verdict.refusal(request)
        request.streets_feed_page = page
        response = super().__call__(request, *args, **kwargs)
        return verdict.seal(response) if verdict else response

    def get_object(self, request, township=None):
        self.request = request
        return request.streets_feed_page if township is not None else None

    def title(self, street):
        if street:
            return _("%(street)s · 建设进展") % {"street": street.title}
        return _("修武县消防文化街 · 建设进展")

    def description(self, street):
        return _("消防文化街从规划、在建到验收挂牌的每一个节点。")

    subtitle = description

    def link(self, street):
        if street:
            return street.get_url(request=self.request) or "/"
        index = StreetIndexPage.objects.live().first()
        return index.get_url(request=self.request) if index else "/"

    def items(self, street):
        milestones = Milestone.objects.filter(done_on__isnull=False).select_related("street")
        if street:
            milestones = milestones.filter(street=street)
        else:
            streets = StreetPage.objects.live()
            milestones = milestones.filter(street__in=restrictions.visible_ids(self.request, streets))
        return milestones.order_by("-done_on", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.street.title}：{item.title}"

    def item_description(self, item):
        return item.note

    def item_link(self, item):
        return f"{item.street.get_url(request=self.request)}#milestone-{item.pk}"

    def item_guid(self, item):
        return f"street-milestone-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.done_on, datetime.time(9)))

    def item_updateddate(self, item):
        return item.updated_at


class MilestoneAtomFeed(MilestoneFeed):
    feed_type = Atom1Feed
