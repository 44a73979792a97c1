"""Small request helpers shared by the apps."""

from django.conf import settings


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


def over_rate_limit(request, name, limit, seconds=3600):
    """True when this visitor has made more than `limit` requests named `name` in the
    current window of `seconds`. Only a keyed hash of the address is kept, as a cache key
    that expires with the window."""
    import hashlib
    import time

    from django.core.cache import cache

    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    key = f"rate:{name}:{digest}:{int(time.time()) // seconds}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return False
