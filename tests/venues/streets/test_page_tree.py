"""Where the culture-street pages may go in the page tree (Wagtail's own assertions)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from outreach.models import ContentPage, HomePage
from tests.conftest import ensure_site_tree
from venues.streets.models import StreetIndexPage, StreetPage

from .factories import make_street, streets_index


class StreetPageTreeTests(WagtailPageTestCase):
    def test_the_street_section_sits_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(StreetIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, StreetIndexPage)
        self.assertCanNotCreateAt(ContentPage, StreetIndexPage)
        self.assertCanNotCreateAt(Page, StreetIndexPage)

    def test_streets_sit_under_the_section_and_have_no_children(self):
        self.assertAllowedSubpageTypes(StreetIndexPage, {StreetPage})
        self.assertAllowedParentPageTypes(StreetPage, {StreetIndexPage})
        self.assertAllowedSubpageTypes(StreetPage, set())
        self.assertCanNotCreateAt(HomePage, StreetPage)
        self.assertCanNotCreateAt(ContentPage, StreetPage)

    def test_only_one_street_section(self):
        home = ensure_site_tree()
        self.assertTrue(StreetIndexPage.can_create_at(home))
        streets_index(home)
        self.assertFalse(StreetIndexPage.can_create_at(home))

    def test_the_section_and_a_street_are_routable_and_renderable(self):
        home = ensure_site_tree()
        street = make_street(home)
        for page in (streets_index(home), street):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
