import datetime

import pytest

from tests.utils import count_queries

from .factories import CampaignPageFactory, NewsPageFactory, ResourcePageFactory


def listed(response):
    return sorted(p.title for p in response.context["items"].object_list)


@pytest.fixture
def campaigns(campaign_index, townships):
    """Six campaigns with known tags; each test counts which of them a filter returns."""
    spec = [
        ("A", ["school"], ["chengguan"], ["children"], datetime.date(2026, 3, 1)),
        ("B", ["school", "family"], ["qixian"], ["elderly"], datetime.date(2026, 9, 1)),
        ("C", ["school"], [], ["children", "elderly"], datetime.date(2026, 10, 1)),  # county-wide
        ("D", ["enterprise"], ["chengguan"], ["migrant"], datetime.date(2026, 4, 1)),
        ("E", ["family"], ["chengguan", "qixian"], ["elderly"], datetime.date(2025, 11, 1)),
        ("F", ["school"], ["chengguan"], ["elderly"], datetime.date(2025, 12, 20)),  # runs into 2026
    ]
    pages = {}
    for title, settings, townships_, groups, start in spec:
        end = start + datetime.timedelta(days=30)
        pages[title] = CampaignPageFactory(
            parent=campaign_index,
            title=title,
            setting_codes=settings,
            township_codes=townships_,
            group_codes=groups,
            start_date=start,
            end_date=end,
        )
    CampaignPageFactory(parent=campaign_index, title="草稿", setting_codes=["school"], live=False)
    return pages


@pytest.mark.django_db
class TestCampaignFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({}, ["A", "B", "C", "D", "E", "F"]),
            ({"setting": "school"}, ["A", "B", "C", "F"]),
            ({"setting": "family"}, ["B", "E"]),
            # A township's list includes the county-wide campaigns.
            ({"township": "chengguan"}, ["A", "C", "D", "E", "F"]),
            ({"township": "qixian"}, ["B", "C", "E"]),
            ({"group": "elderly"}, ["B", "C", "E", "F"]),
            ({"year": "2025"}, ["E", "F"]),
            ({"year": "2026"}, ["A", "B", "C", "D", "F"]),
            ({"setting": "school", "township": "chengguan"}, ["A", "C", "F"]),
            ({"setting": "school", "township": "chengguan", "group": "elderly"}, ["C", "F"]),
            ({"setting": "school", "township": "chengguan", "group": "elderly", "year": "2025"}, ["F"]),
            ({"setting": "enterprise", "group": "children"}, []),
        ],
    )
    def test_combinations_return_exactly_the_matching_campaigns(self, client, campaigns, params, expected):
        response = client.get("/campaigns/", params)
        assert response.status_code == 200
        assert listed(response) == expected
        assert response.context["items"].paginator.count == len(expected)

    @pytest.mark.parametrize(
        "params",
        [
            {"setting": "moon"},
            {"township": "atlantis"},
            {"group": "'; DROP TABLE"},
            {"year": "abc"},
            {"year": "1999"},
            {"year": "99999999999999999999"},
            {"page": "abc"},
            {"page": "-1"},
            {"page": "999"},
        ],
    )
    def test_bad_values_are_ignored_with_a_message_never_an_error(self, client, campaigns, params):
        response = client.get("/campaigns/", params)
        assert response.status_code == 200
        assert listed(response) == ["A", "B", "C", "D", "E", "F"]
        if "page" not in params:
            assert "无法识别，已忽略" in response.content.decode()

    def test_a_bad_value_does_not_drop_the_good_ones(self, client, campaigns):
        response = client.get("/campaigns/", {"setting": "family", "township": "nowhere"})
        assert listed(response) == ["B", "E"]
        assert "乡镇无法识别" in response.content.decode()

    def test_filter_form_shows_the_selection(self, client, campaigns):
        html = client.get("/campaigns/", {"setting": "school", "township": "qixian"}).content.decode()
        assert '<option value="school" selected>' in html
        assert '<option value="qixian" selected>' in html
        assert "清除筛选" in html


@pytest.mark.django_db
def test_pagination_links_keep_the_filters(client, campaign_index, townships):
    for n in range(15):
        CampaignPageFactory(
            parent=campaign_index, title=f"学校{n:02}", setting_codes=["school"], hero_image=None
        )
    CampaignPageFactory(parent=campaign_index, title="企业", setting_codes=["enterprise"], hero_image=None)
    first = client.get("/campaigns/", {"setting": "school"})
    assert len(first.context["items"].object_list) == 12
    assert "?setting=school&amp;page=2" in first.content.decode()
    second = client.get("/campaigns/", {"setting": "school", "page": 2})
    assert len(second.context["items"].object_list) == 3
    assert "?setting=school&amp;page=1" in second.content.decode()
    titles = listed(first) + listed(second)
    assert sorted(titles) == [f"学校{n:02}" for n in range(15)]


@pytest.mark.django_db
class TestNewsAndResourceFilters:
    def test_news_by_setting_township_and_year(self, client, news_index, townships):
        NewsPageFactory(
            parent=news_index, title="一", outreach_setting=_s("school"), township=townships["chengguan"]
        )
        NewsPageFactory(
            parent=news_index, title="二", outreach_setting=_s("rural"), township=townships["qixian"]
        )
        NewsPageFactory(parent=news_index, title="三", outreach_setting=_s("school"), township=None)
        NewsPageFactory(
            parent=news_index,
            title="四",
            outreach_setting=_s("school"),
            township=townships["qixian"],
            date=datetime.date(2025, 6, 1),
        )
        assert listed(client.get("/news/", {"setting": "school"})) == ["一", "三", "四"]
        assert listed(client.get("/news/", {"township": "qixian"})) == ["三", "二", "四"]
        assert listed(client.get("/news/", {"setting": "school", "township": "qixian", "year": "2026"})) == [
            "三"
        ]
        assert listed(client.get("/news/", {"year": "2025"})) == ["四"]

    def test_resources_by_kind_setting_group_and_year(self, client, resource_index):
        ResourcePageFactory(
            parent=resource_index,
            title="海报一",
            kind="poster",
            setting_codes=["school"],
            group_codes=["children"],
        )
        ResourcePageFactory(
            parent=resource_index,
            title="海报二",
            kind="poster",
            setting_codes=["rural"],
            group_codes=["elderly"],
        )
        ResourcePageFactory(
            parent=resource_index,
            title="课件",
            kind="lesson",
            setting_codes=["school"],
            group_codes=["children"],
        )
        ResourcePageFactory(
            parent=resource_index,
            title="旧视频",
            kind="video",
            setting_codes=["school"],
            date=datetime.date(2024, 1, 1),
        )
        assert listed(client.get("/resources/", {"kind": "poster"})) == ["海报一", "海报二"]
        assert listed(client.get("/resources/", {"setting": "school", "group": "children"})) == [
            "海报一",
            "课件",
        ]
        assert listed(client.get("/resources/", {"setting": "school", "year": "2024"})) == ["旧视频"]
        assert listed(client.get("/resources/", {"kind": "poster", "group": "elderly"})) == ["海报二"]


def _s(code):
    from campaigns.models import OutreachSetting

    return OutreachSetting.objects.get(code=code)


def _grow(make, before, after):
    for _ in range(after - before):
        make()


@pytest.mark.django_db
@pytest.mark.parametrize("listing", ["campaigns", "news", "resources"])
def test_listing_query_count_is_constant_from_5_to_100_items(client, listing, request, townships):
    index = request.getfixturevalue(
        {"campaigns": "campaign_index", "news": "news_index", "resources": "resource_index"}[listing]
    )

    def make():
        if listing == "campaigns":
            CampaignPageFactory(
                parent=index,
                setting_codes=["school", "family"],
                township_codes=["chengguan"],
                group_codes=["elderly"],
            )
        elif listing == "news":
            NewsPageFactory(parent=index, township=townships["qixian"])
        else:
            ResourcePageFactory(parent=index, setting_codes=["school"], group_codes=["children"])

    url = f"/{listing}/?setting=school"
    _grow(make, 0, 5)
    client.get(url)  # first view creates the renditions and the site settings
    response, few = count_queries(client.get, url)
    assert response.context["items"].paginator.count == 5
    _grow(make, 5, 100)
    client.get(url)
    client.get(url + "&page=8")
    response, many = count_queries(client.get, url)
    assert response.context["items"].paginator.count == 100
    assert len(response.context["items"].object_list) == 12
    assert many == few
    _, last_page = count_queries(client.get, url + "&page=9")
    assert last_page == few
