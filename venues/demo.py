"""Demo content of the venues app: libraries, a dozen venues across townships, posters.

Idempotent: venues are looked up by name, libraries by name, and nothing is duplicated.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from outreach.models import Township
from venues.models import (
    EquipmentKind,
    EquipmentType,
    HazardType,
    Venue,
    VenueEquipment,
    VenueExit,
    VenueRoute,
    VenueZone,
)
from venues.models.categories import VenueCategory as C

HAZARDS = [
    (
        "",
        "电动自行车室内充电",
        "电动车在室内或楼道充电易起火",
        "电动自行车及电池在室内、楼道、安全出口充电停放，一旦起火，几分钟内浓烟充满楼道。",
    ),
    ("", "疏散通道堵塞", "严禁堵塞疏散通道和安全出口", "堆放杂物、锁闭安全出口会让人员无法逃生。"),
    (C.HOTEL, "客房吸烟", "客房内禁止卧床吸烟", "卧床吸烟、烟头未熄灭是宾馆火灾的常见原因。"),
    (C.HOTEL, "厨房油烟管道", "厨房油烟管道定期清洗", "油烟管道积油遇明火易引发火灾并沿管道蔓延。"),
    (C.MARKET, "私拉乱接电线", "摊位严禁私拉乱接电线", "摊位私拉电线、使用大功率电器易造成短路起火。"),
    (C.MARKET, "可燃物堆放", "货物堆放远离灯具电源", "商品、包装物紧贴灯具和插座堆放容易被引燃。"),
    (C.INTERNET_CAFE, "电气线路过载", "设备多，防止线路过载", "电脑等设备集中，线路长期过载会发热起火。"),
    (
        C.KINDERGARTEN,
        "儿童玩火",
        "火柴打火机放在儿童够不到的地方",
        "儿童好奇玩火是幼儿园和家庭火灾的原因之一。",
    ),
    (C.ELDERLY, "电热取暖器", "取暖器远离被褥窗帘", "老人使用电热毯、取暖器不当容易引燃被褥。"),
    (C.WORKSHOP, "生产车间可燃粉尘", "车间禁止吸烟和动火", "车间可燃物多、人员密集，违规动火吸烟后果严重。"),
    (C.WORKSHOP, "员工宿舍违规用电", "宿舍严禁使用大功率电器", "宿舍内使用热得快、电炉子易引发火灾。"),
]

EQUIPMENT = [
    (
        EquipmentKind.EXTINGUISHER,
        "手提式干粉灭火器",
        "提、拔、握、压",
        "提起灭火器到火场上风方向约2米处；拔下保险销；一手握住喷管对准火焰根部；另一手压下压把，左右扫射。",
    ),
    (
        EquipmentKind.EXTINGUISHER,
        "室内消火栓",
        "开门、接带、开阀、出水",
        "打开消火栓箱门，按下报警按钮；展开水带接上接口；打开阀门，握紧水枪对准火源根部。",
    ),
    (
        EquipmentKind.ESCAPE,
        "过滤式消防自救呼吸器",
        "撕包装、拔堵塞、戴头罩、拉紧",
        "打开盒盖取出真空包装，撕开包装袋；拔掉前后两个红色堵塞；戴上头罩，拉紧头带，迅速撤离。",
    ),
    (
        EquipmentKind.ESCAPE,
        "缓降器",
        "挂钩、系带、下降",
        "将挂钩挂在固定架上；把安全带套在腋下并收紧；面向墙壁缓缓下降，双手不要抓绳。",
    ),
    (
        EquipmentKind.ESCAPE,
        "应急照明灯",
        "停电自动点亮",
        "停电或火灾时自动点亮，沿着有照明的方向和疏散指示标志撤离。",
    ),
]

# name, category, township code, address, zones
VENUES = [
    ("云台山宾馆", C.HOTEL, "yuntaishan", "云台山镇岸上村景区大道18号", ["主楼客房", "餐饮楼"]),
    ("云台山岸上农家宾馆", C.HOTEL, "yuntaishan", "云台山镇岸上村12组", []),
    ("茱萸峰假日酒店", C.HOTEL, "yuntaishan", "云台山镇景区服务区", []),
    ("修武县城关农贸市场", C.MARKET, "chengguan", "城关镇人民路与建设路交叉口", ["蔬菜区", "干货区"]),
    ("星空网吧", C.INTERNET_CAFE, "chengguan", "城关镇建设路66号二楼", []),
    ("修武县实验幼儿园", C.KINDERGARTEN, "chengguan", "城关镇育才街9号", []),
    ("修武县夕阳红养老院", C.ELDERLY, "qixian", "七贤镇七贤村东", []),
    ("郇封镇敬老院", C.ELDERLY, "xunfeng", "郇封镇政府西200米", []),
    ("开发区鑫达服装加工厂", C.WORKSHOP, "kaifaqu", "经济技术开发区工业三路", ["一号车间", "员工宿舍"]),
    ("周庄镇欢乐KTV", C.ENTERTAINMENT, "zhouzhuang", "周庄镇中心街28号", []),
    ("王屯乡便民超市（三合一）", C.THREE_IN_ONE, "wangtun", "王屯乡王屯村主街", []),
    ("五里源乡小餐馆", C.NINE_SMALL, "wuliyuan", "五里源乡集镇南街", []),
]


def load(stdout):
    with transaction.atomic():
        hazards = _libraries()
        venues = [_venue(spec, hazards) for spec in VENUES]
        _managers(venues)
    stdout.write(
        f"  场所三提示：{len(venues)} 个场所，{len(HAZARDS)} 条典型隐患，{len(EQUIPMENT)} 种器材用法"
    )


def _libraries():
    hazards = []
    for order, (category, name, short, description) in enumerate(HAZARDS):
        hazard, _ = HazardType.objects.get_or_create(
            name=name,
            category=category,
            defaults={"poster_text": short, "description": description, "sort_order": order},
        )
        hazards.append(hazard)
    for order, (kind, name, short, usage) in enumerate(EQUIPMENT):
        EquipmentType.objects.get_or_create(
            name=name, defaults={"kind": kind, "short_usage": short, "usage": usage, "sort_order": order}
        )
    return hazards


def _venue(spec, hazards):
    name, category, township_code, address, zones = spec
    existing = Venue.objects.filter(name=name).first()
    if existing:
        return existing
    township = Township.objects.get(code=township_code)
    venue = Venue(
        name=name,
        category=category,
        township=township,
        address=address,
        managing_unit=f"{name}经营管理部",
        responsible_person="张经理",
        responsible_phone="13903910119",
        assembly_point="正门外广场",
        escape_advice="用湿毛巾捂住口鼻，低姿弯腰沿疏散指示标志撤离\n不要乘坐电梯，不要返回取物\n身上着火时就地打滚压灭火苗",
        content_verified_on=timezone.localdate(),
    )
    extinguisher = EquipmentType.objects.get(name="手提式干粉灭火器")
    hydrant = EquipmentType.objects.get(name="室内消火栓")
    mask = EquipmentType.objects.get(name="过滤式消防自救呼吸器")
    light = EquipmentType.objects.get(name="应急照明灯")
    venue.routes = [VenueRoute(description="沿走廊疏散指示标志→最近的疏散楼梯→一楼出口")]
    venue.exits = [
        VenueExit(name="正门", location="一楼大厅南侧"),
        VenueExit(name="侧门", location="一楼东侧走廊尽头"),
    ]
    venue.equipment = [
        VenueEquipment(equipment_type=extinguisher, location="每层楼梯口、走廊中部", quantity=2),
        VenueEquipment(equipment_type=hydrant, location="每层电梯厅旁"),
        VenueEquipment(equipment_type=light, location="走廊、楼梯间"),
    ]
    if category in (C.HOTEL, C.ELDERLY, C.ENTERTAINMENT):
        venue.equipment.add(VenueEquipment(equipment_type=mask, location="每间客房床头柜内"))
    venue.zones = [VenueZone(name=zone) for zone in zones]
    venue.save()
    venue.hazards.set([h for h in hazards if h.category in ("", category)])
    venue.save()
    return venue


def _managers(venues):
    manager = get_user_model().objects.filter(username="venue").first()
    if manager is None:
        return
    for venue in venues:
        if venue.name == "云台山宾馆" and not venue.managers.filter(pk=manager.pk).exists():
            venue.managers.add(manager)
            venue.save()
