"""Background jobs of the venues app, run by the django-q2 cluster. All safe to retry."""

import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from venues import services
from venues.models import PosterBatch, PosterBatchItem, Venue
from venues.models.posters import BatchStatus
from venues.posters.render import layout_poster, poster_characters, render_layout, warm_pdf_fonts

logger = logging.getLogger(__name__)


def resume_stalled_batches():
    """Every minute (migration 0004): resume poster batches a dead worker left behind."""
    return services.resume_stalled_batches()


def render_poster_chunk(batch_id, chunk):
    """Render the posters of one chunk that are not rendered yet, then try to finish."""
    items = list(
        PosterBatchItem.objects.filter(batch_id=batch_id, chunk=chunk, file="")
        .select_related("zone")
        .order_by("pk")
    )
    try:
        venues = Venue.objects.with_prompts().in_bulk({item.venue_id for item in items})
        pdf_items = [item for item in items if item.format == "pdf"]
        if pdf_items:
            # One font subset for the whole chunk instead of one rebuild per new character.
            warm_pdf_fonts(set().union(*(poster_characters(venues[i.venue_id], i.zone) for i in pdf_items)))
        layouts = {}  # a venue's PNG and PDF of one size share their layout
        for item in items:
            venue = venues[item.venue_id]
            key = (item.venue_id, item.zone_id, item.size)
            if key not in layouts:
                layouts[key] = layout_poster(venue, item.zone, item.size)
            data = render_layout(layouts[key], item.size, item.format)
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
