"""The staff screens under the admin: the dashboard, an indicator's drill-down, reported
values and their review, the evaluation report, and a plan's close and succession."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
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

from .. import report as report_output
from ..dashboard import build, evaluation_report, report_kind
from ..forms import AssessmentForm, CarryOverForm, ReportedValueForm, ReviewForm
from ..models import Assessment, Indicator, Measurement, Plan, ReportedStatus, ReportedValue
from ..permissions import (
    can_enter,
    can_manage_plans,
    can_review,
    can_see_evidence,
    can_view_staff,
    drill_down_township,
    unit_ids,
)
from ..services import carry_over, close_plan, current_plan, enter_value, review, save_assessment

DRILL_DOWN_PAGE = 50


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


def _plan_or_404(request=None):
    """The plan asked for (?plan=<id>), else the current one."""
    asked = request.GET.get("plan", "") if request is not None else ""
    if asked.isdigit():
        return get_object_or_404(Plan, pk=int(asked))
    plan = current_plan()
    if plan is None:
        raise Http404("no plan")
    return plan


@refusing
def staff_dashboard(request):
    _require_staff(request)
    plan = _plan_or_404(request)
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
            "plans": Plan.objects.order_by("-start"),
            "can_manage_plans": can_manage_plans(request.user),
        },
    )


@refusing
def indicator_detail(request, code):
    """One indicator with the records behind it (the drill-down) and its reported values."""
    _require_staff(request)
    plan = _plan_or_404(request)
    indicator = get_object_or_404(Indicator.objects.for_dashboard(), plan=plan, code=code)
    on, error = parse_day(request.GET.get("on"), timezone.localdate())
    dashboard = build(plan, on, details=True, only=indicator)
    result = dashboard.results[0]
    township = drill_down_township(request.user)
    rows = result.reading.rows if result.reading is not None else []
    if township is not None:
        rows = [row for row in rows if row.township_id == township]
    # 2,000 schools are not one page: the records behind the number, 50 at a time.
    rows_page = Paginator(rows, DRILL_DOWN_PAGE).get_page(request.GET.get("page"))
    reported = indicator.reported_values.select_related("entered_by", "reviewed_by")
    return render(
        request,
        "plan/admin/indicator.html",
        {
            "dashboard": dashboard,
            "result": result,
            "rows_page": rows_page,
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
    indicator = get_object_or_404(
        Indicator, plan=_plan_or_404(request), code=code, measurement=Measurement.REPORTED
    )
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
        return redirect(f"{reverse('plan_admin:indicator', args=[indicator.code])}?plan={indicator.plan_id}")
    return render(request, "plan/admin/enter_value.html", {"indicator": indicator, "form": form})


@refusing
def write_assessment(request, code):
    indicator = get_object_or_404(Indicator, plan=_plan_or_404(request), code=code)
    if not can_enter(request.user, indicator):
        raise PermissionDenied
    # A finished plan's causes and measures belong to its final year's evaluation.
    year = min(timezone.localdate().year, indicator.plan.end.year)
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
        return redirect(f"{reverse('plan_admin:indicator', args=[indicator.code])}?plan={indicator.plan_id}")
    return render(request, "plan/admin/assessment.html", {"indicator": indicator, "form": form})


@refusing
@require_POST
def review_value(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    reported = get_object_or_404(ReportedValue, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors) or _("请选择核实通过或退回。"))
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
    plan = _plan_or_404(request)
    on, error = parse_day(request.GET.get("on"), timezone.localdate())
    dashboard, groups = evaluation_report(plan, on)
    return dashboard, groups, report_kind(plan, dashboard.on), error


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
        report_output.filename(dashboard, "xlsx"), report_output.sheets(dashboard, groups, kind)
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
    response["Content-Disposition"] = f'attachment; filename="{report_output.filename(dashboard, "pdf")}"'
    return response


@refusing
def close(request, pk):
    """Freeze a finished plan's final evaluation (each indicator as it read on its last day)."""
    if not can_manage_plans(request.user):
        raise PermissionDenied
    plan = get_object_or_404(Plan, pk=pk)
    if request.method != "POST":
        return redirect(f"{reverse('plan_admin:dashboard')}?plan={plan.pk}")
    if timezone.localdate() <= plan.end:
        messages.error(request, _("规划期尚未结束，不能定稿终期评估。"))
    else:
        _plan, changed = close_plan(plan, request.user)
        if changed:
            messages.success(
                request, _("终期评估已定稿：各项指标按规划期末的数值存档，今后的记录不再改变它。")
            )
        else:
            messages.warning(request, _("这个规划的终期评估此前已经定稿。"))
    return redirect(f"{reverse('plan_admin:dashboard')}?plan={plan.pk}")


@refusing
def carry(request, pk):
    """Start the next plan from this one: chosen indicators are carried over, each with the
    previous plan's final value as its baseline; targets are then entered per indicator."""
    if not can_manage_plans(request.user):
        raise PermissionDenied
    previous = get_object_or_404(Plan, pk=pk)
    indicators = list(Indicator.objects.filter(plan=previous).order_by("sort_order", "pk"))
    form = CarryOverForm(request.POST or None, previous=previous, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = carry_over(
            previous,
            name=data["name"],
            slug=data["slug"],
            document=data["document"],
            start=data["start"],
            end=data["end"],
            codes=data["codes"],
            user=request.user,
        )
        messages.success(
            request,
            _("已建立“%(name)s”，接续 %(n)s 项指标；请逐项录入新规划的目标值（未录入前标注“演示目标”）。")
            % {"name": plan.name, "n": plan.indicators.count()},
        )
        return redirect(f"{reverse('plan_admin:dashboard')}?plan={plan.pk}")
    return render(request, "plan/admin/carry_over.html", {"form": form, "previous": previous})
