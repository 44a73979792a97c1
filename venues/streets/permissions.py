"""Who may do what with culture streets and walls.

- the publicity team (宣传编辑) and reviewers (审核), and superusers: every township;
- township officers (乡镇管理员): their own township's street, elements, milestones,
  reports and walls, nothing else;
- only reviewers accept a street or send it back.

Wagtail's page permissions are per group and page subtree, and all township officers
share one group; so a street page adds "change" for the officers of its own township
(StreetPagePermissionTester) rather than keeping a group per township.
"""

from wagtail.models import PagePermissionTester

from outreach import roles
from outreach.access import COUNTY_WIDE, access, has_role, scope_filter

COUNTY_ROLES = COUNTY_WIDE.streets


def is_county_staff(user):
    return access(user).has(*COUNTY_ROLES)


def is_officer_of(user, township_id):
    held = access(user)
    return (
        held.has(roles.TOWNSHIP_OFFICER) and held.township_id is not None and held.township_id == township_id
    )


def keeps_streets(user):
    """County staff, and township officers tied to a township: the staff screens are theirs."""
    held = access(user)
    return is_county_staff(user) or bool(held.has(roles.TOWNSHIP_OFFICER) and held.township_id)


def may_use_township(user, township):
    return is_county_staff(user) or is_officer_of(user, township.pk)


def can_review(user):
    return has_role(user, roles.REVIEWER)


def street_scope(user, field="township"):
    return scope_filter(user, county_roles=COUNTY_ROLES, township_field=field)


def can_manage_street(user, street):
    return is_county_staff(user) or is_officer_of(user, street.township_id)


class StreetPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, plus "change" for the officers of the street's own township."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and is_officer_of(user, page.township_id):
            self.permissions = set(self.permissions) | {"change"}
