"""Everything that changes venue data under concurrency, each in one transaction."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from venues.models import HazardReport, HazardReportEvent, PosterBatch, PosterBatchItem, Venue
from venues.models.posters import BatchStatus
from venues.models.reports import ReportStatus
from venues.permissions import can_handle_report

# Posters of one batch are rendered in chunks of this many, one task each, so that
# every worker of the cluster can take part.
BATCH_CHUNK = 25


class TransitionError(Exception):
    pass


def create_report(venue, data):
    report = HazardReport.objects.create(
        venue=venue,
        kind=data["kind"],
        description=data["description"],
        photo=data.get("photo") or "",
        phone=data.get("phone") or "",
    )
    HazardReportEvent.objects.create(report=report, from_status="", to_status=ReportStatus.NEW)
    transaction.on_commit(lambda: _enqueue("venues.tasks.notify_new_report", report.pk))
    return report


def transition_report(report_id, user, to_status, note=""):
    """Move a report along new → verified → rectified/rejected, recording who and when."""
    with transaction.atomic():
        report = HazardReport.objects.select_for_update().get(pk=report_id)
        if not can_handle_report(user, report):
            raise PermissionError
        if to_status not in report.allowed_transitions():
            raise TransitionError(
                _("举报当前状态为“%(status)s”，不能改为“%(target)s”。")
                % {"status": report.get_status_display(), "target": ReportStatus(to_status).label}
            )
        HazardReportEvent.objects.create(
            report=report, from_status=report.status, to_status=to_status, user=user, note=note
        )
        report.status = to_status
        if note:
            report.public_reply = note
        report.save(update_fields=["status", "public_reply", "updated_at"])
    return report


def mark_printed(venue_id, version):
    """Remember which content version the latest poster shows (never going backwards)."""
    # The condition is part of the UPDATE, so a slower batch that printed an older version
    # cannot overwrite a newer one, whatever order the two finish in.
    Venue.objects.filter(
        Q(printed_version__isnull=True) | Q(printed_version__lte=version), pk=venue_id
    ).update(printed_version=version, printed_at=timezone.now())


def start_poster_batch(user, venues, sizes, formats, township=None):
    """Create a batch with one item per poster, then enqueue its chunks after commit."""
    with transaction.atomic():
        batch = PosterBatch.objects.create(
            created_by=user, township=township, sizes=sorted(sizes), formats=sorted(formats)
        )
        items = []
        for venue in venues.prefetch_related("zones"):
            targets = [None, *venue.zones.all()]
            for zone in targets:
                for size in batch.sizes:
                    for fmt in batch.formats:
                        items.append(
                            PosterBatchItem(batch=batch, venue=venue, zone=zone, size=size, format=fmt)
                        )
        for index, item in enumerate(items):
            item.chunk = index // BATCH_CHUNK
        PosterBatchItem.objects.bulk_create(items)
        batch.total = len(items)
        batch.save(update_fields=["total"])
        transaction.on_commit(lambda: enqueue_batch(batch.pk))
    return batch


def enqueue_batch(batch_id):
    """(Re)start every chunk that still has posters to render; finished ones are skipped."""
    chunks = (
        PosterBatchItem.objects.filter(batch_id=batch_id, file="").values_list("chunk", flat=True).distinct()
    )
    chunks = sorted(set(chunks))
    if not chunks:
        _enqueue("venues.tasks.finish_poster_batch", batch_id)
    for chunk in chunks:
        _enqueue("venues.tasks.render_poster_chunk", batch_id, chunk)


def retry_batch(batch_id):
    with transaction.atomic():
        batch = PosterBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == BatchStatus.DONE:
            return batch
        batch.status = BatchStatus.PENDING
        batch.error = ""
        if not batch.archive:
            batch.finished_at = None  # a finisher that died before writing the ZIP
        batch.save(update_fields=["status", "error", "finished_at"])
        transaction.on_commit(lambda: enqueue_batch(batch_id))
    return batch


def record_item(item, name, content, version):
    """Store one rendered poster unless a concurrent retry already did.

    One conditional UPDATE decides the winner: no read-then-write transaction, which
    SQLite would refuse under concurrent writers and PostgreSQL does not need.
    """
    field = PosterBatchItem._meta.get_field("file")
    stored = field.storage.save(field.generate_filename(item, name), content)
    won = PosterBatchItem.objects.filter(pk=item.pk, file="").update(file=stored, content_version=version)
    if not won:
        field.storage.delete(stored)
        return False
    PosterBatch.objects.filter(pk=item.batch_id, status=BatchStatus.PENDING).update(
        status=BatchStatus.RUNNING
    )
    return True


def _enqueue(func, *args):
    from django_q.tasks import async_task

    async_task(func, *args)
