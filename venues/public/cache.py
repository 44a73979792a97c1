"""The landing page's rendered HTML is kept in the cache after the first hit.

A venue's save (its prompts included) purges its entries; a change to the shared
libraries of hazards and equipment bumps a generation number that is part of every key.
"""

from django.conf import settings
from django.core.cache import cache

TIMEOUT = 24 * 3600
GENERATION_KEY = "venues:landing:generation"


def _generation():
    return cache.get_or_set(GENERATION_KEY, 1, None)


def landing_key(code, language):
    return f"venues:landing:{_generation()}:{code}:{language}"


def purge_landing_page(code):
    cache.delete_many([landing_key(code, language) for language, _name in settings.LANGUAGES])


def purge_all_landing_pages():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)
