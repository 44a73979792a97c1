"""Public pages for anonymous visitors come from the cache; any content change clears it.

A Wagtail page marks itself cacheable while it is served (see wagtail_hooks); the
middleware then keeps the rendered HTML for PUBLIC_PAGE_CACHE_SECONDS per address and
language (0 turns the cache off; the test settings do, so query counts stay meaningful).
Publishing, unpublishing, deleting or moving a page, or saving a site setting, a
township, an image or a document, moves the cache to a new generation, so the next
visitor sees the change at once. With a shared cache (REDIS_URL) that holds for every
app server; with the local-memory default each process clears its own copy and the
others catch up within that many seconds.

Only visitors without a session cookie are served from or into the cache: a signed-in
editor always sees the live page with Wagtail's user bar, and pages carry no CSRF token.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import get_language
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site

from outreach.models import Township

GENERATION_KEY = "page-cache:generation"
# Models whose change can alter any public page (menus, footers, banners, listings).
CONTENT_MODELS = (Page, BaseSiteSetting, Township, Site, AbstractImage, AbstractDocument)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def clear():
    """Start a new generation: every cached page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page-cache:{_generation()}:{request.get_host()}:{get_language()}:{path}"


def _anonymous_get(request):
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


def mark_cacheable(request):
    request._public_page_cacheable = True


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or not _anonymous_get(request):
            return self.get_response(request)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "_public_page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            cache.set(key, (response.content, response["Content-Type"]), timeout)
            response["X-Page-Cache"] = "miss"
        return response


# Publishing, unpublishing and moving a page all save it, so post_save covers them.
@receiver(post_save)
@receiver(post_delete)
def clear_on_content_change(sender, instance, **kwargs):
    if isinstance(instance, CONTENT_MODELS):
        clear()
