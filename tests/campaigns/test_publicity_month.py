import pytest
from wagtail.models import Site

from campaigns.models import PublicityMonthSettings
from outreach import roles
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard

from .factories import CampaignPageFactory


@pytest.fixture
def month(home_page):
    month = PublicityMonthSettings.for_site(Site.objects.get(is_default_site=True))
    month.year = 2026
    month.theme = "全民消防 生命至上"
    month.slogan = "关注消防，珍爱生命"
    month.save()
    return month


@pytest.mark.django_db
class TestBanner:
    def test_theme_and_slogan_show_on_every_page(self, client, month, campaign_index):
        campaign = CampaignPageFactory(parent=campaign_index, hero_image=None)
        for url in ("/", campaign_index.url, campaign.url, "/search/?q=消防", "/no-such-page/"):
            html = client.get(url).content.decode()
            assert "2026年119消防宣传月：全民消防 生命至上" in html, url
            assert "关注消防，珍爱生命" in html, url

    def test_banner_can_be_switched_off(self, client, month):
        month.show_banner = False
        month.save()
        assert "119消防宣传月" not in client.get("/").content.decode()

    def test_no_theme_no_banner(self, client, home_page):
        assert "month-banner" not in client.get("/").content.decode()


@pytest.mark.django_db
class TestFeaturedCampaign:
    def test_the_years_campaign_is_featured_on_the_home_page(self, client, month, campaign_index):
        featured = CampaignPageFactory(
            parent=campaign_index, title="云台山景区消防安全", slogan="景区游玩，安全同行"
        )
        CampaignPageFactory(parent=campaign_index, title="别的活动")
        month.campaign = featured
        month.save()
        html = client.get("/").content.decode()
        assert 'class="featured-119"' in html
        assert "云台山景区消防安全" in html and "景区游玩，安全同行" in html
        assert featured.url in html
        assert "别的活动" not in html

    def test_an_unpublished_campaign_is_not_featured(self, client, month, campaign_index):
        featured = CampaignPageFactory(parent=campaign_index, title="还没发布", live=False)
        month.campaign = featured
        month.save()
        html = client.get("/").content.decode()
        assert "featured-119" not in html
        assert "还没发布" not in html


@pytest.mark.django_db
class TestOnlyReviewersChangeTheBanner:
    """The setting shows a banner on every public page, so it is under review like pages."""

    def edit_url(self, month):
        return f"/admin/settings/campaigns/publicitymonthsettings/{month.site_id}/"

    def data(self, month, theme):
        return {
            "year": month.year,
            "theme": theme,
            "slogan": month.slogan,
            "show_banner": "on",
            "campaign": "",
        }

    def test_an_editor_is_refused(self, client, month):
        client.force_login(UserFactory(roles=[roles.EDITOR]))
        assert_sent_to_dashboard(client.get(self.edit_url(month)))
        response = client.post(self.edit_url(month), self.data(month, "编辑擅自修改"))
        assert_sent_to_dashboard(response)
        if response.status_code == 302:
            assert response["Location"] != self.edit_url(month)
        month.refresh_from_db()
        assert month.theme == "全民消防 生命至上"
        assert "编辑擅自修改" not in client.get("/").content.decode()

    def test_a_reviewer_changes_it(self, client, month):
        client.force_login(UserFactory(roles=[roles.REVIEWER]))
        assert client.get(self.edit_url(month)).status_code == 200
        response = client.post(self.edit_url(month), self.data(month, "审核后的主题"))
        assert response.status_code == 302
        month.refresh_from_db()
        assert month.theme == "审核后的主题"
