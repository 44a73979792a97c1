"""The public dashboard, and the staff screens under the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied

from outreach.exports import xlsx_response
from outreach.http import parse_day
from outreach.page_cache import mark_cacheable

from . import report as report_output
from .dashboard import build, evaluation_report, report_kind
from .forms import AssessmentForm, ReportedValueForm, ReviewForm
from .models import Assessment, Indicator, Measurement, ReportedStatus, ReportedValue
from .services import (
    can_enter,
    can_review,
    can_see_evidence,
    can_view_staff,
    current_plan,
    drill_down_township,
    enter_value,
    review,
    save_assessment,
    unit_ids,
)


def public_dashboard(request):
    plan = current_plan()
    if plan is None:
        raise Http404("no plan")
    dashboard = build(plan, public=True)
    mark_cacheable(request)
    return render(request, "plan/public.html", {"dashboard": dashboard})


# -- staff ---------------------------------------------------------------------------


def refusing(view):
    """Answer a refusal with 403 (Wagtail's admin would turn PermissionDenied into a
    redirect to its dashboard, which hides from tests and users alike that it was a no)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _require_staff(request):
    if not can_view_staff(request.user):
        raise PermissionDenied


def _plan_or_404():
    plan = current_plan()
    if plan is None:
        raise Http404("no plan")
    return plan


@refusing
def staff_dashboard(request):
    _require_staff(request)
    plan = _plan_or_404()
    on, error = parse_day(request.GET.get("on"), timezone.localdate())
    dashboard = build(plan, on)
    pending = list(
        ReportedValue.objects.filter(indicator__plan=plan, status=ReportedStatus.PENDING)
        .select_related("indicator", "entered_by")
        .order_by("entered_at")
    )
    return render(
        request,
        "plan/admin/dashboard.html",
        {
            "dashboard": dashboard,
            "pending": pending,
            "can_review": can_review(request.user),
            "my_units": unit_ids(request.user),
            "error": error,
        },
    )


@refusing
def indicator_detail(request, code):
    """One indicator with the records behind it (the drill-down) and its reported values."""
    _require_staff(request)
    plan = _plan_or_404()
    indicator = get_object_or_404(Indicator.objects.for_dashboard(), plan=plan, code=code)
    on, error = parse_day(request.GET.get("on"), timezone.localdate())
    dashboard = build(plan, on, details=True, only=indicator)
    result = dashboard.results[0]
    township = drill_down_township(request.user)
    if township is not None and result.reading is not None:
        result.reading.rows = [row for row in result.reading.rows if row.township_id == township]
    reported = indicator.reported_values.select_related("entered_by", "reviewed_by")
    return render(
        request,
        "plan/admin/indicator.html",
        {
            "dashboard": dashboard,
            "result": result,
            "indicator": indicator,
            "reported": reported,
            "assessments": indicator.assessments.all(),
            "can_enter": can_enter(request.user, indicator),
            "can_review": can_review(request.user),
            "can_see_evidence": can_see_evidence(request.user, indicator),
            "error": error,
        },
    )


@refusing
def enter_reported_value(request, code):
    indicator = get_object_or_404(Indicator, code=code, measurement=Measurement.REPORTED)
    if not can_enter(request.user, indicator):
        raise PermissionDenied
    form = ReportedValueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        enter_value(
            request.user,
            indicator,
            value=form.cleaned_data["value"],
            as_of=form.cleaned_data["as_of"],
            evidence=form.cleaned_data["evidence"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("已提交，审核人员核实后计入指标。"))
        return redirect("plan_admin:indicator", code=indicator.code)
    return render(request, "plan/admin/enter_value.html", {"indicator": indicator, "form": form})


@refusing
def write_assessment(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    if not can_enter(request.user, indicator):
        raise PermissionDenied
    year = timezone.localdate().year
    asked = request.GET.get("year", "")
    if asked.isdigit() and 2000 <= int(asked) <= 2100:
        year = int(asked)
    existing = Assessment.objects.filter(indicator=indicator, year=year).first()
    initial = {"year": year}
    if existing:
        initial = {"year": existing.year, "causes": existing.causes, "measures": existing.measures}
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        save_assessment(request.user, indicator, **form.cleaned_data)
        messages.success(request, _("原因与措施已保存。"))
        return redirect("plan_admin:indicator", code=indicator.code)
    return render(request, "plan/admin/assessment.html", {"indicator": indicator, "form": form})


@refusing
@require_POST
def review_value(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    reported = get_object_or_404(ReportedValue, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择核实通过或退回。"))
    else:
        _value, changed = review(
            request.user,
            reported.pk,
            accept=form.cleaned_data["action"] == "accept",
            note=form.cleaned_data["note"],
        )
        if changed:
            messages.success(request, _("已处理。"))
        else:
            messages.warning(request, _("这条填报已由他人处理。"))
    # Only back to a path of this site: a forged form must not send staff elsewhere, and
    # a bare word is not taken for a view name (redirect() would try to reverse it).
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("plan_admin:dashboard")
    return HttpResponseRedirect(target)


def _report(request):
    _require_staff(request)
    plan = _plan_or_404()
    on, error = parse_day(request.GET.get("on"), timezone.localdate())
    dashboard, groups = evaluation_report(plan, on)
    return dashboard, groups, report_kind(plan, on), error


@refusing
def evaluation_page(request):
    dashboard, groups, kind, error = _report(request)
    return render(
        request,
        "plan/admin/report.html",
        {
            "dashboard": dashboard,
            "groups": groups,
            "kind": kind,
            "error": error,
            "query": request.GET.urlencode(),
        },
    )


@refusing
def evaluation_xlsx(request):
    dashboard, groups, kind, _error = _report(request)
    return xlsx_response(
        f"plan-evaluation-{dashboard.on:%Y%m%d}.xlsx", [report_output.sheet(dashboard, groups, kind)]
    )


@refusing
def evaluation_pdf(request):
    dashboard, groups, kind, _error = _report(request)
    try:
        content = report_output.pdf_bytes(dashboard, groups, kind)
    except report_output.ReportFontError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('plan_admin:report')}?on={dashboard.on.isoformat()}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-evaluation-{dashboard.on:%Y%m%d}.pdf"'
    return response
