"""The public venue directory: find a venue's three prompts by township, category and name.

Until now only a poster's QR code led to a venue's page. The directory is plain HTML
(a GET form, links, pages), so it works without JavaScript and search engines can
follow it. Anonymous visitors get it from the cache: a venue or township change moves
the cache to a new generation at once, anything else shows within
PUBLIC_PAGE_CACHE_SECONDS, the same promise the site's other public pages make.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from outreach.cache import Generation
from outreach.models import Township
from venues.models import Venue, VenueCategory

PER_PAGE = 20
directory_cache = Generation("venues:directory")


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("场所名称或地址"), max_length=40, required=False)
    township = forms.ChoiceField(label=_("乡镇"), required=False)
    category = forms.ChoiceField(
        label=_("场所类别"), required=False, choices=[("", _("全部类别")), *VenueCategory.choices]
    )

    def __init__(self, data, townships):
        super().__init__(data)
        self.fields["township"].choices = [("", _("全部乡镇"))] + [(t.code, t.name) for t in townships]

    def value(self, name):
        """The field's cleaned value; a value the form refused counts as not given."""
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get(name) or ""


def _page_number(raw):
    # Paginator.get_page copes with anything, but the cache key must not grow without end.
    return raw if raw.isdigit() and len(raw) <= 6 else "1"


@require_http_methods(["GET", "HEAD"])
def venue_directory(request):
    anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    townships = list(Township.objects.filter(venues__isnull=False).distinct().order_by("sort_order", "name"))
    form = DirectoryForm(request.GET, townships)
    form.is_valid()
    query, township, category = (form.value(name) for name in ("q", "township", "category"))
    page_number = _page_number(request.GET.get("page", "1"))
    key = directory_cache.key(get_language(), township, category, query, page_number)
    if anonymous and timeout:
        html = cache.get(key)
        if html is not None:
            return HttpResponse(html)

    venues = Venue.objects.select_related("township").order_by(
        "-is_open", "township__sort_order", "township__name", "name"
    )
    if township:
        venues = venues.filter(township__code=township)
    if category:
        venues = venues.filter(category=category)
    if query:
        venues = venues.filter(Q(name__icontains=query) | Q(address__icontains=query))
    page = Paginator(venues, PER_PAGE).get_page(page_number)
    filtered = bool(query or township or category)
    html = render_to_string(
        "venues/public/directory.html",
        {"form": form, "page_obj": page, "venues": page.object_list, "filtered": filtered},
        request,
    )
    if anonymous and timeout and not form.errors:
        cache.set(key, html, timeout)
    return HttpResponse(html)


@receiver(post_save, sender=Venue)
@receiver(post_delete, sender=Venue)
@receiver(post_save, sender=Township)
@receiver(post_delete, sender=Township)
def directory_changed(sender, **kwargs):
    directory_cache.bump()
