import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
)
from outreach.models import ContentPage, HomePage
from tests.conftest import ensure_site_tree

from .factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)


class PageTreeTests(WagtailPageTestCase):
    def test_sections_sit_under_the_home_page_only(self):
        for index in (CampaignIndexPage, NewsIndexPage, ResourceIndexPage):
            self.assertCanCreateAt(HomePage, index)
            self.assertCanNotCreateAt(ContentPage, index)
            self.assertCanNotCreateAt(Page, index)

    def test_items_sit_under_their_own_section_and_have_no_children(self):
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        for item in (CampaignPage, NewsPage, ResourcePage):
            self.assertAllowedSubpageTypes(item, set())
        self.assertCanNotCreateAt(HomePage, CampaignPage)
        self.assertCanNotCreateAt(NewsIndexPage, CampaignPage)

    def test_only_one_of_each_section(self):
        home = ensure_site_tree()
        CampaignIndexPageFactory(parent=home)
        self.assertFalse(CampaignIndexPage.can_create_at(home))
        self.assertTrue(NewsIndexPage.can_create_at(home))

    def test_pages_are_routable_and_renderable(self):
        home = ensure_site_tree()
        campaigns = CampaignIndexPageFactory(parent=home)
        news = NewsIndexPageFactory(parent=home)
        resources = ResourceIndexPageFactory(parent=home)
        for page in (
            campaigns,
            news,
            resources,
            CampaignPageFactory(parent=campaigns, body=[("paragraph", "<p>正文</p>")]),
            NewsPageFactory(parent=news),
            ResourcePageFactory(parent=resources),
        ):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_campaign_cannot_end_before_it_starts(campaign_index):
    page = CampaignPage(
        title="倒着的活动", slug="x", start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "结束日期不能早于开始日期" in str(error.value)


@pytest.mark.django_db
def test_campaign_page_shows_its_scope_and_body(client, campaign_index, townships):
    page = CampaignPageFactory(
        parent=campaign_index,
        title="电动自行车火灾防范",
        setting_codes=["rural", "family"],
        township_codes=["qixian"],
        group_codes=["elderly"],
        body=[("callout", {"kind": "hotline", "title": "发现隐患请举报", "text": ""})],
    )
    html = client.get(page.url).content.decode()
    for text in (
        "电动自行车火灾防范",
        "进农村",
        "进家庭",
        "七贤镇",
        "老年人",
        "发现隐患请举报",
        'href="tel:96119"',
    ):
        assert text in html
    # The hero image is a resized WebP rendition, never the original upload.
    renditions = re.findall(r'src="([^"]+)"', html)
    assert any(".format-webp" in src and src.endswith(".webp") for src in renditions), renditions
    assert page.hero_image.file.url not in html


@pytest.mark.django_db
def test_county_wide_campaign_says_so(client, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, township_codes=[])
    assert "全县" in client.get(page.url).content.decode()
