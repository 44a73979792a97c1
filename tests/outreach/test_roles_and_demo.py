from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from outreach import roles
from outreach.demo import DEMO_USERS, TOWNSHIPS
from outreach.models import ContentPage, Profile, Township, township_of

from .factories import TownshipFactory, UserFactory


@pytest.mark.django_db
class TestRoles:
    def test_migration_created_every_role_with_admin_access(self):
        for name in roles.ALL:
            group = Group.objects.get(name=name)
            assert group.permissions.filter(codename="access_admin").exists()

    @pytest.mark.parametrize("role", roles.ALL)
    def test_each_role_can_open_the_admin(self, client, role):
        client.force_login(UserFactory(roles=[role]))
        response = client.get("/admin/")
        assert response.status_code == 200
        assert "控制面板" in response.content.decode()

    def test_user_without_role_is_refused_the_admin(self, client):
        client.force_login(UserFactory())
        response = client.get("/admin/")
        assert response.status_code in (302, 403)
        assert "/admin/login/" in response.headers.get("Location", "/admin/login/")

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/admin/login/")

    def test_has_role(self):
        editor = UserFactory(roles=[roles.EDITOR])
        assert roles.has_role(editor, roles.EDITOR)
        assert not roles.has_role(editor, roles.REVIEWER)

    def test_user_is_tied_to_a_township(self):
        township = TownshipFactory(name="七贤镇", code="qixian")
        officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)
        assert township_of(officer) == township
        assert township_of(UserFactory()) is None


@pytest.mark.django_db
class TestDemo:
    def test_load_demo_builds_a_living_site(self, client):
        call_command("load_demo", stdout=StringIO())
        assert list(Township.objects.values_list("name", flat=True)) == [name for name, _ in TOWNSHIPS]
        User = get_user_model()
        assert User.objects.get(username="admin").is_superuser
        for username, _, role, _ in DEMO_USERS:
            assert User.objects.get(username=username).groups.filter(name=role).exists()
        assert Profile.objects.get(user__username="township").township.name == "城关镇"
        html = client.get("/").content.decode()
        assert "火场逃生自救常识" in html
        assert "火场逃生自救常识" in client.get("/search/", {"q": "逃生"}).content.decode()

    def test_load_demo_twice_changes_nothing(self):
        from django.apps import apps

        call_command("load_demo", stdout=StringIO())
        models = [m for m in apps.get_models() if m._meta.app_label in {"outreach", "auth", "wagtailcore"}]
        before = {m: m.objects.count() for m in models}
        call_command("load_demo", stdout=StringIO())
        after = {m: m.objects.count() for m in models}
        assert before == after
        assert ContentPage.objects.count() >= 2
