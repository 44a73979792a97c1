"""Public POST bodies are capped from their Content-Length, before a byte is read."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from outreach.request_limits import PublicBodyLimitMiddleware

from .factories import UserFactory


class UnreadableBody(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def request(length, user):
    factory = RequestFactory()
    req = factory.post("/v/abc/report/", data=b"", content_type="multipart/form-data; boundary=x")
    req.META["CONTENT_LENGTH"] = str(length)
    req.META["wsgi.input"] = UnreadableBody()
    req._stream = UnreadableBody()
    req.user = user
    return req


def passed(_request):
    return HttpResponse("passed")


@pytest.mark.django_db
def test_an_oversized_anonymous_body_is_refused_unread(settings, home_page):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    response = PublicBodyLimitMiddleware(passed)(request(1001, AnonymousUser()))
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert "1MB" in response.content.decode()


@pytest.mark.django_db
def test_within_the_cap_or_signed_in_passes(settings):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    assert PublicBodyLimitMiddleware(passed)(request(1000, AnonymousUser())).content == b"passed"
    staff = UserFactory()
    assert PublicBodyLimitMiddleware(passed)(request(50_000_000, staff)).content == b"passed"


@pytest.mark.django_db
def test_the_middleware_is_installed_before_the_csrf_check_reads_the_body(client, settings, home_page):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    response = client.post("/search/", {"q": "x" * 5000})
    assert response.status_code == 413
