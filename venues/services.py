"""Everything that changes venue data under concurrency, each in one transaction."""

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outreach import access, notify, roles
from outreach.siteurl import absolute
from venues import audit
from venues.models import HazardReport, HazardReportEvent, PosterBatch, PosterBatchItem, Venue
from venues.models.posters import BatchStatus, stalled_since
from venues.models.reports import ReportStatus
from venues.permissions import can_handle_report

# Posters of one batch are rendered in chunks of this many, one task each, so that
# every worker of the cluster can take part.
BATCH_CHUNK = 25


class TransitionError(Exception):
    pass


def notify_new_report(report_id):
    """Queue an e-mail to each officer of the venue's township (outreach.notify's outbox).

    Called inside the transaction that stores the report, so the report and its
    messages are saved together; the outbox then sends each once, even when a worker
    dies. Running it again queues nothing new (one key per report and officer).
    """
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
        context = {"report": report, "report_url": absolute(reverse("venues_admin:report", args=[report.pk]))}
        subject = render_to_string("venues/email/new_report_subject.txt", context).strip()
        body = render_to_string("venues/email/new_report.txt", context)
    for email in recipients:
        notify.queue(f"venues:report:{report.pk}:new:{email}", email, body, subject=subject)
    return len(recipients)


def create_report(venue, data):
    """Store a report and queue its e-mails in one transaction: neither without the other."""
    with transaction.atomic():
        report = HazardReport.objects.create(
            venue=venue,
            kind=data["kind"],
            description=data["description"],
            photo=data.get("photo") or "",
            phone=data.get("phone") or "",
        )
        HazardReportEvent.objects.create(report=report, from_status="", to_status=ReportStatus.NEW)
        notify_new_report(report.pk)
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
        audit.log_transition(report, report.status, to_status, user, note)
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
        chunk_size = getattr(settings, "VENUES_BATCH_CHUNK", BATCH_CHUNK)
        for index, item in enumerate(items):
            item.chunk = index // chunk_size
        PosterBatchItem.objects.bulk_create(items)
        batch.total = len(items)
        batch.progress_at = timezone.now()
        batch.save(update_fields=["total", "progress_at"])
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
        batch.progress_at = timezone.now()
        if not batch.archive:
            batch.finished_at = None  # a finisher that died before writing the ZIP
        batch.save(update_fields=["status", "error", "finished_at", "progress_at"])
        transaction.on_commit(lambda: enqueue_batch(batch_id))
    return batch


def resume_stalled_batches():
    """The watchdog (a django-q2 schedule, every minute): restart what a dead worker left.

    A worker killed mid-batch (kill -9, a lost machine, a broker that never redelivers)
    leaves its batch "生成中" with no progress. Each stalled batch is claimed under its
    row lock (skipping ones another watchdog holds), its clock reset, and its unfinished
    chunks enqueued again after commit; posters already stored are skipped and a poster
    rendered twice is stored once (record_item), so resuming never duplicates anything.
    Failed batches wait for a person: their error may need fixing first.
    """
    resumed = []
    with transaction.atomic():
        stalled = (
            PosterBatch.objects.select_for_update(skip_locked=True)
            .filter(status__in=[BatchStatus.PENDING, BatchStatus.RUNNING], archive="")
            .filter(
                Q(progress_at__lt=stalled_since())
                | Q(progress_at__isnull=True, created_at__lt=stalled_since())
            )
        )
        for batch in stalled:
            batch.progress_at = timezone.now()
            batch.finished_at = None  # a finisher that died before writing the ZIP
            batch.save(update_fields=["progress_at", "finished_at"])
            resumed.append(batch.pk)
        for batch_id in resumed:
            transaction.on_commit(lambda batch_id=batch_id: enqueue_batch(batch_id))
    return resumed


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
    PosterBatch.objects.filter(pk=item.batch_id).update(
        progress_at=timezone.now(),
        status=Case(When(status=BatchStatus.PENDING, then=Value(BatchStatus.RUNNING)), default=F("status")),
    )
    return True


def _enqueue(func, *args):
    from django_q.tasks import async_task

    async_task(func, *args)
