"""Where the base's public page may go in the page tree (Wagtail's own assertions)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from outreach.models import ContentPage, HomePage
from tests.conftest import ensure_site_tree
from venues.bookings.demo import load_page
from venues.bookings.models import BaseIndexPage


class BasePageTreeTests(WagtailPageTestCase):
    def test_the_base_page_sits_under_the_home_page_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(BaseIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, BaseIndexPage)
        self.assertCanNotCreateAt(ContentPage, BaseIndexPage)
        self.assertCanNotCreateAt(Page, BaseIndexPage)
        self.assertAllowedSubpageTypes(BaseIndexPage, set())

    def test_only_one_base_page(self):
        home = ensure_site_tree()
        self.assertTrue(BaseIndexPage.can_create_at(home))
        load_page()
        self.assertFalse(BaseIndexPage.can_create_at(home))

    def test_the_base_page_is_routable_and_renderable(self):
        ensure_site_tree()
        page = load_page()
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)
