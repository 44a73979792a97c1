from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.compliance import Status, term_report
from courses.models import Courseware, GradeBand, Lesson, School, SchoolClass, Term

from .factories import CoursewareFactory

pytestmark = pytest.mark.django_db


def test_courseware_library_is_public_and_filtered_by_grade_band(client):
    low = CoursewareFactory(title="认识火", grade_band=GradeBand.PRIMARY_LOW, outline="不玩火\n拨打119")
    CoursewareFactory(title="灭火器原理", grade_band=GradeBand.JUNIOR)
    CoursewareFactory(title="草稿课件", is_published=False)
    html = client.get("/courseware/").content.decode()
    assert "认识火" in html and "灭火器原理" in html and "草稿课件" not in html
    html = client.get("/courseware/", {"band": GradeBand.JUNIOR}).content.decode()
    assert "灭火器原理" in html and "认识火" not in html
    detail = client.get(f"/courseware/{low.pk}/").content.decode()
    assert "小学低年级" in detail and "<li>拨打119</li>" in detail
    assert client.get(f"/courseware/{Courseware.objects.get(title='草稿课件').pk}/").status_code == 404


def test_demo_has_a_running_and_a_finished_term_with_a_realistic_mix():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    assert Term.objects.count() == 2 and School.objects.count() == 20
    assert School.objects.values("township").distinct().count() == 9
    current, finished = Term.objects.current(), Term.objects.order_by("start").first()
    assert current.start <= timezone.localdate() <= current.end and finished.end < current.start
    statuses = {row.status for row in term_report(current).rows}
    assert {Status.MET, Status.AT_RISK} <= statuses
    report = term_report(current)
    assert report.county.no_drill >= 3 and report.county.slow >= 1 and report.county.classes_short > 0
    assert {row.status for row in term_report(finished).rows} == {Status.MET, Status.NOT_MET}
    assert School.objects.get(name="城关一小").staff.filter(username="school").exists()
    assert SchoolClass.objects.filter(term=current).count() > 100
    assert Lesson.objects.filter(courseware__isnull=False).exists()


def test_demo_courseware_comes_with_a_lesson_plan_to_download(client, settings, tmp_path):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    for item in Courseware.objects.all():
        assert item.document is not None, item.title
        text = PdfReader(item.document.file.path).pages[0].extract_text().replace("\x00", "")
        assert item.title in text and "教学目标" in text
    item = Courseware.objects.first()
    assert item.document.url in client.get(f"/courseware/{item.pk}/").content.decode()
