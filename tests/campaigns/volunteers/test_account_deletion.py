"""A volunteer deleting their account (or an administrator deleting it): the service record
the law asks the organisation to keep stays (hours, event, date, who recorded them),
without the person; certificates are withdrawn and no longer name them; scans, messages
and sign-in records are gone."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Certificate, Qualification, Signup, Volunteer
from outreach import notify, roles
from outreach.models import Notification
from tests.outreach.factories import UserFactory

from .factories import TrainingFactory, VolunteerFactory, make_shift

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]

VALID = "11010519491231002X"


@pytest.fixture
def record(private_root):
    """A volunteer with confirmed hours, a certificate, a scan, messages and a sign-in log."""
    volunteer = VolunteerFactory(name="李雷")
    services.set_identity(volunteer, Volunteer.ID_RESIDENT, VALID)
    organiser = UserFactory(roles=[roles.EDITOR])
    shift = make_shift(hours=2)
    signup = services.sign_up(volunteer, shift)
    services.check_in(shift, signup.code, now=shift.starts_at)
    services.check_out(shift, signup.code, now=shift.ends_at)
    services.confirm_hours(signup, organiser)
    certificate = services.issue_certificate(
        volunteer,
        organiser,
        township_id=shift.event.township_id,
        issuer="修武县消防救援大队",
        handler="小王",
    )
    qualification = Qualification(
        volunteer=volunteer, training=TrainingFactory(), valid_until=date(2099, 1, 1)
    )
    qualification.document.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    pending = notify.queue("volunteers:test:mail", volunteer.email, "李雷，您好", subject="提醒")
    sms = notify.queue("volunteers:test:sms", volunteer.mobile, "李雷，明天见", channel=Notification.SMS)
    AccessLog.objects.create(
        username=volunteer.mobile, ip_address="10.0.0.1", user_agent="x", attempt_time=timezone.now()
    )
    return SimpleNamespace(
        volunteer=volunteer,
        organiser=organiser,
        signup=signup,
        certificate=certificate,
        scan=private_root / qualification.document.name,
        messages=[pending, sms],
    )


def assert_forgotten(record, client):
    volunteer = Volunteer.objects.get(pk=record.volunteer.pk)
    assert volunteer.deleted_at is not None and volunteer.user is None
    assert (volunteer.name, volunteer.mobile, volunteer.email, volunteer.id_number_encrypted) == (
        "",
        None,
        "",
        "",
    )
    # The service record stays: hours, shift, who confirmed them.
    signup = Signup.objects.get(pk=record.signup.pk)
    assert signup.volunteer_id == volunteer.pk and signup.hours == Decimal("2.0")
    assert signup.hours_status == Signup.HOURS_CONFIRMED and signup.hours_confirmed_by == record.organiser
    assert services.confirmed_hours() == Decimal("2.0")
    # The certificate is withdrawn: the public page no longer names the holder.
    certificate = Certificate.objects.get(pk=record.certificate.pk)
    assert certificate.withdrawn_at is not None and certificate.name == "" and certificate.masked_id == ""
    response = client.get(f"/volunteers/certificates/verify/{certificate.verify_code}/")
    body = response.content.decode()
    assert response.status_code == 410
    assert "已撤回" in body and "李雷" not in body and "110*" not in body and "真实有效" not in body
    client.force_login(record.organiser)
    assert client.get(f"/volunteers/certificates/{certificate.pk}.pdf").status_code == 404
    # Scan, messages and sign-in records are gone.
    assert not Qualification.objects.filter(volunteer=volunteer).exists()
    assert not record.scan.exists()
    for message in record.messages:
        message.refresh_from_db()
        assert (message.to, message.body, message.status) == ("", "", Notification.CANCELLED)
    assert not AccessLog.objects.filter(username=record.volunteer.mobile).exists()


def test_a_volunteer_deleting_their_account_leaves_only_the_service_record(
    client, record, django_capture_on_commit_callbacks
):
    verify = f"/volunteers/certificates/verify/{record.certificate.verify_code}/"
    assert "李雷" in client.get(verify).content.decode()
    client.force_login(record.volunteer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/volunteers/me/delete/", {"confirm": "1"})
    assert "已注销" in response.content.decode()
    client.logout()
    assert_forgotten(record, client)


def test_an_administrator_deleting_the_volunteers_sign_in_forgets_the_same(
    client, record, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailusers_users:delete", args=[record.volunteer.user.pk]))
    assert response.status_code == 302
    client.logout()
    assert_forgotten(record, client)


def test_the_migration_forgets_accounts_deleted_before(record, django_capture_on_commit_callbacks):
    """A sign-in deleted in the admin before this version left the volunteer's row whole."""
    from importlib import import_module

    migration = import_module("campaigns.volunteers.migrations.0007_certificate_withdrawn")
    user = record.volunteer.user
    Volunteer.objects.filter(pk=record.volunteer.pk).update(user=None)
    user.delete()  # today this forgets everything at once; undo that to stand for the old data
    Volunteer.objects.filter(pk=record.volunteer.pk).update(
        name="李雷", mobile="13900009999", email="li@example.com", deleted_at=None
    )
    Certificate.objects.filter(pk=record.certificate.pk).update(name="李雷", withdrawn_at=None)
    log = AccessLog.objects.create(
        username="13900009999", ip_address="10.0.0.1", user_agent="x", attempt_time=timezone.now()
    )
    message = notify.queue("volunteers:old:sms", "13900009999", "李雷，明天见", channel=Notification.SMS)
    with django_capture_on_commit_callbacks(execute=True):
        migration.forget_deleted_accounts(apps, SimpleNamespace(connection=connection))
    volunteer = Volunteer.objects.get(pk=record.volunteer.pk)
    assert volunteer.deleted_at is not None and volunteer.name == "" and volunteer.mobile is None
    certificate = Certificate.objects.get(pk=record.certificate.pk)
    assert certificate.name == "" and certificate.withdrawn_at is not None
    assert not AccessLog.objects.filter(pk=log.pk).exists()
    message.refresh_from_db()
    assert (message.to, message.status) == ("", Notification.CANCELLED)


def test_an_organisers_deleted_account_stays_on_the_record_as_the_recorder(record):
    record.organiser.first_name = "王"
    record.organiser.last_name = "小"
    record.organiser.save()
    record.organiser.delete()
    signup = Signup.objects.get(pk=record.signup.pk)
    assert signup.hours_confirmed_by is None
    assert signup.hours_confirmed_by_name == record.organiser.get_full_name()
    assert signup.hours == Decimal("2.0") and signup.hours_status == Signup.HOURS_CONFIRMED
    # The export of the service record still names who recorded the hours.
    from campaigns.volunteers.admin.views import _export_rows

    request = RequestFactory().get("/volunteers/manage/export.csv")
    request.user = UserFactory(is_superuser=True)
    [row] = _export_rows(request, None)
    assert record.organiser.get_full_name() in row
