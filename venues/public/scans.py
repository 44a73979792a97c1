"""Scan counting: one number per venue per day, and nothing about who scanned.

Counts are buffered in the process and written at most every few seconds, so a busy
landing page costs no database write per request. A crash loses at most that window.
"""

import atexit
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

# Crawlers, link previews (WeChat, QQ, chat apps), monitors and command-line tools.
NOT_A_PERSON = re.compile(
    r"bot|spider|crawl|slurp|preview|fetch|curl|wget|python|httpclient|http-client|okhttp|java/|"
    r"go-http|libwww|headless|lighthouse|facebookexternalhit|whatsapp|telegram|slack|discord|"
    r"qq-url-manager|tencenttraveler|wechatshare|wxwork-preview|mqqbrowser-preview|yisouspider|"
    r"sogou|360spider|monitor|uptime|check_http|zgrab|scanner",
    re.IGNORECASE,
)

_lock = threading.Lock()
_pending = Counter()
_last_flush = time.monotonic()


def is_person(request):
    """Only a real GET from a browser counts: not HEAD, not bots, not prefetches."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or NOT_A_PERSON.search(agent):
        return False
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return "prefetch" not in purpose and "preview" not in purpose


def record_scan(venue_id):
    global _last_flush
    interval = getattr(settings, "VENUES_SCAN_FLUSH_SECONDS", 10)
    with _lock:
        _pending[(venue_id, timezone.localdate())] += 1
        due = time.monotonic() - _last_flush >= interval
        if due:
            _last_flush = time.monotonic()
    if due:
        flush()


def flush():
    from venues.models import Venue, VenueScanDay

    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if not batch:
        return
    # A venue deleted since its scans were counted takes its counts with it.
    existing = set(Venue.objects.filter(pk__in={key[0] for key in batch}).values_list("pk", flat=True))
    for (venue_id, day), count in batch.items():
        if venue_id not in existing:
            continue
        try:
            updated = VenueScanDay.objects.filter(venue_id=venue_id, day=day).update(count=F("count") + count)
            if not updated:
                try:
                    with transaction.atomic():
                        VenueScanDay.objects.create(venue_id=venue_id, day=day, count=count)
                except IntegrityError:
                    VenueScanDay.objects.filter(venue_id=venue_id, day=day).update(count=F("count") + count)
        except Exception:
            # Keep the counts for the next flush rather than losing them to a hiccup.
            logger.exception("could not write scan counts")
            with _lock:
                _pending[(venue_id, day)] += count


atexit.register(flush)
