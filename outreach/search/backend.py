"""The site's Chinese index as a Wagtail search backend, for the admin.

Wagtail's database backend hands Chinese to the database's word splitter, which sees a
whole run of characters as one word: "演练" found no page titled "应急疏散演练". This
backend answers the admin's searches (pages, images, documents, snippets, choosers) from
the site's own index (outreach.search.index): the public index of live public pages plus
the admin's index of everything else, so each object is indexed once and both searches
split Chinese the same way. The public search does not go through here.

Matching is done in SQL on the queryset the admin passes, so its filters, ordering,
counts and facets work as on any queryset.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page
from wagtail.search.backends.base import BaseIndex, BaseSearchBackend, get_model_root
from wagtail.search.backends.database.fallback import (
    MATCH_ALL,
    MATCH_NONE,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from wagtail.search.query import Phrase, PlainText

from outreach.models import ObjectSearchTerm, SearchTerm
from outreach.search import index
from outreach.search.tokenize import query_terms

SCORE = "_chinese_search_score"


class ChineseSearchQueryCompiler(DatabaseSearchQueryCompiler):
    """Plain text and phrases match through the index; `fields=[...]` (a search limited to
    some fields) falls back to substring matching on those fields, which also works for
    Chinese."""

    def check(self):
        """Nothing to refuse: matching, filters and ordering all run on the queryset in SQL,
        so any filter or order the admin puts on it works, not only the model's
        FilterFields."""

    @property
    def root(self):
        return get_model_root(self.queryset.model)

    def _matches(self, terms, every):
        """The ids of objects that have every term (or any, for `or`), with their total
        score, per index table."""
        needed = len(terms) if every else 1
        tables = [
            ObjectSearchTerm.objects.filter(content_type=index._root_type(self.root)).values("object_id")
        ]
        if issubclass(self.root, Page):
            tables.append(SearchTerm.objects.values("page_id"))
        return [
            rows.filter(term__in=terms).annotate(hits=Count("*"), total=Sum("score")).filter(hits__gte=needed)
            for rows in tables
        ]

    def _text_filter(self, text, every):
        if self.fields:
            words = text.split() or [text]
            filters = [self.build_single_term_filter(word) for word in words]
            q = Q()
            for each in filters:
                q = (q & each) if every else (q | each)
            return q
        terms = query_terms(text)
        if not terms:
            return MATCH_NONE
        q = Q()
        for matches in self._matches(terms, every):
            q |= Q(pk__in=matches.values_list(matches.query.values_select[0], flat=True))
        return q

    def build_database_filter(self, query, boost=1.0):
        if isinstance(query, PlainText):
            return self._text_filter(query.query_string, every=query.operator == "and")
        if isinstance(query, Phrase):
            return self._text_filter(query.query_string, every=True)
        return super().build_database_filter(query, boost)

    def score(self):
        """The object's total score for the query's terms: titles first, as in public search."""
        text = self.query.query_string if isinstance(self.query, PlainText | Phrase) else ""
        terms = query_terms(text)
        if not terms or self.fields:
            return None
        parts = []
        for matches in self._matches(terms, every=False):
            key = matches.query.values_select[0]
            parts.append(Subquery(matches.filter(**{key: OuterRef("pk")}).values("total")[:1]))
        return Coalesce(*parts, Value(0), output_field=IntegerField())


class ChineseSearchResults(DatabaseSearchResults):
    def _matching(self):
        compiler = self.query_compiler
        queryset = compiler.queryset
        q = compiler.build_database_filter(compiler.query)
        if q == MATCH_NONE:
            return queryset.none()
        if q != MATCH_ALL:
            queryset = queryset.filter(q)
        return queryset

    def get_queryset(self, score_field=None):
        queryset = self._matching()
        compiler = self.query_compiler
        score = compiler.score() if compiler.order_by_relevance or score_field else None
        if score is not None:
            queryset = queryset.annotate(**{score_field or SCORE: score})
        if compiler.order_by_relevance and score is not None:
            # Best first (titles above mentions), then newest, as the public search orders.
            queryset = queryset.order_by(f"-{score_field or SCORE}", "-pk")
        elif not compiler.order_by_relevance and not queryset.query.order_by:
            # A stable order across pages of results.
            queryset = queryset.order_by("-pk")
        return queryset[self.start : self.stop]

    def _do_search(self):
        queryset = self.get_queryset(self._score_field)
        if self._score_field and self._score_field not in queryset.query.annotations:
            queryset = queryset.annotate(**{self._score_field: Value(None, output_field=IntegerField())})
        return queryset.iterator(self.iterator_chunk_size)

    def facet(self, field_name):
        # The admin's page-type counts: grouped over the matches alone, without the score.
        counts = self._matching().order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return {row[field_name]: row["count"] for row in counts}

    def _do_count(self):
        # Counting needs neither the score nor the order.
        return self._matching().order_by()[self.start : self.stop].count()


class ChineseIndex(BaseIndex):
    def add_items(self, model, items):
        for item in items:
            index.index_object(item)

    def delete_item(self, item):
        index.unindex_object(item)

    def reset(self):
        ObjectSearchTerm.objects.all().delete()
        SearchTerm.objects.all().delete()


class ChineseIndexRebuilder:
    """`manage.py update_index`: the same full rebuild as `manage.py rebuild_search`."""

    def __init__(self, index):
        self.index = index

    def start(self):
        index.rebuild()
        return NoBulkIndex(self.index.backend)

    def finish(self):
        pass


class NoBulkIndex(BaseIndex):
    """What update_index adds after the rebuild: already indexed."""


class ChineseSearchBackend(BaseSearchBackend):
    query_compiler_class = ChineseSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSearchQueryCompiler
    results_class = ChineseSearchResults
    index_class = ChineseIndex
    rebuilder_class = ChineseIndexRebuilder


SearchBackend = ChineseSearchBackend
