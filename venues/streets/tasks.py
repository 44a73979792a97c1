"""Background jobs of the culture streets, run by the django-q2 cluster. Safe to retry.

A damage report's e-mails are outbox rows written with the report (services.create_report);
the outbox sends them. The job below remains only for reports stored by an earlier version,
whose job may still wait in the queue: it puts their e-mails in the outbox, once.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outreach.siteurl import absolute

from . import services
from .models import DamageReport


def notify_new_report(report_id):
    with transaction.atomic():
        report = (
            DamageReport.objects.select_related("element__street", "element__kind")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return 0
        return len(services.notify_new_report(report))


def remind_due_elements(today=None):
    """The daily job: tell each township of its elements that fell due for inspection.

    One outbox message per element, due date and address: run twice, or after a crash, it
    queues nothing new; the next cycle (after an inspection moves the date) reminds again.
    Returns the number of messages queued.
    """
    from django.db.models import Q

    from outreach import notify
    from outreach.models import Notification

    from .county import overdue_elements

    today = today or timezone.localdate()
    queued = 0
    by_township = {}
    for element in overdue_elements(Q(), today):
        by_township.setdefault(element.street.township_id, []).append(element)
    with transaction.atomic():
        for township_id, elements in by_township.items():
            recipients = services.report_recipients(township_id)
            for element in elements:
                due = element.inspection_due_on()
                with translation.override(settings.LANGUAGE_CODE):
                    context = {"element": element, "due": due, "site_url": absolute(""), "today": today}
                    subject = render_to_string("streets/email/due_subject.txt", context).strip()
                    body = render_to_string("streets/email/due.txt", context)
                for email in recipients:
                    key = f"streets:due:{element.pk}:{due.isoformat()}:{email}"
                    # The key is unique: queue() writes nothing when it is there already.
                    if not Notification.objects.filter(key=key).exists():
                        notify.queue(key, email, body, subject=subject)
                        queued += 1
    return queued
