"""One admin menu item for every app: shown to the users a predicate accepts.

    MenuItemFor(_("预约日历"), reverse("bookings_admin:calendar"), shown_to=is_base_staff)

The predicate takes the signed-in user, and is the same function the screen behind the
item checks, so the menu never offers what the screen would refuse. A viewset's
`menu_item_class` takes `MenuItemFor.shown_to_users(predicate)`.

The address may be a function of no arguments, called when the menu is drawn, for an
item whose target is a row that exists only later (a section page an editor creates).
Menu items are built once per process and shared by every request, so the item never
stores a per-request address on itself.
"""

from functools import partial

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem


class MenuItemFor(MenuItem):
    def __init__(self, label, url, *, shown_to, **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return bool(self.shown_to(request.user))

    def render_component(self, request):
        if not callable(self.url):
            return super().render_component(request)
        return LinkMenuItem(
            self.name,
            self.label,
            self.url(),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )

    @classmethod
    def shown_to_users(cls, predicate):
        return partial(cls, shown_to=predicate)


def has_perms(*perms):
    """A predicate: the user holds every one of these Django permissions."""
    return lambda user: all(user.has_perm(perm) for perm in perms)
