"""Every boundary: a school's staff see and change only their school, through any page,
export or direct id; township officers read their township; the bureau reads all and
changes nothing."""

import csv
import io

import pytest
from django.utils import timezone

from courses.models import Drill, Lesson
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import assert_sent_to_dashboard

from .factories import DrillFactory, LessonFactory, TermFactory, days, jpeg, school_staff, school_with_classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    term = TermFactory()
    township_a, township_b = TownshipFactory(name="城关镇"), TownshipFactory(name="七贤镇")
    a, a_classes = school_with_classes(term, n=2, name="甲小学", township=township_a)
    b, b_classes = school_with_classes(term, n=2, name="乙小学", township=township_b)
    lesson_b = LessonFactory(school=b, term=term, classes=b_classes, topic="乙校的课")
    drill_b = DrillFactory(school=b, term=term, buildings="乙校教学楼")
    return {
        "term": term,
        "a": a,
        "b": b,
        "a_classes": a_classes,
        "b_classes": b_classes,
        "lesson_b": lesson_b,
        "drill_b": drill_b,
        "staff_a": school_staff(a),
    }


def lesson_post(term, classes):
    return {
        "term": term.pk,
        "date": (timezone.localdate() - days(1)).isoformat(),
        "classes": [c.pk for c in classes],
        "hours": "2",
        "topic": "越权",
        "teacher": "某",
    }


def test_school_staff_cannot_see_or_change_another_school(client, two_schools):
    s = two_schools
    client.force_login(s["staff_a"])
    b, lesson, drill, term = s["b"], s["lesson_b"], s["drill_b"], s["term"]
    for url in [
        f"/schools/{b.pk}/",
        f"/schools/{b.pk}/history/",
        f"/schools/{b.pk}/lesson/new/",
        f"/schools/{b.pk}/drill/new/",
        f"/schools/lesson/{lesson.pk}/edit/",
        f"/schools/lesson/{lesson.pk}/delete/",
        f"/schools/drill/{drill.pk}/edit/",
        f"/schools/drill/{drill.pk}/delete/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/schools/{b.pk}/lesson/new/", lesson_post(term, s["b_classes"])).status_code == 404
    assert (
        client.post(f"/schools/lesson/{lesson.pk}/edit/", lesson_post(term, s["b_classes"])).status_code
        == 404
    )
    assert client.post(f"/schools/lesson/{lesson.pk}/delete/").status_code == 404
    assert client.post(f"/schools/drill/{drill.pk}/delete/").status_code == 404
    lesson.refresh_from_db()
    assert lesson.topic == "乙校的课" and Drill.objects.filter(pk=drill.pk).exists()
    # Crediting school B's classes from school A's own form is refused too.
    response = client.post(f"/schools/{s['a'].pk}/lesson/new/", lesson_post(term, s["b_classes"]))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert Lesson.objects.count() == 1


def test_school_staff_overview_and_exports_show_only_their_school(client, two_schools):
    s = two_schools
    client.force_login(s["staff_a"])
    response = client.get("/schools/")
    assert response.status_code == 302 and response["Location"] == f"/schools/{s['a'].pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "甲小学" in page and "乙小学" not in page and "乙校的课" not in page
    for fmt in ("csv", "xlsx"):
        body = client.get(f"/schools/export.{fmt}", {"township": s["b"].township_id}).content
        assert "乙小学".encode() not in body
    rows = list(csv.reader(io.StringIO(client.get("/schools/export.csv").content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["甲小学"]


def test_bureau_reads_everything_and_changes_nothing(client, two_schools):
    s = two_schools
    client.force_login(UserFactory(roles=[roles.EDUCATION_BUREAU]))
    overview = client.get("/schools/").content.decode()
    assert "甲小学" in overview and "乙小学" in overview
    page = client.get(f"/schools/{s['b'].pk}/").content.decode()
    assert "乙校的课" in page and "乙校教学楼" in page
    assert "登记一节消防课" not in page and "/edit/" not in page
    rows = list(csv.reader(io.StringIO(client.get("/schools/export.csv").content.decode("utf-8-sig"))))
    assert sorted(r[1] for r in rows[1:]) == ["乙小学", "甲小学"]
    lesson, drill = s["lesson_b"], s["drill_b"]
    for url in [
        f"/schools/{s['b'].pk}/lesson/new/",
        f"/schools/{s['b'].pk}/drill/new/",
        f"/schools/lesson/{lesson.pk}/edit/",
        f"/schools/drill/{drill.pk}/delete/",
    ]:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"/schools/{s['b'].pk}/lesson/new/", lesson_post(s["term"], s["b_classes"])).status_code
        == 403
    )
    assert client.post(f"/schools/lesson/{lesson.pk}/delete/").status_code == 403
    assert (
        client.post(
            f"/schools/drill/{drill.pk}/edit/",
            {
                "term": s["term"].pk,
                "date": drill.date,
                "participants": 1,
                "evacuation_seconds": 50,
                "buildings": "x",
                "photos": [jpeg()],
            },
        ).status_code
        == 403
    )
    assert Lesson.objects.count() == 1
    drill.refresh_from_db()
    assert drill.evacuation_seconds == 100


def test_township_officer_reads_only_their_township(client, two_schools):
    s = two_schools
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=s["a"].township)
    client.force_login(officer)
    overview = client.get("/schools/").content.decode()
    assert "甲小学" in overview and "乙小学" not in overview
    assert client.get(f"/schools/{s['a'].pk}/").status_code == 200
    assert client.get(f"/schools/{s['b'].pk}/").status_code == 404
    assert client.get(f"/schools/{s['a'].pk}/lesson/new/").status_code == 403
    assert "乙小学".encode() not in client.get("/schools/export.xlsx").content
    assert "乙小学" not in client.get("/schools/export.csv").content.decode("utf-8-sig")


def test_anonymous_is_sent_to_sign_in_and_roleless_user_sees_nothing(client, two_schools):
    s = two_schools
    for url in [
        "/schools/",
        f"/schools/{s['a'].pk}/",
        "/schools/export.xlsx",
        f"/schools/{s['a'].pk}/lesson/new/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    client.force_login(UserFactory())
    assert client.get(f"/schools/{s['a'].pk}/").status_code == 404
    overview = client.get("/schools/").content.decode()
    assert "甲小学" not in overview and "共 0 所学校" in overview
    assert client.get("/schools/export.csv").content.decode("utf-8-sig").count("\n") == 1


def test_admin_lists_are_scoped(client, two_schools):
    s = two_schools
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=s["a"].township)
    client.force_login(officer)
    html = client.get("/admin/snippets/courses/school/").content.decode()
    assert "甲小学" in html and "乙小学" not in html
    client.force_login(s["staff_a"])
    assert_sent_to_dashboard(client.get("/admin/snippets/courses/school/"))
    assert_sent_to_dashboard(client.get(f"/admin/snippets/courses/school/edit/{s['a'].pk}/"))
    # Wagtail turns a refusal inside the admin into a redirect to the dashboard.
    for url in ("/admin/courses/import/", "/admin/courses/import/template.xlsx"):
        response = client.get(url)
        assert_sent_to_dashboard(response)
    bureau = UserFactory(roles=[roles.EDUCATION_BUREAU])
    client.force_login(bureau)
    assert client.get("/admin/courses/import/").status_code == 200
