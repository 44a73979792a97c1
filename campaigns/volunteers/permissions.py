"""Who may organise which volunteer events and see which volunteers, in terms of the
platform's one access layer (`outreach.access`) only.

- the publicity team (宣传编辑) and superusers: every event and every volunteer;
- township officers: the events and volunteers of their own township;
- team leaders (a volunteer listed among a team's leaders): their team's members, read only.
"""

from outreach import access, roles
from outreach.models import Township

from .models import Event, Shift, Signup, Team, Volunteer

ORGANISER_ROLES = (roles.EDITOR, roles.TOWNSHIP_OFFICER)
COUNTY_ROLES = access.COUNTY_WIDE.volunteers


def is_organiser(user):
    return access.has_role(user, *ORGANISER_ROLES)


def event_scope(user, prefix=""):
    return access.scope_filter(user, county_roles=COUNTY_ROLES, township_field=f"{prefix}township")


def events_for(user):
    return Event.objects.filter(event_scope(user))


def shifts_for(user):
    return Shift.objects.filter(event_scope(user, "event__"))


def signups_for(user):
    return Signup.objects.filter(event_scope(user, "shift__event__"))


def volunteers_for(user):
    return Volunteer.objects.current().filter(event_scope(user))


def townships_for(user):
    """The townships an organiser may place an event in: None means any (county-wide)."""
    if access.has_role(user, *COUNTY_ROLES):
        return None
    return Township.objects.filter(access.township_filter(user, county_roles=COUNTY_ROLES))


def activities_to_serve(user):
    """The publicity activities an organiser may link an event to: approved ones the user
    may see as an activity recorder, and for a township officer only their township's."""
    from campaigns.activities.permissions import activities_for

    activities = activities_for(user).approved()
    townships = townships_for(user)
    if townships is not None:
        activities = activities.filter(township__in=townships)
    return activities.order_by("-date", "-pk")


def visible_activity_ids(user, ids):
    """Which of these activities the user may open (their staff page), in one query."""
    from campaigns.activities.permissions import activities_for

    ids = {pk for pk in ids if pk}
    if not ids:
        return set()
    return set(activities_for(user).filter(pk__in=ids).values_list("pk", flat=True))


def issuing_township(user):
    """The organisation a user certifies for (谁记录谁证明): the county's (None) for the
    publicity team, else the township the user belongs to."""
    if access.has_role(user, *COUNTY_ROLES):
        return None
    return access.township_id_of(user)


def led_teams(user):
    """The teams the signed-in user leads (as a volunteer listed among the leaders)."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(leaders__user=user, leaders__deleted_at__isnull=True).distinct()


def is_team_leader(user):
    return led_teams(user).exists()
