import pytest

from courses.models import Courseware, GradeBand

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
