"""What the public reaches from an element's QR plate: its page, a damage report, its status.

Each answers as the street's page would when the street (or a page above it) has a view
restriction the visitor has not met (see venues.streets.restrictions).
"""

from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from outreach.request_limits import PostLimit
from venues.public.forms import ReportLookupForm
from venues.public.scans import is_person

from .. import services
from ..cache import TIMEOUT, element_pages
from ..forms import DamageReportForm
from ..models import DamageReport, StreetElement
from ..restrictions import check, respects_street_restrictions

REPORTS_PER_HOUR = 5
TOO_OFTEN = _lazy("提交太频繁，请一小时后再试；发现火灾隐患请拨打 96119，发生火灾请拨打 119。")
# Checked before the body is read; refused forms count too (see PostLimit).
REPORT_POSTS = PostLimit(
    "streets-report", REPORTS_PER_HOUR, setting="STREETS_REPORTS_PER_HOUR", counts="stored", message=TOO_OFTEN
)


def _lang_query(language):
    return "?lang=en" if language == "en" else ""


def _public_element(code):
    element = get_object_or_404(StreetElement.objects.for_listing(), code=code)
    if not element.street.live:
        raise Http404
    return element


@require_http_methods(["GET", "HEAD"])
@respects_street_restrictions
def element(request, code):
    """Rendered once per language until a street record changes; every real scan is counted."""
    language = get_language()
    key = element_pages.key(code, language)
    cached = cache.get(key)
    if cached is None:
        item = _public_element(code)
        html = render_to_string(
            "streets/public/element.html",
            {
                "element": item,
                "street": item.street,
                "street_url": item.street.get_url(),
                "lang_query": _lang_query(language),
            },
        )
        cached = (item.pk, html)
        cache.set(key, cached, TIMEOUT)
    element_id, html = cached
    if is_person(request):
        services.record_scan(element_id)
    response = HttpResponse(html)
    response["Cache-Control"] = "max-age=60"
    return response


@require_http_methods(["GET", "POST"])
@REPORT_POSTS
@respects_street_restrictions
def report(request, code):
    item = _public_element(code)
    language = get_language()
    status = 200
    if request.method == "POST":
        form = DamageReportForm(request.POST, request.FILES)
        if form.is_valid():
            if form.is_spam():
                return redirect(reverse("streets:report_status") + "?submitted=1")
            if REPORT_POSTS.count_stored(request):
                form.add_error(None, TOO_OFTEN)
                status = 429
            else:
                with transaction.atomic():
                    saved = services.create_report(item, form.cleaned_data)
                url = reverse("streets:report_status") + f"?code={saved.lookup_code}&submitted=1"
                if language == "en":
                    url += "&lang=en"
                return redirect(url)
        else:
            status = 400
    else:
        form = DamageReportForm()
    return render(
        request,
        "streets/public/report.html",
        {"element": item, "street": item.street, "form": form, "lang_query": _lang_query(language)},
        status=status,
    )


def report_status(request):
    form = ReportLookupForm(request.GET or None)
    found = None
    if form.is_valid():
        found = (
            DamageReport.objects.select_related("element__street", "element__kind")
            .filter(lookup_code=form.cleaned_data["code"])
            .first()
        )
        if found is None:
            form.add_error("code", _("没有找到这个查询码对应的报告，请核对后重试。"))
    verdict = check(request, found.element.street) if found else None
    if verdict and not verdict.accepted:
        return verdict.refusal(request)
    response = render(
        request,
        "streets/public/report_status.html",
        {"form": form, "found": found, "submitted": request.GET.get("submitted") == "1"},
    )
    return verdict.seal(response) if verdict else response
