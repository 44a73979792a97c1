"""A cap on what a visitor who is not signed in may send in one request.

Django reads a POST body before any view runs (the CSRF check parses it), and a file part
goes to memory or a temporary file whatever its size. Public forms take at most one photo,
so a body larger than PUBLIC_POST_MAX_BYTES is refused with 413 from its Content-Length
header, before a byte of it is read. Signed-in staff (drill photos, the admin's documents)
are not capped here; their forms and Wagtail's own limits apply.
"""

from django.conf import settings
from django.shortcuts import render

BODY_METHODS = {"POST", "PUT", "PATCH"}


def public_post_max_bytes():
    return getattr(settings, "PUBLIC_POST_MAX_BYTES", settings.UPLOAD_MAX_BYTES + 1024 * 1024)


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class PublicBodyLimitMiddleware:
    """Put after AuthenticationMiddleware: it asks whether the visitor is signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS:
            limit = public_post_max_bytes()
            if _content_length(request) > limit and not request.user.is_authenticated:
                return render(
                    request,
                    "413.html",
                    {"limit_mb": max(1, limit // 1024 // 1024)},
                    status=413,
                )
        return self.get_response(request)
