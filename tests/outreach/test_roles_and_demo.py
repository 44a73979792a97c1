import pytest
from django.contrib.auth.models import Group

from outreach import access, roles
from outreach.models import Township, township_of
from tests.utils import assert_sent_to_dashboard

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
        # Wagtail sends a signed-in user without admin access back to the login page.
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/admin/login/")
        assert "控制面板" not in response.content.decode()

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/admin/login/")

    def test_has_role(self):
        editor = UserFactory(roles=[roles.EDITOR])
        assert access.has_role(editor, roles.EDITOR)
        assert not access.has_role(editor, roles.REVIEWER)

    def test_user_is_tied_to_a_township(self):
        township = TownshipFactory(name="七贤镇", code="qixian")
        officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)
        assert township_of(officer) == township
        assert township_of(UserFactory()) is None


@pytest.mark.django_db
class TestCoreAdmin:
    def test_superuser_manages_townships(self, client):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        response = client.post(
            "/admin/snippets/outreach/township/add/",
            {"name": "新乡镇", "code": "xin", "sort_order": 10, "is_active": "on"},
        )
        assert response.status_code == 302
        assert Township.objects.filter(name="新乡镇").exists()
        assert "新乡镇" in client.get("/admin/snippets/outreach/township/").content.decode()

    def test_duplicate_township_is_refused_in_chinese(self, client):
        TownshipFactory(name="七贤镇", code="qixian")
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        response = client.post(
            "/admin/snippets/outreach/township/add/", {"name": "七贤镇", "code": "qixian2", "sort_order": 1}
        )
        assert response.status_code == 200
        assert "已存在" in response.content.decode()
        assert Township.objects.filter(name="七贤镇").count() == 1

    @pytest.mark.parametrize("role", roles.ALL)
    def test_roles_cannot_edit_townships(self, client, role):
        township = TownshipFactory()
        client.force_login(UserFactory(roles=[role]))
        response = client.post(
            f"/admin/snippets/outreach/township/edit/{township.pk}/", {"name": "改名", "code": township.code}
        )
        assert_sent_to_dashboard(response)
        township.refresh_from_db()
        assert township.name != "改名"
