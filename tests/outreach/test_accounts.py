"""The site's own sign-in: in the site's look and language, each role lands where its work is."""

import pytest
from wagtail import hooks

from outreach import roles
from tests.courses.factories import SchoolFactory
from tests.outreach.factories import UserFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user, **extra):
    return client.post("/accounts/login/", {"username": user.username, "password": "pw", **extra})


def test_sign_in_page_is_the_sites_own_in_chinese_and_small(client, home_page):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "用户名或手机号" in html and "密码" in html
    assert "site-header" in html  # the public site's shell, not the admin's
    assert "wagtail" not in html.lower()
    assert len(response.content) < 20_000


def test_wrong_password_says_so_in_chinese_and_signs_nobody_in(client, home_page):
    user = UserFactory()
    response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不对" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_teacher_lands_on_their_workbench_with_their_school_one_tap_away(client, home_page):
    teacher = UserFactory(roles=[roles.SCHOOL_STAFF])
    SchoolFactory(staff=[teacher])
    response = sign_in(client, teacher)
    assert response.status_code == 302
    assert response["Location"] == "/workbench/"
    assert 'href="/schools/"' in client.get("/workbench/").content.decode()


def test_venue_manager_lands_on_the_workbench_with_their_venues_one_tap_away(client, home_page):
    manager = UserFactory(roles=[roles.VENUE_MANAGER])
    venue = VenueFactory()
    venue.managers.add(manager)
    venue.save()  # a ParentalManyToMany is written on save
    assert sign_in(client, manager)["Location"] == "/workbench/"
    assert 'href="/admin/snippets/venues/venue/"' in client.get("/workbench/").content.decode()
    assert venue.name in client.get("/admin/snippets/venues/venue/").content.decode()


def test_township_officer_and_bureau_land_on_the_workbench(client, home_page):
    for role in (roles.TOWNSHIP_OFFICER, roles.EDUCATION_BUREAU):
        client.logout()
        assert sign_in(client, UserFactory(roles=[role]))["Location"] == "/workbench/"


def test_editor_lands_in_the_admin(client, home_page):
    assert sign_in(client, UserFactory(roles=[roles.EDITOR]))["Location"] == "/admin/"


def test_someone_without_a_role_lands_on_the_home_page(client, home_page):
    assert sign_in(client, UserFactory())["Location"] == "/"


def test_next_is_followed_when_it_is_on_this_site_only(client, home_page):
    teacher = UserFactory(roles=[roles.SCHOOL_STAFF])
    SchoolFactory(staff=[teacher])
    assert sign_in(client, teacher, next="/courseware/")["Location"] == "/courseware/"
    client.logout()
    assert sign_in(client, teacher, next="https://evil.example/")["Location"] == "/workbench/"


def test_an_app_adds_a_landing_without_touching_the_core(client, home_page):
    user = UserFactory()

    def landing(u):
        return "/somewhere/" if u.pk == user.pk else None

    with hooks.register_temporarily("site_landing", landing, order=0):
        assert sign_in(client, user)["Location"] == "/somewhere/"


def test_sign_out_from_a_public_page(client, home_page):
    teacher = UserFactory(roles=[roles.SCHOOL_STAFF])
    client.force_login(teacher)
    html = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in html and "退出" in html
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert 'href="/accounts/login/"' in client.get("/").content.decode()


def test_floating_editor_button_is_for_editors_only(client, home_page):
    client.force_login(UserFactory(roles=[roles.SCHOOL_STAFF]))
    assert "wagtail-userbar" not in client.get("/").content.decode()
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    assert "wagtail-userbar" in client.get("/").content.decode()


def test_staff_pages_send_visitors_to_the_sites_sign_in(client, home_page):
    response = client.get("/schools/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/schools/"
