"""The admin menu offers each screen only to those its own check lets in."""

import ast
from types import SimpleNamespace

import pytest
from wagtail.admin.menu import admin_menu

from outreach import roles
from outreach.admin_menu import MenuItemFor
from tests.campaigns.factories import NewsIndexPageFactory
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.outreach.test_architecture import source_modules

pytestmark = pytest.mark.django_db

# (menu label, a role that sees it, a role that does not)
ITEMS = [
    ("规划实施仪表盘", roles.REVIEWER, roles.SCHOOL_STAFF),
    ("登录锁定", None, roles.EDITOR),
    ("志愿活动管理", roles.TOWNSHIP_OFFICER, roles.SCHOOL_STAFF),
    ("待审核与候补", roles.BASE_STAFF, roles.VENUE_MANAGER),
    ("导入学校和班级", roles.EDUCATION_BUREAU, roles.VOLUNTEER),
    ("覆盖台账", roles.REVIEWER, roles.TOWNSHIP_OFFICER),
    ("达标情况（前台）", roles.TOWNSHIP_OFFICER, roles.VENUE_MANAGER),
]


def shown_items(rf, role):
    """Every item of the admin menu (submenus opened) as shown to a user with the role."""
    if role is None:
        user = UserFactory(is_superuser=True)
    else:
        # An officer reads their township's schools and reports: give them one.
        township = TownshipFactory() if role == roles.TOWNSHIP_OFFICER else None
        user = UserFactory(roles=[role], township=township)
    request = rf.get("/admin/")
    request.user = user
    shown, items = [], list(admin_menu.menu_items_for_request(request))
    while items:
        item = items.pop()
        shown.append((item, request))
        if hasattr(item, "menu"):
            items += item.menu.menu_items_for_request(request)
    return shown


def labels_for(rf, role):
    return [str(item.label) for item, _request in shown_items(rf, role)]


@pytest.mark.parametrize("label, allowed, refused", ITEMS)
def test_menu_items_follow_their_predicate(rf, home_page, label, allowed, refused):
    assert label in labels_for(rf, allowed)
    assert label not in labels_for(rf, refused)


def test_a_predicate_decides_alone():
    item = MenuItemFor("x", "/x/", shown_to=lambda user: user == "yes")
    assert item.is_shown(SimpleNamespace(user="yes"))
    assert not item.is_shown(SimpleNamespace(user="no"))
    assert MenuItemFor.shown_to_users(bool)("y", "/y/").is_shown(SimpleNamespace(user=0)) is False


def test_an_address_given_as_a_function_is_asked_when_the_menu_is_drawn(rf):
    asked = []
    item = MenuItemFor("x", lambda: asked.append(1) or f"/x/{len(asked)}/", shown_to=bool)
    request = rf.get("/admin/")
    assert asked == []
    assert item.render_component(request).url == "/x/1/"
    assert item.render_component(request).url == "/x/2/"
    assert item.url is not None and callable(item.url)  # the shared item keeps no request's address


def test_a_campaign_section_is_offered_once_it_exists_and_opens_the_explorer(rf, home_page):
    assert "新闻动态" not in labels_for(rf, roles.EDITOR)
    news = NewsIndexPageFactory(parent=home_page)
    shown = {str(item.label): (item, request) for item, request in shown_items(rf, roles.EDITOR)}
    item, request = shown["新闻动态"]
    assert item.render_component(request).url == f"/admin/pages/{news.pk}/"
    assert "新闻动态" not in labels_for(rf, roles.TOWNSHIP_OFFICER)


def test_no_app_subclasses_the_menu_item_again():
    """One menu item that takes a predicate: a screen's visibility is a function, not a class."""
    subclasses = {}
    for module, path in source_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(base) for base in node.bases]
                if any(base.split(".")[-1] == "MenuItem" for base in bases):
                    subclasses[f"{module}.{node.name}"] = bases
    assert subclasses == {"outreach.admin_menu.MenuItemFor": ["MenuItem"]}
