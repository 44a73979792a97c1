import datetime
from decimal import Decimal
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from courses.models import Courseware, Drill, GradeBand, Lesson, School, SchoolClass, SchoolKind, Term
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory


def days(n):
    return datetime.timedelta(days=n)


class TermFactory(factory.django.DjangoModelFactory):
    """By default a term that started 30 days ago and ends in 90 days (a quarter gone)."""

    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"测试学期{n}")
    start = factory.LazyFunction(lambda: timezone.localdate() - days(30))
    end = factory.LazyAttribute(lambda t: t.start + days(119))


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试学校{n}")
    township = factory.SubFactory(TownshipFactory)
    kind = SchoolKind.PRIMARY
    enrolment = 600

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        for user in extracted or []:
            self.staff.add(user)


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    term = factory.SubFactory(TermFactory)
    grade = 3
    number = factory.Sequence(lambda n: n % 50 + 1)
    students = 45


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    term = factory.SubFactory(TermFactory)
    date = factory.LazyAttribute(lambda o: o.term.start + days(1))
    hours = Decimal("1")
    topic = "火场逃生"
    teacher = "王老师"

    @factory.post_generation
    def classes(self, create, extracted, **kwargs):
        if extracted:
            self.classes.set(extracted)


class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drill

    school = factory.SubFactory(SchoolFactory)
    term = factory.SubFactory(TermFactory)
    date = factory.LazyAttribute(lambda o: o.term.start + days(2))
    participants = 500
    evacuation_seconds = 100
    buildings = "教学楼"


class CoursewareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courseware

    title = factory.Sequence(lambda n: f"消防课件{n}")
    grade_band = GradeBand.PRIMARY_MID
    hours = Decimal("1")


def school_staff(school, **kwargs):
    user = UserFactory(roles=[roles.SCHOOL_STAFF], **kwargs)
    school.staff.add(user)
    return user


def jpeg(name="photo.jpg", size=(800, 600), fmt="JPEG"):
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def school_with_classes(term, n=3, **kwargs):
    school = SchoolFactory(**kwargs)
    classes = [SchoolClassFactory(school=school, term=term, grade=3, number=i + 1) for i in range(n)]
    return school, classes
