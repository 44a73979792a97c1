"""News as RSS and Atom, optionally filtered like the listing (?setting=…&township=…)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from campaigns.listing import Listing
from campaigns.models import NewsIndexPage, NewsPage

FEED_LENGTH = 20


class NewsFeed(Feed):
    title = _("修武县消防宣传 · 新闻动态")
    description = _("修武县消防宣传进企业、进农村、进社区、进学校、进家庭的活动报道。")

    def get_object(self, request):
        self.request = request
        return NewsIndexPage.objects.live().public().first()

    def link(self, index):
        return index.url if index else "/"

    def items(self, index):
        queryset = NewsPage.objects.live().public().select_related("township", "outreach_setting")
        listing = Listing(self.request.GET, NewsIndexPage.listing_facets)
        return listing.apply(queryset).order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        names = [str(item.outreach_setting)] if item.outreach_setting else []
        if item.township:
            names.append(item.township.name)
        return names


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
