from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render

from outreach.search.index import search as search_pages
from outreach.search.tokenize import MAX_QUERY_TERMS

RESULTS_PER_PAGE = 10
# Longer input is cut before it is even split into terms; the page says so.
MAX_QUERY_LENGTH = 100


def search(request):
    raw_query = request.GET.get("q", "").strip()
    query = raw_query[:MAX_QUERY_LENGTH]
    pages, terms = search_pages(query)

    paginator = Paginator(pages, RESULTS_PER_PAGE)
    try:
        results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        results = paginator.page(1)
    except EmptyPage:
        results = paginator.page(paginator.num_pages)

    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_terms": terms,
            "search_results": results,
            "query_was_cut": len(raw_query) > MAX_QUERY_LENGTH or len(terms) >= MAX_QUERY_TERMS,
            "query_has_no_words": bool(raw_query) and not terms,
        },
    )
