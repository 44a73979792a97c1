"""A view restriction on a street (or a page above it) holds on every route that shows it.

Each test adds the restriction after the street's routes have been seen, the way an editor
makes a street private on a live site.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets.models import DamageReport, ElementScanDay

from .factories import ElementFactory, MilestoneFactory, make_street, streets_index

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0"
KNOWLEDGE = "电动车不进楼，充电不过夜"
REPORT = {"kind": "damaged", "description": "宣传栏玻璃碎了", "phone": "", "website": ""}


@pytest.fixture
def street(home_page):
    street = make_street(
        home_page, TownshipFactory(name="城关镇", code="chengguan"), title="健康路消防文化街"
    )
    MilestoneFactory(
        street=street,
        title="开工建设",
        done_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    return street


@pytest.fixture
def element(street):
    return ElementFactory(street=street, name="家庭防火宣传栏", knowledge=KNOWLEDGE)


def restrict(page, kind=PageViewRestriction.LOGIN, password=""):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


def sends_to_sign_in(response, path):
    """The answer Wagtail gives for the page itself: the sign-in page, coming back here."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert parse_qs(location.query)["next"] == [path]
    assert "no-store" in response["Cache-Control"]
    return location.path


class TestElementPage:
    def test_a_restriction_added_later_sends_visitors_to_sign_in_and_counts_no_scan(
        self, client, element, street
    ):
        url = reverse("streets:element", args=[element.code])
        assert KNOWLEDGE in client.get(url, HTTP_USER_AGENT=PHONE).content.decode()  # now cached
        restrict(street)
        response = client.get(url, HTTP_USER_AGENT=PHONE)
        assert sends_to_sign_in(response, url) == sends_to_sign_in(client.get(street.url), street.url)
        assert KNOWLEDGE not in response.content.decode()
        assert ElementScanDay.objects.get().count == 1

    def test_a_signed_in_visitor_sees_it_but_nothing_caches_it(self, client, element, street):
        restrict(street)
        client.force_login(UserFactory(username="resident"))
        response = client.get(reverse("streets:element", args=[element.code]))
        assert response.status_code == 200 and KNOWLEDGE in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "max-age=60" not in response["Cache-Control"]

    def test_a_password_on_the_streets_index_asks_for_it_then_shows_the_page(self, client, element, street):
        url = reverse("streets:element", args=[element.code])
        client.get(url)
        restriction = restrict(streets_index(None), PageViewRestriction.PASSWORD, password="xiuwu119")
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and KNOWLEDGE not in html
        action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, street.id])
        assert action in html
        assert "no-store" in response["Cache-Control"]
        wrong = client.post(action, {"password": "wrong", "return_url": url})
        assert KNOWLEDGE not in wrong.content.decode()
        right = client.post(action, {"password": "xiuwu119", "return_url": url})
        assert right.status_code == 302 and right["Location"] == url
        assert KNOWLEDGE in client.get(url).content.decode()

    def test_an_unrestricted_street_keeps_its_short_public_cache(self, client, element):
        response = client.get(reverse("streets:element", args=[element.code]))
        assert response["Cache-Control"] == "max-age=60"


class TestReportForm:
    def test_get_and_post_send_to_sign_in_and_store_nothing(self, client, element, street):
        url = reverse("streets:report", args=[element.code])
        assert "请描述看到的问题" in client.get(url).content.decode()
        restrict(street)
        get = client.get(url)
        sends_to_sign_in(get, url)
        assert "请描述看到的问题" not in get.content.decode()
        sends_to_sign_in(client.post(url, REPORT, REMOTE_ADDR="10.0.0.3"), url)
        assert not DamageReport.objects.exists()
        assert not Notification.objects.exists()

    def test_a_signed_in_visitor_reports_as_usual(self, client, element, street):
        restrict(street)
        client.force_login(UserFactory(username="resident"))
        response = client.post(reverse("streets:report", args=[element.code]), REPORT, REMOTE_ADDR="10.0.0.3")
        assert response.status_code == 302 and "report-status" in response["Location"]
        assert DamageReport.objects.count() == 1


def test_report_status_of_a_restricted_street_shows_nothing_of_it(client, element, street):
    report = DamageReport.objects.create(element=element, kind="faded", description="字迹褪色看不清")
    url = reverse("streets:report_status") + f"?code={report.lookup_code}"
    assert "家庭防火宣传栏" in client.get(url).content.decode()
    restrict(street)
    response = client.get(url)
    sends_to_sign_in(response, url)
    assert "家庭防火宣传栏" not in response.content.decode()
    assert "字迹褪色" not in response.content.decode()
    client.force_login(UserFactory(username="resident"))
    response = client.get(url)
    assert "家庭防火宣传栏" in response.content.decode() and "no-store" in response["Cache-Control"]


class TestFeeds:
    def test_the_streets_feed_answers_as_its_page_and_the_county_feed_leaves_it_out(
        self, client, street, home_page
    ):
        other = make_street(
            home_page, TownshipFactory(name="七贤镇", code="qixian"), title="竹林七贤消防文化街"
        )
        MilestoneFactory(street=other, title="竣工验收", done_on=timezone.localdate())
        own = reverse("streets:street_feed", args=["chengguan"])
        atom = reverse("streets:street_feed_atom", args=["chengguan"])
        assert "开工建设" in client.get(own).content.decode()
        assert "开工建设" in client.get(reverse("streets:feed")).content.decode()
        restrict(street)
        sends_to_sign_in(client.get(own), own)
        sends_to_sign_in(client.get(atom), atom)
        for county_feed in (reverse("streets:feed"), reverse("streets:feed_atom")):
            xml = client.get(county_feed).content.decode()
            assert "开工建设" not in xml and "健康路" not in xml
            assert "竣工验收" in xml  # the other street is still public
        client.force_login(UserFactory(username="resident"))
        response = client.get(own)
        assert "开工建设" in response.content.decode() and "no-store" in response["Cache-Control"]
        assert "开工建设" in client.get(reverse("streets:feed")).content.decode()

    def test_a_restricted_index_takes_the_county_feed_with_it(self, client, street):
        restrict(streets_index(None))
        feed = reverse("streets:feed")
        sends_to_sign_in(client.get(feed), feed)
        own = reverse("streets:street_feed", args=["chengguan"])
        sends_to_sign_in(client.get(own), own)


def test_the_county_view_stops_listing_a_street_restricted_later(client, street, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60  # the county view is served from the page cache
    index = streets_index(None)
    assert "健康路消防文化街" in client.get(index.url).content.decode()
    assert "健康路消防文化街" in client.get(index.url).content.decode()  # from the cache
    restrict(street)
    html = client.get(index.url).content.decode()
    assert "城关镇" in html and "健康路消防文化街" not in html


def test_the_check_costs_an_element_scan_three_small_queries(client, element, django_assert_num_queries):
    url = reverse("streets:element", args=[element.code])
    client.get(url, HTTP_USER_AGENT=PHONE)  # renders and caches the page, counts the first scan
    # The street, its ancestors, their restrictions; then the scan's one UPDATE.
    with django_assert_num_queries(4):
        response = client.get(url, HTTP_USER_AGENT=PHONE)
    assert KNOWLEDGE in response.content.decode()
