"""The landing page's rendered HTML is kept in the cache after the first hit.

Keys belong to one generation (outreach.cache): a change to the shared libraries of
hazards and equipment bumps it, so every landing page is rendered afresh. A venue's own
change or deletion removes just its entries (venues.signals).
"""

from django.conf import settings
from django.core.cache import cache

from outreach.cache import Generation

TIMEOUT = 24 * 3600
landing_pages = Generation("venues:landing")


def landing_key(code, language):
    return landing_pages.key(code, language)


def purge_landing_page(code):
    cache.delete_many([landing_key(code, language) for language, _name in settings.LANGUAGES])


def purge_all_landing_pages():
    landing_pages.bump()
