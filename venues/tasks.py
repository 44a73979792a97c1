"""Background jobs of the venues app, run by the django-q2 cluster. All safe to retry."""

import io
import logging
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outreach import access, roles
from venues import services
from venues.models import HazardReport, PosterBatch, PosterBatchItem, Venue
from venues.models.posters import BatchStatus
from venues.posters import render_poster

logger = logging.getLogger(__name__)


def notify_new_report(report_id):
    """E-mail the officers of the venue's township; the admin inbox lists the report anyway."""
    report = HazardReport.objects.select_related("venue__township").get(pk=report_id)
    officers = (
        access.holders(roles.TOWNSHIP_OFFICER, township_id=report.venue.township_id)
        .filter(is_active=True)
        .exclude(email="")
    )
    recipients = sorted({user.email for user in officers})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"report": report, "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
        subject = render_to_string("venues/email/new_report_subject.txt", context).strip()
        body = render_to_string("venues/email/new_report.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)


def render_poster_chunk(batch_id, chunk):
    """Render the posters of one chunk that are not rendered yet, then try to finish."""
    items = (
        PosterBatchItem.objects.filter(batch_id=batch_id, chunk=chunk, file="")
        .select_related("zone")
        .order_by("pk")
    )
    venues = {}
    try:
        for item in items:
            venue = venues.get(item.venue_id)
            if venue is None:
                venue = venues[item.venue_id] = Venue.objects.with_prompts().get(pk=item.venue_id)
            data = render_poster(venue, item.zone, item.size, item.format)
            name = f"{batch_id}-{item.pk}.{item.format}"
            if services.record_item(item, name, ContentFile(data), venue.content_version):
                services.mark_printed(venue.pk, venue.content_version)
    except Exception as error:
        PosterBatch.objects.filter(pk=batch_id).update(status=BatchStatus.FAILED, error=str(error)[:2000])
        raise
    finish_poster_batch(batch_id)


def finish_poster_batch(batch_id):
    """Build the ZIP once every poster is there. Exactly one finisher does it."""
    if PosterBatchItem.objects.filter(batch_id=batch_id, file="").exists():
        return False
    # Claim the batch with one conditional UPDATE: the one that sets finished_at builds.
    claimed = PosterBatch.objects.filter(pk=batch_id, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    if not claimed:
        return False
    batch = PosterBatch.objects.get(pk=batch_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for item in batch.items.select_related("venue__township", "zone").order_by("pk"):
            with item.file.open("rb") as handle:
                archive.writestr(zip_name(item), handle.read())
    field = PosterBatch._meta.get_field("archive")
    stored = field.storage.save(
        field.generate_filename(batch, f"posters-{batch.pk}.zip"), ContentFile(buffer.getvalue())
    )
    PosterBatch.objects.filter(pk=batch_id).update(archive=stored, status=BatchStatus.DONE, error="")
    return True


def zip_name(item):
    """Township folder, then venue (and zone) name; the code keeps names unique."""
    venue = item.venue
    zone = f"-{item.zone.name}" if item.zone else ""
    safe = "".join(ch for ch in f"{venue.name}{zone}" if ch not in '\\/:*?"<>|')
    return f"{venue.township.name}/{safe}-{venue.code}{f'-{item.zone_id}' if item.zone else ''}-{item.size}.{item.format}"
