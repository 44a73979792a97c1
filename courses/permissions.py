"""Who may see and change what in the schools' records, in terms of `outreach.access`.

Every screen goes through these, so the rules live in one place: school staff see and
change their own school only; township officers read their township; the bureau and the
brigade's publicity team read every school; nobody but a school's staff changes its
records. The scopes themselves are the querysets' (`School.objects.visible_to`,
`editable_by`), built on `outreach.access.scope_filter`.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from outreach import roles
from outreach.access import COUNTY_WIDE, has_role
from outreach.admin_menu import has_perms

from .models import School

# Django's own: LOGIN_URL is the site's sign-in page, which brings visitors back here.
staff_login_required = login_required

# Who reads more than one school: the county-wide readers of schools, and township officers.
SCHOOL_READERS = (*COUNTY_WIDE.schools, roles.TOWNSHIP_OFFICER)

# Importing schools and classes creates and changes both: the bureau's model permissions.
IMPORT_PERMISSIONS = (
    "courses.add_school",
    "courses.change_school",
    "courses.add_schoolclass",
    "courses.change_schoolclass",
)
can_import = has_perms(*IMPORT_PERMISSIONS)


def reads_whole_county(user):
    """Those who read every school's compliance (a table's total may say 全县)."""
    return has_role(user, *COUNTY_WIDE.schools)


def reads_many_schools(user):
    """Those who read the compliance of more than one school: the county readers and
    township officers."""
    return has_role(user, *SCHOOL_READERS)


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
