"""A damage report and its e-mails are written together, and someone is always told."""

import pytest
from django.db import transaction
from django.urls import reverse

from outreach import notify, roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory
from venues.streets import services, tasks
from venues.streets.models import DamageReport

from .factories import ElementFactory, make_street

pytestmark = pytest.mark.django_db

REPORT = {"kind": "damaged", "description": "宣传栏玻璃碎了", "phone": ""}


@pytest.fixture
def township(db):
    return TownshipFactory(name="城关镇", code="chengguan")


@pytest.fixture
def element(home_page, township):
    return ElementFactory(street=make_street(home_page, township), name="家庭防火宣传栏")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", email="team@example.com", roles=[roles.EDITOR])


def post(client, element):
    return client.post(
        reverse("streets:report", args=[element.code]), {**REPORT, "website": ""}, REMOTE_ADDR="10.0.0.7"
    )


def recipients():
    return sorted(Notification.objects.values_list("to", flat=True))


def test_the_outbox_row_exists_when_the_reports_transaction_ends(client, element, township, editor):
    UserFactory(username="cg", email="cg@example.com", roles=[roles.TOWNSHIP_OFFICER], township=township)
    response = post(client, element)
    report = DamageReport.objects.get()
    assert response.status_code == 302
    # No on-commit callback has run: the row was written with the report, not by a job.
    row = Notification.objects.get()
    assert row.to == "cg@example.com" and row.status == Notification.PENDING
    assert row.key == f"streets:report:{report.pk}:new:cg@example.com"
    assert report.lookup_code in row.body and "家庭防火宣传栏" in row.subject


def test_a_failure_after_the_report_rolls_back_the_report_and_its_messages(element, editor):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_report(element, REPORT)
        assert Notification.objects.count() == 1  # written inside the transaction
        raise RuntimeError("the request failed after the report was stored")
    assert not DamageReport.objects.exists()
    assert not Notification.objects.exists()


def test_a_failing_outbox_stores_no_report(element, editor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(notify, "queue", broken)
    with pytest.raises(RuntimeError):
        services.create_report(element, REPORT)
    assert not DamageReport.objects.exists()


def test_a_township_without_an_officer_goes_to_the_publicity_team(client, element, township, editor):
    other = TownshipFactory(name="七贤镇", code="qixian")
    UserFactory(username="qx", email="qx@example.com", roles=[roles.TOWNSHIP_OFFICER], township=other)
    UserFactory(
        username="old",
        email="old@example.com",
        roles=[roles.TOWNSHIP_OFFICER],
        township=township,
        is_active=False,
    )
    UserFactory(username="noaddr", email="", roles=[roles.TOWNSHIP_OFFICER], township=township)
    UserFactory(username="reviewer", email="rv@example.com", roles=[roles.REVIEWER])
    post(client, element)
    assert recipients() == ["team@example.com"]


def test_with_no_officer_and_no_team_the_administrators_are_told(element):
    UserFactory(username="root", email="root@example.com", is_superuser=True)
    services.create_report(element, REPORT)
    assert recipients() == ["root@example.com"]


def test_the_message_is_sent_once_after_commit(client, element, editor, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        post(client, element)
    assert [m.to for m in mail.outbox] == [["team@example.com"]]
    assert notify.send_pending() == 0
    assert Notification.objects.get().status == Notification.SENT


def test_a_job_queued_by_an_earlier_version_puts_the_mail_in_the_outbox_once(element, editor):
    report = DamageReport.objects.create(element=element, kind="faded", description="褪色")
    assert tasks.notify_new_report(report.pk) == 1
    assert tasks.notify_new_report(report.pk) == 1
    assert recipients() == ["team@example.com"]
    assert tasks.notify_new_report(report.pk + 1000) == 0


def test_no_part_of_the_streets_sends_a_message_around_the_outbox():
    from pathlib import Path

    import venues.streets

    for path in Path(venues.streets.__file__).parent.rglob("*.py"):
        source = path.read_text()
        for call in ("send_mail", "send_mass_mail", "EmailMessage", "mail_admins", "sms_backend"):
            assert call not in source, f"{path.name} uses {call}: queue the message with outreach.notify"
