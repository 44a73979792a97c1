"""Who may do what on the plan dashboard, in terms of the platform's one access layer.

- the staff dashboard is for the publicity team, reviewers, the education bureau,
  township officers and members of any responsible unit;
- a responsible unit's members report values and write causes and measures for the
  indicators that unit answers for, and no others;
- only reviewers (审核) accept or return a reported value, and never their own;
- a value's evidence (a private file) is for the unit's members and the reviewers;
- the publicity team (宣传编辑) closes a plan and carries its indicators into the next;
- a township officer's drill-downs show their own township's records only.
The public pages and open data need no permission: they show public indicators only.
"""

from outreach import roles
from outreach.access import COUNTY_WIDE, access, has_role

STAFF_ROLES = (roles.EDITOR, roles.REVIEWER, roles.EDUCATION_BUREAU, roles.TOWNSHIP_OFFICER)
COUNTY_ROLES = COUNTY_WIDE.plan


def unit_ids(user):
    """The responsible units the user speaks for (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_plan_unit_ids", None)
    if cached is None:
        from .models import ResponsibleUnit

        cached = frozenset(ResponsibleUnit.objects.filter(members=user).values_list("pk", flat=True))
        user._plan_unit_ids = cached
    return cached


def can_view_staff(user):
    if not user.is_authenticated:
        return False
    return has_role(user, *STAFF_ROLES) or bool(unit_ids(user))


def drill_down_township(user):
    """The township a user's drill-downs are limited to (a township officer without a
    county role, as everywhere else on the platform), or None for the whole county."""
    held = access(user)
    if held.has(*COUNTY_ROLES) or not held.has(roles.TOWNSHIP_OFFICER):
        return None
    return held.township_id or 0


def can_enter(user, indicator):
    """Members of the indicator's responsible unit (and superusers) report for it."""
    return access(user).is_superuser or indicator.responsible_unit_id in unit_ids(user)


def can_review(user):
    return has_role(user, roles.REVIEWER)


def can_see_evidence(user, indicator):
    """Evidence is the unit's own paperwork: its members and the reviewers who check it."""
    return can_review(user) or indicator.responsible_unit_id in unit_ids(user)


def can_manage_plans(user):
    """Closing a plan's final evaluation and starting the next plan: the publicity team."""
    return has_role(user, roles.EDITOR)
