"""The public dashboard: the current plan, past plans' final evaluations at their own
addresses, a scorecard per township, the evaluation report and the open data."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from outreach.exports import XLSX_TYPE, csv_response
from outreach.models import Township
from outreach.page_cache import mark_cacheable

from .. import opendata
from .. import report as report_output
from ..dashboard import build, evaluation_report, report_kind, township_scorecard
from ..models import Indicator, Plan
from ..services import current_plan


def _plan(slug=None):
    if slug is None:
        plan = current_plan()
        if plan is None:
            raise Http404("no plan")
        return plan
    return get_object_or_404(Plan, slug=slug)


def plan_urls(plan, current=None):
    """The addresses of a plan's public pages: the current plan's short ones, or a past
    plan's stable ones under /plan/plans/<slug>/."""
    current = current if current is not None else current_plan()
    if plan.slug and plan != current:
        prefix = reverse("plan:plan", args=[plan.slug])
    else:
        prefix = reverse("plan:public")
    return {
        "page": prefix,
        "pdf": prefix + "report.pdf",
        "xlsx": prefix + "report.xlsx",
        "data_csv": prefix + "data.csv",
        "data_json": prefix + "data.json",
        "prefix": prefix,
    }


def _context(plan, dashboard, current=None):
    current = current or current_plan()
    others = Plan.objects.exclude(pk=plan.pk).exclude(slug=None).order_by("-start")
    return {
        "dashboard": dashboard,
        "urls": plan_urls(plan, current),
        "is_current": plan == current,
        "other_plans": [(p, plan_urls(p, current)["page"]) for p in others],
        "townships": dashboard.townships,
        "kind": report_kind(plan, dashboard.on),
    }


def public_dashboard(request):
    plan = _plan()
    return _dashboard(request, plan, current=plan)


def plan_page(request, slug):
    plan, current = _plan(slug), current_plan()
    if plan == current:
        # One address per page: the current plan lives at /plan/.
        from django.shortcuts import redirect

        return redirect("plan:public")
    return _dashboard(request, plan, current)


def _dashboard(request, plan, current=None):
    dashboard = build(plan, public=True)
    mark_cacheable(request)
    return render(request, "plan/public/dashboard.html", _context(plan, dashboard, current))


def township(request, pk, slug=None):
    plan = _plan(slug)
    place = get_object_or_404(Township, pk=pk, is_active=True)
    dashboard = build(plan, public=True)
    mark_cacheable(request)
    context = _context(plan, dashboard, plan if slug is None else None)
    context.update(township=place, lines=township_scorecard(dashboard, place))
    return render(request, "plan/public/township.html", context)


def indicator(request, code, slug=None):
    """One public indicator with what its dashboard card leaves out: the table of every
    township's figures and the table of its monthly archive."""
    plan = _plan(slug)
    found = get_object_or_404(Indicator, plan=plan, code=code, is_public=True)
    dashboard = build(plan, public=True, only=found)
    mark_cacheable(request)
    context = _context(plan, dashboard, plan if slug is None else None)
    context["result"] = dashboard.results[0]
    return render(request, "plan/public/indicator.html", context)


def _report(request, slug, ext, make):
    """(file name, content) of the evaluation report; the page cache keeps the file for
    anonymous visitors (a report costs a second or more to draw, and anyone may ask)."""
    plan = _plan(slug)
    dashboard, groups = evaluation_report(plan, public=True)
    content = make(dashboard, groups, report_kind(plan, dashboard.on))
    mark_cacheable(request)
    return report_output.filename(dashboard, ext), content


def report_pdf(request, slug=None):
    try:
        name, content = _report(request, slug, "pdf", report_output.pdf_bytes)
    except report_output.ReportFontError:
        raise Http404(_("报告暂时无法生成（缺少中文字体）。")) from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def report_xlsx(request, slug=None):
    from outreach.exports import write_xlsx

    name, content = _report(request, slug, "xlsx", lambda d, g, k: write_xlsx(report_output.sheets(d, g, k)))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def data_catalogue(request, fmt, slug=None):
    """Every public indicator of the plan, one row (CSV) or object (JSON) each."""
    plan = _plan(slug)
    dashboard = build(plan, public=True)
    records = [opendata.record(result) for result in dashboard.results]
    if fmt == "json":
        return _json({"plan": opendata.plan_record(plan), "indicators": records})
    return csv_response(
        f"plan-{plan.slug or plan.pk}-indicators.csv", opendata.HEADER, opendata.rows(records)
    )


def indicator_data(request, code, fmt, slug=None):
    """One public indicator: its value, criteria, source, as-of date, verifier and history."""
    plan = _plan(slug)
    indicator = get_object_or_404(Indicator, plan=plan, code=code, is_public=True)
    result = build(plan, public=True, only=indicator).results[0]
    record = opendata.record(result, with_history=True)
    if fmt == "json":
        return _json({"plan": opendata.plan_record(plan), "indicator": record})
    return csv_response(
        f"plan-{plan.slug or plan.pk}-{indicator.code}.csv",
        opendata.HEADER,
        opendata.rows([record], history=True),
    )


def _json(payload):
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
