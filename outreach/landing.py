"""Where a person lands after signing in: the place their work is.

Apps say where their roles work with the `site_landing` hook, the way Wagtail hooks work:

    @hooks.register("site_landing", order=20)
    def school_staff_landing(user):
        return reverse(...) if <the user is school staff> else None

Hooks are asked in order; the first address wins. Editors and reviewers, and anyone no
app claims who may enter the admin, land on the admin dashboard; everyone else on the
home page.
"""

from django.urls import reverse
from wagtail import hooks

from outreach import roles
from outreach.access import has_role


def landing_url(user):
    for hook in hooks.get_hooks("site_landing"):
        url = hook(user)
        if url:
            return url
    if has_role(user, roles.EDITOR, roles.REVIEWER) or user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"


def header_links(user):
    """[(label, url)] the site's header shows a signed-in person beside 退出: each app says
    where its people's own page is with the `site_header_link` hook (None when not theirs)."""
    if user is None or not user.is_authenticated:
        return []
    return [link for hook in hooks.get_hooks("site_header_link") if (link := hook(user))]
