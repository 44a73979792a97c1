"""Background jobs of the culture streets, run by the django-q2 cluster. Safe to retry.

A damage report's e-mails are outbox rows written with the report (services.create_report);
the outbox sends them. The job below remains only for reports stored by an earlier version,
whose job may still wait in the queue: it puts their e-mails in the outbox, once.
"""

from django.db import transaction

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
