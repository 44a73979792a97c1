"""The one access layer: roles read once per user object in one query, scopes as filters."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Q

from outreach import access, roles
from outreach.models import Profile
from tests.utils import count_queries

from .factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_and_township_are_read_in_one_query_once():
    township = TownshipFactory()
    user = UserFactory(roles=[roles.TOWNSHIP_OFFICER, roles.EDITOR], township=township)
    held, queries = count_queries(access.access, user)
    assert queries == 1
    assert held.roles == {roles.TOWNSHIP_OFFICER, roles.EDITOR}
    assert held.township_id == township.pk
    _, again = count_queries(lambda: [access.has_role(user, name) for name in roles.ALL])
    assert again == 0


def test_a_user_without_groups_or_profile_holds_nothing():
    user = UserFactory()
    assert access.access(user).roles == frozenset()
    assert access.township_id_of(user) is None
    assert not access.has_role(user, *roles.ALL)


def test_anonymous_and_inactive_hold_nothing_without_a_query():
    inactive = UserFactory(roles=[roles.EDITOR], is_active=False)
    for user in (AnonymousUser(), inactive, None):
        result, queries = count_queries(access.has_role, user, roles.EDITOR)
        assert result is False and queries == 0


def test_superusers_hold_every_role():
    admin = UserFactory(is_superuser=True)
    assert access.has_role(admin, roles.BASE_STAFF)
    assert access.scope_filter(admin, township_field="township") == Q()


def test_forget_rereads_the_roles():
    user = UserFactory()
    assert not access.has_role(user, roles.REVIEWER)
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    assert not access.has_role(user, roles.REVIEWER)  # kept for the request
    access.forget(user)
    assert access.has_role(user, roles.REVIEWER)


def reached(user, **scope):
    """Whose profiles the scope reaches (a profile has a township and a user relation)."""
    rows = Profile.objects.filter(access.scope_filter(user, **scope))
    return set(rows.values_list("user__username", flat=True))


def test_scope_filter_adds_up_the_scopes():
    here, there = TownshipFactory(), TownshipFactory()
    both = UserFactory(username="both", roles=[roles.TOWNSHIP_OFFICER, roles.VENUE_MANAGER], township=there)
    UserFactory(username="neighbour", township=there)
    UserFactory(username="far", township=here)
    scope = {
        "county_roles": (roles.EDITOR,),
        "township_field": "township",
        "member_roles": (roles.VENUE_MANAGER,),
        "member_field": "user",
    }
    assert reached(both, **scope) == {"both", "neighbour"}
    officer = UserFactory(username="officer", roles=[roles.TOWNSHIP_OFFICER], township=here)
    assert reached(officer, **scope) == {"far", "officer"}
    manager = UserFactory(username="manager", roles=[roles.VENUE_MANAGER], township=here)
    assert reached(manager, **scope) == {"manager"}
    editor = UserFactory(username="editor", roles=[roles.EDITOR])
    assert reached(editor, **scope) == {"both", "neighbour", "far", "officer", "manager"}
    assert reached(AnonymousUser(), **scope) == set()


def test_member_scope_needs_the_role_unless_none_is_asked():
    user = UserFactory(username="listed", township=TownshipFactory())
    assert reached(user, member_roles=(roles.SCHOOL_STAFF,), member_field="user") == set()
    assert reached(user, member_roles=None, member_field="user") == {"listed"}


def test_an_officer_without_a_township_reaches_nothing():
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER])
    assert access.scope_filter(officer, township_field="township") == access.NOTHING


def test_holders_lists_the_users_of_a_role():
    here, there = TownshipFactory(), TownshipFactory()
    near = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here)
    UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=there)
    UserFactory(roles=[roles.EDITOR], township=here)
    assert list(access.holders(roles.TOWNSHIP_OFFICER, township_id=here.pk)) == [near]
    assert access.holders(roles.TOWNSHIP_OFFICER).count() == 2


def test_the_county_wide_table_names_only_platform_roles_for_every_part():
    from dataclasses import fields

    for part in fields(access.COUNTY_WIDE):
        held = getattr(access.COUNTY_WIDE, part.name)
        assert isinstance(held, tuple) and held, part.name
        assert set(held) <= set(roles.ALL), part.name
    # Township officers are never county-wide: that is what tells their scope apart.
    assert all(
        roles.TOWNSHIP_OFFICER not in getattr(access.COUNTY_WIDE, part.name)
        for part in fields(access.COUNTY_WIDE)
    )


def test_the_township_chooser_offers_every_township_to_the_county_wide_roles_only():
    here, there = TownshipFactory(), TownshipFactory()
    from outreach.models import Township

    def offered(user):
        return set(Township.objects.filter(access.township_filter(user)))

    base_staff = UserFactory(roles=[roles.BASE_STAFF], township=here)
    assert offered(base_staff) == {here, there}
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=here)
    assert offered(officer) == {here}
    manager = UserFactory(roles=[roles.VENUE_MANAGER])
    assert offered(manager) == set()
