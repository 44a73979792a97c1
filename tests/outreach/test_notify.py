"""The outbox: a message is kept until sent, sent once however often it is queued or run."""

import pytest
from django.core import mail
from django.test import override_settings

from outreach import notify
from outreach.models import Notification

pytestmark = pytest.mark.django_db


def test_queued_message_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue("test:1", "a@example.com", "正文", subject="标题")
    assert [m.subject for m in mail.outbox] == ["标题"]
    assert Notification.objects.get(key="test:1").status == Notification.SENT


def test_same_key_twice_and_job_twice_send_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue("test:2", "a@example.com", "一")
        notify.queue("test:2", "a@example.com", "二")
    notify.send_pending()
    notify.send_one(Notification.objects.get().pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body == "一"


def test_message_whose_task_was_lost_is_sent_by_the_schedule(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify.queue("test:3", "a@example.com", "丢失的任务")
    assert mail.outbox == []
    assert notify.send_pending() == 1
    assert len(mail.outbox) == 1


def test_failed_send_is_kept_and_retried(django_capture_on_commit_callbacks, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(notify, "send_mail", boom)
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue("test:4", "a@example.com", "稍后重试")
    row = Notification.objects.get()
    assert (row.status, row.attempts, row.last_error) == (Notification.PENDING, 1, "smtp down")
    monkeypatch.undo()
    assert notify.send_pending() == 1
    assert len(mail.outbox) == 1


@override_settings(SMS_BACKEND="tests.outreach.test_notify.RecordingSms")
def test_sms_goes_through_the_configured_backend(django_capture_on_commit_callbacks):
    RecordingSms.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue("test:5", "13812345678", "您的预约已确认", channel=Notification.SMS)
    assert RecordingSms.sent == [("13812345678", "您的预约已确认")]
    assert mail.outbox == []


class RecordingSms:
    sent = []

    def send(self, to, text):
        self.sent.append((to, text))
