import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets import services
from venues.streets.county import county_rows
from venues.streets.models import DamageReport, MaintenanceRecord, Milestone, ReportStatus, StreetElement
from venues.streets.progress import upkeep

from .conftest import jpeg, jpeg_upload
from .factories import ElementFactory, MilestoneFactory, make_street

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def township(db):
    return TownshipFactory(name="云台山镇", code="yuntaishan")


@pytest.fixture
def officer(township):
    return UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=township)


@pytest.fixture
def street(home_page, township):
    return make_street(home_page, township)


class TestOverdueByDate:
    def test_due_the_interval_after_the_last_inspection(self, street):
        element = ElementFactory(
            street=street, inspection_days=90, last_inspected_on=datetime.date(2026, 3, 1)
        )
        assert element.inspection_due_on() == datetime.date(2026, 5, 30)
        assert not element.is_overdue(datetime.date(2026, 5, 30))
        assert element.is_overdue(datetime.date(2026, 5, 31))

    def test_never_inspected_counts_from_installation(self, street):
        element = ElementFactory(
            street=street, inspection_days=30, installed_on=datetime.date(2026, 4, 1), last_inspected_on=None
        )
        assert not element.is_overdue(datetime.date(2026, 5, 1))
        assert element.is_overdue(datetime.date(2026, 5, 2))

    def test_an_overdue_element_makes_the_street_need_maintenance(self, street):
        fresh = ElementFactory(street=street, last_inspected_on=TODAY - datetime.timedelta(days=10))
        stale = ElementFactory(
            street=street, inspection_days=30, last_inspected_on=TODAY - datetime.timedelta(days=31)
        )
        state = upkeep([fresh, stale], set(), TODAY)
        assert state.overdue == [stale]
        assert state.needs_maintenance


def report(element, **extra):
    return DamageReport.objects.create(element=element, kind="damaged", description="玻璃碎了", **extra)


class TestRepair:
    def test_a_reported_element_needs_maintenance_until_repaired_with_a_photo(self, street, officer):
        element = ElementFactory(street=street, last_inspected_on=timezone.localdate())
        damage = report(element)
        [row] = [r for r in county_rows(live_only=False) if r.street and r.street.pk == street.pk]
        assert row.upkeep.reported == [element]
        with pytest.raises(ValidationError):
            services.record_maintenance(element.pk, officer, timezone.localdate(), "已修", None)
        assert not MaintenanceRecord.objects.exists()
        services.record_maintenance(element.pk, officer, timezone.localdate(), "更换了玻璃", jpeg())
        damage.refresh_from_db()
        assert damage.status == ReportStatus.REPAIRED
        assert "已于" in damage.public_reply
        [row] = [r for r in county_rows(live_only=False) if r.street and r.street.pk == street.pk]
        assert not row.upkeep.needs_maintenance

    def test_a_repair_restarts_the_interval(self, street, officer):
        element = ElementFactory(
            street=street,
            inspection_days=30,
            last_inspected_on=timezone.localdate() - datetime.timedelta(days=60),
        )
        assert element.is_overdue()
        services.record_maintenance(element.pk, officer, timezone.localdate(), "检查完好", jpeg())
        element.refresh_from_db()
        assert not element.is_overdue()

    def test_repair_screen_refuses_a_missing_or_bad_photo_with_a_chinese_message(
        self, client, street, officer
    ):
        element = ElementFactory(street=street)
        client.force_login(officer)
        url = reverse("streets:element_maintenance", args=[element.pk])
        today = timezone.localdate().isoformat()
        response = client.post(url, {"done_on": today, "note": "修好了"})
        assert "没有保存" in response.content.decode()
        bad = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
        response = client.post(url, {"done_on": today, "note": "修好了", "photo": bad})
        assert "不是可以识别的图片" in response.content.decode()
        assert not MaintenanceRecord.objects.exists()
        response = client.post(url, {"done_on": today, "note": "修好了", "photo": jpeg_upload()})
        assert response.status_code == 302
        record = MaintenanceRecord.objects.get()
        assert record.photo.name.endswith(".jpg") and record.user == officer


class TestMilestoneDates:
    def test_done_in_the_future_is_refused(self, street):
        with pytest.raises(ValidationError, match="不能晚于今天"):
            services.check_milestone_dates(
                street, "竣工", TODAY, TODAY + datetime.timedelta(days=1), today=TODAY
            )

    def test_steps_done_out_of_planned_order_are_refused(self, street):
        MilestoneFactory(
            street=street,
            title="开工建设",
            planned_on=datetime.date(2026, 3, 1),
            done_on=datetime.date(2026, 3, 10),
        )
        with pytest.raises(ValidationError, match="日期顺序不对"):
            services.check_milestone_dates(
                street, "方案公示", datetime.date(2026, 2, 1), datetime.date(2026, 3, 20), today=TODAY
            )
        with pytest.raises(ValidationError, match="日期顺序不对"):
            services.check_milestone_dates(
                street, "竣工", datetime.date(2026, 5, 1), datetime.date(2026, 3, 5), today=TODAY
            )
        services.check_milestone_dates(
            street, "竣工", datetime.date(2026, 5, 1), datetime.date(2026, 5, 2), today=TODAY
        )

    def test_the_form_saves_nothing_when_dates_clash(self, client, street, officer):
        MilestoneFactory(
            street=street,
            title="开工建设",
            planned_on=datetime.date(2026, 3, 1),
            done_on=datetime.date(2026, 3, 10),
        )
        client.force_login(officer)
        url = reverse("streets:milestone_new", args=[street.pk])
        response = client.post(
            url,
            {
                "title": "方案公示",
                "planned_on": "2026-02-01",
                "done_on": "2026-03-20",
                "photo": jpeg_upload(),
            },
        )
        assert response.status_code == 200
        assert "日期顺序不对" in response.content.decode()
        assert Milestone.objects.filter(street=street).count() == 1
        response = client.post(
            url,
            {
                "title": "方案公示",
                "planned_on": "2026-02-01",
                "done_on": "2026-02-05",
                "photo": jpeg_upload(),
                "caption": "公示栏",
            },
        )
        assert response.status_code == 302
        milestone = Milestone.objects.get(title="方案公示")
        assert milestone.photos.get().caption == "公示栏"


def test_element_form_refuses_a_bad_photo_and_saves_nothing(client, street, officer):
    client.force_login(officer)
    kind = ElementFactory(street=street).kind
    before = StreetElement.objects.count()
    bad = SimpleUploadedFile("board.png", b"\x89PNG\r\n\x1a\n broken", content_type="image/png")
    response = client.post(
        reverse("streets:element_new", args=[street.pk]),
        {
            "kind": kind.pk,
            "name": "新宣传栏",
            "position_m": 5,
            "knowledge": "知识",
            "inspection_days": 90,
            "photo": bad,
        },
    )
    assert response.status_code == 200
    assert "不是可以识别的图片" in response.content.decode()
    assert StreetElement.objects.count() == before
