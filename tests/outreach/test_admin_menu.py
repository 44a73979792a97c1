"""The admin menu offers each screen only to those its own check lets in."""

from types import SimpleNamespace

import pytest
from wagtail.admin.menu import admin_menu

from outreach import roles
from outreach.admin_menu import MenuItemFor
from tests.outreach.factories import UserFactory

pytestmark = pytest.mark.django_db

# (menu label, a role that sees it, a role that does not)
ITEMS = [
    ("规划实施仪表盘", roles.REVIEWER, roles.SCHOOL_STAFF),
    ("登录锁定", None, roles.EDITOR),
    ("志愿活动管理", roles.TOWNSHIP_OFFICER, roles.SCHOOL_STAFF),
    ("待审核与候补", roles.BASE_STAFF, roles.VENUE_MANAGER),
    ("导入学校和班级", roles.EDUCATION_BUREAU, roles.VOLUNTEER),
]


def labels_for(rf, role):
    """Every label of the admin menu (submenus opened) as shown to a user with the role."""
    user = UserFactory(is_superuser=True) if role is None else UserFactory(roles=[role])
    request = rf.get("/admin/")
    request.user = user
    labels, items = [], list(admin_menu.menu_items_for_request(request))
    while items:
        item = items.pop()
        labels.append(str(item.label))
        if hasattr(item, "menu"):
            items += item.menu.menu_items_for_request(request)
    return labels


@pytest.mark.parametrize("label, allowed, refused", ITEMS)
def test_menu_items_follow_their_predicate(rf, home_page, label, allowed, refused):
    assert label in labels_for(rf, allowed)
    assert label not in labels_for(rf, refused)


def test_a_predicate_decides_alone():
    item = MenuItemFor("x", "/x/", shown_to=lambda user: user == "yes")
    assert item.is_shown(SimpleNamespace(user="yes"))
    assert not item.is_shown(SimpleNamespace(user="no"))
    assert MenuItemFor.shown_to_users(bool)("y", "/y/").is_shown(SimpleNamespace(user=0)) is False
