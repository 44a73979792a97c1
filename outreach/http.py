"""Small request helpers shared by the apps: the visitor's address, per-visitor limits."""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


def client_address(request):
    """The visitor's IP address, seen through the number of proxies we trust.

    Behind a load balancer REMOTE_ADDR is the balancer's address for every visitor, so
    per-visitor limits would lump everyone together. With TRUSTED_PROXY_COUNT = n the
    address is the n-th entry from the right of X-Forwarded-For: the one our own
    nearest proxy saw. Entries further left are whatever the client claimed and are
    never trusted.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


# The largest id a 64-bit primary key holds; larger numbers overflow the database driver.
MAX_ID = 2**63 - 1


def parse_id(value):
    """`value` as a database id when it is one (a positive integer in range), else None.

    Ids arrive in query strings a visitor can edit: "abc", "-1" or twenty nines must
    lead to "no such thing", never to a database error.
    """
    text = str(value or "")
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# The days a screen may be asked about. Screens page a month either side of the day and
# roll figures up over years, so 0001-01-01 or 9999-12-31 would overflow Python's date;
# nothing the platform records is dated outside these years.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)


def parse_day(value, default):
    """A day from a query parameter (YYYY-MM-DD), and a message when it was not usable.

    Returns (day, None) for a real day within EARLIEST_DAY..LATEST_DAY, (default, None)
    when nothing was given, and (default, a Chinese message to show) for anything else:
    "2026-02-30", "abc", a NUL byte or year 1 are all answered with today's screen and
    a word about why, never with a server error.
    """
    text = str(value or "").strip()
    if not text:
        return default, None
    shown = text[:20]
    try:
        day = datetime.date.fromisoformat(text[:10]) if text[:10].isascii() else None
    except ValueError:
        day = None
    if day is None:
        return default, _("“%(value)s”不是有效日期（应写成 2026-05-01），已改用今天。") % {"value": shown}
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return default, _("日期 %(value)s 超出范围（%(first)s 至 %(last)s），已改用今天。") % {
            "value": shown,
            "first": EARLIEST_DAY.isoformat(),
            "last": LATEST_DAY.isoformat(),
        }
    return day, None


def rate_key(request, scope, period=3600):
    """The cache key counting this visitor's `scope` requests in the current window of
    `period` seconds. Only a keyed hash of the address is kept, and only for one window."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"rate:{scope}:{digest}:{int(time.time()) // period}"


def rate_count(key, period=3600):
    """Add one to a window's counter (atomically); the new count."""
    cache.add(key, 0, period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return 1


def rate_seen(key):
    """The window's count so far, without adding to it."""
    return cache.get(key) or 0


def over_rate_limit(request, scope, limit, period=3600):
    """Count this request; True when the visitor has made more than `limit` of them."""
    return rate_count(rate_key(request, scope, period), period) > limit
