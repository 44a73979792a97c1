"""Counting hits (QR scans of venues, of culture-street plates…) per object per day.

    counters.register("venues.scan", write_scan_days)   # in the app's ready()
    counters.hit("venues.scan", venue.pk)               # in the view

`hit` is one atomic increment and never loses a count to a crashed or killed web
process:

- With Redis (COUNTERS_REDIS_URL, by default REDIS_URL) it is an HINCRBY on a hash in
  Redis, the same instance that holds the task queue (never evicted). `flush`, run every
  minute by a django-q2 schedule (migration outreach 0007), moves the counts into the
  app's table through the writer it registered. A web process killed mid-request loses
  nothing; Redis itself keeping nothing on disk, a Redis restart loses at most the last
  minute. (If the flusher dies after its database commit and before deleting the batch
  from Redis, that one batch is counted again on the next run: a window of one DELETE.)
- Without Redis the increment goes straight into the app's table (an UPDATE … SET
  count = count + n in the database), so there is nothing to flush.

A writer gets {(object_id, day): count} and must add (not set) the counts; objects that
no longer exist are skipped. `add_counts` below does that for the usual table shape.
"""

import contextlib
import logging
import uuid
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

_writers = {}
_clients = {}
LOCK_SECONDS = 120


def register(name, writer):
    _writers[name] = writer


def hit(name, object_id, amount=1, day=None):
    """Count `amount` hits on object `object_id` for `day` (today)."""
    day = day or timezone.localdate()
    client = redis_client()
    if client is not None:
        try:
            client.hincrby(_key(name), f"{object_id}:{day.isoformat()}", amount)
            return
        except Exception:  # noqa: BLE001 - Redis down: count in the database instead
            logger.warning("counter %s: Redis unavailable, writing to the database", name, exc_info=True)
    _writers[name]({(object_id, day): amount})


def flush(name=None):
    """Move the counts waiting in Redis into the apps' tables. Returns the hits moved."""
    client = redis_client()
    if client is None:
        return 0
    moved = 0
    for counter in [name] if name else list(_writers):
        lock = client.lock(_key(counter) + ":lock", timeout=LOCK_SECONDS)
        if not lock.acquire(blocking=False):
            continue  # another flusher is at it
        try:
            # Batches a flusher took and did not finish (it crashed) go first.
            for leftover in client.scan_iter(match=_key(counter) + ":flushing:*"):
                moved += _write_batch(client, counter, leftover)
            batch = f"{_key(counter)}:flushing:{uuid.uuid4().hex}"
            try:
                client.rename(_key(counter), batch)  # atomic: later hits start a new hash
            except Exception as error:  # noqa: BLE001 - redis raises ResponseError: no such key
                if "no such key" not in str(error).lower():
                    raise
                continue
            moved += _write_batch(client, counter, batch)
        finally:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
                lock.release()
    return moved


def _write_batch(client, counter, batch_key):
    raw = client.hgetall(batch_key)
    counts = {}
    for field, value in raw.items():
        object_id, _, day = field.decode().partition(":")
        counts[(int(object_id), date.fromisoformat(day))] = int(value)
    if counts:
        _writers[counter](counts)
    client.delete(batch_key)
    return sum(counts.values())


def add_counts(model, object_field, counts, exists=None):
    """Add {(object_id, day): n} to a table with (`object_field`, day, count) unique rows.

    `exists` is a queryset of the objects still there; counts of deleted ones are dropped.
    """
    ids = {object_id for object_id, _ in counts}
    if exists is not None:
        ids &= set(exists.filter(pk__in=ids).values_list("pk", flat=True))
    for (object_id, day), amount in counts.items():
        if object_id not in ids or amount <= 0:
            continue
        lookup = {f"{object_field}_id": object_id, "day": day}
        # One UPDATE … SET count = count + n: atomic on its own, one query per hit.
        if model.objects.filter(**lookup).update(count=F("count") + amount):
            continue
        try:
            with transaction.atomic():
                model.objects.create(**lookup, count=amount)
        except IntegrityError:  # created by a concurrent hit meanwhile
            model.objects.filter(**lookup).update(count=F("count") + amount)


def redis_client():
    url = getattr(settings, "COUNTERS_REDIS_URL", "")
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        import redis

        client = _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return client


def _key(name):
    return f"outreach:counter:{name}"
