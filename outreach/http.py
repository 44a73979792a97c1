"""Small request helpers shared by the apps: the visitor's address, per-visitor limits."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


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
