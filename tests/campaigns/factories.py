import datetime

import factory
import wagtail_factories

from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    NewsPhoto,
    OutreachSetting,
    ResourceIndexPage,
    ResourcePage,
    SpecialGroup,
)
from outreach.models import Township


def settings(*codes):
    return list(OutreachSetting.objects.filter(code__in=codes))


def groups(*codes):
    return list(SpecialGroup.objects.filter(code__in=codes))


def townships(*codes):
    return list(Township.objects.filter(code__in=codes))


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignIndexPage

    title = "宣传活动"
    slug = "campaigns"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "新闻动态"
    slug = "news"


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ResourceIndexPage

    title = "宣传资源"
    slug = "resources"


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"宣传活动{n}")
    slogan = "关注消防，珍爱生命"
    start_date = datetime.date(2026, 3, 1)
    end_date = datetime.date(2026, 3, 31)
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)

    @factory.post_generation
    def setting_codes(self, create, extracted, **kwargs):
        self.outreach_settings.set(settings(*(extracted or ["school"])))

    @factory.post_generation
    def township_codes(self, create, extracted, **kwargs):
        self.townships.set(townships(*(extracted or [])))

    @factory.post_generation
    def group_codes(self, create, extracted, **kwargs):
        self.groups.set(groups(*(extracted or [])))
        self.save()


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"新闻{n}")
    date = datetime.date(2026, 5, 1)
    outreach_setting = factory.LazyFunction(lambda: OutreachSetting.objects.get(code="school"))
    township = None

    @factory.post_generation
    def photo(self, create, extracted, **kwargs):
        if extracted is not False:
            NewsPhoto.objects.create(page=self, image=wagtail_factories.ImageFactory(), caption="活动现场")


class ResourcePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"宣传资源{n}")
    kind = "poster"
    date = datetime.date(2026, 4, 1)
    file = factory.SubFactory(wagtail_factories.DocumentFactory)
    cover = factory.SubFactory(wagtail_factories.ImageFactory)

    @factory.post_generation
    def setting_codes(self, create, extracted, **kwargs):
        self.outreach_settings.set(settings(*(extracted or ["school"])))

    @factory.post_generation
    def group_codes(self, create, extracted, **kwargs):
        self.groups.set(groups(*(extracted or [])))
        self.save()
