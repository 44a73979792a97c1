"""Reusable queries of the campaign content types: filters and the listing's prefetches.

Every filter takes a code (or year) that the listing already validated; each method is
a subquery on ids, so combining them never multiplies rows.
"""

import datetime

from django.db.models import Prefetch, Q
from wagtail.images import get_image_model
from wagtail.models import PageManager

from outreach.models import PublicPageQuerySet

# The renditions the listing cards use, prefetched with the image so a page of cards
# costs the same number of queries whatever its length.
CARD_RENDITION = "fill-640x360|format-webp"


def card_images():
    return get_image_model().objects.prefetch_renditions(CARD_RENDITION)


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class CampaignPageQuerySet(PublicPageQuerySet):
    def with_setting(self, code):
        return self.filter(outreach_settings__code=code)

    def with_group(self, code):
        return self.filter(groups__code=code)

    def for_township(self, code):
        """Campaigns that reach the township: those naming it and the county-wide ones."""
        named = self.model.townships.through.objects.filter(township__code=code).values("campaignpage_id")
        county_wide = self.model.townships.through.objects.values("campaignpage_id")
        return self.filter(Q(pk__in=named) | ~Q(pk__in=county_wide))

    def in_period(self, start, end):
        """Campaigns running at any time between start and end (inclusive)."""
        return self.filter(start_date__lte=end, end_date__gte=start)

    def in_year(self, year):
        return self.in_period(*year_bounds(year))

    def for_listing(self):
        return self.prefetch_related(
            Prefetch("hero_image", queryset=card_images()),
            "outreach_settings",
            "townships",
            "groups",
        )


class NewsPageQuerySet(PublicPageQuerySet):
    def with_setting(self, code):
        return self.filter(outreach_setting__code=code)

    def for_township(self, code):
        return self.filter(Q(township__code=code) | Q(township__isnull=True))

    def in_period(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def in_year(self, year):
        return self.in_period(*year_bounds(year))

    def for_listing(self):
        # The photo model is reached through the page model, which imports this module.
        photo_model = self.model._meta.get_field("photos").related_model
        photos = photo_model.objects.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=card_images())
        )
        return self.select_related("township", "outreach_setting").prefetch_related(
            Prefetch("photos", queryset=photos)
        )


class ResourcePageQuerySet(PublicPageQuerySet):
    def with_setting(self, code):
        return self.filter(outreach_settings__code=code)

    def with_group(self, code):
        return self.filter(groups__code=code)

    def of_kind(self, code):
        return self.filter(kind=code)

    def in_period(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def in_year(self, year):
        return self.in_period(*year_bounds(year))

    def for_listing(self):
        return self.select_related("downloads", "file").prefetch_related(
            Prefetch("cover", queryset=card_images()), "outreach_settings", "groups"
        )


CampaignPageManager = PageManager.from_queryset(CampaignPageQuerySet)
NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)
ResourcePageManager = PageManager.from_queryset(ResourcePageQuerySet)
