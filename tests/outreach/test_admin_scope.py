"""The core's choosers: townships as far as the user's work reaches, accounts for admins only."""

import json

import pytest

from outreach import roles

from .factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def modal_html(response):
    assert response.status_code == 200
    return json.loads(response.content)["html"]


@pytest.fixture
def townships():
    return TownshipFactory(name="城关镇", code="chengguan"), TownshipFactory(name="七贤镇", code="qixian")


@pytest.mark.parametrize(
    "role, sees_other",
    [
        (roles.TOWNSHIP_OFFICER, False),
        (roles.SCHOOL_STAFF, False),
        (roles.VENUE_MANAGER, False),
        (roles.EDITOR, True),
        (roles.EDUCATION_BUREAU, True),
    ],
)
def test_township_chooser_offers_the_townships_the_user_works_in(client, townships, role, sees_other):
    here, there = townships
    client.force_login(UserFactory(roles=[role], township=here))
    html = modal_html(client.get("/admin/snippets/choose/outreach/township/"))
    assert "城关镇" in html
    assert ("七贤镇" in html) == sees_other
    chosen = client.get(f"/admin/snippets/choose/outreach/township/chosen/{there.pk}/")
    assert chosen.status_code == (200 if sees_other else 404)


def test_a_user_tied_to_no_township_and_no_county_role_is_offered_none(client, townships):
    client.force_login(UserFactory(roles=[roles.VENUE_MANAGER]))
    html = modal_html(client.get("/admin/snippets/choose/outreach/township/"))
    assert "城关镇" not in html and "七贤镇" not in html


@pytest.mark.parametrize(
    "role", [roles.EDITOR, roles.TOWNSHIP_OFFICER, roles.EDUCATION_BUREAU, roles.SCHOOL_STAFF]
)
def test_the_accounts_chooser_names_nobody_to_non_admins(client, townships, role):
    listed = UserFactory(username="listed-user", first_name="隐私用户", township=townships[1])
    client.force_login(UserFactory(roles=[role], township=townships[0]))
    html = modal_html(client.get("/admin/snippets/choose/outreach/profile/"))
    assert "listed-user" not in html and "隐私用户" not in html
    assert (
        client.get(f"/admin/snippets/choose/outreach/profile/chosen/{listed.profile.pk}/").status_code == 404
    )


def test_admins_still_choose_any_account(client, townships):
    UserFactory(username="listed-user", township=townships[1])
    client.force_login(UserFactory(is_superuser=True))
    assert "listed-user" in modal_html(client.get("/admin/snippets/choose/outreach/profile/"))
