"""Where a person lands after signing in: the place their work is.

Editors and reviewers land on the admin dashboard, where pages are written and checked.
Everyone who holds any other staff role lands on their workbench (我的工作台,
outreach.workbench), which gathers what waits for them from every part of the site.

Apps still say where people without a staff role work (a volunteer's own page) with the
`site_landing` hook, the way Wagtail hooks work:

    @hooks.register("site_landing", order=50)
    def volunteer_landing(user):
        return reverse(...) if <the user is a volunteer> else None

Hooks are asked in order; the first address wins. Anyone else who may enter the admin
lands on the admin dashboard; everyone else on the home page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from outreach import roles
from outreach.access import access, has_role

# The staff roles whose work is on the workbench rather than in the page editor.
WORKBENCH_ROLES = frozenset(roles.ALL) - {roles.EDITOR, roles.REVIEWER}


def works_at_workbench(user):
    held = access(user)
    return not held.is_superuser and not held.roles.isdisjoint(WORKBENCH_ROLES)


def shows_workbench(user):
    """Whether the header offers 工作台: anyone with a staff role (editors and reviewers
    verify plan values there too); a volunteer's own page is their app's header link."""
    held = access(user)
    return held.is_superuser or bool(held.roles)


def landing_url(user):
    if has_role(user, roles.EDITOR, roles.REVIEWER):
        return reverse("wagtailadmin_home")
    if works_at_workbench(user):
        return reverse("workbench")
    for hook in hooks.get_hooks("site_landing"):
        url = hook(user)
        if url:
            return url
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"


def header_links(user):
    """[(label, url)] the site's header shows a signed-in person beside 退出: the workbench
    for staff, then each app says
    where its people's own page is with the `site_header_link` hook (None when not theirs)."""
    if user is None or not user.is_authenticated:
        return []
    links = [(_("工作台"), reverse("workbench"))] if shows_workbench(user) else []
    return links + [link for hook in hooks.get_hooks("site_header_link") if (link := hook(user))]
