"""Writes of the campaigns app that must hold under concurrent requests."""

from django.db import IntegrityError, transaction
from django.db.models import F

from campaigns.models import ResourceDownloads


def record_download(page):
    """Count one download of a resource; concurrent downloads are all counted."""
    with transaction.atomic():
        updated = ResourceDownloads.objects.filter(page_id=page.pk).update(count=F("count") + 1)
        if updated:
            return
        try:
            # The first download creates the row; a racing first download gets an
            # IntegrityError and falls back to the locked increment below.
            with transaction.atomic():
                ResourceDownloads.objects.create(page_id=page.pk, count=1)
                return
        except IntegrityError:
            pass
        row = ResourceDownloads.objects.select_for_update().get(page_id=page.pk)
        row.count = F("count") + 1
        row.save(update_fields=["count"])
