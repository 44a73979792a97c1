"""No query string a visitor can type produces a server error on a public or staff page.

Every GET parameter the views read is sent with hostile values (NUL bytes, which
PostgreSQL refuses, huge numbers, SQL and markup) to every page that reads it, as the
public and as staff of each kind.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

HOSTILE = ["a\x00b", "-1", "99999999999999999999", "' OR 1=1 --", "<script>alert(1)</script>", "灭火器" * 200]
PARAMS = ["q", "page", "year", "setting", "township", "group", "kind", "band", "term", "sort", "status", "lang", "code", "next", "submitted", "category", "from", "day", "new"]  # fmt: skip
PUBLIC = ["/", "/search/", "/campaigns/", "/news/", "/resources/", "/feeds/news/", "/feeds/news/atom/", "/courseware/", "/v/report-status/", "/lang/en/", "/venues/", "/base/", "/base/visits/"]  # fmt: skip
STAFF = ["/schools/", "/schools/export.xlsx", "/schools/export.csv", "/admin/campaigns/coverage/", "/admin/base-visits/calendar/", "/admin/base-visits/day/", "/admin/base-visits/stats/"]  # fmt: skip


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def sweep(client, paths):
    client.raise_request_exception = False  # collect every failure, not just the first
    failures = []
    for path in paths:
        for param in PARAMS:
            for value in HOSTILE:
                response = client.get(path, {param: value})
                if response.status_code >= 500:
                    failures.append((path, param, value[:20], response.status_code))
    return failures


def test_public_pages_never_fail_on_hostile_parameters(client, demo):
    from venues.models import Venue

    venue = Venue.objects.first()
    assert sweep(client, [*PUBLIC, f"/v/{venue.code}/", f"/v/{venue.code}/report/"]) == []


# A superuser reaches every branch; school staff and a township officer take the scoped ones.
@pytest.mark.parametrize("username", ["admin", "school", "township"])
def test_staff_pages_never_fail_on_hostile_parameters(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert sweep(client, STAFF) == []
