"""The dashboard's cost, its pages and the evaluation report's outputs."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from outreach import roles
from outreach.plan import services
from outreach.plan.dashboard import build
from outreach.plan.models import Aggregate, Assessment, Measurement, ReportedStatus, SnapshotReason
from tests.courses.factories import (
    DrillFactory,
    LessonFactory,
    SchoolClassFactory,
    SchoolFactory,
    TermFactory,
)
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import count_queries
from tests.venues.factories import VenueFactory

from .factories import IndicatorFactory, PlanFactory, ReportedValueFactory


def plan_with_every_source():
    plan = PlanFactory(end=datetime.date(2030, 12, 31))
    for key in (
        "courses.term_compliance",
        "venues.posters_current",
        "venues.reports_handled",
        "campaigns.coverage",
    ):
        IndicatorFactory(plan=plan, source_key=key, name=key)
    IndicatorFactory(plan=plan, source_key="future.part_hours", aggregate=Aggregate.COUNT, name="志愿时长")
    reported = IndicatorFactory(
        plan=plan, measurement=Measurement.REPORTED, aggregate=Aggregate.COUNT, target=200
    )
    ReportedValueFactory(indicator=reported, as_of=timezone.localdate(), status=ReportedStatus.VERIFIED)
    return plan


def add_schools(n, term, townships):
    for i in range(n):
        school = SchoolFactory(township=townships[i % len(townships)])
        school_class = SchoolClassFactory(school=school, term=term)
        if i % 2:
            LessonFactory(school=school, term=term, hours=Decimal(4), classes=[school_class])
            DrillFactory(school=school, term=term)
        if i % 5 == 0:
            VenueFactory(township=townships[i % len(townships)])


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_at_10_and_at_200_schools(client):
    plan = plan_with_every_source()
    townships = [TownshipFactory() for _ in range(3)]
    term = TermFactory()
    add_schools(10, term, townships)
    services.take_snapshots(
        timezone.localdate() - datetime.timedelta(days=31), SnapshotReason.MONTH_END, plan
    )
    _dashboard, small = count_queries(build, plan)
    client.get(reverse("plan:public"))  # the first request creates the site's settings rows
    response, small_page = count_queries(client.get, reverse("plan:public"))
    assert response.status_code == 200
    add_schools(200, term, townships + [TownshipFactory() for _ in range(3)])
    dashboard, large = count_queries(build, plan)
    _response, large_page = count_queries(client.get, reverse("plan:public"))
    assert small == large
    assert small_page == large_page
    # pinned: 6 of the dashboard, the rest the four sources (coverage: 21, with the
    # activities and audience figures the activities app adds to the ledger)
    assert large <= 35
    result = next(r for r in dashboard.results if r.indicator.source_key == "courses.term_compliance")
    assert (result.value, result.total) == (105, 210)


@pytest.mark.django_db
def test_the_staff_dashboard_costs_a_fixed_number_of_queries(client):
    plan_with_every_source()
    townships = [TownshipFactory() for _ in range(3)]
    term = TermFactory()
    add_schools(10, term, townships)
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    url = reverse("plan_admin:dashboard")
    client.get(url)
    _r, small = count_queries(client.get, url)
    add_schools(60, term, townships)
    _r, large = count_queries(client.get, url)
    assert small == large


@pytest.mark.django_db
def test_the_drill_down_names_the_schools_behind(client):
    plan = plan_with_every_source()
    township = TownshipFactory(name="城关镇")
    term = TermFactory()
    behind = SchoolFactory(name="城关二小", township=township)
    SchoolClassFactory(school=behind, term=term)
    indicator = plan.indicators.get(source_key="courses.term_compliance")
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = client.get(reverse("plan_admin:indicator", args=[indicator.code])).content.decode()
    assert "城关二小" in html
    assert reverse("courses:school", args=[behind.pk]) in html
    # A source not built yet says so instead of showing an empty list as success.
    pending = plan.indicators.get(source_key="future.part_hours")
    html = client.get(reverse("plan_admin:indicator", args=[pending.code])).content.decode()
    assert "尚未上线" in html


@pytest.fixture
def report_plan(db):
    plan = PlanFactory()
    met = IndicatorFactory(
        plan=plan,
        name="新建市政消火栓",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
        target=200,
    )
    ReportedValueFactory(
        indicator=met, value=210, as_of=datetime.date(2023, 6, 1), status=ReportedStatus.VERIFIED
    )
    lagging = IndicatorFactory(
        plan=plan, name="消防文化作品", measurement=Measurement.REPORTED, aggregate=Aggregate.COUNT, target=50
    )
    ReportedValueFactory(
        indicator=lagging, value=5, as_of=datetime.date(2023, 6, 1), status=ReportedStatus.VERIFIED
    )
    Assessment.objects.create(indicator=lagging, year=2023, causes="经费到位晚", measures="下半年集中制作")
    IndicatorFactory(plan=plan, name="注册志愿者", source_key="future.part_people", aggregate=Aggregate.COUNT)
    return plan


@pytest.mark.django_db
def test_the_report_sorts_indicators_into_the_evaluation_groups(client, report_plan):
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    html = client.get(reverse("plan_admin:report") + "?on=2023-07-01").content.decode()
    early = html.index("提前完成")
    lagging = html.index("进度滞后")
    unknown = html.index("无数据或未核实")
    assert early < html.index("新建市政消火栓") < html.index("符合进度") < lagging
    assert (
        lagging < html.index("消防文化作品") < html.index("经费到位晚") < unknown < html.index("注册志愿者")
    )
    assert "中期评估" in html  # mid-2023 is the middle of 2021–2025


@pytest.mark.django_db
def test_the_report_pdf_text_extracts(client, report_plan):
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    response = client.get(reverse("plan_admin:report_pdf") + "?on=2023-07-01")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # pypdf reads fpdf2's CID-keyed encoding with a NUL between characters.
    compact = "".join(text.replace("\x00", "").split())
    for expected in (
        "中期评估",
        "提前完成",
        "新建市政消火栓",
        "进度滞后",
        "消防文化作品",
        "经费到位晚",
        "下半年集中制作",
    ):
        assert expected in compact, expected


@pytest.mark.django_db
def test_the_report_xlsx_has_a_row_per_indicator(client, report_plan):
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    response = client.get(reverse("plan_admin:report_xlsx") + "?on=2023-07-01")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0].value: row[1].value for row in workbook.worksheets[0].iter_rows(min_row=4)}
    assert summary["合计"] == len(report_plan.indicators.all())
    sheet = workbook.worksheets[1]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    by_name = {row[1]: row for row in rows}
    assert by_name["新建市政消火栓"][0] == "提前完成"
    assert by_name["消防文化作品"][0] == "进度滞后"
    assert by_name["消防文化作品"][15] == "经费到位晚"
    assert by_name["注册志愿者"][11] == "无数据"


@pytest.mark.django_db
def test_the_pdf_without_a_font_says_so(client, report_plan, settings):
    settings.VENUES_POSTER_FONTS = {
        "regular": ("/nonexistent/font.ttc", 2),
        "bold": ("/nonexistent/font.ttc", 2),
    }
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    response = client.get(reverse("plan_admin:report_pdf") + "?on=2023-07-01", follow=True)
    assert "fonts-noto-cjk" in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_is_linked_from_the_footer_and_marked_cacheable(client, report_plan, settings):
    client.get(reverse("plan:public"))  # the first request creates the site's settings rows
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    response = client.get(reverse("plan:public"))
    assert response["X-Page-Cache"] == "miss"
    assert client.get(reverse("plan:public"))["X-Page-Cache"] == "hit"
    assert f'href="{reverse("plan:public")}"' in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_shows_criteria_and_tables_next_to_the_charts(client, report_plan):
    html = client.get(reverse("plan:public")).content.decode()
    assert html.count("<svg") >= 3
    assert "统计口径说明" in html
    code = report_plan.indicators.order_by("pk").first().code
    detail = client.get(reverse("plan:indicator", args=[code])).content.decode()
    assert detail.count("<svg") >= 1 and detail.count("<table") >= 1  # each chart's numbers as a table
    assert "@media print" not in html  # print rules live in the stylesheet


@pytest.mark.django_db
def test_each_card_links_to_its_indicator_page_which_holds_the_township_and_archive_tables(client):
    plan = plan_with_every_source()
    townships = [TownshipFactory(name=name) for name in ("城关镇", "七贤镇")]
    add_schools(4, TermFactory(), townships)
    for days in (62, 31):  # two months archived: a trend and its table
        services.take_snapshots(
            timezone.localdate() - datetime.timedelta(days=days), SnapshotReason.MONTH_END, plan
        )
    indicator = plan.indicators.get(source_key="courses.term_compliance")
    client.get(reverse("plan:public"))  # the first request creates the site's settings rows
    dashboard = client.get(reverse("plan:public")).content.decode()
    detail = reverse("plan:indicator", args=[indicator.code])
    assert f'href="{detail}"' in dashboard
    assert "numbers--townships" not in dashboard and 'class="history"' not in dashboard
    assert "城关镇" in dashboard  # the small multiples stay, readable as text
    response = client.get(detail)
    assert response.status_code == 200
    html = response.content.decode()
    assert "numbers--townships" in html and "城关镇" in html
    assert ('class="history"' in html) == ('class="spark"' in html)  # the archive's table under its trend
    assert indicator.name in html
    hidden = plan.indicators.exclude(pk=indicator.pk).first()
    hidden.is_public = False
    hidden.save()
    assert client.get(reverse("plan:indicator", args=[hidden.code])).status_code == 404
    assert client.get(reverse("plan:indicator", args=["no-such-code"])).status_code == 404


@pytest.mark.django_db
def test_a_township_officer_drills_down_into_their_township_only(client):
    plan = plan_with_every_source()
    mine, other = TownshipFactory(name="城关镇"), TownshipFactory(name="西村乡")
    term = TermFactory()
    for name, township in (("城关二小", mine), ("西村一小", other)):
        SchoolClassFactory(school=SchoolFactory(name=name, township=township), term=term)
    indicator = plan.indicators.get(source_key="courses.term_compliance")
    url = reverse("plan_admin:indicator", args=[indicator.code])
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=mine))
    html = client.get(url).content.decode()
    assert "城关二小" in html
    assert "西村一小" not in html.split("未达标的学校")[1]
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = client.get(url).content.decode()
    assert "城关二小" in html and "西村一小" in html


def bulk_schools(n, term, townships, first=0):
    from courses.models import School, SchoolClass

    schools = School.objects.bulk_create(
        School(name=f"学校{i}", township=townships[i % len(townships)], kind="primary", enrolment=900)
        for i in range(first, first + n)
    )
    SchoolClass.objects.bulk_create(
        SchoolClass(school=school, term=term, grade=1, number=1, students=45) for school in schools
    )


@pytest.mark.django_db
def test_at_2000_schools_the_pages_cost_the_same_queries_and_the_drill_down_paginates(client):
    plan = plan_with_every_source()
    townships = [TownshipFactory() for _ in range(3)]
    term = TermFactory()
    bulk_schools(10, term, townships)
    client.get(reverse("plan:public"))  # the first request creates the site's settings rows
    editor = UserFactory(roles=[roles.EDITOR])
    urls = [reverse("plan:public"), "/plan/data.csv", "/plan/data.json"]
    small = [count_queries(client.get, url)[1] for url in urls]
    bulk_schools(1990, term, townships, first=10)
    large = [count_queries(client.get, url)[1] for url in urls]
    assert small == large
    assert large[0] <= 43  # pinned: the public page at 2,000 schools (35 of them the dashboard)
    client.force_login(editor)
    indicator = plan.indicators.get(source_key="courses.term_compliance")
    url = reverse("plan_admin:indicator", args=[indicator.code])
    response, queries = count_queries(client.get, url)
    page = response.content.decode()
    assert response.context["rows_page"].paginator.count == 2000
    assert len(response.context["rows_page"].object_list) == 50
    assert "第 1 页，共 40 页" in page and "page=2" in page
    assert queries <= 40
    assert client.get(url, {"page": "40"}).context["rows_page"].number == 40
    assert client.get(url, {"page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_what_staff_typed_into_an_indicator_is_shown_as_text_on_the_cards(client):
    plan = PlanFactory(end=datetime.date(2030, 12, 31))
    indicator = IndicatorFactory(
        plan=plan,
        name="<script>alert(1)</script>演练",
        criteria='以"<b>"为准 & 其他',
        clause="第<i>一</i>条",
        measurement=Measurement.REPORTED,
        aggregate=Aggregate.COUNT,
    )
    page = client.get(reverse("plan:public")).content.decode()
    own = client.get(reverse("plan:indicator", args=[indicator.code])).content.decode()
    for html in (page, own):
        assert "<script>alert(1)" not in html and "<b>" not in html and "<i>一" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;演练" in html
        assert "以&quot;&lt;b&gt;&quot;为准 &amp; 其他" in html
