"""Courseware reaches the public through a reviewer: editors draft, reviewers publish."""

import pytest
from django.urls import reverse

from courses.models import Courseware, GradeBand
from outreach import roles
from tests.outreach.factories import UserFactory

from .factories import CoursewareFactory

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "title": "家庭用电安全",
        "grade_band": GradeBand.PRIMARY_LOW,
        "hours": "1",
        "summary": "认识插座和电线。",
        "outline": "不玩插座\n湿手不碰开关",
        "document": "",
        "is_published": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


ADD = reverse("wagtailsnippets_courses_courseware:add")


def edit_url(courseware):
    return reverse("wagtailsnippets_courses_courseware:edit", args=[courseware.pk])


def test_an_editor_cannot_publish_new_courseware(client):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    response = client.post(ADD, form_data())
    assert response.status_code == 302
    courseware = Courseware.objects.get(title="家庭用电安全")
    assert courseware.is_published is False
    assert "家庭用电安全" not in client.get("/courseware/").content.decode()
    assert client.get(f"/courseware/{courseware.pk}/").status_code == 404


def test_an_editors_change_to_public_courseware_waits_for_a_reviewer(client):
    courseware = CoursewareFactory(title="灭火器使用", is_published=True)
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    response = client.post(edit_url(courseware), form_data(title="灭火器使用（已改）"))
    assert response.status_code == 302
    courseware.refresh_from_db()
    assert courseware.title == "灭火器使用（已改）"
    assert courseware.is_published is False


def test_an_editor_cannot_unpublish_either_and_an_unchanged_save_keeps_it_public(client):
    courseware = CoursewareFactory(title="灭火器使用", is_published=True)
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    page = client.get(edit_url(courseware)).content.decode()
    assert 'name="is_published"' in page and "disabled" in page.split('name="is_published"')[1][:200]
    data = form_data(
        title=courseware.title,
        grade_band=courseware.grade_band,
        hours=str(courseware.hours),
        summary=courseware.summary,
        outline=courseware.outline,
        is_published=None,
    )
    client.post(edit_url(courseware), data)
    courseware.refresh_from_db()
    assert courseware.is_published is True


def test_a_reviewer_publishes(client):
    courseware = CoursewareFactory(title="疏散演练", is_published=False)
    client.force_login(UserFactory(roles=[roles.REVIEWER]))
    response = client.post(edit_url(courseware), form_data(title="疏散演练"))
    assert response.status_code == 302
    courseware.refresh_from_db()
    assert courseware.is_published is True
    assert "疏散演练" in client.get("/courseware/").content.decode()


def test_only_reviewers_hold_the_publish_permission():
    holders = {role for role in roles.ALL if UserFactory(roles=[role]).has_perm("courses.publish_courseware")}
    assert holders == {roles.REVIEWER}
