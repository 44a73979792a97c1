import re
from pathlib import Path

from django.conf import settings
from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from outreach.models import ContentPage, HomePage
from tests.conftest import ensure_site_tree

from .factories import ContentPageFactory, paragraph, publish


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_under_the_root_only_once(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ContentPage, HomePage)
        # max_count = 1 and the migration made one already.
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_content_pages_nest_under_home_and_each_other(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(ContentPage, ContentPage)

    def test_migration_made_the_home_page_the_default_site(self):
        home = HomePage.objects.get()
        self.assertEqual(home.get_site().root_page.specific, home)
        self.assertTrue(home.live)

    def test_pages_are_routable_and_renderable(self):
        home = ensure_site_tree()
        page = publish(
            ContentPageFactory(parent=home, title="关于我们", slug="about", body=paragraph("<p>正文</p>"))
        )
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(home)


PAGE_TREE_ASSERTION = re.compile(
    r"assert(?:CanCreateAt|CanNotCreateAt|AllowedSubpageTypes|AllowedParentPageTypes)\(([^()]*)\)"
)


def names_in_page_tree_assertions(tests_root):
    names = set()
    for path in tests_root.rglob("test_*.py"):
        for arguments in PAGE_TREE_ASSERTION.findall(path.read_text(encoding="utf-8")):
            names.update(re.findall(r"[A-Za-z_]\w*", arguments))
    return names


def test_the_finder_reads_the_page_types_named_in_page_tree_assertions(tmp_path):
    (tmp_path / "test_x.py").write_text(
        "self.assertCanCreateAt(HomePage, StreetIndexPage)\nself.assertAllowedSubpageTypes(A, {B, C})\n"
        "assertPageIsRenderable(D)\n"
    )
    assert names_in_page_tree_assertions(tmp_path) == {"HomePage", "StreetIndexPage", "A", "B", "C"}


def test_every_page_type_of_the_project_is_placed_by_a_page_tree_assertion():
    """A new page type (or one moved to another app) gets Wagtail's page-tree assertions:
    where it may be created and what it may hold."""
    project = ("outreach", "campaigns", "courses", "venues", "themes")
    page_types = {model.__name__ for model in get_page_models() if model.__module__.split(".")[0] in project}
    assert page_types >= {"HomePage", "ContentPage", "CampaignPage", "StreetPage", "BaseIndexPage"}
    named = names_in_page_tree_assertions(Path(settings.BASE_DIR) / "tests")
    assert page_types - named == set()
