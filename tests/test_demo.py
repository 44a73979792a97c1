"""The demo content, app by app. The demo is loaded once for this whole module
(`demo_site`, rolled back at its end); each test runs in a savepoint on top of it. Loading
it a second time is checked once for every app together, in the last section."""

import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


# -- The core: townships, users, pages, search -------------------------------------------


def test_load_demo_builds_a_living_site(client, demo_site):
    from django.contrib.auth import get_user_model

    from outreach.demo import DEMO_USERS, TOWNSHIPS
    from outreach.models import Profile, Township

    assert list(Township.objects.values_list("name", flat=True)) == [name for name, _ in TOWNSHIPS]
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for username, _, role, _ in DEMO_USERS:
        assert User.objects.get(username=username).groups.filter(name=role).exists()
    assert Profile.objects.get(user__username="township").township.name == "城关镇"
    html = client.get("/").content.decode()
    assert "火场逃生自救常识" in html
    assert "火场逃生自救常识" in client.get("/search/", {"q": "逃生"}).content.decode()


# -- Venues: prompts and posters ----------------------------------------------------------


def test_demo_has_a_dozen_venues_whose_posters_lay_out(demo_site):
    from venues.models import Venue
    from venues.posters.render import layout_poster

    assert "场所三提示" in demo_site
    assert Venue.objects.count() >= 12
    assert Venue.objects.values("township").distinct().count() >= 6
    hotel = Venue.objects.with_prompts().get(name="云台山宾馆")
    assert hotel.managers.filter(username="venue").exists()
    assert hotel.zones.count() == 2
    for venue in Venue.objects.with_prompts():
        layout = layout_poster(venue)
        assert venue.name in "".join(t.text for t in layout.texts)


def test_each_demo_venue_has_prompts_of_its_own_kind_and_place(demo_site):
    from venues.models import Venue

    venues = list(Venue.objects.with_prompts())
    assert len({v.category for v in venues}) >= 11
    firsts = set()
    for venue in venues:
        prompts = venue.prompts()
        assert prompts.routes and prompts.exits and prompts.extinguishers, venue.name
        # The poster's key hazard is one of the venue's own kind, not a generic one.
        main = venue.hazards.all()[0]
        assert main.category == venue.category, (venue.name, main.name)
        firsts.add((prompts.routes[0], prompts.exits[0], prompts.extinguishers[0].location))
    assert len(firsts) == len(venues)  # no two venues share their routes, exits and equipment
    market = Venue.objects.get(name="修武县城关农贸市场")
    text = str(market.fingerprint())
    assert "电梯" not in text and "客房" not in text and "摊位" in text
    park = Venue.objects.get(category="tourist")
    assert "云台山" in park.name + park.address


def test_the_demo_hotels_prompts_read_in_english_for_foreign_visitors(client, demo_site):
    from venues.models import EquipmentType, HazardType, Venue

    assert not HazardType.objects.filter(name_en="").exists()
    assert not EquipmentType.objects.filter(name_en="").exists()
    hotel = Venue.objects.get(name="云台山宾馆")
    html = client.get(f"/v/{hotel.code}/?lang=en").content.decode()
    assert "Smoking in guest rooms" in html and "A cigarette dropped on a bed" in html
    assert "Lift, pull, aim, squeeze" in html and "Fire escape smoke hood" in html
    assert "客房吸烟" not in html and "手提式干粉灭火器" not in html
    assert "客房吸烟" in client.get(f"/v/{hotel.code}/").content.decode()


def test_demo_refreshes_a_venue_left_with_the_first_demos_shared_placeholder(demo_site):
    from venues import demo
    from venues.demo import PLACEHOLDER_ROUTE
    from venues.models import Venue, VenueRoute

    old = Venue.objects.get(name="修武县城关农贸市场")
    old.routes = [VenueRoute(description=PLACEHOLDER_ROUTE)]  # as the first demo left it
    old.save()
    demo.load(StringIO())
    old.refresh_from_db()
    routes = list(old.routes.values_list("description", flat=True))
    assert PLACEHOLDER_ROUTE not in routes and any("南大门" in r for r in routes)
    assert Venue.objects.filter(name="修武县城关农贸市场").count() == 1


# -- Campaigns: a campaign per setting, news, resources ----------------------------------


def test_demo_has_a_campaign_per_setting(demo_site):
    from campaigns.models import CampaignPage, NewsPage, OutreachSetting, PublicityMonthSettings, ResourcePage

    assert NewsPage.objects.count() >= 3 and ResourcePage.objects.count() >= 3
    for setting in OutreachSetting.objects.all():
        assert CampaignPage.objects.live().filter(outreach_settings=setting).exists(), setting
    assert "五进宣传" in demo_site
    month = PublicityMonthSettings.objects.get()
    assert month.campaign is not None and month.campaign.live


def test_demo_media_look_real(demo_site):
    """Drawn pictures (not flat colour blocks), A4 leaflets of readable text, news that
    does not repeat its lead."""
    from PIL import Image
    from pypdf import PdfReader

    from campaigns.models import NewsPage, ResourcePage

    for resource in ResourcePage.objects.select_related("file", "cover"):
        reader = PdfReader(resource.file.file.path)
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842), resource.title  # A4 in points
        # fpdf2 writes two-byte character codes; pypdf keeps a NUL before each.
        text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
        assert resource.title in text and len(text) > 150, resource.title
        with Image.open(resource.cover.file.path) as cover:
            colours = cover.convert("RGB").getcolors(maxcolors=100_000)
            assert colours is None or len(colours) > 20, resource.title
    for news in NewsPage.objects.all():
        body = str(news.body)
        assert news.intro not in body, news.title
        assert news.photos.exists()


# -- Courses: terms, schools, courseware --------------------------------------------------


def test_demo_has_a_running_and_a_finished_term_with_a_realistic_mix(demo_site):
    from django.utils import timezone

    from courses.compliance import Status, term_report
    from courses.models import Lesson, School, SchoolClass, Term

    assert Term.objects.count() == 2 and School.objects.count() == 20
    assert School.objects.values("township").distinct().count() == 9
    current, finished = Term.objects.current(), Term.objects.order_by("start").first()
    assert current.start <= timezone.localdate() <= current.end and finished.end < current.start
    statuses = {row.status for row in term_report(current).rows}
    assert {Status.MET, Status.AT_RISK} <= statuses
    report = term_report(current)
    assert report.county.no_drill >= 3 and report.county.slow >= 1 and report.county.classes_short > 0
    assert {row.status for row in term_report(finished).rows} == {Status.MET, Status.NOT_MET}
    assert School.objects.get(name="城关一小").staff.filter(username="school").exists()
    assert SchoolClass.objects.filter(term=current).count() > 100
    assert Lesson.objects.filter(courseware__isnull=False).exists()


def test_demo_courseware_comes_with_a_lesson_plan_to_download(client, demo_site):
    from pypdf import PdfReader

    from courses.models import Courseware

    for item in Courseware.objects.all():
        assert item.document is not None, item.title
        text = PdfReader(item.document.file.path).pages[0].extract_text().replace("\x00", "")
        assert item.title in text and "教学目标" in text
    item = Courseware.objects.first()
    assert item.document.url in client.get(f"/courseware/{item.pk}/").content.decode()


# -- Volunteers: teams, shifts, hours, certificates ---------------------------------------


def test_demo_has_teams_thirty_volunteers_full_shifts_waiting_lists_hours_and_a_certificate(demo_site):
    from campaigns.volunteers.models import Certificate, Event, Signup, Team, Volunteer

    assert "志愿服务" in demo_site
    assert (
        Team.objects.filter(township__isnull=True).exists()
        and Team.objects.filter(township__isnull=False).exists()
    )
    assert all(team.leaders.exists() for team in Team.objects.all())
    # Leaders lead their own team; everyone is in a team; insurance is set for most.
    for team in Team.objects.prefetch_related("leaders"):
        assert all(leader.team_id == team.pk for leader in team.leaders.all())
    assert not Volunteer.objects.filter(team__isnull=True).exists()
    assert 0 < Volunteer.objects.filter(has_insurance=False).count() < Volunteer.objects.count() / 3
    assert Team.objects.filter(township__isnull=False).count() >= 3
    insured_only = Signup.objects.filter(shift__insurance_required=True)
    assert insured_only.exists() and not insured_only.filter(volunteer__has_insurance=False).exists()
    assert Volunteer.objects.count() == 30
    month = Event.objects.filter(title__startswith="119消防宣传月", campaign__isnull=False)
    assert month.exists()
    assert Signup.objects.filter(shift__event__in=month, claim__status="waiting").exists()
    assert Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED).count() >= 10
    assert Signup.objects.filter(hours_status=Signup.HOURS_MISSING_OUT).exists()
    assert Certificate.objects.count() == 1


def test_certificate_pdf_has_the_number_and_a_qr_to_the_verify_page(client, demo_site, tmp_path):
    from campaigns.volunteers.models import Certificate
    from tests.venues.conftest import zbar_decode

    certificate = Certificate.objects.get()
    client.force_login(certificate.volunteer.user)
    response = client.get(f"/volunteers/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert certificate.number in text and "修武县消防救援大队" in text and "宣传编辑 小王" in text
    # The address may wrap under the QR code; it reads whole once the lines are joined.
    assert f"/volunteers/certificates/verify/{certificate.verify_code}/" in text.replace("\n", "")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    assert any(certificate.verify_code in code for code in zbar_decode(tmp_path / "page.png"))


def test_verify_page_shows_the_certificate_and_nothing_more(client, demo_site):
    from campaigns.volunteers.identity import reveal
    from campaigns.volunteers.models import Certificate

    certificate = Certificate.objects.get()
    volunteer = certificate.volunteer
    body = client.get(f"/volunteers/certificates/verify/{certificate.verify_code}/").content.decode()
    assert certificate.number in body and volunteer.name in body and str(certificate.hours) in body
    assert volunteer.mobile not in body and volunteer.emergency_phone not in body
    assert reveal(volunteer.id_number_encrypted) not in body
    assert "/volunteers/me/" not in body.split("<main")[1]


def test_organiser_issues_a_certificate_only_with_an_id_on_file(client, demo_site):
    from campaigns.volunteers.models import Certificate, Volunteer
    from outreach import roles
    from tests.outreach.factories import UserFactory

    client.force_login(UserFactory(roles=[roles.EDITOR]))
    without_id = Volunteer.objects.filter(id_number_encrypted="", signups__hours_status="confirmed").first()
    response = client.post(
        f"/volunteers/manage/volunteers/{without_id.pk}/certificate/",
        {"issuer": "修武县消防救援大队", "handler": "小王"},
    )
    assert "需要证件号码" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_export_has_the_national_system_columns_and_the_id_for_import(client, demo_site):
    from campaigns.volunteers.admin.views import EXPORT_HEADER
    from campaigns.volunteers.identity import reveal
    from campaigns.volunteers.models import Certificate
    from outreach import roles
    from tests.outreach.factories import UserFactory

    client.force_login(UserFactory(roles=[roles.EDITOR]))
    text = client.get("/volunteers/manage/export.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == EXPORT_HEADER
    holder = Certificate.objects.get().volunteer
    assert reveal(holder.id_number_encrypted) in text
    xlsx = client.get("/volunteers/manage/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_organiser_screens_render_with_pinned_queries(client, demo_site, django_assert_max_num_queries):
    from campaigns.volunteers.models import Signup
    from outreach import roles
    from tests.outreach.factories import UserFactory

    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = Signup.objects.filter(claim__status="waiting").first().shift
    with django_assert_max_num_queries(40):
        body = client.get(f"/volunteers/manage/shifts/{shift.pk}/").content.decode()
    assert "候补中" in body and "已确认" in body
    with django_assert_max_num_queries(40):
        assert "未签退" in client.get("/volunteers/manage/hours/").content.decode()
    with django_assert_max_num_queries(40):
        assert "张志强" in client.get("/volunteers/manage/volunteers/").content.decode()
    with django_assert_max_num_queries(60):
        assert "注册志愿者" in client.get("/volunteers/manage/").content.decode()


# -- The work plan: indicators, reported values, a year of snapshots ---------------------


# Every target of the plan text (修政〔2023〕4号): the 分项目标 of chapter 2, the task
# lists of chapter 4 and its 专栏, and the training of tasks 30–31, as (name, target).
PLAN_TEXT_TARGETS = [
    ("城区公共消防设施建设达标率", 90),
    ("农村公共消防设施建设达标率", 30),
    ("火灾监测预警系统建设覆盖率", 80),
    ("消防物联网监控系统建设覆盖率", 83),
    ("基层消防治理系统建设覆盖率", 85),
    ("职业消防员占总人口比例", "0.08"),
    ("消防救援站达标率", 90),
    ("消防救援装备达标率", 95),
    ("执勤车辆按站级标准配齐的消防站", 100),
    ("高精尖车辆装备占比", 30),
    ("高精尖灭火救援器材占比", 30),
    ("森林灭火便携式机动消防泵", 2),
    ("森林灭火载水量2吨水囊", 2),
    ("无人机编队", 2),
    ("应急通信保障队", 2),
    ("指挥调度与应急通信建设项目", 4),
    ("七贤镇、郇封镇专职消防队升级为消防站", 2),
    ("二级乡镇专职消防救援队", 4),
    ("新建市政消火栓（消防水鹤）", 200),
    ("应急消防科普教育基地", 1),
    ("建成消防文化街的乡镇", 9),
    ("中小学每学期4课时消防教学和1次疏散演练达标率", 100),
]


def test_demo_has_every_target_of_the_plan_text_its_final_evaluation_and_a_15th_plan(demo_site, client):
    from decimal import Decimal

    from outreach.plan import demo
    from outreach.plan.models import FinalValue, Indicator, Measurement, Plan, Snapshot

    fourteenth = Plan.objects.get(slug="14th")
    fifteenth = Plan.objects.get(slug="15th")
    indicators = {i.name: i for i in Indicator.objects.filter(plan=fourteenth)}
    assert len(indicators) == len(demo.INDICATORS)
    for name, target in PLAN_TEXT_TARGETS:
        assert name in indicators, name
        assert indicators[name].target == Decimal(str(target)), name
        assert not indicators[name].target_is_demo, name
    # Training (tasks 30–31) is live, from the activities app once it registers its source.
    for code in ("cadre-training", "industry-training"):
        training = Indicator.objects.get(plan=fourteenth, code=code)
        assert training.measurement == Measurement.LIVE and training.target_is_demo
    # The final evaluation is frozen at the plan's end, one value per indicator.
    assert fourteenth.is_closed and not fourteenth.is_current
    finals = {f.indicator.code: f for f in FinalValue.objects.filter(indicator__plan=fourteenth)}
    assert len(finals) == len(indicators)
    assert {f.as_of for f in finals.values()} == {fourteenth.end}
    assert finals["culture-works"].actual == Decimal(46)
    assert finals["water-source-system"].status == "unverified"
    # The 15th plan starts from those values; its targets are demo targets.
    assert fifteenth.is_current and fifteenth.predecessor == fourteenth
    for indicator in Indicator.objects.filter(plan=fifteenth):
        assert indicator.target_is_demo
        final = finals[indicator.code]
        if final.actual is not None:
            assert indicator.baseline == final.actual, indicator.code
    assert Snapshot.objects.filter(indicator__plan=fourteenth, taken_on=fourteenth.end).exists()
    page = client.get("/plan/").content.decode()
    assert "演示目标" in page and fifteenth.name in page
    past = client.get("/plan/plans/14th/").content.decode()
    assert "规划终期评估" in past and "修政〔2023〕4号" in past


# -- The education base: bookings in every state -----------------------------------------


def test_demo_has_a_booking_in_every_state(client, demo_site):
    from django.urls import reverse

    from venues.bookings.models import OFFERED, WAITING, BaseIndexPage, Booking, Slot, Status

    states = set(Booking.objects.with_state().values_list("state_code", flat=True))
    assert states >= {
        Status.PENDING,
        Status.APPROVED,
        WAITING,
        OFFERED,
        Status.REFUSED,
        Status.CANCELLED,
        Status.CALLED_OFF,
        Status.DECLINED,
        Status.EXPIRED,
        Status.CHECKED_IN,
        Status.NO_SHOW,
    }
    assert Slot.objects.filter(called_off_at__isnull=False).count() == 1
    # What staff did by hand looks real too: a phoned booking with its reason (changed
    # once), a weekend open day, programmes on the bookings, notes at the door.
    phoned = Booking.objects.exclude(entry_reason="").get()
    assert phoned.visitors == 30 and "电话" in phoned.entry_reason
    assert Slot.objects.exclude(one_off_reason="").get().start.weekday() == 5
    assert Booking.objects.filter(programme__minutes=120).exists()
    assert Booking.objects.exclude(door_note="").exists()
    page = BaseIndexPage.objects.get()
    html = client.get(page.url).content.decode()
    assert "烟雾逃生体验室" in html and "参观须知" in html and reverse("bookings:availability") in html


# -- Culture streets and walls -----------------------------------------------------------


def test_demo_has_every_street_state_one_street_needing_repair_and_a_dozen_walls(demo_site):
    from venues.streets.county import county_rows
    from venues.streets.models import CultureWall, DamageReport, StreetElement, StreetPage, StreetStatus

    streets = StreetPage.objects.all()
    assert streets.count() == 8
    assert {s.status for s in streets} == set(StreetStatus.values)
    rows = [r for r in county_rows() if r.street]
    assert [r.township.code for r in rows if r.upkeep.needs_maintenance] == ["yuntaishan"]
    assert DamageReport.objects.filter(status="new").count() == 1
    assert CultureWall.objects.values("village").distinct().count() == 12
    assert StreetElement.objects.exclude(photo="").count() == StreetElement.objects.count() > 20
    assert not StreetPage.objects.filter(township__code="kaifaqu").exists()


# -- Loading it twice changes nothing ----------------------------------------------------


def test_loading_the_demo_twice_changes_nothing(demo_site):
    from django.apps import apps

    from campaigns.models import CampaignPage, NewsPage, ResourcePage
    from campaigns.volunteers.models import Certificate, Event, Signup, Volunteer
    from courses.models import School, Term
    from outreach.management.commands.load_demo import demo_modules
    from outreach.models import ContentPage
    from outreach.plan.models import Indicator, ReportedValue, Snapshot
    from venues.bookings.models import Booking, CalendarDay, Slot
    from venues.models import Venue
    from venues.streets.models import CultureWall, StreetPage

    # Every model of every app with a demo, and the users, pages, images and documents.
    labels = {apps.get_containing_app_config(module.__name__).label for module in demo_modules()}
    labels |= {"auth", "wagtailcore", "wagtailimages", "wagtaildocs"}
    models = [m for m in apps.get_models() if m._meta.app_label in labels]
    assert {
        "outreach",
        "campaigns",
        "volunteers",
        "courses",
        "venues",
        "bookings",
        "plan",
        "streets",
    } <= labels
    before = {m: m.objects.count() for m in models}
    venue_count = Venue.objects.count()
    versions = dict(Venue.objects.values_list("name", "content_version"))
    campaigns = (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count())
    volunteers = (Volunteer.objects.count(), Event.objects.count(), Signup.objects.count())
    certificates = Certificate.objects.count()
    plan = (Indicator.objects.count(), ReportedValue.objects.count(), Snapshot.objects.count())
    bookings = (CalendarDay.objects.count(), Slot.objects.count(), Booking.objects.count())

    call_command("load_demo", stdout=StringIO())

    assert {m: m.objects.count() for m in models} == before
    assert ContentPage.objects.count() >= 2
    assert Venue.objects.count() == venue_count >= 12
    assert dict(Venue.objects.values_list("name", "content_version")) == versions
    assert (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count()) == campaigns
    assert Term.objects.count() == 2 and School.objects.count() == 20
    assert (Volunteer.objects.count(), Event.objects.count(), Signup.objects.count()) == volunteers
    assert Certificate.objects.count() == certificates
    assert (Indicator.objects.count(), ReportedValue.objects.count(), Snapshot.objects.count()) == plan
    assert (CalendarDay.objects.count(), Slot.objects.count(), Booking.objects.count()) == bookings
    assert StreetPage.objects.count() == 8 and CultureWall.objects.count() == 12
