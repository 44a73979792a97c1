"""Who a user is on the platform, read once per request, and what they may reach.

Every app asks here. A user's roles (their groups) are read with one query the first
time they are needed and kept on the user object, which lives as long as the request.
Scopes are the four reaches of the platform: the whole county, one township, one school,
one venue. An app turns a scope into a queryset filter with `scope_filter`, naming the
field paths its models use; the rule of who reaches what stays here.

This module imports no domain app: schools and venues say who their staff are through
the field paths an app passes in (`school_field="staff"` etc.).
"""

from dataclasses import dataclass

from django.db.models import Q

from outreach import roles

NOTHING = Q(pk__in=[])
_CACHE_ATTR = "_outreach_access"


@dataclass(frozen=True)
class CountyWide:
    """Per part of the platform, the roles that reach the whole county there.

    Everyone else reaches their own township's rows (township officers) or the rows they
    are listed on (a school's staff, a venue's managers), as each app's scope says.

    The sets differ because the county's work is divided, not by accident: the bureau
    answers for schools and not for shops; the publicity team keeps the venue library
    and the volunteer corps but accepts no culture street; reviewers accept streets and
    check the plan's figures but run no venue; the base's staff receive classes from
    every township but read nothing else. Each app takes its set from here
    (`county_roles=COUNTY_WIDE.venues`), so who sees the whole county is said in one
    place, and a change to it is one line in this table.
    """

    townships: tuple  # choosing a township (a venue's, a school's, a page's, a visit's)
    schools: tuple  # every school's compliance (courses)
    plan: tuple  # the plan dashboard's drill-downs by township
    coverage: tuple  # the 五进 coverage ledger across all townships (campaigns)
    venues: tuple  # every crowded venue, its posters and its hazard reports
    streets: tuple  # every township's culture street and walls
    volunteers: tuple  # every volunteer event and volunteer (campaigns.volunteers)
    activities: tuple  # every township's activities, trainings and key units (campaigns.activities)


COUNTY_WIDE = CountyWide(
    # Anyone whose work is not tied to one township may pick any: the publicity team, the
    # bureau, and the base's staff, who receive schools from every township.
    townships=(roles.EDITOR, roles.REVIEWER, roles.EDUCATION_BUREAU, roles.BASE_STAFF),
    # The bureau answers for every school; the publicity team and reviewers answer for
    # the plan's school indicators.
    schools=(roles.EDUCATION_BUREAU, roles.EDITOR, roles.REVIEWER),
    # The plan's readers of the whole county: those who answer for it and check it.
    plan=(roles.EDITOR, roles.REVIEWER, roles.EDUCATION_BUREAU),
    # The ledger is the publicity team's own account of its work, checked by reviewers.
    coverage=(roles.EDITOR, roles.REVIEWER),
    # The publicity team keeps the venue library and prints its posters; reports go to the
    # venue's township officer, and to the team that can reach every township.
    venues=(roles.EDITOR,),
    # Streets are built by townships, kept by the publicity team, accepted by reviewers.
    streets=(roles.EDITOR, roles.REVIEWER),
    # County-wide events are the publicity team's; a township's are its officer's.
    volunteers=(roles.EDITOR,),
    # Activities and trainings are reviewed by the publicity team, which sees every
    # township's, as reviewers do; an officer records their own township's.
    activities=(roles.EDITOR, roles.REVIEWER),
)


@dataclass(frozen=True)
class Access:
    """What one signed-in user holds: role names and the township they belong to."""

    roles: frozenset
    township_id: int | None
    is_superuser: bool

    def has(self, *names):
        """True when the user holds any of the named roles (superusers hold them all)."""
        return self.is_superuser or not self.roles.isdisjoint(names)


ANONYMOUS = Access(roles=frozenset(), township_id=None, is_superuser=False)


def access(user):
    """The user's Access, computed once per user object (one query, none for anonymous)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # One row per group (or one row of NULLs), each carrying the profile's township.
        from django.contrib.auth import get_user_model

        rows = list(
            get_user_model().objects.filter(pk=user.pk).values_list("groups__name", "profile__township_id")
        )
        names = frozenset(name for name, _ in rows if name)
        township_id = rows[0][1] if rows else None
        cached = Access(roles=names, township_id=township_id, is_superuser=user.is_superuser)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user):
    """Drop the cached roles (after changing a user's groups within one request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, *names):
    """True when the user holds any of the named roles; superusers hold every role."""
    return access(user).has(*names)


def township_id_of(user):
    return access(user).township_id


def holders(*names, township_id=None):
    """The users who hold any of the named roles (optionally: tied to one township)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(groups__name__in=names)
    if township_id is not None:
        users = users.filter(profile__township_id=township_id)
    return users.distinct()


def scope_filter(
    user,
    *,
    county_roles=(),
    township_roles=(roles.TOWNSHIP_OFFICER,),
    township_field=None,
    member_roles=(),
    member_field=None,
):
    """A Q for the rows a user may reach.

    - holders of `county_roles` (and superusers): everything;
    - holders of `township_roles` tied to a township: rows whose `township_field` is it;
    - holders of `member_roles`: rows whose `member_field` (a user relation such as a
      school's `staff` or a venue's `managers`) contains them; `member_roles=None` means
      being listed is enough, whatever the user's roles.
    Everyone else: nothing. The scopes add up, so a user may hold several.
    """
    held = access(user)
    if held is ANONYMOUS:
        return NOTHING
    if held.has(*county_roles):
        return Q()
    scope = NOTHING
    if township_field and held.township_id and held.has(*township_roles):
        scope |= Q(**{f"{township_field}_id": held.township_id})
    if member_field and (member_roles is None or held.has(*member_roles)):
        scope |= Q(**{member_field: user})
    return scope


def township_filter(user, county_roles=COUNTY_WIDE.townships):
    """A Q on townships: every one for county-wide roles (and superusers), the user's own
    township for anyone tied to one, none for others."""
    held = access(user)
    if held is ANONYMOUS:
        return NOTHING
    if held.has(*county_roles):
        return Q()
    if held.township_id:
        return Q(pk=held.township_id)
    return NOTHING


def can_reach(user, queryset, obj, **scope):
    """True when obj is among the rows of queryset the user may reach (one query)."""
    return queryset.filter(scope_filter(user, **scope), pk=obj.pk).exists()
