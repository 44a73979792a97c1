"""Response headers every page gets, the sign-in lockout page, and the proxy-count warning.

- Content-Security-Policy (django-csp): public pages get the strict policy of
  CONTENT_SECURITY_POLICY; the Wagtail admin (CSP_ADMIN_PATHS) gets CSP_ADMIN_DIRECTIVES,
  which allows the inline scripts and styles Wagtail's own screens use.
- Permissions-Policy: PERMISSIONS_POLICY switches off browser features the site never uses.
- TRUSTED_PROXY_COUNT set but requests arriving without that many X-Forwarded-For
  entries means the setting is wrong (every visitor would share a rate limit, or a
  visitor could pick their own address): logged as a warning, at most every 10 minutes.
"""

import functools
import logging
import time
from datetime import timedelta

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render

logger = logging.getLogger("outreach.security")

PROXY_WARNING_EVERY = 600  # seconds
_last_proxy_warning = 0.0


class SecurityHeadersMiddleware(CSPMiddleware):
    def process_request(self, request):
        super().process_request(request)
        check_proxy_chain(request)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            return PolicyParts(settings.CSP_ADMIN_DIRECTIVES, parts.update, parts.replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(settings, "PERMISSIONS_POLICY", ""):
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def uses_camera(view):
    """A view whose page scans QR codes with the phone's camera: the site switches the
    camera off everywhere (PERMISSIONS_POLICY); these pages turn it on for this origin."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
        return response

    return wrapper


def is_admin_path(path):
    return path.startswith(tuple(settings.CSP_ADMIN_PATHS))


def check_proxy_chain(request):
    """Warn when TRUSTED_PROXY_COUNT promises proxies that the request did not pass."""
    global _last_proxy_warning
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return False
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= trusted:
        return False
    now = time.monotonic()
    if now - _last_proxy_warning >= PROXY_WARNING_EVERY or not _last_proxy_warning:
        _last_proxy_warning = now
        logger.warning(
            "TRUSTED_PROXY_COUNT is %s but a request from %s came with %s X-Forwarded-For "
            "address(es): the proxy is missing or does not append the header, so visitor "
            "addresses (rate limits, sign-in lockouts) fall back to the connection's address.",
            trusted,
            request.META.get("REMOTE_ADDR", "?"),
            len(forwarded),
        )
    return True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes: too many wrong passwords for this user name from this address."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = None
    if cooloff:
        minutes = round(
            (cooloff if isinstance(cooloff, timedelta) else timedelta(hours=cooloff)).total_seconds() / 60
        )
    # Rendered here: axes returns it from middleware, after template responses render.
    return render(
        request,
        "outreach/locked_out.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
