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
