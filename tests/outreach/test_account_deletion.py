"""Deleting an account, however it is deleted, forgets the person's messages and sign-in
records: pending messages cancelled, every message to them blanked, their sign-in
attempts and access log gone. Other people's rows are untouched."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from outreach import accounts, notify
from outreach.models import Notification
from tests.outreach.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in_records(username):
    now = timezone.now()
    AccessAttempt.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="x", failures_since_start=2, attempt_time=now
    )
    AccessFailureLog.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="x", attempt_time=now
    )
    AccessLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="x", attempt_time=now)


def count_sign_in_records(username):
    return sum(
        model.objects.filter(username=username).count()
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def test_deleting_an_account_forgets_its_messages_and_sign_ins():
    user = UserFactory(username="13900001111", email="li@example.com")
    other = UserFactory(username="13900002222", email="wang@example.com")
    pending = notify.queue("a:1", "LI@example.com", "您的预约已通过", subject="预约")
    sent = notify.queue("a:2", "13900001111", "明天见", channel=Notification.SMS)
    Notification.objects.filter(pk=sent.pk).update(status=Notification.SENT)
    kept = notify.queue("a:3", other.email, "给别人的")
    sign_in_records(user.username)
    sign_in_records(other.username)

    accounts.delete_account(user)

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    pending.refresh_from_db()
    sent.refresh_from_db()
    assert pending.status == Notification.CANCELLED
    assert sent.status == Notification.SENT
    for row in (pending, sent):
        assert (row.to, row.subject, row.body) == ("", "", "")
    assert notify.send_one(pending.pk) is False  # a cancelled message is never sent
    kept.refresh_from_db()
    assert (kept.to, kept.body, kept.status) == (other.email, "给别人的", Notification.PENDING)
    assert count_sign_in_records(user.username) == 0
    assert count_sign_in_records(other.username) == 3


def test_an_administrator_deleting_a_user_in_the_admin_forgets_the_same(client):
    user = UserFactory(username="13900003333", email="zhao@example.com")
    message = notify.queue("b:1", user.email, "通知正文")
    sign_in_records(user.username)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(reverse("wagtailusers_users:delete", args=[user.pk]))
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    message.refresh_from_db()
    assert (message.to, message.body, message.status) == ("", "", Notification.CANCELLED)
    assert count_sign_in_records(user.username) == 0
    # The admin's audit log still says an account was deleted, not whose mobile it was.
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(user.pk))
    assert entry.label == "已注销账号"
    assert not ModelLogEntry.objects.filter(label__contains="13900003333").exists()
