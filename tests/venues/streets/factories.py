import datetime

import factory
from django.utils import timezone

from tests.outreach.factories import TownshipFactory
from venues.streets import services
from venues.streets.models import (
    AcceptanceChecklist,
    CultureWall,
    ElementKind,
    Milestone,
    StreetElement,
    StreetIndexPage,
)

from .conftest import jpeg


def streets_index(home):
    index = StreetIndexPage.objects.first()
    if index is None:
        index = StreetIndexPage(title="消防文化街", slug="streets")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_street(home, township=None, title=None, publish=True, **fields):
    township = township or TownshipFactory()
    fields.setdefault("length_m", 300)
    return services.create_street(
        streets_index(home),
        township,
        title or f"{township.name}消防文化街",
        publish=publish,
        slug=township.code,
        **fields,
    )


class ElementKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kind-{n}")
    name = factory.Sequence(lambda n: f"元素类型{n}")
    inspection_days = 90


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreetElement

    kind = factory.SubFactory(ElementKindFactory)
    name = factory.Sequence(lambda n: f"宣传栏{n}")
    knowledge = "家庭防火三字经：人离开，火熄灭；电器旧，及时换。"
    position_m = 10
    photo = factory.LazyFunction(jpeg)
    installed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    inspection_days = 90


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"节点{n}")
    planned_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    done_on = None


class WallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CultureWall

    township = factory.SubFactory(TownshipFactory)
    village = factory.Sequence(lambda n: f"测试村{n}")
    built_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))


def checklist(kinds, min_length=200, **weights):
    AcceptanceChecklist.objects.update(is_active=False)
    item = AcceptanceChecklist.objects.create(name="测试清单", min_length_m=min_length, **weights)
    item.required_kinds.set(kinds)
    return item
