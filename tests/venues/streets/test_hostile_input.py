"""The culture-street pages never fail on hostile query strings, public or staff."""

import pytest

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.test_hostile_input import HOSTILE
from venues.streets.models import DamageReport

from .factories import ElementFactory, MilestoneFactory, WallFactory, make_street

PARAMS = ["code", "submitted", "lang", "paper", "format", "table", "page", "township"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def street(home_page):
    township = TownshipFactory(name="城关镇", code="chengguan", latitude=35.2, longitude=113.4)
    street = make_street(home_page, township)
    element = ElementFactory(street=street)
    MilestoneFactory(street=street)
    WallFactory(township=township)
    DamageReport.objects.create(element=element, kind="damaged", description="坏了")
    return street


def sweep(client, paths, params=PARAMS):
    client.raise_request_exception = False
    failures = []
    for path in paths:
        for param in params:
            for value in HOSTILE:
                response = client.get(path, {param: value})
                if response.status_code >= 500:
                    failures.append((path, param, value[:20], response.status_code))
    return failures


def test_public_street_pages_never_fail(client, street):
    element = street.elements.get()
    code = DamageReport.objects.get().lookup_code
    paths = ["/streets/", street.url, "/feeds/streets/", "/feeds/streets/chengguan/atom/"]
    paths += [
        f"/s/{element.code}/",
        f"/s/{element.code}/report/",
        "/s/report-status/",
        f"/s/report-status/?code={code}",
    ]
    assert sweep(client, paths) == []


@pytest.mark.parametrize("role", [None, roles.TOWNSHIP_OFFICER, roles.REVIEWER])
def test_staff_street_pages_never_fail(client, street, role):
    if role is None:
        user = UserFactory(is_superuser=True)
    else:
        user = UserFactory(roles=[role], township=street.township)
    client.force_login(user)
    element = street.elements.get()
    paths = [
        "/street-work/",
        "/street-work/export.csv",
        "/street-work/export.xlsx",
        f"/street-work/{street.pk}/",
    ]
    paths += ["/street-work/walls/"]
    assert sweep(client, paths) == []
    # A plate is drawn for every valid request: sweep only what it reads.
    assert sweep(client, [f"/street-work/elements/{element.pk}/plate/"], ["paper", "format"]) == []
