import pytest

from campaigns.models import OutreachSetting, SpecialGroup
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import ActivityKindFactory


@pytest.fixture(autouse=True)
def fresh_limits():
    """Per-address limits live in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def taxonomy(db):
    OutreachSetting.ensure_all()
    SpecialGroup.ensure_all()
    ActivityKindFactory(name="讲座")


@pytest.fixture
def townships(db):
    return {
        code: TownshipFactory(code=code, name=name, sort_order=i)
        for i, (code, name) in enumerate(
            [("chengguan", "城关镇"), ("qixian", "七贤镇"), ("yuntaishan", "云台山镇")]
        )
    }


@pytest.fixture
def officer(townships):
    return UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=townships["chengguan"])


@pytest.fixture
def other_officer(townships):
    return UserFactory(username="officer2", roles=[roles.TOWNSHIP_OFFICER], township=townships["qixian"])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=[roles.EDITOR])
