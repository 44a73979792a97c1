from wagtail.models import Page
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
