"""Every request body is capped from its Content-Length, before a byte is read; a body
without one is cut off once it passes the cap."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.test import RequestFactory

from outreach.request_limits import RequestBodyLimitMiddleware

from .factories import UserFactory

MB = 1024 * 1024


class UnreadableBody(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def request(length, user, path="/v/abc/report/"):
    factory = RequestFactory()
    req = factory.post(path, data=b"", content_type="multipart/form-data; boundary=x")
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
    response = RequestBodyLimitMiddleware(passed)(request(1001, AnonymousUser()))
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert "1MB" in response.content.decode()


@pytest.mark.django_db
def test_within_the_cap_passes(settings):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    assert RequestBodyLimitMiddleware(passed)(request(1000, AnonymousUser())).content == b"passed"
    assert RequestBodyLimitMiddleware(passed)(request(40 * MB, UserFactory())).content == b"passed"


@pytest.mark.django_db
def test_a_signed_in_body_has_a_cap_too(settings, home_page):
    """It had none: a 200 MB body from anyone signed in was read, then refused."""
    settings.SIGNED_IN_POST_MAX_BYTES = 61 * MB
    response = RequestBodyLimitMiddleware(passed)(request(200 * MB, UserFactory()))
    assert response.status_code == 413
    assert "61MB" in response.content.decode()


@pytest.mark.django_db
def test_the_admins_document_screens_allow_wagtails_document_limit_to_those_who_may_upload(
    settings, home_page
):
    settings.SIGNED_IN_POST_MAX_BYTES = 61 * MB
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * MB
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtaildocs", codename="add_document")
    )
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per object
    middleware = RequestBodyLimitMiddleware(passed)
    upload = "/admin/documents/multiple/add/"
    assert middleware(request(200 * MB, editor, upload)).content == b"passed"
    assert middleware(request(202 * MB, editor, upload)).status_code == 413
    # Only there, and only for those who may add documents.
    assert middleware(request(200 * MB, editor, "/admin/pages/3/edit/")).status_code == 413
    assert middleware(request(200 * MB, UserFactory(), upload)).status_code == 413
    assert middleware(request(200 * MB, AnonymousUser(), upload)).status_code == 413


class Source(io.BytesIO):
    """A body stream that records how much was taken from it."""

    def __init__(self, data):
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.taken += len(data)
        return data


def without_length(body, content_type="application/x-www-form-urlencoded"):
    """A request as a server hands over a chunked body: no Content-Length, a stream."""
    req = RequestFactory().post("/search/", data=b"", content_type=content_type)
    req.META.pop("CONTENT_LENGTH", None)
    req.META["CONTENT_TYPE"] = content_type
    req._set_content_type_params(req.META)
    req._stream = Source(body)
    req.user = AnonymousUser()
    return req


@pytest.mark.django_db
def test_a_body_without_a_length_is_cut_off_past_the_cap(settings, home_page):
    """A chunked body has no Content-Length to refuse it by: reading stops past the cap."""
    settings.PUBLIC_POST_MAX_BYTES = 1000
    req = without_length(b"q=" + b"x" * 50_000)

    def reads_the_form(request):
        request.POST  # noqa: B018 - what the CSRF check does
        return HttpResponse("passed")

    # As in the handler: what the inner layers raise reaches the middleware as a response.
    response = RequestBodyLimitMiddleware(convert_exception_to_response(reads_the_form))(req)
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert req._stream.stream.taken <= 1001


@pytest.mark.django_db
def test_a_small_body_without_a_length_is_read_whole(settings):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    req = without_length(b"q=%E7%81%AD%E7%81%AB%E5%99%A8")

    def echo(request):
        return HttpResponse(request.POST["q"])

    assert RequestBodyLimitMiddleware(echo)(req).content.decode() == "灭火器"


@pytest.mark.django_db
def test_the_middleware_is_installed_before_the_csrf_check_reads_the_body(client, settings, home_page):
    settings.PUBLIC_POST_MAX_BYTES = 1000
    response = client.post("/search/", {"q": "x" * 5000})
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_signed_in_post_over_the_cap_is_refused_through_the_whole_stack(client, settings, home_page):
    settings.SIGNED_IN_POST_MAX_BYTES = 2000
    client.force_login(UserFactory())
    response = client.post("/search/", {"q": "x" * 5000})
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()


@pytest.mark.django_db
def test_an_editor_still_uploads_a_document_up_to_wagtails_limit(client, settings, home_page):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    settings.SIGNED_IN_POST_MAX_BYTES = 100 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1 * MB
    client.force_login(UserFactory(is_superuser=True))
    document = SimpleUploadedFile(
        "课件.pdf", b"%PDF-1.4\n" + b"0" * 300 * 1024, content_type="application/pdf"
    )
    response = client.post("/admin/documents/multiple/add/", {"files[]": document})
    assert response.status_code == 200, response.status_code
    assert get_document_model().objects.count() == 1, response.content.decode()[:300]
    # The same body anywhere else is over the signed-in cap.
    elsewhere = SimpleUploadedFile("课件.pdf", b"0" * 300 * 1024, content_type="application/pdf")
    assert client.post("/search/", {"file": elsewhere}).status_code == 413
