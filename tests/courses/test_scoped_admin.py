"""The school choosers of the admin find only the schools the user's listing shows."""

import json

import pytest

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import SchoolClassFactory, SchoolFactory, TermFactory

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/courses/school/"


def modal_html(response):
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.fixture
def schools():
    here, there = (
        TownshipFactory(name="城关镇", code="chengguan"),
        TownshipFactory(name="七贤镇", code="qixian"),
    )
    return SchoolFactory(name="城关一小", township=here), SchoolFactory(name="七贤中学", township=there)


def test_school_staff_cannot_find_another_school(client, schools):
    own, other = schools
    staff = UserFactory(roles=[roles.SCHOOL_STAFF])
    own.staff.add(staff)
    client.force_login(staff)
    html = modal_html(client.get(CHOOSE))
    assert "城关一小" in html and "七贤中学" not in html
    assert "七贤中学" not in modal_html(client.get(CHOOSE + "results/", {"q": "七贤"}))
    assert client.get(f"{CHOOSE}chosen/{other.pk}/").status_code == 404
    assert client.get(f"{CHOOSE}chosen/{own.pk}/").status_code == 200


def test_township_officer_chooses_among_their_townships_schools(client, schools):
    own, _ = schools
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=own.township))
    html = modal_html(client.get(CHOOSE))
    assert "城关一小" in html and "七贤中学" not in html


def test_the_bureau_chooses_among_every_school(client, schools):
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    html = modal_html(client.get(CHOOSE))
    assert "城关一小" in html and "七贤中学" in html


def test_the_class_chooser_is_scoped_too(client, schools):
    own, other = schools
    term = TermFactory()
    SchoolClassFactory(school=own, term=term, grade=1, number=1)
    theirs = SchoolClassFactory(school=other, term=term, grade=9, number=7)
    staff = UserFactory(roles=[roles.SCHOOL_STAFF])
    own.staff.add(staff)
    client.force_login(staff)
    html = modal_html(client.get("/admin/snippets/choose/courses/schoolclass/"))
    assert "一年级1班" in html and "九年级7班" not in html
    assert client.get(f"/admin/snippets/choose/courses/schoolclass/chosen/{theirs.pk}/").status_code == 404
