"""Who may see and change what. Every view goes through these, so the rules live in one place:
school staff see and change their own school only; township officers read their township;
the bureau and the brigade read everything; nobody but a school's staff changes its records."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from outreach.http import parse_id

from .models import School, Term

# Django's own: LOGIN_URL is the site's sign-in page, which brings visitors back here.
staff_login_required = login_required


def visible_school(user, pk):
    """The school, if the user may read it; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(School.objects.visible_to(user), pk=pk)


def editable_school(user, pk):
    """The school, if the user may log records for it: 404 if not even readable, 403 if read-only."""
    school = visible_school(user, pk)
    if not can_edit(user, school):
        raise PermissionDenied
    return school


def can_edit(user, school):
    return School.objects.editable_by(user).filter(pk=school.pk).exists()


def record_for_change(user, queryset, pk):
    """A lesson or drill the user may change: 404 when they cannot even read it, else 403."""
    record = get_object_or_404(queryset.visible_to(user).select_related("school", "term"), pk=pk)
    if not can_edit(user, record.school):
        raise PermissionDenied
    return record


def chosen_term(request):
    """The term asked for with ?term=, else the one running today."""
    term_id = parse_id(request.GET.get("term"))
    if term_id:
        return get_object_or_404(Term, pk=term_id)
    term = Term.objects.current()
    if term is None:
        raise Http404("no term")
    return term
