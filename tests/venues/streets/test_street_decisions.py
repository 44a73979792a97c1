"""Keeping a street up: retiring and deleting elements, removing wrong photos, milestones
and walls, reminders when elements fall due, the overdue list; every decision in the
street's admin history with who, when and why."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from outreach import roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets import services, tasks
from venues.streets.county import retired_elements, street_detail
from venues.streets.models import DamageReport, MaintenanceRecord, Milestone, ReportStatus, StreetElement

from .conftest import jpeg
from .factories import (
    ElementFactory,
    ElementKindFactory,
    MilestoneFactory,
    WallFactory,
    checklist,
    make_street,
)

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=400)


@pytest.fixture
def township(db):
    return TownshipFactory(name="城关镇", code="chengguan")


@pytest.fixture
def officer(township):
    return UserFactory(
        username="officer", first_name="李乡", roles=[roles.TOWNSHIP_OFFICER], township=township
    )


@pytest.fixture
def street(home_page, township):
    return make_street(home_page, township)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=[roles.EDITOR], is_superuser=True, is_staff=True)


def history(client, editor, street):
    """The street page's history in the admin, as the publicity team reads it."""
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:history", args=[street.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_retiring_an_element_recomputes_progress_closes_its_reports_and_keeps_its_history(
    client, street, officer, editor
):
    board, sign = ElementKindFactory(code="board"), ElementKindFactory(code="sign")
    checklist([board, sign])
    torn_down = ElementFactory(street=street, kind=sign, installed_on=timezone.localdate() - LONG_AGO)
    ElementFactory(street=street, kind=board)
    report = DamageReport.objects.create(element=torn_down, kind="damaged", description="被拆了")
    before = street_detail(street)
    assert before["upkeep"].needs_maintenance and before["evaluation"].parts["kinds"][1] == 1.0

    client.force_login(officer)
    url = reverse("streets:element_retire", args=[torn_down.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "请写明原因" in refused.content.decode()
    response = client.post(url, {"reason": "道路拓宽，宣传栏已拆除"})
    assert response.status_code == 302 and response["Location"].endswith("#elements")

    torn_down.refresh_from_db()
    assert torn_down.retired_on == timezone.localdate()
    after = street_detail(street)
    assert not after["upkeep"].needs_maintenance  # no longer 需维护 forever
    assert after["evaluation"].parts["kinds"][1] == 0.5  # progress recomputed without it
    assert retired_elements(street) == [torn_down]
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED and "已撤除" in report.public_reply
    assert StreetElement.objects.filter(pk=torn_down.pk).exists()  # history kept

    html = history(client, editor, street)
    assert "撤除街区元素" in html and "道路拓宽，宣传栏已拆除" in html and "李乡" in html


def test_an_element_with_history_is_retired_not_deleted_and_a_mistake_is_deleted(
    client, street, officer, editor
):
    inspected = ElementFactory(street=street)
    MaintenanceRecord.objects.create(
        element=inspected, done_on=timezone.localdate(), note="擦洗", photo=jpeg(), user=officer
    )
    mistake = ElementFactory(street=street, name="录错的元素")
    client.force_login(officer)
    refused = client.post(reverse("streets:element_delete", args=[inspected.pk]), {"reason": "录错"})
    assert refused.status_code == 400 and "只能撤除" in refused.content.decode()
    assert StreetElement.objects.filter(pk=inspected.pk).exists()
    client.post(reverse("streets:element_delete", args=[mistake.pk]), {"reason": "重复录入"})
    assert not StreetElement.objects.filter(pk=mistake.pk).exists()
    html = history(client, editor, street)
    assert "删除街区元素“录错的元素”" in html and "重复录入" in html


def test_a_wrong_photo_is_removed_with_a_reason_and_its_file_goes(
    client, street, officer, editor, django_capture_on_commit_callbacks
):
    element = ElementFactory(street=street)
    name = element.photo.name
    assert default_storage.exists(name)
    client.force_login(officer)
    form = client.get(reverse("streets:element_edit", args=[element.pk])).content.decode()
    # A preview, not the raw path, and no one-tap 清除 box that deletes the photo.
    assert f'src="{element.photo.url}"' in form and name not in form.replace(element.photo.url, "")
    assert 'name="photo-clear"' not in form and ">清除<" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("streets:element_photo_remove", args=[element.pk]), {"reason": "拍成了隔壁的宣传栏"}
        )
    assert response.status_code == 302
    element.refresh_from_db()
    assert not element.photo and not default_storage.exists(name)
    html = history(client, editor, street)
    assert "删除照片" in html and "拍成了隔壁的宣传栏" in html


def test_deleting_a_street_page_takes_its_elements_photos_with_it(
    street, home_page, django_capture_on_commit_callbacks
):
    kept_elsewhere = ElementFactory(street=make_street(home_page, TownshipFactory()))
    names = [ElementFactory(street=street).photo.name for _ in range(2)]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        street.delete()  # the elements go by cascade
    assert not any(default_storage.exists(name) for name in names)
    assert default_storage.exists(kept_elsewhere.photo.name)


def test_milestones_are_edited_and_deleted_and_walls_deleted_with_their_reasons(
    client, street, officer, editor
):
    from wagtail.models import ModelLogEntry

    milestone = MilestoneFactory(street=street, title="墙面粉刷")
    wall = WallFactory(township=street.township, village="东关村")
    client.force_login(officer)
    edit = client.get(reverse("streets:milestone_edit", args=[milestone.pk])).content.decode()
    assert reverse("streets:milestone_delete", args=[milestone.pk]) in edit
    client.post(reverse("streets:milestone_delete", args=[milestone.pk]), {"reason": "与上一节点重复"})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    client.post(reverse("streets:wall_delete", args=[wall.pk]), {"reason": "村委会改建，墙已拆除"})
    entry = ModelLogEntry.objects.get(action="streets.delete_wall")
    assert entry.user == officer and entry.data["reason"] == "村委会改建，墙已拆除"
    html = history(client, editor, street)
    assert "删除建设节点“墙面粉刷”" in html and "与上一节点重复" in html


def test_another_townships_officer_cannot_retire_or_remove(client, street, township):
    element = ElementFactory(street=street)
    wall = WallFactory(township=township)
    stranger = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory())
    client.force_login(stranger)
    for url in (
        reverse("streets:element_retire", args=[element.pk]),
        reverse("streets:element_delete", args=[element.pk]),
        reverse("streets:element_photo_remove", args=[element.pk]),
        reverse("streets:wall_delete", args=[wall.pk]),
    ):
        assert client.post(url, {"reason": "想删"}).status_code == 404
    element.refresh_from_db()
    assert element.retired_on is None and element.photo


def test_status_changes_are_in_the_street_history_with_who_and_why(client, street, officer, editor):
    reviewer = UserFactory(username="reviewer", first_name="王审", roles=[roles.REVIEWER])
    services.start_building(street.pk, officer)
    type(street).objects.filter(pk=street.pk).update(status="requested")
    services.send_back(street.pk, reviewer, "缺少消防器材展示区")
    html = history(client, editor, street)
    assert "文化街开始建设" in html and "李乡" in html
    assert "文化街退回整改" in html and "缺少消防器材展示区" in html and "王审" in html


def test_townships_are_reminded_once_of_elements_that_fall_due(street, officer):
    due = ElementFactory(street=street, installed_on=timezone.localdate() - LONG_AGO)
    ElementFactory(street=street)  # not yet due
    retired = ElementFactory(street=street, installed_on=timezone.localdate() - LONG_AGO)
    services.retire_element(retired.pk, officer, "已拆除")
    assert tasks.remind_due_elements() == 1
    assert tasks.remind_due_elements() == 0  # idempotent
    message = Notification.objects.get(key__startswith="streets:due:")
    assert message.to == officer.email and due.name in message.subject
    assert reverse("streets:element_maintenance", args=[due.pk]) in message.body


def test_the_overdue_list_and_export_name_the_elements(client, street, officer):
    late = ElementFactory(street=street, name="防火公约栏", installed_on=timezone.localdate() - LONG_AGO)
    ElementFactory(street=street, name="新装的标语")
    client.force_login(officer)
    page = client.get(reverse("streets:manage_overdue")).content.decode()
    assert "防火公约栏" in page and "新装的标语" not in page
    assert reverse("streets:element_maintenance", args=[late.pk]) in page
    csv_text = client.get(reverse("streets:manage_export", args=["csv"]) + "?table=overdue").content.decode(
        "utf-8-sig"
    )
    assert "防火公约栏" in csv_text and "新装的标语" not in csv_text
    xlsx = client.get(reverse("streets:manage_export", args=["xlsx"]))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content))["逾期未检查元素"]
    assert any("防火公约栏" in str(cell.value) for row in sheet.iter_rows() for cell in row)


def test_the_street_page_gives_each_element_one_clear_action(client, street, officer):
    ElementFactory(street=street, installed_on=timezone.localdate() - LONG_AGO, name="逾期的")
    ElementFactory(street=street, name="正常的")
    client.force_login(officer)
    html = client.get(reverse("streets:manage_street", args=[street.pk])).content.decode()
    assert html.count('class="button element-action"') == 1  # the overdue one: inspect
    assert html.count('class="button button--secondary element-action"') == 1  # the other: edit
    assert html.count('class="more-actions"') == 2
