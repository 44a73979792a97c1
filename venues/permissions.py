"""Who may manage which venue, and who handles which hazard report.

- the publicity team (宣传编辑) and superusers: every venue and report;
- township officers: the venues and reports of their own township;
- venue managers: the venues they are listed as managers of (no reports).
"""

from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from outreach import roles
from outreach.models import township_of

NOTHING = Q(pk__in=[])


def _user_roles(user):
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_venue_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._venue_roles = cached
    return cached


def sees_all(user):
    return user.is_authenticated and (user.is_superuser or roles.EDITOR in _user_roles(user))


def venue_scope_filter(user, prefix=""):
    if not user.is_authenticated:
        return NOTHING
    if sees_all(user):
        return Q()
    scope = NOTHING
    names = _user_roles(user)
    if roles.TOWNSHIP_OFFICER in names:
        township = township_of(user)
        if township is not None:
            scope |= Q(**{f"{prefix}township": township})
    if roles.VENUE_MANAGER in names:
        scope |= Q(**{f"{prefix}managers": user})
    return scope


def report_scope_filter(user):
    if not user.is_authenticated:
        return NOTHING
    if sees_all(user):
        return Q()
    if roles.TOWNSHIP_OFFICER in _user_roles(user):
        township = township_of(user)
        if township is not None:
            return Q(venue__township=township)
    return NOTHING


def can_manage_venue(user, venue):
    from venues.models import Venue

    return Venue.objects.filter(venue_scope_filter(user), pk=venue.pk).exists()


def can_handle_report(user, report):
    from venues.models import HazardReport

    return HazardReport.objects.filter(report_scope_filter(user), pk=report.pk).exists()


def can_set_township(user, township):
    """Officers may place venues only in their own township; managers cannot move them."""
    if sees_all(user):
        return True
    return roles.TOWNSHIP_OFFICER in _user_roles(user) and township_of(user) == township


class VenuePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions say what a role may do; the scope says to which venues."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_venue(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_manage_venue(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        from venues.models import Venue

        if not self.user_has_any_permission(user, actions):
            return Venue.objects.none()
        return Venue.objects.visible_to(user)


class ReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_handle_report(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and can_handle_report(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        from venues.models import HazardReport

        if not self.user_has_any_permission(user, actions):
            return HazardReport.objects.none()
        return HazardReport.objects.visible_to(user)
