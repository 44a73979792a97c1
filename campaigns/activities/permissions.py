"""Who may do what with activities, trainings and key units, in terms of outreach.access.

- The publicity team (editors; reviewers read) works county-wide and alone approves.
- A township officer records and sees their own township's activities and trainings.
- A school's staff record and see only activities held at their own school.
- Anyone sees the activities they recorded themselves (a volunteer organiser, say).
Attendees have no account: their own page and certificate are reached by a secret token.
"""

from django.db.models import Q

from outreach import roles
from outreach.access import COUNTY_WIDE, access, has_role, scope_filter, township_filter

TEAM = COUNTY_WIDE.activities
RECORDERS = (roles.EDITOR, roles.REVIEWER, roles.TOWNSHIP_OFFICER, roles.SCHOOL_STAFF)


def activity_scope(user):
    """A Q for the activities the user may see (and, if not approved yet, correct)."""
    scope = scope_filter(
        user,
        county_roles=TEAM,
        township_field="township",
        member_roles=(roles.SCHOOL_STAFF,),
        member_field="school__staff",
    )
    # An empty Q is "everything"; OR-ing onto it would narrow it to the second term.
    if user.is_authenticated and scope.children:
        scope |= Q(created_by=user)
    return scope


def activities_for(user):
    from .models import Activity

    return Activity.objects.filter(activity_scope(user)).distinct()


def may_record(user):
    return has_role(user, *RECORDERS)


def is_school_only(user):
    """School staff who hold no wider role: their activities are at their own school."""
    held = access(user)
    return held.has(roles.SCHOOL_STAFF) and not held.has(roles.EDITOR, roles.REVIEWER, roles.TOWNSHIP_OFFICER)


def townships_for(user):
    from outreach.models import Township

    return Township.objects.filter(township_filter(user, county_roles=TEAM), is_active=True)


def may_review(user):
    return has_role(user, roles.EDITOR, roles.REVIEWER)


def may_publish_news(user):
    return has_role(user, roles.EDITOR, roles.REVIEWER)


def training_scope(user):
    return scope_filter(user, county_roles=TEAM, township_field="township")


def trainings_for(user):
    from .models import TrainingSession

    return TrainingSession.objects.filter(training_scope(user))


def may_run_trainings(user):
    return has_role(user, roles.EDITOR, roles.REVIEWER, roles.TOWNSHIP_OFFICER)


def key_unit_scope(user):
    return scope_filter(user, county_roles=TEAM, township_field="township")


def may_see_key_units(user):
    return has_role(user, roles.EDITOR, roles.REVIEWER, roles.TOWNSHIP_OFFICER)


def may_import_key_units(user):
    return has_role(user, roles.EDITOR)


def _activities_in_scope(user):
    from .models import Activity

    return Activity.objects.filter(activity_scope(user)).values("pk")


def can_see_photo(user, name):
    from .models import ActivityPhoto

    return ActivityPhoto.objects.filter(activity__in=_activities_in_scope(user), image=name).exists()


def can_see_sign_in_sheet(user, name):
    from .models import Activity

    return Activity.objects.filter(activity_scope(user), sign_in_sheet=name).exists()
