import factory

from tests.outreach.factories import TownshipFactory
from venues.models import (
    EquipmentKind,
    EquipmentType,
    HazardType,
    Venue,
    VenueCategory,
    VenueEquipment,
    VenueExit,
    VenueRoute,
    VenueZone,
)


class HazardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HazardType

    category = VenueCategory.HOTEL
    name = factory.Sequence(lambda n: f"隐患{n}")
    poster_text = factory.LazyAttribute(lambda o: f"{o.name}易引发火灾")
    description = "详细说明：违规用火用电可能引发火灾。"


class EquipmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentType
        django_get_or_create = ("name",)

    kind = EquipmentKind.EXTINGUISHER
    name = "手提式干粉灭火器"
    short_usage = "提、拔、握、压"
    usage = "提起灭火器，拔下保险销，一手握住喷管，对准火焰根部，压下压把。"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试宾馆{n}")
    category = VenueCategory.HOTEL
    township = factory.SubFactory(TownshipFactory)
    address = "修武县城关镇测试路1号"
    managing_unit = "测试酒店管理有限公司"
    responsible_person = "王责任"
    responsible_phone = "13812345678"
    assembly_point = "酒店正门广场"
    escape_advice = "用湿毛巾捂住口鼻，低姿撤离\n不要乘坐电梯"


def add_prompts(venue, hazards=2, exits=2, equipment=2, zone=None):
    """Give a venue a realistic set of three prompts and save it the way the admin does."""
    extinguisher = EquipmentTypeFactory()
    mask = EquipmentTypeFactory(
        kind=EquipmentKind.ESCAPE,
        name="过滤式消防自救呼吸器",
        short_usage="撕开包装、拔掉堵塞、戴上头罩、拉紧",
        usage="打开盒盖取出呼吸器，撕开包装袋，拔掉前后两个红色堵塞，戴上头罩拉紧头带。",
    )
    for _ in range(hazards):
        venue.hazards.add(HazardTypeFactory())
    venue.routes.add(VenueRoute(description="客房→东侧疏散楼梯→一楼东门", zone=zone))
    for i in range(exits):
        venue.exits.add(VenueExit(name=f"{i + 1}号出口", location=f"一楼大厅{i + 1}侧", zone=zone))
    for i in range(equipment):
        venue.equipment.add(
            VenueEquipment(
                equipment_type=extinguisher if i % 2 == 0 else mask, location=f"{i + 1}楼走廊", zone=zone
            )
        )
    venue.save()
    return venue


def add_zone(venue, name="三楼KTV区"):
    zone = VenueZone(name=name)
    venue.zones.add(zone)
    venue.save()
    return zone
