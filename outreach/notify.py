"""Messages to people (e-mail, SMS), kept in an outbox until they are sent.

    notify.queue("booking:12:approved", booking.email, subject, body)

`queue` writes a row inside the caller's transaction; after commit a task sends it, and a
schedule (every minute) sends whatever is still pending, so a worker killed mid-job, a
broker that lost the task or an SMTP server that was down loses nothing. Each row is sent
under its row lock and marked sent in the same transaction, and the key is unique, so a
message queued twice or a job run twice sends once. (A crash between the SMTP server
accepting a message and our commit would send it again on the next run; that window is
the length of one SMTP call.)

SMS goes through a backend named by the SMS_BACKEND setting: the default logs the
message; the county's gateway plugs in as a class with `send(to, text)`.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from outreach.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class LoggingSmsBackend:
    """Writes each SMS to the log instead of sending it (until the gateway is configured)."""

    def send(self, to, text):
        logger.info("SMS to %s: %s", to[:3] + "****" + to[-4:], text)


def sms_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "outreach.notify.LoggingSmsBackend"))()


def queue(key, to, body, subject="", channel=Notification.EMAIL):
    """Queue one message; the same key again is a no-op. Returns the Notification."""
    if not to:
        return None
    notification, created = Notification.objects.get_or_create(
        key=key[:200], defaults={"to": to, "subject": subject[:200], "body": body, "channel": channel}
    )
    if created:
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(pk):
    from django_q.tasks import async_task

    async_task("outreach.notify.send_one", pk)


def send_one(pk):
    """Send one pending message; False when it was sent already or is being sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=Notification.PENDING)
            .first()
        )
        if notification is None:
            return False
        notification.attempts += 1
        try:
            if notification.channel == Notification.SMS:
                sms_backend().send(notification.to, notification.body)
            else:
                send_mail(notification.subject, notification.body, None, [notification.to])
        except Exception as error:  # noqa: BLE001 - kept on the row and retried by the schedule
            logger.warning("notification %s not sent: %s", pk, error)
            notification.last_error = str(error)[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            return False
        notification.status = Notification.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at"])
        return True


def send_pending():
    """The schedule's job: send everything still pending. Safe to run in several workers."""
    sent = 0
    for pk in (
        Notification.objects.filter(status=Notification.PENDING).order_by("pk").values_list("pk", flat=True)
    ):
        sent += send_one(pk)
    return sent
