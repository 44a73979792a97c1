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

The cache cannot be flooded with made-up addresses: a page is stored only for a query
string it actually reads. A page reads none unless it says so with
`reads_query(request, {name: canonical value})` while it is served (the listings do, for
their filters and page number); an address with any other parameter, or with a value
the page turned into something else (an unknown township, page 9999 shown as the last
page), is served without being stored. `lang` is never part of the key (the language is).
A page given a view restriction leaves the cache at once (the restriction is content).

A page rendered afresh reuses what only changes with content, kept per generation too:
the request's site and root page (remember_site), which pages carry view restrictions
(restriction_paths, so Wagtail's checks and `public()` need no query when none is
above a page), the menu and the shell's shared fragments (themes_tags.shared_html).
"""

import contextvars
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site

from outreach.cache import Generation
from outreach.middleware import chosen_language

pages = Generation("page-cache")
# The request being rendered, for reads_query() called without one.
_serving = contextvars.ContextVar("public_page_cache_request", default=None)
# Models whose change can alter any public page (menus, footers, banners, listings), or
# whether a page may be cached at all (a view restriction).
# Townships are named by label: outreach.models asks this module for the restricted paths.
CONTENT_MODELS = (Page, BaseSiteSetting, Site, AbstractImage, AbstractDocument, BaseViewRestriction)
CONTENT_LABELS = {"outreach.township"}
# Parameters that never count: the language is part of the key already, and what WeChat
# and campaign links append to an address shared (`?from=singlemessage&isappinstalled=0`)
# changes nothing on the page, so a shared filter link is answered from the cache too.
SHARE_PARAMS = {"from", "isappinstalled", "scene", "clicktime", "enterid", "share_source"} | {
    f"utm_{name}" for name in ("source", "medium", "campaign", "term", "content")
}
IGNORED_PARAMS = {"lang"} | SHARE_PARAMS
# Longer query strings are served without the cache at all, not even looked up.
MAX_QUERY_LENGTH = 256


def clear():
    """Start a new generation: every cached page is stale from now on."""
    pages.bump()


def restriction_paths():
    """(paths of pages with a view restriction, paths of alias pages), or None when the
    cache is off. Kept with the pages' generation: adding or removing a restriction, or
    any page change, starts a new one; with the local-memory cache another process sees a
    new restriction within PUBLIC_PAGE_CACHE_SECONDS, as it sees a page change."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if not timeout:
        return None

    def read():
        restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        aliases = (
            tuple(Page.objects.exclude(alias_of=None).values_list("path", flat=True)) if restricted else ()
        )
        return restricted, aliases

    return cache.get_or_set(pages.key("view-restrictions"), read, timeout)


def _site_key(request):
    try:
        hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    except DisallowedHost:
        return None  # answered by Django's own check further in
    return pages.key("site", hostname, port)


def remember_site(request):
    """Give the request its Wagtail site, root page included, from the cache: every
    request looks its site up, and every page served fetches the root page twice (as a
    page, then as a home page) before routing. Kept with the pages' generation, so a
    site or page saved is seen at once (in other processes, as for the page cache).
    Returns True when it is not cached yet."""
    if not settings.PUBLIC_PAGE_CACHE_SECONDS or hasattr(request, "_wagtail_site"):
        return False
    key = _site_key(request)
    site = cache.get(key) if key else None
    if site is None:
        return key is not None
    # Where Site.find_for_request keeps the site it found for a request.
    request._wagtail_site = site
    return False


def _store_site(request):
    """After a request that needed its site: keep a fresh copy for the next ones (a view
    that never asks for the site costs nothing)."""
    if getattr(request, "_wagtail_site", None) is None:
        return
    site = Site._find_for_request(request)
    key = _site_key(request)
    if site is not None and key:
        site.root_page.specific  # noqa: B018 - fetched now, so the cached copy carries it
        cache.set(key, site, settings.PUBLIC_PAGE_CACHE_SECONDS)


def _params(request):
    return sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in IGNORED_PARAMS
        for value in values
    )


def _key(request, params):
    address = request.path + "?" + urlencode(params)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return pages.key(request.get_host(), chosen_language(request), digest)


def _anonymous_get(request):
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


def mark_cacheable(request):
    request._public_page_cacheable = True


def reads_query(params, request=None):
    """The query parameters this page reads, with the values it actually used.

    `params` maps a name to its canonical value (a string); leave out what the page did
    not use. The response is stored only when the address asked for exactly these.
    Without `request`, the request this middleware is serving is meant (code that
    renders a page but is not handed the request, such as a listing helper).
    """
    request = request or _serving.get()
    if request is not None:
        request._public_page_reads = {name: str(value) for name, value in params.items()}


def _storable(request, params):
    reads = getattr(request, "_public_page_reads", {})
    return params == sorted(reads.items())


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_unknown = remember_site(request)
        response = self._respond(request)
        if site_unknown:
            _store_site(request)
        return response

    def _respond(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if (
            not timeout
            or not _anonymous_get(request)
            or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH
        ):
            return self.get_response(request)
        params = _params(request)
        key = _key(request, params)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        serving = _serving.set(request)
        try:
            response = self.get_response(request)
        finally:
            _serving.reset(serving)
        if (
            getattr(request, "_public_page_cacheable", False)
            and _storable(request, params)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            response["X-Page-Cache"] = "miss"
            # With the headers the inner layers gave it (language, CSP, frame options):
            # a hit is answered here, before any of them runs again.
            cache.set(key, (response.content, list(response.items())), timeout)
        return response


# Publishing, unpublishing and moving a page all save it, so post_save covers them.
@receiver(post_save)
@receiver(post_delete)
def clear_on_content_change(sender, instance, **kwargs):
    if isinstance(instance, CONTENT_MODELS) or sender._meta.label_lower in CONTENT_LABELS:
        clear()
