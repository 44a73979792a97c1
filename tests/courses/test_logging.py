"""School staff log lessons and drills on their own school; bad input is refused in Chinese."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from courses.compliance import class_progress
from courses.models import Drill, Lesson

from .factories import (
    CoursewareFactory,
    DrillFactory,
    LessonFactory,
    SchoolClassFactory,
    TermFactory,
    days,
    jpeg,
    school_staff,
    school_with_classes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    term = TermFactory()
    school, classes = school_with_classes(term, n=4)
    user = school_staff(school)
    return term, school, classes, user


def lesson_data(term, school_classes, **overrides):
    data = {
        "term": term.pk,
        "date": (timezone.localdate() - days(1)).isoformat(),
        "classes": [c.pk for c in school_classes],
        "hours": "2",
        "topic": "火场逃生",
        "teacher": "李老师",
    }
    data.update(overrides)
    return data


def post_lesson(client, school, data):
    return client.post(f"/schools/{school.pk}/lesson/new/?term={data['term']}", data)


def test_lesson_covering_three_classes_credits_each(client, setting):
    term, school, classes, user = setting
    client.force_login(user)
    courseware = CoursewareFactory()
    response = post_lesson(client, school, lesson_data(term, classes[:3], courseware=courseware.pk))
    assert response.status_code == 302 and response["Location"].endswith("#lessons")
    lesson = Lesson.objects.get()
    assert lesson.created_by == user and lesson.courseware == courseware
    assert [p.hours for p in class_progress(term, school)] == [Decimal(2)] * 3 + [Decimal(0)]
    page = client.get(response["Location"]).content.decode()
    assert "2 / 4 课时" in page and "已保存" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "future", "日期不能晚于今天"),
        ("date", "before", "日期必须在"),
        ("hours", "5", "一次课的课时应在0.5到4之间"),
        ("hours", "0", "一次课的课时应在0.5到4之间"),
        ("hours", "1.3", "课时请按0.5的倍数填写"),
        ("classes", [], "请至少选择一个班级"),
        ("topic", "", "请填写“课题”"),
    ],
)
def test_bad_lesson_is_refused_with_a_reason(client, setting, field, value, message):
    term, school, classes, user = setting
    client.force_login(user)
    if value == "future":
        value = (timezone.localdate() + days(1)).isoformat()
    elif value == "before":
        value = (term.start - days(1)).isoformat()
    response = post_lesson(client, school, lesson_data(term, classes, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "没有保存" in html
    assert not Lesson.objects.exists()
    # Nothing the user typed is lost.
    assert "李老师" in html


def test_record_outside_the_term_is_refused_even_inside_another_term(client, setting):
    term, school, classes, user = setting
    TermFactory(start=term.start - days(200), end=term.start - days(60))
    client.force_login(user)
    response = post_lesson(
        client, school, lesson_data(term, classes, date=(term.start - days(70)).isoformat())
    )
    assert "日期必须在" in response.content.decode()
    assert not Lesson.objects.exists()


def test_classes_of_another_term_or_school_cannot_be_credited(client, setting):
    term, school, classes, user = setting
    other_term_class = SchoolClassFactory(
        school=school, term=TermFactory(start=term.start - days(200), end=term.start - days(60))
    )
    other_school_class = SchoolClassFactory(term=term)
    client.force_login(user)
    for foreign in (other_term_class, other_school_class):
        response = post_lesson(client, school, lesson_data(term, [classes[0], foreign]))
        assert "选择一个有效的选项" in response.content.decode()
    assert not Lesson.objects.exists()


def drill_data(term, **overrides):
    data = {
        "term": term.pk,
        "date": (timezone.localdate() - days(1)).isoformat(),
        "participants": "520",
        "evacuation_seconds": "98",
        "buildings": "教学楼",
        "problems": "",
        "fixes": "",
        "photos": [jpeg()],
    }
    data.update(overrides)
    return data


def post_drill(client, school, data):
    return client.post(f"/schools/{school.pk}/drill/new/?term={data['term']}", data)


def test_drill_with_photo_is_logged_and_photo_reencoded(client, setting):
    term, school, classes, user = setting
    client.force_login(user)
    big = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(big, "PNG", exif=exif)
    upload = SimpleUploadedFile("evidence.png", big.getvalue(), content_type="image/png")
    response = post_drill(client, school, drill_data(term, photos=[upload, jpeg("b.jpg")]))
    assert response.status_code == 302
    drill = Drill.objects.get()
    assert drill.photos.count() == 2
    with Image.open(drill.photos.first().image.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == settings.UPLOAD_MAX_SIDE
        assert not stored.getexif()
    assert (
        drill.photos.first().image.name.endswith(".jpg") and "evidence" not in drill.photos.first().image.name
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"photos": []}, "请至少上传一张演练现场照片"),
        (
            {"photos": [SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")]},
            "不是可以识别的图片",
        ),
        ({"participants": "5000"}, "超过了全校师生人数"),
        ({"participants": "0"}, "参加人数至少为1人"),
        ({"evacuation_seconds": "3"}, "疏散用时应在10到1800秒之间"),
        ({"buildings": ""}, "请填写“涉及楼栋”"),
    ],
)
def test_bad_drill_is_refused_with_a_reason(client, setting, overrides, message):
    term, school, classes, user = setting
    client.force_login(user)
    response = post_drill(client, school, drill_data(term, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Drill.objects.exists()


def test_oversized_photo_is_refused(client, setting, settings):
    term, school, classes, user = setting
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(user)
    response = post_drill(client, school, drill_data(term))
    assert "太大" in response.content.decode()
    assert not Drill.objects.exists()


def test_staff_edit_and_delete_their_records(client, setting):
    term, school, classes, user = setting
    lesson = LessonFactory(school=school, term=term, classes=classes[:1], date=term.start + days(3))
    drill = DrillFactory(school=school, term=term)
    drill.photos.create(image=SimpleUploadedFile("a.jpg", jpeg().read()))
    client.force_login(user)
    response = client.post(
        f"/schools/lesson/{lesson.pk}/edit/",
        lesson_data(term, classes, hours="3", date=lesson.date.isoformat()),
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.hours == 3 and lesson.classes.count() == 4
    # Editing a drill keeps its photos; no new photo needed.
    response = client.post(
        f"/schools/drill/{drill.pk}/edit/", drill_data(term, photos=[], evacuation_seconds="80")
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.evacuation_seconds == 80 and drill.photos.count() == 1
    assert client.post(f"/schools/lesson/{lesson.pk}/delete/").status_code == 302
    assert not Lesson.objects.exists()


def test_form_page_lists_only_this_terms_classes(client, setting):
    term, school, classes, user = setting
    SchoolClassFactory(
        school=school,
        term=TermFactory(start=term.start - days(200), end=term.start - days(60)),
        grade=6,
        number=9,
    )
    client.force_login(user)
    html = client.get(f"/schools/{school.pk}/lesson/new/?term={term.pk}").content.decode()
    assert html.count('name="classes"') == 4 and "六年级9班" not in html
    assert 'type="date"' in html and 'name="viewport"' in html
