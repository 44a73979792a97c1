from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import CampaignPage, NewsPage, OutreachSetting, PublicityMonthSettings, ResourcePage


@pytest.mark.django_db
def test_demo_loads_once_with_a_campaign_per_setting(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", stdout=out)
    counts = (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count()) == counts
    assert counts[1] >= 3 and counts[2] >= 3
    for setting in OutreachSetting.objects.all():
        assert CampaignPage.objects.live().filter(outreach_settings=setting).exists(), setting
    assert "五进宣传" in out.getvalue()
    month = PublicityMonthSettings.objects.get()
    assert month.campaign is not None and month.campaign.live
