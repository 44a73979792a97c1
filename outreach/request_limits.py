"""What one request may send: a cap on every body, and per-address limits on public forms.

Bodies. Django reads a POST body before any view runs (the CSRF check parses it), and a
file part goes to memory or a temporary file whatever its size: Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out. So every request body has a cap here,
refused with 413 from its Content-Length before a byte of it is read:
PUBLIC_POST_MAX_BYTES for a visitor who is not signed in (a public form takes one photo),
SIGNED_IN_POST_MAX_BYTES for anyone signed in (six drill photos), and Wagtail's own
document or image limit (+1 MB for the form around the file) on the admin's document and
image screens for those who may add or change them. A body that comes without a
Content-Length is cut off as soon as more than the cap has been read. (Under gunicorn's
WSGI, Django reads nothing of such a body at all; an ASGI server's handler would spool a
body whole before any middleware runs, which only the proxy's client_max_body_size stops.)
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from outreach.http import rate_count, rate_key, rate_seen

BODY_METHODS = {"POST", "PUT", "PATCH"}
MB = 1024 * 1024
# The form fields sent along with a file (title, tags, collection, CSRF token).
FORM_SLACK = MB
# Wagtail admin screens with their own upload limit: (URL name of the index, setting,
# permissions any one of which allows it).
ADMIN_UPLOADS = [
    (
        "wagtaildocs:index",
        "WAGTAILDOCS_MAX_UPLOAD_SIZE",
        ("wagtaildocs.add_document", "wagtaildocs.change_document"),
    ),
    (
        "wagtailimages:index",
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
        ("wagtailimages.add_image", "wagtailimages.change_image"),
    ),
]


def public_post_max_bytes():
    return getattr(settings, "PUBLIC_POST_MAX_BYTES", settings.UPLOAD_MAX_BYTES + FORM_SLACK)


def signed_in_post_max_bytes():
    return getattr(settings, "SIGNED_IN_POST_MAX_BYTES", 6 * settings.UPLOAD_MAX_BYTES + FORM_SLACK)


def body_cap(request):
    """The most bytes this request's body may have."""
    user = request.user
    if not user.is_authenticated:
        return public_post_max_bytes()
    cap = signed_in_post_max_bytes()
    for url_name, setting, permissions in ADMIN_UPLOADS:
        limit = getattr(settings, setting, None)
        if not limit or limit + FORM_SLACK <= cap:
            continue
        try:
            prefix = reverse(url_name)
        except NoReverseMatch:
            continue
        if request.path.startswith(prefix) and any(user.has_perm(p) for p in permissions):
            cap = limit + FORM_SLACK
    return cap


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class BodyTooLarge(RequestDataTooBig):
    pass


class CappedStream:
    """The request's stream, refusing to give more than `cap` bytes in all."""

    def __init__(self, stream, cap, request):
        self.stream, self.remaining, self.request = stream, cap, request

    def _take(self, data):
        self.remaining -= len(data)
        if self.remaining < 0:
            self.request.body_cut_off = True
            raise BodyTooLarge("request body over the cap")
        return data

    def read(self, size=-1):
        if size is None or size < 0:
            # Never more than one byte past the cap, whatever the caller asked for.
            return self._take(self.stream.read(self.remaining + 1))
        return self._take(self.stream.read(min(size, self.remaining + 1)))

    def readline(self, size=-1):
        limit = self.remaining + 1 if size is None or size < 0 else min(size, self.remaining + 1)
        return self._take(self.stream.readline(limit))

    def __iter__(self):
        while line := self.readline():
            yield line

    def close(self):
        close = getattr(self.stream, "close", None)
        if close:
            close()


def too_large(request, cap):
    return render(request, "413.html", {"limit_mb": max(1, cap // MB)}, status=413)


class RequestBodyLimitMiddleware:
    """Put after AuthenticationMiddleware (the cap depends on who is signed in) and before
    anything reads the body; the CSRF check reads it in process_view, which runs later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in BODY_METHODS:
            return self.get_response(request)
        cap = body_cap(request)
        if _content_length(request) > cap:
            return too_large(request, cap)
        if hasattr(request, "_stream"):
            request._stream = CappedStream(request._stream, cap, request)
        response = self.get_response(request)
        if getattr(request, "body_cut_off", False):
            return too_large(request, cap)
        return response


# How often one address may post to a public form ----------------------------------------
#
# Checked before anything of the body is read, and every POST counts, valid or not: a
# limit counted only once a form had validated let refused forms (each with a photo to
# decode) be sent in a loop.

# Refused forms an address may send per stored item allowed, before even those are refused.
ATTEMPTS_PER_STORED = 4
TOO_OFTEN = _lazy("提交太频繁，请一小时后再试。")


class PostLimit:
    """A public form's hourly limit per visitor address; use it as the view's decorator.

    `counts="posts"`: at most `per_hour` POSTs (the booking form). `counts="stored"`: at
    most `per_hour` stored items, which the view counts with `count_stored()` once the
    form is valid, and at most ATTEMPTS_PER_STORED times as many POSTs of any kind. A
    setting named by `setting` overrides `per_hour`.

    The decorated view is CSRF-exempt to the middleware (whose check reads the body) and
    CSRF-protected inside, after the limit: a refused visitor's body is never parsed, so
    no upload of theirs is stored in a temporary file or decoded.
    """

    def __init__(self, scope, per_hour, *, setting=None, counts="posts", message=TOO_OFTEN):
        if counts not in ("posts", "stored"):
            raise ValueError(counts)
        self.scope, self.default, self.setting, self.counts, self.message = (
            scope,
            per_hour,
            setting,
            counts,
            message,
        )

    def per_hour(self):
        return getattr(settings, self.setting, self.default) if self.setting else self.default

    def _key(self, request, what):
        return rate_key(request, f"{self.scope}:{what}")

    def refused(self, request):
        """Count this POST; whether the visitor is over the limit (nothing read yet)."""
        limit = self.per_hour()
        posts = rate_count(self._key(request, "posts"))
        if self.counts == "posts":
            return posts > limit
        return posts > limit * ATTEMPTS_PER_STORED or rate_seen(self._key(request, "stored")) >= limit

    def count_stored(self, request):
        """Count an item about to be stored; True when that is one too many (two posts
        that passed the first check together: the atomic increment settles it)."""
        return rate_count(self._key(request, "stored")) > self.per_hour()

    def response(self, request):
        return render(
            request,
            "429.html",
            {"message": self.message, "back": request.get_full_path()},
            status=429,
        )

    def __call__(self, view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST" and self.refused(request):
                return self.response(request)
            return protected(request, *args, **kwargs)

        return limited
