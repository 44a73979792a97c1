import pytest

from campaigns.models import OutreachSetting, SpecialGroup
from outreach.models import Township
from tests.outreach.factories import TownshipFactory

from .factories import CampaignIndexPageFactory, NewsIndexPageFactory, ResourceIndexPageFactory


@pytest.fixture
def taxonomy(db):
    """The fixed vocabularies (a flush in transactional tests removes the migration's rows)."""
    OutreachSetting.ensure_all()
    SpecialGroup.ensure_all()


@pytest.fixture
def townships(db):
    return {
        code: TownshipFactory(code=code, name=name, sort_order=i)
        for i, (code, name) in enumerate(
            [("chengguan", "城关镇"), ("qixian", "七贤镇"), ("yuntaishan", "云台山镇")]
        )
    }


@pytest.fixture
def campaign_index(home_page, taxonomy):
    return CampaignIndexPageFactory(parent=home_page)


@pytest.fixture
def news_index(home_page, taxonomy):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def resource_index(home_page, taxonomy):
    return ResourceIndexPageFactory(parent=home_page)


def active_townships_only(*codes):
    Township.objects.exclude(code__in=codes).update(is_active=False)
