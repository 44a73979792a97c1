"""A small HTTP client for the smoke tests: cookies, no automatic redirects, the
throwaway certificate accepted, and the site's and the admin's sign-in forms."""

import re
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urljoin

DEMO_PASSWORD = "xiuwu-119-demo"  # the README's demo password


@dataclass
class Response:
    url: str
    status: int
    headers: dict = field(repr=False)
    body: bytes = field(repr=False)

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            # nginx ends TLS with a certificate made for this run only.
            urllib.request.HTTPSHandler(context=ssl._create_unverified_context()),  # noqa: S323
            urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirect(),
        )

    def url(self, path):
        return urljoin(self.base + "/", path)

    def request(self, path, data=None, headers=None, method=None):
        url = self.url(path)
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)  # noqa: S310 (https only)
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Response(
                    url, answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
                )
        except urllib.error.HTTPError as error:
            return Response(url, error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())

    def get(self, path, **headers):
        return self.request(path, headers=headers)

    def post(self, path, fields):
        """A form post as a browser sends it: the CSRF token of the form's page, its
        address as Referer and the site's origin (Django checks both over https)."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        data = dict(fields)
        if token:
            data["csrfmiddlewaretoken"] = token.group(1)
        return self.request(
            path,
            data=urlencode(data).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.url(path),
                "Origin": self.base,
            },
        )

    def sign_in(self, username, admin=False):
        path = "/admin/login/" if admin else "/accounts/login/"
        answer = self.post(path, {"username": username, "password": DEMO_PASSWORD})
        assert answer.status == 302, (
            f"{username} could not sign in at {path}: {answer.status} {answer.text[:300]}"
        )
        assert any(cookie.name == "sessionid" and cookie.secure for cookie in self.jar), (
            "a secure session cookie"
        )
        return answer
