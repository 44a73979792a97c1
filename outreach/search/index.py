"""Keep the Chinese search index in step with live pages, and query it.

The index is an ordinary table (outreach.SearchTerm), so search behaves the same on
SQLite and PostgreSQL. Scale-out path: a search engine with a Chinese analyzer.
"""

from collections import Counter

from django.db import models, transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from outreach.models import SearchTerm
from outreach.search.tokenize import index_terms, query_terms

# One title occurrence outweighs the most a body can score for that term, so any page
# with the words in its title ranks above pages that only mention them.
TITLE_WEIGHT = 100
BODY_CAP = TITLE_WEIGHT - 1

# Page fields that are never prose worth searching.
SKIPPED_FIELDS = {"title", "draft_title", "slug", "url_path", "seo_title", "latest_revision"}


def _strings(value):
    """Every string inside a StreamField's raw JSON-like data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"type", "id"}:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_text(page):
    """(title, body) text of a page: every text, rich-text and stream field it has."""
    page = page.specific
    parts = [page.search_description or ""]
    for field in page._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.model is Page:
            continue
        value = getattr(page, field.attname, None)
        if not value:
            continue
        if isinstance(field, StreamField):
            parts.extend(strip_tags(s) for s in _strings(value.get_prep_value()))
        elif isinstance(field, RichTextField):
            parts.append(strip_tags(value))
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            parts.append(str(value))
    extra = getattr(page, "extra_search_text", None)
    if callable(extra):
        parts.append(extra())
    return page.title, "\n".join(parts)


def _scores(title, body):
    scores = Counter({term: TITLE_WEIGHT * n for term, n in Counter(index_terms(title)).items()})
    for term, n in Counter(index_terms(body)).items():
        scores[term] += min(n, BODY_CAP)
    return scores


def index_page(page):
    """Replace the page's terms with those of its current live content.

    Pages behind a view restriction (password, login, groups) are not indexed: search
    must not reveal what they say.
    """
    if not page.live or page.get_view_restrictions().exists():
        return unindex_page(page)
    title, body = page_text(page)
    rows = [SearchTerm(page_id=page.pk, term=t, score=s) for t, s in _scores(title, body).items()]
    with transaction.atomic():
        # Two publishes of one page at once must not both insert: lock the page row.
        list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk"))
        SearchTerm.objects.filter(page_id=page.pk).delete()
        SearchTerm.objects.bulk_create(rows, batch_size=500)


def unindex_page(page):
    SearchTerm.objects.filter(page_id=page.pk).delete()


def rebuild():
    """Index every live page from scratch; returns the number of pages indexed."""
    SearchTerm.objects.all().delete()
    count = 0
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        index_page(page)
        count += 1
    return count


class SearchResults:
    """Ranked matches of one query: a sequence Django's Paginator can page through.

    Ranking happens on the index table alone (one grouped query over a covering index);
    only the pages shown are loaded, with their specific types.
    """

    def __init__(self, page_ids):
        self.page_ids = page_ids

    def __len__(self):
        return len(self.page_ids)

    def __getitem__(self, item):
        ids = self.page_ids[item]
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        pages = Page.objects.live().public().filter(pk__in=ids).specific()
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]


def search(query):
    """Live, public pages that contain every term of `query`, best first.

    Returns (SearchResults, terms). Order: score (titles first), then newest page.
    """
    terms = query_terms(query or "")
    if not terms:
        return SearchResults([]), terms
    # Only pages a visitor may read count, even while the index has not caught up with a
    # restriction or an unpublish: the count and the list shown always agree.
    ranked = (
        _readable_terms(terms)
        .values("page_id")
        .annotate(hits=models.Count("pk"), total=models.Sum("score"))
        .filter(hits=len(terms))
        .order_by("-total", "-page_id")
        .values_list("page_id", flat=True)
    )
    return SearchResults(list(ranked)), terms


def _readable_terms(terms):
    """Index rows of `terms` that belong to pages a visitor may read.

    The few hidden pages are left out, rather than each of the many rows a common query
    reads (30,000 on 10,000 pages) being looked up among the visible ones: a third of
    the time.
    """
    pages = Page.objects.all()
    hidden = pages.filter(Q(live=False) | pages.private_q()).values("pk")
    return SearchTerm.objects.filter(term__in=terms).exclude(page_id__in=hidden)


def related(terms, limit=5):
    """When no page has every term: the pages sharing most of them, best first.

    A page must share at least a third of the query's terms, so a question with an
    unknown word in it still finds the pages about the rest of it.
    """
    if len(terms) < 2:
        return []
    ranked = (
        _readable_terms(terms)
        .values("page_id")
        .annotate(hits=models.Count("pk"), total=models.Sum("score"))
        .filter(hits__gte=(len(terms) + 2) // 3)
        .order_by("-hits", "-total", "-page_id")
        .values_list("page_id", flat=True)[:limit]
    )
    return SearchResults(list(ranked))[:limit]


def suggestions(terms, limit=3):
    """Words of the query (two characters or more) that do occur in pages: "try 灭火"."""
    words = [term for term in terms if len(term) >= 2]
    if len(words) < 2:
        return []
    rows = (
        _readable_terms(words)
        .values("term")
        .annotate(pages=models.Count("page_id"))
        .order_by("-pages", "term")
        .values_list("term", flat=True)[:limit]
    )
    return list(rows)
