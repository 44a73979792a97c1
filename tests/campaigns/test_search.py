import pytest

from outreach.search.index import search
from tests.outreach.factories import publish

from .factories import CampaignPageFactory, NewsPageFactory, ResourcePageFactory


def titles(query):
    pages, _ = search(query)
    return sorted(p.title for p in pages)


@pytest.mark.django_db
def test_chinese_search_finds_campaigns_news_and_resources(
    campaign_index, news_index, resource_index, client
):
    publish(
        CampaignPageFactory(
            parent=campaign_index,
            title="居家安全行动",
            live=False,
            hero_image=None,
            body=[("paragraph", "<p>不要在楼道里给电动自行车充电。</p>")],
        )
    )
    publish(
        NewsPageFactory(
            parent=news_index, title="村里的活动", intro="消防员讲解电动自行车充电常识", live=False
        )
    )
    publish(
        ResourcePageFactory(
            parent=resource_index, title="安全充电海报", intro="电动自行车安全充电要点", live=False
        )
    )
    publish(ResourcePageFactory(parent=resource_index, title="疏散演练课件", kind="lesson", live=False))
    assert titles("电动自行车") == ["安全充电海报", "居家安全行动", "村里的活动"]
    # Mid-sentence two-character word.
    assert titles("楼道") == ["居家安全行动"]
    # Tags are searchable too: the resource's kind and settings.
    assert "疏散演练课件" in titles("课件教案")
    html = client.get("/search/", {"q": "电动自行车"}).content.decode()
    assert "找到 3 条结果" in html


@pytest.mark.django_db
def test_tags_are_searchable(campaign_index):
    publish(
        CampaignPageFactory(
            parent=campaign_index, title="守护行动", live=False, hero_image=None, group_codes=["elderly"]
        )
    )
    assert titles("老年人") == ["守护行动"]
