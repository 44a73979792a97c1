"""The Content-Security-Policy breaks nothing: public pages and the Wagtail admin load,
sign in and edit with no violation reported by the browser."""

import pytest

from outreach import roles
from tests.courses.factories import LessonFactory, TermFactory, school_staff, school_with_classes
from tests.outreach.factories import UserFactory
from tests.venues.factories import VenueFactory, add_prompts

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page):
    seen = []

    def record(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            seen.append(text)

    page.on("console", record)
    return seen


def sign_in(page, base, path, username, password):
    page.goto(f"{base}{path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def test_public_pages_and_a_staff_page_load_without_violations(page, live_server, violations):
    venue = add_prompts(VenueFactory(name="云台山宾馆"))
    term = TermFactory()
    school, classes = school_with_classes(term, n=1, name="城关一小")
    LessonFactory(school=school, term=term, classes=classes)
    staff = school_staff(school, username="teacher1", password="teacher-pw-119")
    for path in ("/", f"/v/{venue.code}/", f"/v/{venue.code}/report/", "/accounts/login/", "/search/?q=消防"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    sign_in(page, live_server.url, "/accounts/login/", staff.username, "teacher-pw-119")
    page.goto(f"{live_server.url}/schools/{school.pk}/")
    page.wait_for_load_state("networkidle")
    bar = page.locator("progress.bar").first
    assert bar.is_visible() and bar.bounding_box()["width"] > 100
    assert violations == [], "\n".join(violations)


def test_the_admin_signs_in_and_edits_a_page_without_violations(page, live_server, violations, site_tree):
    UserFactory(
        username="chief", password="chief-pw-119", is_superuser=True, is_staff=True, roles=[roles.EDITOR]
    )
    sign_in(page, live_server.url, "/admin/login/", "chief", "chief-pw-119")
    assert page.url.rstrip("/").endswith("/admin")
    page.goto(f"{live_server.url}/admin/pages/{site_tree.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # Wagtail's editor is script-driven: its Stimulus controllers ran and the form is live.
    assert page.locator("form#page-edit-form").is_visible()
    assert page.evaluate("!!window.Stimulus || !!document.querySelector('[data-controller]')")
    page.goto(f"{live_server.url}/admin/login-locks/")
    assert page.get_by_role("heading", name="登录锁定").is_visible()
    assert violations == [], "\n".join(violations)
