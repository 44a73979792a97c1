"""The campaigns' contribution to the plan dashboard, against numbers worked out by hand."""

import datetime

import pytest

from campaigns.indicators import five_settings_coverage
from outreach.models import Township

from .factories import CampaignPageFactory, NewsPageFactory, settings

ON = datetime.date(2026, 6, 30)


@pytest.mark.django_db
def test_coverage_counts_setting_by_township_cells_with_published_content(
    campaign_index, news_index, townships
):
    Township.objects.exclude(code__in=townships).update(is_active=False)
    rural = settings("rural")[0]
    CampaignPageFactory(
        parent=campaign_index, setting_codes=["school"], township_codes=["chengguan"], hero_image=None
    )
    # Two items in the same cell count once.
    CampaignPageFactory(
        parent=campaign_index, setting_codes=["school"], township_codes=["chengguan"], hero_image=None
    )
    NewsPageFactory(parent=news_index, outreach_setting=rural, township=townships["qixian"], photo=False)
    # County-wide, a draft, and last year's: no township cell.
    CampaignPageFactory(parent=campaign_index, setting_codes=["family"], township_codes=[], hero_image=None)
    CampaignPageFactory(
        parent=campaign_index, setting_codes=["community"], township_codes=["yuntaishan"], live=False
    )
    CampaignPageFactory(
        parent=campaign_index,
        setting_codes=["enterprise"],
        township_codes=["yuntaishan"],
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 31),
        hero_image=None,
    )
    reading = five_settings_coverage(ON, details=True)
    # 5 settings × 3 townships = 15 cells; (学校, 城关镇) and (农村, 七贤镇) are covered.
    assert (reading.value, reading.total) == (2, 15)
    assert reading.by_township == {
        townships["chengguan"].pk: (1, 5),
        townships["qixian"].pk: (1, 5),
        townships["yuntaishan"].pk: (0, 5),
    }
    assert len(reading.rows) == 13
    assert reading.breakdown["进学校"] == 1
