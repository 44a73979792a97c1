import datetime

import factory
from django.utils import timezone

from campaigns.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Choice,
    KeyUnit,
    Question,
    QuestionBank,
    Quiz,
    TrainingCategory,
    TrainingSession,
)
from campaigns.models import OutreachSetting
from tests.outreach.factories import TownshipFactory


class ActivityKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityKind
        django_get_or_create = ("name",)

    name = "讲座"


class TrainingCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"类别{n}")
    validity_months = 12


class KeyUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyUnit

    name = factory.Sequence(lambda n: f"重点单位{n}")
    township = factory.SubFactory(TownshipFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"消防宣传活动{n}")
    kind = factory.SubFactory(ActivityKindFactory)
    date = datetime.date(2026, 5, 10)
    township = factory.SubFactory(TownshipFactory)
    place = "村委会广场"
    organiser = "城关镇人民政府"
    audience = 120
    materials = 200
    status = Activity.APPROVED
    reviewed_at = factory.LazyFunction(lambda: timezone.make_aware(datetime.datetime(2026, 5, 11, 9)))

    @factory.post_generation
    def setting_codes(self, create, extracted, **kwargs):
        for code in extracted or ["rural"]:
            self.outreach_settings.add(OutreachSetting.objects.get_or_create(code=code)[0])


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    topic = "消防安全责任人培训"
    trainer = "王教官"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=30))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=2))
    place = "县消防救援大队三楼会议室"
    township = factory.SubFactory(TownshipFactory)
    organiser = "修武县消防救援大队"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        self.categories.set(
            extracted or [TrainingCategoryFactory(name="单位消防安全责任人", key_unit_role="responsible")]
        )


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    name = factory.Sequence(lambda n: f"学员{n}")
    unit = "修武县人民医院"
    category = factory.LazyAttribute(lambda a: a.session.categories.first())
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    signed_in_at = factory.LazyFunction(timezone.now)


def bank_with_questions(n=5, name="消防基础知识"):
    """A bank of n single-choice questions whose right answer is the choice "对"."""
    bank = QuestionBank.objects.create(name=name)
    for i in range(n):
        question = Question.objects.create(bank=bank, kind=Question.SINGLE, text=f"第{i + 1}题")
        Choice.objects.create(question=question, text="对", is_correct=True, sort_order=0)
        Choice.objects.create(question=question, text="错", is_correct=False, sort_order=1)
    return bank


def quiz(n=5, pass_mark=80, **kwargs):
    return Quiz.objects.create(
        name="培训测验", bank=bank_with_questions(n), question_count=n, pass_mark=pass_mark, **kwargs
    )
