"""The admin and the public pages work under their Content-Security-Policy, behind nginx."""

import pytest

from .client import DEMO_PASSWORD


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_get_the_strict_policy(targets, anonymous):
    for name in ("home", "street", "base_visits"):
        page = anonymous.get(targets["pages"][name])
        policy = directives(page.headers["content-security-policy"])
        assert "'unsafe-inline'" not in policy.get("script-src", policy.get("default-src", [])), name
        assert policy.get("frame-ancestors") == ["'none'"], name


def test_the_admin_home_and_a_page_editor_answer_under_the_admin_policy(targets, signed_in):
    admin = signed_in("admin")
    home = admin.get("/admin/")
    assert home.status == 200
    assert "wagtail" in home.text.lower()
    assert "content-security-policy" in home.headers
    edit = admin.get(f"/admin/pages/{targets['edit_page_id']}/edit/")
    assert edit.status == 200
    assert 'id="page-edit-form"' in edit.text or "page-edit-form" in edit.text
    assert "content-security-policy" in edit.headers


def test_staff_land_on_their_screens_through_the_proxy(signed_in):
    """Base staff's day sheet and a township officer's street work answer behind nginx."""
    assert signed_in("base").get("/admin/base-visits/day/").status == 200
    assert signed_in("township").get("/street-work/").status == 200


@pytest.fixture
def violations(page):
    seen = []

    def record(message):
        if message.type == "error" and (
            "Content Security Policy" in message.text or "Refused to" in message.text
        ):
            seen.append(message.text)

    page.on("console", record)
    return seen


@pytest.mark.browser
def test_the_admin_and_public_pages_render_without_csp_violations(page, base_url, targets, violations):
    for name in ("home", "street", "element", "base_visits"):
        page.goto(base_url + targets["pages"][name])
        page.wait_for_load_state("networkidle")
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith("/admin"), page.url
    page.goto(f"{base_url}/admin/pages/{targets['edit_page_id']}/edit/")
    page.wait_for_load_state("networkidle")
    # Wagtail's editor is script-driven: the tabs work only if its scripts ran.
    assert page.locator("[data-controller~='w-tabs'], [role=tablist]").first.is_visible()
    assert violations == [], "\n".join(violations)
