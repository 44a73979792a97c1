"""Filtering and paginating the public listings from shareable GET parameters.

`?setting=school&township=chengguan&group=elderly&year=2026&page=2` — every
combination is a plain link. A value we do not know is ignored and the visitor is told
so; nothing a visitor types into the address bar can raise an error.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach import page_cache
from outreach.models import Township

from .models.taxonomy import GROUP_CHOICES, SETTING_CHOICES

PER_PAGE = 12
FIRST_YEAR = 2020

FACET_LABELS = {
    "setting": _("五进领域"),
    "township": _("乡镇"),
    "group": _("重点人群"),
    "year": _("年份"),
    "kind": _("类型"),
}


def year_choices():
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]


def township_choices():
    """(code, name) of the active townships; a township saved starts a new generation of
    the public pages, so they are read once per generation, not per listing shown."""

    def read():
        return list(Township.objects.filter(is_active=True).values_list("code", "name"))

    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    return cache.get_or_set(page_cache.pages.key("township-choices"), read, timeout) if timeout else read()


class Listing:
    """Read the filters a listing supports from the query string and apply them.

    `facets` names the parameters this listing offers; `kinds` the choices of the
    `kind` facet where there is one. Query-set methods do the filtering:
    with_setting, for_township, with_group, in_year, of_kind.
    """

    METHODS = {
        "setting": "with_setting",
        "township": "for_township",
        "group": "with_group",
        "year": "in_year",
        "kind": "of_kind",
    }

    def __init__(self, params, facets, kinds=()):
        self.params = params
        self.facets = facets
        self.kinds = list(kinds)
        self.choices = self._choices()
        self.selected = {}
        self.ignored = []
        for facet in facets:
            raw = (params.get(facet) or "").strip()
            if not raw:
                continue
            if raw in dict(self.choices[facet]):
                self.selected[facet] = raw
            else:
                self.ignored.append(FACET_LABELS[facet])

    def _choices(self):
        choices = {}
        if "setting" in self.facets:
            choices["setting"] = SETTING_CHOICES
        if "township" in self.facets:
            choices["township"] = township_choices()
        if "group" in self.facets:
            choices["group"] = GROUP_CHOICES
        if "year" in self.facets:
            choices["year"] = year_choices()
        if "kind" in self.facets:
            choices["kind"] = self.kinds
        return choices

    def apply(self, queryset):
        for facet, value in self.selected.items():
            method = getattr(queryset, self.METHODS[facet])
            queryset = method(int(value) if facet == "year" else value)
        return queryset

    def fields(self):
        """What the filter form needs: (name, label, choices, selected) per facet."""
        return [
            {
                "name": facet,
                "label": FACET_LABELS[facet],
                "choices": self.choices[facet],
                "selected": self.selected.get(facet, ""),
            }
            for facet in self.facets
        ]

    def selected_labels(self):
        return [
            (FACET_LABELS[facet], dict(self.choices[facet])[value]) for facet, value in self.selected.items()
        ]

    def paginate(self, queryset, per_page=PER_PAGE):
        # get_page turns a bad number into page 1 and a too-large one into the last page.
        return Paginator(queryset, per_page).get_page(self.params.get("page"))

    def canonical_query(self, page):
        """The parameters this listing read, as it understood them (for the page cache)."""
        query = dict(self.selected)
        if "page" in self.params:
            query["page"] = page.number
        return query

    def context(self, queryset):
        page = self.paginate(self.apply(queryset))
        # Only an address asking for exactly these is stored in the public page cache.
        page_cache.reads_query(self.canonical_query(page))
        return {
            "items": page,
            "filter_fields": self.fields(),
            "filters_selected": self.selected_labels(),
            "filters_ignored": self.ignored,
            "is_filtered": bool(self.selected),
        }
