"""Compliance screens: the table of schools, one school's page, its history, the exports."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.http import parse_id
from outreach.models import Township

from ..compliance import STATUS_ORDER, Status, class_progress, school_history, term_report
from ..exports import report_csv, report_xlsx
from ..models import Drill, Lesson, School, SchoolKind, Term
from ..permissions import (
    can_edit,
    reads_many_schools,
    reads_whole_county,
    staff_login_required,
    visible_school,
)

SORTS = {
    "name": lambda row: row.school.name,
    "township": lambda row: (row.school.township.sort_order, row.school.township.name, row.school.name),
    "status": lambda row: (STATUS_ORDER.index(row.status), row.school.name),
    "short": lambda row: (row.classes_short, row.school.name),
    "drills": lambda row: (row.drills, row.school.name),
    "slowest": lambda row: (row.slowest or 0, row.school.name),
}


def chosen_term(request):
    """The term asked for with ?term=, else the one running today."""
    term_id = parse_id(request.GET.get("term"))
    if term_id:
        return get_object_or_404(Term, pk=term_id)
    term = Term.objects.current()
    if term is None:
        raise Http404("no term")
    return term


def filtered_scope(request):
    """The schools the user may read, narrowed by the table's filters (township, kind)."""
    scope = School.objects.visible_to(request.user)
    township = parse_id(request.GET.get("township"))
    if township:
        scope = scope.filter(township_id=township)
    kind = request.GET.get("kind", "")
    if kind in SchoolKind.values:
        scope = scope.filter(kind=kind)
    return scope


def scoped_report(request, term):
    """The term report of the schools the user reads, filtered as asked. Its total row says
    全县 only when it really is the whole county: a township officer's, or a filtered
    table's, total is 合计."""
    report = term_report(term, filtered_scope(request))
    whole_county = reads_whole_county(request.user) and not (
        parse_id(request.GET.get("township")) or request.GET.get("kind") in SchoolKind.values
    )
    if not whole_county:
        report.county.name = str(_("合计"))
    return report


@staff_login_required
def overview(request):
    user = request.user
    reads_many = reads_many_schools(user)
    own = list(School.objects.editable_by(user)[:2]) if not reads_many else []
    if len(own) == 1:
        return redirect("courses:school", pk=own[0].pk)
    term = chosen_term(request)
    report = scoped_report(request, term)
    rows = report.rows
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = [row for row in rows if row.status == status]
    sort = request.GET.get("sort", "status")
    key = SORTS.get(sort.lstrip("-"), SORTS["status"])
    rows = sorted(rows, key=key, reverse=sort.startswith("-"))
    visible_townships = Township.objects.filter(schools__in=School.objects.visible_to(user)).distinct()
    return render(
        request,
        "courses/overview.html",
        {
            "term": term,
            "terms": Term.objects.all(),
            "report": report,
            "rows": rows,
            "sort": sort,
            "townships": visible_townships,
            "kinds": SchoolKind.choices,
            "statuses": Status.choices,
            "filters": {k: request.GET.get(k, "") for k in ("township", "kind", "status")},
            "columns": [
                ("name", _("学校")),
                ("township", _("乡镇")),
                ("status", _("状态")),
                ("short", _("课时达标班级")),
                ("drills", _("演练")),
                ("slowest", _("最慢疏散")),
            ],
        },
    )


@staff_login_required
def school_page(request, pk):
    school = visible_school(request.user, pk)
    term = chosen_term(request)
    report = term_report(term, School.objects.filter(pk=school.pk), active_only=False)
    lessons = (
        Lesson.objects.filter(school=school, term=term)
        .select_related("courseware")
        .prefetch_related("classes")
    )
    drills = Drill.objects.filter(school=school, term=term).prefetch_related(Prefetch("photos"))
    return render(
        request,
        "courses/school.html",
        {
            "school": school,
            "term": term,
            "terms": Term.objects.all(),
            "row": report.for_school(school),
            "progress": class_progress(term, school),
            "lessons": lessons,
            "drills": drills,
            "can_edit": can_edit(request.user, school),
            "term_open": term.start <= report.today,
        },
    )


@staff_login_required
def school_history_page(request, pk):
    school = visible_school(request.user, pk)
    terms = list(Term.objects.filter(start__lte=timezone.localdate()))
    return render(
        request,
        "courses/history.html",
        {"school": school, "history": school_history(school, terms)},
    )


def _export(request, fmt):
    term = chosen_term(request)
    report = scoped_report(request, term)
    stem = f"compliance-{term.start:%Y%m}"
    if fmt == "xlsx":
        response = HttpResponse(
            report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_login_required
def export_xlsx(request):
    return _export(request, "xlsx")


@staff_login_required
def export_csv(request):
    return _export(request, "csv")
