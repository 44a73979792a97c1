"""The culture-street pages never fail on hostile query strings, public or staff."""

import pytest
from django.contrib.auth import get_user_model

from tests.test_hostile_input import HOSTILE, demo  # noqa: F401 - the demo fixture
from venues.streets.models import DamageReport, StreetElement, StreetPage

PARAMS = ["code", "submitted", "lang", "paper", "format", "table", "page", "township"]


def sweep(client, paths):
    client.raise_request_exception = False
    failures = []
    for path in paths:
        for param in PARAMS:
            for value in HOSTILE:
                response = client.get(path, {param: value})
                if response.status_code >= 500:
                    failures.append((path, param, value[:20], response.status_code))
    return failures


def test_public_street_pages_never_fail(client, demo):  # noqa: F811
    element = StreetElement.objects.first()
    code = DamageReport.objects.first().lookup_code
    paths = ["/streets/", "/streets/chengguan/", "/feeds/streets/", "/feeds/streets/chengguan/atom/"]
    paths += [
        f"/s/{element.code}/",
        f"/s/{element.code}/report/",
        "/s/report-status/",
        f"/s/report-status/?code={code}",
    ]
    assert sweep(client, paths) == []


@pytest.mark.parametrize("username", ["admin", "township", "reviewer"])
def test_staff_street_pages_never_fail(client, demo, username):  # noqa: F811
    client.force_login(get_user_model().objects.get(username=username))
    street = StreetPage.objects.get(township__code="chengguan")
    element = street.elements.first()
    paths = [
        "/street-work/",
        "/street-work/export.csv",
        "/street-work/export.xlsx",
        f"/street-work/{street.pk}/",
    ]
    paths += [f"/street-work/elements/{element.pk}/plate/", "/street-work/walls/"]
    assert sweep(client, paths) == []
