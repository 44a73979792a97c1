"""Sign-in throttling (django-axes): a few wrong passwords lock that user at that address."""

import pytest
from axes.models import AccessAttempt

from outreach import roles
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def teacher():
    return UserFactory(
        username="teacher", password="right-password", roles=[roles.SCHOOL_STAFF], is_staff=True
    )


def attempt(client, password, username="teacher", address="198.51.100.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def fail(client, times, **kwargs):
    """Wrong passwords: the form again with its error, then the lockout page at the limit."""
    for number in range(1, times + 1):
        response = attempt(client, "wrong", **kwargs)
        assert response.status_code == (429 if number >= 5 else 200)


def test_five_wrong_passwords_lock_the_user_at_that_address(client, teacher, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(client, 4)
    assert attempt(client, "right-password").status_code == 302  # 4 failures: still allowed
    client.logout()
    fail(client, 5)
    locked = attempt(client, "right-password")  # even the right password is refused now
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录已暂时锁定" in text and "连续 5 次密码错误" in text and "30 分钟后再试" in text
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_user_and_address_only(client, teacher):
    UserFactory(username="colleague", password="other-password", is_staff=True, roles=[roles.SCHOOL_STAFF])
    fail(client, 5)
    assert attempt(client, "right-password").status_code == 429
    assert attempt(client, "other-password", username="colleague").status_code == 302
    client.logout()
    assert attempt(client, "right-password", address="203.0.113.50").status_code == 302


def test_behind_a_proxy_each_visitor_is_counted_apart(client, teacher, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(client, 5, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        attempt(client, "right-password", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 429
    )
    # Another visitor behind the same proxy is not locked out with the attacker.
    ok = attempt(client, "right-password", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert ok.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_a_superuser_unlocks_in_the_admin_and_others_may_not(client, teacher):
    fail(client, 5)
    lock = AccessAttempt.objects.get(username="teacher")
    client.force_login(UserFactory(roles=[roles.EDITOR], is_staff=True))
    assert_sent_to_dashboard(client.get("/admin/login-locks/"))
    assert_sent_to_dashboard(client.post("/admin/login-locks/", {"unlock": lock.pk}))
    assert AccessAttempt.objects.filter(pk=lock.pk).exists()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get("/admin/login-locks/")
    assert page.status_code == 200
    assert "teacher" in page.content.decode() and "已锁定" in page.content.decode()
    client.post("/admin/login-locks/", {"unlock": lock.pk})
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert attempt(client, "right-password").status_code == 302


def test_unlock_ignores_bad_ids(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for value in ["abc", "-1", "9" * 30, ""]:
        assert client.post("/admin/login-locks/", {"unlock": value}).status_code == 302


def test_the_site_sign_in_page_is_throttled_too(client, teacher):
    for number in range(1, 6):
        response = client.post(
            "/accounts/login/", {"username": "teacher", "password": "wrong"}, REMOTE_ADDR="198.51.100.7"
        )
        assert response.status_code == (429 if number == 5 else 200)
    locked = client.post(
        "/accounts/login/", {"username": "teacher", "password": "right-password"}, REMOTE_ADDR="198.51.100.7"
    )
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same lock holds on the admin's sign-in: it is the same user at the same address.
    assert attempt(client, "right-password").status_code == 429
