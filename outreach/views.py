import unicodedata

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from outreach import page_cache
from outreach.search.index import related, suggestions
from outreach.search.index import search as search_pages
from outreach.search.tokenize import MAX_QUERY_TERMS

RESULTS_PER_PAGE = 10
# Longer input is cut before it is even split into terms; the page says so.
MAX_QUERY_LENGTH = 100


def normalise(query):
    """One spelling per query: spaces collapsed, full-width letters and digits made plain."""
    return " ".join(unicodedata.normalize("NFKC", query).split())


def search(request):
    raw_query = request.GET.get("q", "")
    query = normalise(raw_query)[:MAX_QUERY_LENGTH]
    pages, terms = search_pages(query)

    # get_page turns a bad number into page 1 and a too-large one into the last page.
    results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    nothing_found = bool(terms) and not len(pages)

    # Anonymous visitors get a results page from the cache, one entry per query as we
    # spell it and page number; a misspelt address (extra spaces, page 9999) is served
    # without being stored, so made-up addresses cannot fill the cache.
    page_cache.mark_cacheable(request)
    used = {"q": query} if "q" in request.GET else {}
    if "page" in request.GET:
        used["page"] = results.number
    page_cache.reads_query(used, request)

    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_terms": terms,
            "search_results": results,
            "query_was_cut": len(normalise(raw_query)) > MAX_QUERY_LENGTH or len(terms) >= MAX_QUERY_TERMS,
            "query_has_no_words": bool(raw_query.strip()) and not terms,
            "related": related(terms, hidden=pages.hidden) if nothing_found else [],
            "suggestions": suggestions(terms, present=pages.present) if nothing_found else [],
        },
    )


def switch_language(request, code):
    """Remember the visitor's language and go back to where they were.

    A plain link rather than Django's POST-only set_language: public pages then carry no
    CSRF token, so they can be cached and the switcher works without JavaScript.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    add_never_cache_headers(response)
    return response


def workbench(request):
    """我的工作台: what waits for the signed-in person, from every part (outreach.workbench)."""
    from django.contrib.auth.views import redirect_to_login
    from django.utils import timezone

    from outreach import workbench as registry

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url="site_login")
    today = timezone.localdate()
    from outreach.accounts import ContactChoiceForm
    from outreach.models import Profile

    found = registry.sections(request.user, today)
    profile = Profile.objects.filter(user=request.user).only("contact_by").first()
    response = render(
        request,
        "outreach/workbench.html",
        {
            "sections": found,
            "waiting": registry.waiting_total(found),
            "today": today,
            "contact_form": ContactChoiceForm(initial={"contact_by": profile.contact_by if profile else ""}),
        },
    )
    add_never_cache_headers(response)
    return response
