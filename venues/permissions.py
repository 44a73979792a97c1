"""Who may manage which venue, and who handles which hazard report.

- the publicity team (宣传编辑) and superusers: every venue and report;
- township officers: the venues and reports of their own township;
- venue managers: the venues they are listed as managers of (no reports).

The rules are the scopes the models declare (`venue_scope`, `REPORT_SCOPE`), applied by
the platform's one access layer (`outreach.access`); this module adds the admin's
permission policies on top. The models never import it.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from outreach import access, roles
from venues.models import HazardReport, Venue
from venues.models.reports import REPORT_SCOPE
from venues.models.venue import venue_scope


def sees_all(user):
    """The whole county's venues and reports (the roles outreach.access names for venues)."""
    return access.has_role(user, *access.COUNTY_WIDE.venues)


def venue_scope_filter(user, prefix=""):
    return access.scope_filter(user, **venue_scope(prefix))


def report_scope_filter(user):
    return access.scope_filter(user, **REPORT_SCOPE)


def handles_reports(user):
    """True when the user has a report inbox at all (the publicity team, officers with a township)."""
    return report_scope_filter(user) != access.NOTHING


def can_manage_venue(user, venue):
    return access.can_reach(user, Venue.objects.all(), venue, **venue_scope())


def can_handle_report(user, report):
    return access.can_reach(user, HazardReport.objects.all(), report, **REPORT_SCOPE)


def prints_posters(user):
    """True when the user may print posters (one venue's, or a batch): the publicity team,
    and anyone who manages at least one venue. The admin menu and the screens both ask."""
    return sees_all(user) or Venue.objects.visible_to(user).exists()


def own_township_id(user):
    """The township a township officer places venues in; None for everyone else."""
    if access.has_role(user, roles.TOWNSHIP_OFFICER):
        return access.township_id_of(user)
    return None


def can_set_township(user, township):
    """Officers may place venues only in their own township; managers cannot move them."""
    if sees_all(user):
        return True
    return township is not None and own_township_id(user) == township.pk


class VenuePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions say what a role may do; the scope says to which venues."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_venue(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_manage_venue(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Venue.objects.none()
        return Venue.objects.visible_to(user)


class ReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_handle_report(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_handle_report(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return HazardReport.objects.none()
        return HazardReport.objects.visible_to(user)
