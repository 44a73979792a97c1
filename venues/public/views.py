"""What the public sees: the landing page a QR code opens, hazard reports, their status."""

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from outreach.request_limits import PostLimit
from venues import services
from venues.models import HazardReport, Venue

from .cache import TIMEOUT, landing_key
from .forms import HazardReportForm, ReportLookupForm
from .scans import is_person, record_scan

REPORTS_PER_HOUR = 5
TOO_OFTEN = _lazy("提交太频繁，请一小时后再试；紧急情况请直接拨打 96119 或 119。")
# Checked before the body is read; refused forms count too (see PostLimit).
REPORT_POSTS = PostLimit(
    "venues-report", REPORTS_PER_HOUR, setting="VENUES_REPORTS_PER_HOUR", counts="stored", message=TOO_OFTEN
)


@require_http_methods(["GET", "HEAD"])
def landing(request, code):
    """Server-rendered, cached after the first hit; counting happens before the cache."""
    language = get_language()
    key = landing_key(code, language)
    cached = cache.get(key)
    if cached is None:
        venue = get_object_or_404(Venue.objects.with_prompts(), code=code)
        html = render_to_string(
            "venues/public/landing.html",
            {"venue": venue, "prompts": venue.prompts(), "lang_query": _lang_query(language)},
        )
        cached = (venue.pk, html)
        cache.set(key, cached, TIMEOUT)
    venue_id, html = cached
    if is_person(request):
        record_scan(venue_id)
    response = HttpResponse(html)
    # Short browser caching only: a reprinted content must show within a minute.
    response["Cache-Control"] = "max-age=60"
    return response


def _lang_query(language):
    return "?lang=en" if language == "en" else ""


def _render_report(request, venue, form, status=200, refused=""):
    return render(
        request,
        "venues/public/report.html",
        {"venue": venue, "form": form, "refused": refused, "lang_query": _lang_query(get_language())},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@REPORT_POSTS
def report(request, code):
    venue = get_object_or_404(Venue, code=code)
    status = 200
    if request.method == "POST":
        form = HazardReportForm(request.POST, request.FILES)
        if form.is_valid():
            if form.is_spam():
                # Tell a bot nothing: the same page a person gets, but nothing is stored.
                return redirect(reverse("venues:report_status") + "?submitted=1")
            if REPORT_POSTS.count_stored(request):
                return _render_report(request, venue, form, status=429, refused=TOO_OFTEN)
            with transaction.atomic():
                saved = services.create_report(venue, form.cleaned_data)
            url = reverse("venues:report_status") + f"?code={saved.lookup_code}&submitted=1"
            if get_language() == "en":
                url += "&lang=en"
            return redirect(url)
        status = 400
    else:
        form = HazardReportForm()
    return _render_report(request, venue, form, status=status)


def report_status(request):
    form = ReportLookupForm(request.GET or None)
    found = None
    if form.is_valid():
        found = (
            HazardReport.objects.select_related("venue")
            .prefetch_related("events")
            .filter(lookup_code=form.cleaned_data["code"])
            .first()
        )
        if found is None:
            form.add_error("code", _("没有找到这个查询码对应的举报，请核对后重试。"))
    return render(
        request,
        "venues/public/report_status.html",
        {
            "form": form,
            "found": found,
            "submitted": request.GET.get("submitted") == "1",
            "lang_query": _lang_query(get_language()),
        },
    )
