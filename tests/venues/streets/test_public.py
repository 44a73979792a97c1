import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets import services
from venues.streets.models import DamageReport, ElementScanDay, MilestonePhoto, StreetStatus

from .conftest import jpeg, jpeg_upload
from .factories import ElementFactory, MilestoneFactory, WallFactory, make_street, streets_index

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0"


@pytest.fixture
def county(home_page):
    townships = [
        TownshipFactory(name=name, code=code, sort_order=i, latitude=lat, longitude=lon)
        for i, (name, code, lat, lon) in enumerate(
            [
                ("城关镇", "chengguan", 35.229, 113.447),
                ("七贤镇", "qixian", 35.256, 113.357),
                ("西村乡", "xicun", 35.335, 113.46),
            ]
        )
    ]
    zone = TownshipFactory(
        name="经济技术开发区",
        code="kaifaqu",
        sort_order=9,
        must_have_street=False,
        latitude=35.2,
        longitude=113.42,
    )
    street = make_street(home_page, townships[0], title="健康路消防文化街")
    today = timezone.localdate()
    milestone = MilestoneFactory(
        street=street,
        title="开工建设",
        planned_on=today - datetime.timedelta(days=40),
        done_on=today - datetime.timedelta(days=30),
    )
    photo = MilestonePhoto(milestone=milestone, caption="开工现场")
    photo.image.save("p.jpg", jpeg(), save=True)
    MilestoneFactory(street=street, title="竣工", planned_on=today + datetime.timedelta(days=30))
    make_street(home_page, townships[1], title="竹林七贤消防文化街")
    for village in ("东关村", "西关社区"):
        WallFactory(township=townships[0], village=village)
    WallFactory(township=townships[2], village="西村", has_pledge=False)
    return {"townships": townships, "zone": zone, "street": street}


def test_county_view_shows_every_township_status_progress_photo_walls_and_map(client, county):
    index = streets_index(county["street"].get_parent().specific.get_parent())
    response = client.get(index.url)
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("城关镇", "七贤镇", "西村乡", "经济技术开发区"):
        assert name in html
    assert "健康路消防文化街" in html and "尚未建设" in html and "不要求建设" in html
    assert html.count("建设进度") == 2
    assert "村级文化墙 2 面" in html
    assert "<svg" in html and 'role="img"' in html and "<script" not in html
    assert MilestonePhoto.objects.get().image.url in html
    assert "<circle" in html and html.count("<text") == 4  # one label per placed township


def test_county_view_query_count_does_not_grow_with_townships(
    client, county, home_page, django_assert_max_num_queries
):
    index = streets_index(home_page)
    client.get(index.url)
    for i in range(6):
        township = TownshipFactory(name=f"新乡镇{i}", code=f"new-{i}")
        street = make_street(home_page, township)
        ElementFactory(street=street)
        MilestoneFactory(street=street, done_on=timezone.localdate())
        WallFactory(township=township)
    with django_assert_max_num_queries(30):
        response = client.get(index.url)
    assert response.content.decode().count("建设进度") == 8


def test_street_page_shows_its_timeline_newest_first_and_elements(client, county):
    street = county["street"]
    ElementFactory(street=street, name="家庭防火宣传栏")
    html = client.get(street.url).content.decode()
    assert "建设时间线" in html
    assert html.index("竣工") < html.index("开工建设")  # planned later shows first
    assert "开工现场" in html
    assert "家庭防火宣传栏" in html
    assert reverse("streets:street_feed", args=["chengguan"]) in html


def test_feeds_list_done_milestones_for_the_county_and_one_street(client, county):
    rss = client.get(reverse("streets:feed")).content.decode()
    assert "健康路消防文化街：开工建设" in rss and "竣工" not in rss
    atom = client.get(reverse("streets:street_feed_atom", args=["chengguan"])).content.decode()
    assert "<feed" in atom and "开工建设" in atom
    assert client.get(reverse("streets:street_feed", args=["qixian"])).status_code == 200
    assert client.get(reverse("streets:street_feed", args=["nowhere"])).status_code == 404


def test_element_page_counts_scans_per_day_and_nothing_about_the_visitor(client, county):
    element = ElementFactory(street=county["street"], name="微型消防站", knowledge="微型消防站配有灭火器")
    url = reverse("streets:element", args=[element.code])
    for _ in range(3):
        response = client.get(url, HTTP_USER_AGENT=PHONE)
    assert "微型消防站配有灭火器" in response.content.decode()
    client.get(url, HTTP_USER_AGENT="WhatsApp/2.0 link preview")
    client.head(url, HTTP_USER_AGENT=PHONE)
    day = ElementScanDay.objects.get(element=element)
    assert (day.day, day.count) == (timezone.localdate(), 3)
    assert {f.name for f in ElementScanDay._meta.get_fields()} == {"id", "element", "day", "count"}


def test_element_page_changes_as_soon_as_the_element_does(client, county):
    element = ElementFactory(street=county["street"], knowledge="旧内容")
    url = reverse("streets:element", args=[element.code])
    assert "旧内容" in client.get(url).content.decode()
    element.knowledge = "新内容"
    element.save()
    assert "新内容" in client.get(url).content.decode()


def test_unpublished_street_elements_are_not_public(client, home_page):
    street = make_street(home_page, publish=False)
    element = ElementFactory(street=street)
    assert client.get(reverse("streets:element", args=[element.code])).status_code == 404
    assert client.get("/s/zzzzzzzz/").status_code == 404


class TestDamageReports:
    @pytest.fixture
    def element(self, county):
        return ElementFactory(street=county["street"], name="家庭防火宣传栏")

    def post(self, client, element, **data):
        payload = {"kind": "damaged", "description": "宣传栏玻璃碎了", "phone": "", "website": ""}
        payload.update(data)
        return client.post(reverse("streets:report", args=[element.code]), payload, REMOTE_ADDR="10.0.0.5")

    def test_report_goes_to_the_townships_officers_and_gives_a_code(
        self, client, element, county, django_capture_on_commit_callbacks
    ):
        UserFactory(
            username="chengguan-officer",
            email="cg@example.com",
            roles=[roles.TOWNSHIP_OFFICER],
            township=county["townships"][0],
        )
        UserFactory(
            username="qixian-officer",
            email="qx@example.com",
            roles=[roles.TOWNSHIP_OFFICER],
            township=county["townships"][1],
        )
        UserFactory(
            username="editor", email="ed@example.com", roles=[roles.EDITOR], township=county["townships"][0]
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = self.post(client, element, photo=jpeg_upload())
        assert response.status_code == 302
        report = DamageReport.objects.get()
        assert report.lookup_code in response["Location"]
        assert [m.to for m in mail.outbox] == [["cg@example.com"]]
        assert report.lookup_code in mail.outbox[0].body and "家庭防火宣传栏" in mail.outbox[0].subject
        status = client.get(response["Location"]).content.decode()
        assert report.lookup_code in status and "待处理" in status
        # The township's screen lists it; another township's officer cannot reach it.
        officer = UserFactory(username="cg2", roles=[roles.TOWNSHIP_OFFICER], township=county["townships"][0])
        client.force_login(officer)
        assert (
            report.lookup_code
            in client.get(reverse("streets:manage_street", args=[county["street"].pk])).content.decode()
        )
        client.force_login(
            UserFactory(username="qx2", roles=[roles.TOWNSHIP_OFFICER], township=county["townships"][1])
        )
        assert (
            client.post(reverse("streets:report_reject", args=[report.pk]), {"reply": "不是"}).status_code
            == 404
        )

    def test_bad_input_gets_a_chinese_message_and_nothing_is_saved(self, client, element):
        response = self.post(client, element, kind="", description="", phone="12345")
        html = response.content.decode()
        assert response.status_code == 400
        assert "请选择问题类型" in html and "请描述看到的问题" in html and "11位手机号" in html
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.post(
            client, element, photo=SimpleUploadedFile("x.jpg", b"GIF89a-broken", content_type="image/jpeg")
        )
        assert response.status_code == 400 and "不是可以识别的图片" in response.content.decode()
        assert not DamageReport.objects.exists()

    def test_reports_are_rate_limited_per_address_and_bots_store_nothing(self, client, element, settings):
        settings.STREETS_REPORTS_PER_HOUR = 2
        assert self.post(client, element, website="http://spam").status_code == 302
        assert not DamageReport.objects.exists()
        assert self.post(client, element).status_code == 302
        assert self.post(client, element).status_code == 302
        response = self.post(client, element)
        assert response.status_code == 429 and "提交太频繁" in response.content.decode()
        assert DamageReport.objects.count() == 2

    def test_an_unknown_code_says_so(self, client, db):
        html = client.get(reverse("streets:report_status"), {"code": "ABCDEFGH23"}).content.decode()
        assert "没有找到这个查询码" in html


def test_exports_list_streets_with_status_progress_elements_and_overdue_and_walls(client, county):
    street = county["street"]
    ElementFactory(
        street=street,
        inspection_days=30,
        last_inspected_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    body = client.get(reverse("streets:manage_export", args=["csv"])).content.decode("utf-8-sig")
    line = next(row for row in body.splitlines() if row.startswith("城关镇"))
    assert "健康路消防文化街" in line and str(StreetStatus.PLANNED.label) in line
    cells = line.split(",")
    assert cells[5] == "1" and cells[6] == "1" and cells[8] == "是"
    walls = client.get(reverse("streets:manage_export", args=["csv"]) + "?table=walls").content.decode(
        "utf-8-sig"
    )
    assert "城关镇,2,2" in walls and "西村乡,1,0" in walls and re.search(r"合计,3,2", walls)
    response = client.get(reverse("streets:manage_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_services_keep_the_public_page_fresh(client, county, settings, home_page):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    index = streets_index(home_page)
    assert "村级文化墙 2 面" in client.get(index.url).content.decode()
    WallFactory(township=county["townships"][0], village="北关村")
    assert "村级文化墙 3 面" in client.get(index.url).content.decode()
    services.start_building(county["street"].pk, UserFactory(roles=[roles.EDITOR]))
    assert "在建" in client.get(index.url).content.decode()
