"""Keep the Chinese search index in step with pages and other indexed objects, and query it.

The index is two ordinary tables, so search behaves the same on SQLite and PostgreSQL:
outreach.SearchTerm holds the live public pages, the only ones the public search reads;
outreach.ObjectSearchTerm holds everything else the admin searches (drafts, unpublished
and restricted pages, images, documents, snippets). Each object's terms are in one of
them. Scale-out path: a search engine with a Chinese analyzer.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index as search_index
from wagtail.search.backends.base import get_model_root

from outreach.models import TITLE_SCORE, ObjectSearchTerm, SearchTerm
from outreach.search.tokenize import index_terms, query_terms

# One title occurrence (TITLE_SCORE) outweighs the most a body can score for that term,
# so any page with the words in its title ranks above pages that only mention them.
BODY_CAP = TITLE_SCORE - 1

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
    scores = Counter({term: TITLE_SCORE * n for term, n in Counter(index_terms(title)).items()})
    for term, n in Counter(index_terms(body)).items():
        scores[term] += min(n, BODY_CAP)
    return scores


def index_page(page):
    """Put the page's terms where they belong: its current live content in the public
    index, or, while it is not live or is behind a view restriction (password, login,
    groups), in the admin's index only: search must not reveal what it says.
    """
    public = page.live and not page.get_view_restrictions().exists()
    if public:
        title, body = page_text(page)
        rows = [SearchTerm(page_id=page.pk, term=t, score=s) for t, s in _scores(title, body).items()]
    with transaction.atomic():
        # Two publishes of one page at once must not both insert: lock the page row.
        list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk"))
        SearchTerm.objects.filter(page_id=page.pk).delete()
        if public:
            _object_rows(page).delete()
            SearchTerm.objects.bulk_create(rows, batch_size=500)
        else:
            _store_object(page, *_page_admin_text(page))


def unindex_page(page):
    """Take the page out of the public index (the admin still finds it: see index_page)."""
    SearchTerm.objects.filter(page_id=page.pk).delete()


def _page_admin_text(page):
    """What the admin finds a page by: its text and, for a draft, its draft title too."""
    title, body = page_text(page)
    if page.draft_title and page.draft_title != title:
        title = f"{title}\n{page.draft_title}"
    return title, body


def _root_type(model):
    return ContentType.objects.get_for_model(get_model_root(model))


def _object_rows(obj):
    return ObjectSearchTerm.objects.filter(content_type=_root_type(type(obj)), object_id=obj.pk)


def _store_object(obj, title, body):
    """Replace the object's rows in the admin's index (inside the caller's transaction)."""
    content_type = _root_type(type(obj))
    _object_rows(obj).delete()
    ObjectSearchTerm.objects.bulk_create(
        [
            ObjectSearchTerm(content_type=content_type, object_id=obj.pk, term=t, score=s)
            for t, s in _scores(title, body).items()
        ],
        batch_size=500,
    )


def _field_values(obj, fields, top=True):
    """(is_title, text) of each searchable field of `obj`, following RelatedFields (an
    image's tags). The object's own title or name and boosted fields weigh as a title."""
    for field in fields:
        if isinstance(field, search_index.RelatedFields):
            related = getattr(obj, field.field_name, None)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:
                yield from _field_values(item, field.fields, top=False)
        elif isinstance(field, search_index.SearchField | search_index.AutocompleteField):
            value = field.get_value(obj)
            if value:
                boost = getattr(field, "boost", None) or 1
                is_title = boost > 1 or (top and field.field_name in {"title", "name"})
                yield is_title, strip_tags(str(value))


def object_text(obj):
    """(title, body) of any indexed object. A field listed twice (searched and
    autocompleted) counts once."""
    title, body, seen = [], [], set()
    for is_title, text in _field_values(obj, type(obj).get_search_fields()):
        if text in seen:
            continue
        seen.add(text)
        (title if is_title else body).append(text)
    return "\n".join(title), "\n".join(body)


def index_object(obj):
    """(Re)index any indexed object: pages as index_page, the rest in the admin's index."""
    if isinstance(obj, Page):
        return _index_saved_page(obj)
    if not isinstance(obj.pk, int):
        return  # the index keys objects by an integer id
    with transaction.atomic():
        _store_object(obj, *object_text(obj))


def _index_saved_page(page):
    """A page was saved (Wagtail's backend hook): a draft or restricted page is (re)indexed
    in the admin's table. The public index changes only by publishing, as it always has:
    a live page it already holds is left alone (saving a draft of it changes nothing the
    public sees), and a live page it does not hold (saved live without being published,
    such as a new site's home page) goes to the admin's table until it is published."""
    if not page.live or page.get_view_restrictions().exists():
        return index_page(page)
    if SearchTerm.objects.filter(page_id=page.pk).exists():
        return
    with transaction.atomic():
        _store_object(page, *_page_admin_text(page))


def unindex_object(obj):
    if isinstance(obj, Page):
        unindex_page(obj)
    if isinstance(obj.pk, int):
        _object_rows(obj).delete()


def rebuild():
    """Index every page and every other indexed object from scratch; returns the number
    of pages indexed."""
    SearchTerm.objects.all().delete()
    ObjectSearchTerm.objects.all().delete()
    count = 0
    for page in Page.objects.specific().iterator(chunk_size=200):
        index_page(page)
        count += 1
    for model in search_index.get_indexed_models():
        if issubclass(model, Page) or get_model_root(model) is not model:
            continue
        for obj in model.get_indexed_objects().iterator(chunk_size=200):
            index_object(obj)
    return count


def index_missing():
    """Index what is in neither table, in the admin's: pages made by migrations (a new
    site's home page) and, on the upgrade that brought the admin's table, the drafts,
    restricted pages, images and documents saved before it. The public index is left
    as it is: a page enters it by being published. Returns how many were indexed."""
    page_rows = ObjectSearchTerm.objects.filter(content_type=_root_type(Page)).values("object_id")
    pages = Page.objects.exclude(pk__in=SearchTerm.objects.values("page_id")).exclude(pk__in=page_rows)
    count = 0
    for page in pages.exclude(depth=1).specific().iterator(chunk_size=200):
        with transaction.atomic():
            _store_object(page, *_page_admin_text(page))
        count += 1
    for model in search_index.get_indexed_models():
        if issubclass(model, Page) or get_model_root(model) is not model:
            continue
        rows = ObjectSearchTerm.objects.filter(content_type=_root_type(model)).values("object_id")
        for obj in model.get_indexed_objects().exclude(pk__in=rows).iterator(chunk_size=200):
            index_object(obj)
            count += 1
    return count


class SearchResults:
    """Ranked matches of one query: a sequence Django's Paginator can page through.

    Ranking happens on the index table alone (one query over its covering index); only
    the pages shown are loaded, with their specific types.

    `hidden`: which pages a visitor may not read (`_hidden`), worked out once per search
    and reused by every query of it, including `related`'s.
    """

    def __init__(self, page_ids, present=(), hidden=None):
        self.page_ids = page_ids
        self.present = list(present)  # the query's terms that some readable page has
        self.hidden = hidden

    def __len__(self):
        return len(self.page_ids)

    def __getitem__(self, item):
        ids = self.page_ids[item]
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        if not ids:
            return []
        hidden = _hidden() if self.hidden is None else self.hidden
        pages = Page.objects.filter(pk__in=ids).exclude(hidden).specific()
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]


def search(query):
    """Live, public pages that contain every term of `query`, best first.

    Returns (SearchResults, terms). Order: score (titles first), then newest page.
    """
    terms = query_terms(query or "")
    if not terms:
        return SearchResults([]), terms
    hidden = _hidden()
    present = _present(terms, hidden)
    if len(present) < len(terms):
        # A term no page has: nothing can match, and nothing needs ranking.
        return SearchResults([], present, hidden), terms
    return SearchResults(_rank(terms, hidden), present, hidden), terms


def _rank(terms, hidden):
    """Ids of the readable pages that have every term, best first: total score, then newest.

    Only pages a visitor may read count, even while the index has not caught up with a
    restriction or an unpublish: the count and the list shown always agree. Each database
    gets the plan it runs best (measured on 10,000 pages): SQLite joins the index to itself
    once per term, each join a seek in the covering index, where grouping the terms' rows
    by page needs a temporary B-tree (a fifth to two thirds of the time); PostgreSQL's hash
    aggregate over the grouped rows beats the joins it would plan.
    """
    if connection.vendor == "sqlite":
        table = SearchTerm._meta.db_table
        hidden_sql, hidden_params = _hidden_pages(hidden).query.sql_with_params()
        joins = " ".join(
            f"JOIN {table} t{i} ON t{i}.page_id = t0.page_id AND t{i}.term = %s" for i in range(1, len(terms))
        )
        total = " + ".join(f"t{i}.score" for i in range(len(terms)))
        # Only table names, aliases and placeholders are formatted in; every term is a parameter.
        sql = f"""
            SELECT t0.page_id FROM {table} t0 {joins}
            WHERE t0.term = %s AND t0.page_id NOT IN ({hidden_sql})
            ORDER BY {total} DESC, t0.page_id DESC
        """  # noqa: S608
        params = [*terms[1:], terms[0], *hidden_params]
    else:
        ranked = _per_page(terms, hidden).filter(hits=len(terms)).order_by("-total", "-page_id")
        sql, params = ranked.values_list("page_id").query.sql_with_params()
    # Thousands of ids for a common word: read straight off the cursor.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _hidden():
    """The condition on pages search must not show: drafts, unpublished pages, private
    sections (Wagtail reads the view restrictions to build it: build it once)."""
    return Q(live=False) | Page.objects.all().private_q()


def _hidden_pages(hidden=None):
    """The pages search must not show. Few."""
    return Page.objects.filter(_hidden() if hidden is None else hidden).values("pk")


def _per_page(terms, hidden):
    """The index rows of `terms` grouped by readable page: how many of the terms the page
    has (`hits`) and their total score (`total`).

    The few hidden pages are left out, rather than each of the many rows a common query
    reads (30,000 on 10,000 pages) being looked up among the visible ones: a third of
    the time. Rows are counted as rows, not by their id: the id is not in the covering
    index, and reading it sends PostgreSQL to the table for every row (three times as
    slow).
    """
    return (
        SearchTerm.objects.filter(term__in=terms)
        .exclude(page_id__in=_hidden_pages(hidden))
        .values("page_id")
        .annotate(hits=models.Count("*"), total=models.Sum("score"))
    )


def _present(terms, hidden=None):
    """The terms that occur in a page a visitor may read, in query order.

    One query: an EXISTS probe per term, each stopping at its term's first readable row
    (a fraction of a millisecond, where counting the rows of common terms takes tens).
    The probe is the ORM's own SQL, compiled once and repeated with each term.
    """
    marker = "\x00term"
    hidden = _hidden_pages(hidden).filter(pk=OuterRef("page_id"))
    probe = SearchTerm.objects.filter(~Exists(hidden), term=marker).values("pk")[:1]
    sql, params = probe.query.sql_with_params()
    one = f"SELECT CAST(%s AS VARCHAR(32)) WHERE EXISTS ({sql})"
    values = []
    for term in terms:
        values += [term, *(term if value == marker else value for value in params)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(terms)), values)
        found = {row[0] for row in cursor.fetchall()}
    return [term for term in terms if term in found]


def related(terms, limit=5, hidden=None):
    """When no page has every term: the pages sharing most of them, best first.

    A page must share at least a third of the query's terms, so a question with an
    unknown word in it still finds the pages about the rest of it. Pages whose titles
    share them come first (their rows are few, so this is quick on a large site); pages
    that only mention them in the text fill the list when titles give too few.

    `hidden`: the search's own (SearchResults.hidden), saving its working out again.
    """
    if len(terms) < 2:
        return []
    hidden = _hidden() if hidden is None else hidden
    needed = (len(terms) + 2) // 3
    grouped = (
        _per_page(terms, hidden)
        .filter(hits__gte=needed)
        .order_by("-hits", "-total", "-page_id")
        .values_list("page_id", flat=True)
    )
    # The number is written into the SQL (not bound), so the database can see that the
    # title rows' partial index covers the condition.
    titles = grouped.extra(where=[f"{SearchTerm._meta.db_table}.score >= {TITLE_SCORE:d}"])  # noqa: S610
    ranked = list(titles[:limit])
    if len(ranked) < limit:
        ranked += list(grouped.exclude(page_id__in=ranked)[: limit - len(ranked)])
    return SearchResults(ranked, hidden=hidden)[:limit]


def suggestions(terms, limit=3, present=None):
    """Words of the query (two characters or more) that do occur in pages: "try 灭火".

    `present`: the terms already known to occur (SearchResults.present), saving a query.
    """
    words = [term for term in terms if len(term) >= 2]
    if len(words) < 2:
        return []
    found = set(_present(words) if present is None else present)
    return [word for word in words if word in found][:limit]
