"""Demo content of the venues app: libraries and twelve venues of different kinds.

Each venue's three prompts are its own: a market's stalls and gates, a ward's oxygen
and nurses' station, a dormitory's stairs and night roll-call. Idempotent: libraries
are looked up by name, venues by name, and nothing is duplicated or bumped on a second
run. A venue still holding the placeholder prompts of an earlier demo is refreshed.
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

# category, name, poster text (short), description (landing page). A venue's main hazard
# (its poster's key line) is the first in this order, so each kind's own come first.
HAZARDS = [
    (C.HOTEL, "客房吸烟", "客房内禁止卧床吸烟", "卧床吸烟、烟头未熄灭是宾馆火灾的常见原因。"),
    (C.HOTEL, "厨房油烟管道", "厨房油烟管道定期清洗", "油烟管道积油遇明火易引发火灾并沿管道蔓延。"),
    (C.MARKET, "私拉乱接电线", "摊位严禁私拉乱接电线", "摊位私拉电线、使用大功率电器易造成短路起火。"),
    (C.MARKET, "可燃物堆放", "货物堆放远离灯具电源", "商品、包装物紧贴灯具和插座堆放容易被引燃。"),
    (C.INTERNET_CAFE, "电气线路过载", "设备多，防止线路过载", "电脑等设备集中，线路长期过载会发热起火。"),
    (
        C.INTERNET_CAFE,
        "网吧内吸烟",
        "网吧内严禁吸烟",
        "长时间上网的顾客在座位上吸烟，烟头落进沙发、地毯缝隙容易阴燃起火。",
    ),
    (
        C.KINDERGARTEN,
        "儿童玩火",
        "火柴打火机放在儿童够不到的地方",
        "儿童好奇玩火是幼儿园和家庭火灾的原因之一。",
    ),
    (
        C.KINDERGARTEN,
        "午睡室电器",
        "午睡室不用电暖器和插排",
        "午睡室被褥集中，电暖器、插排靠近床铺，起火时幼儿难以自行逃生。",
    ),
    (C.ELDERLY, "电热取暖器", "取暖器远离被褥窗帘", "老人使用电热毯、取暖器不当容易引燃被褥。"),
    (
        C.ELDERLY,
        "老人行动不便",
        "起火时先帮卧床老人撤离",
        "老人行动迟缓，卧床老人要靠他人转移；夜间值班人员要熟悉转移顺序和路线。",
    ),
    (C.WORKSHOP, "生产车间可燃粉尘", "车间禁止吸烟和动火", "车间可燃物多、人员密集，违规动火吸烟后果严重。"),
    (C.WORKSHOP, "员工宿舍违规用电", "宿舍严禁使用大功率电器", "宿舍内使用热得快、电炉子易引发火灾。"),
    (
        C.WORKSHOP,
        "布料堆积",
        "布料成品远离电源和照明灯",
        "车间里布料、棉絮、成品堆积，遇电气火花迅速燃烧，烟气有毒。",
    ),
    (
        C.ENTERTAINMENT,
        "影厅座椅与装饰",
        "影厅内严禁吸烟和携带火种",
        "影厅座椅、幕布、吸音材料可燃，灯光昏暗、观众集中，起火后烟气很快弥漫。",
    ),
    (
        C.SCHOOL,
        "宿舍违规电器",
        "宿舍严禁使用热得快和电热毯",
        "学生在宿舍使用热得快、电热毯，充电宝整夜充电，是学校宿舍火灾的主要原因。",
    ),
    (
        C.SCHOOL,
        "宿舍蜡烛蚊香",
        "熄灯后不点蜡烛，蚊香远离蚊帐",
        "熄灯后点蜡烛看书，蚊香靠近蚊帐被褥，容易引燃床铺。",
    ),
    (
        C.HOSPITAL,
        "病房用氧",
        "吸氧病房严禁烟火",
        "氧气助燃，吸氧病房内吸烟、使用明火或电热器具，火势会猛烈扩大。",
    ),
    (
        C.HOSPITAL,
        "病人行动不便",
        "重症病人由医护人员协助转移",
        "病房里的病人行动不便、离不开医疗设备，起火时由医护人员按预案转移。",
    ),
    (
        C.TOURIST,
        "景区林区用火",
        "景区内禁止吸烟和野外用火",
        "云台山林木茂密，乱扔烟头、野炊烧烤容易引发山林火灾。",
    ),
    (
        C.TOURIST,
        "游客集中",
        "节假日游客多，听从工作人员疏导",
        "节假日游客服务中心人员密集，发生火情时不要拥挤，按工作人员指引疏散。",
    ),
    (
        C.RESTAURANT,
        "油锅起火",
        "油锅起火盖锅盖，切勿用水浇",
        "油锅起火用水浇会使热油飞溅、火势扩大；应先关火，再用锅盖或灭火毯盖住。",
    ),
    (
        C.RESTAURANT,
        "燃气泄漏",
        "闻到燃气味先关阀开窗，勿开关电器",
        "燃气软管老化、阀门未关会造成泄漏，遇到开关电器的火花就可能爆炸。",
    ),
    (
        C.THREE_IN_ONE,
        "住人与经营混在一起",
        "店面仓库不住人，住人要有第二出口",
        "经营、储存、住宿在同一栋楼里，夜间店里起火，楼上住的人来不及逃生。",
    ),
    (
        C.THREE_IN_ONE,
        "卷帘门唯一出口",
        "卷帘门不能是唯一出口",
        "只有一道卷帘门出入，停电或起火时打不开，住人楼层必须另有逃生出口。",
    ),
    (
        "",
        "电动自行车室内充电",
        "电动车在室内或楼道充电易起火",
        "电动自行车及电池在室内、楼道、安全出口充电停放，一旦起火，几分钟内浓烟充满楼道。",
    ),
    ("", "疏散通道堵塞", "严禁堵塞疏散通道和安全出口", "堆放杂物、锁闭安全出口会让人员无法逃生。"),
]

# kind, name, poster usage, full usage
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
        EquipmentKind.EXTINGUISHER,
        "推车式干粉灭火器",
        "推近、拔销、展管、开阀",
        "推到距火源约10米的上风处；拔出保险销；一人展开喷管对准火焰根部，另一人打开阀门喷射。",
    ),
    (
        EquipmentKind.EXTINGUISHER,
        "灭火毯",
        "拉出、抖开、盖严、关火",
        "拉下两条拉带取出灭火毯；双手握住两角抖开，挡在身前；把毯子完全盖住着火的油锅或物品；关闭燃气阀，冷却后再取下。",
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

# English for the foreign visitors of 云台山's hotels and scenic spots: name, poster line,
# text; filled in only where the library's English is still empty (an editor's stays).
HAZARDS_EN = {
    "客房吸烟": (
        "Smoking in guest rooms",
        "Never smoke in bed",
        "A cigarette dropped on a bed or carpet can smoulder for hours before it bursts into flame.",
    ),
    "厨房油烟管道": (
        "Kitchen exhaust ducts",
        "Clean kitchen exhaust ducts regularly",
        "Grease builds up in exhaust ducts; one spark from the stove can set the whole duct alight.",
    ),
    "私拉乱接电线": (
        "Makeshift wiring",
        "No makeshift wiring at stalls",
        "Extra cables pulled from socket to socket overheat and start fires among the goods.",
    ),
    "可燃物堆放": (
        "Stacked flammable goods",
        "Keep goods away from lamps and sockets",
        "Goods piled close to lamps and power points catch fire from their heat or a spark.",
    ),
    "电气线路过载": (
        "Overloaded circuits",
        "Do not overload the circuits",
        "Many machines on one circuit overheat the wires, which can start a fire inside the walls.",
    ),
    "网吧内吸烟": (
        "Smoking in internet cafés",
        "No smoking in the internet café",
        "Cigarette ends among chairs and cables start fires in a crowded, closed room.",
    ),
    "儿童玩火": (
        "Children playing with fire",
        "Keep matches and lighters out of children's reach",
        "Children copy what they see; a lighter in reach is a fire waiting to happen.",
    ),
    "午睡室电器": (
        "Heaters in nap rooms",
        "No heaters or power strips in nap rooms",
        "Heaters and power strips near bedding in a room of sleeping children are a grave danger.",
    ),
    "电热取暖器": (
        "Electric heaters",
        "Keep heaters away from bedding and curtains",
        "A heater close to bedding or curtains sets them alight within minutes.",
    ),
    "老人行动不便": (
        "Residents who cannot walk",
        "In a fire, first help bedridden residents out",
        "Bedridden and frail residents cannot escape alone; staff move them first, following the plan.",
    ),
    "生产车间可燃粉尘": (
        "Combustible dust in workshops",
        "No smoking or open flames in the workshop",
        "Fine dust in the air can explode when it meets a flame or spark.",
    ),
    "员工宿舍违规用电": (
        "High-power appliances in dormitories",
        "No high-power appliances in dormitories",
        "Immersion heaters and hot plates in dormitories are a common cause of fires.",
    ),
    "布料堆积": (
        "Stacked fabric",
        "Keep fabric away from power and lights",
        "Fabric, cotton and finished goods burn fast and give off toxic smoke.",
    ),
    "影厅座椅与装饰": (
        "Cinema seats and decoration",
        "No smoking or open flames in the cinema",
        "Seats, curtains and sound-proofing burn; in a dark, crowded hall smoke spreads fast.",
    ),
    "宿舍违规电器": (
        "Forbidden appliances in dormitories",
        "No immersion heaters or electric blankets in dormitories",
        "Immersion heaters, electric blankets and power banks charging overnight cause most school dormitory fires.",
    ),
    "宿舍蜡烛蚊香": (
        "Candles and mosquito coils",
        "No candles after lights out; mosquito coils away from nets",
        "A candle after lights out or a mosquito coil near the net can set a bed on fire.",
    ),
    "病房用氧": (
        "Oxygen in wards",
        "No smoking or flames where oxygen is used",
        "Oxygen feeds fire: smoking, flames or heaters in an oxygen ward make a fire spread violently.",
    ),
    "病人行动不便": (
        "Patients who cannot walk",
        "Staff help seriously ill patients out",
        "Patients tied to medical equipment are moved by staff according to the ward's plan.",
    ),
    "景区林区用火": (
        "Fire in the forest",
        "No smoking or open fires in the scenic area",
        "Yuntai Mountain's forests are dense; a dropped cigarette or a barbecue can start a forest fire.",
    ),
    "游客集中": (
        "Crowds of visitors",
        "On busy days, follow the staff's directions",
        "On holidays the visitor centre is crowded: in a fire, do not push; follow the staff out.",
    ),
    "油锅起火": (
        "Burning cooking oil",
        "Cover a burning pan with its lid; never use water",
        "Water on burning oil makes it splash and spread; turn off the heat and cover the pan or use a fire blanket.",
    ),
    "燃气泄漏": (
        "Gas leaks",
        "Smell gas? Shut the valve, open windows, touch no switches",
        "Old hoses and open valves leak gas; a spark from a switch can make it explode.",
    ),
    "住人与经营混在一起": (
        "Living above the shop",
        "Nobody sleeps in the shop or store; living floors need a second exit",
        "When a shop, store and home share one building, a night fire downstairs traps the people upstairs.",
    ),
    "卷帘门唯一出口": (
        "A roller shutter as the only exit",
        "A roller shutter must not be the only exit",
        "A roller shutter will not open in a power cut or fire; floors where people live need another way out.",
    ),
    "电动自行车室内充电": (
        "E-bikes charged indoors",
        "E-bikes charged indoors or in stairwells catch fire",
        "An e-bike or battery charged indoors, in a stairwell or at an exit can fill the stairs with smoke in minutes.",
    ),
    "疏散通道堵塞": (
        "Blocked escape routes",
        "Never block escape routes or exits",
        "Clutter in the corridors and locked exits leave people no way out.",
    ),
}
EQUIPMENT_EN = {
    "手提式干粉灭火器": (
        "Portable powder extinguisher",
        "Lift, pull, aim, squeeze",
        "Carry it to about 2 m from the fire, upwind; pull out the pin; aim the hose at the base of the flames; squeeze the handle and sweep from side to side.",
    ),
    "室内消火栓": (
        "Indoor fire hydrant",
        "Open, connect, turn on, spray",
        "Open the cabinet and press the alarm button; unroll the hose and connect it; open the valve and aim the nozzle at the base of the fire.",
    ),
    "推车式干粉灭火器": (
        "Wheeled powder extinguisher",
        "Wheel up, pull pin, unroll, open",
        "Wheel it to about 10 m from the fire, upwind; pull out the pin; one person aims the hose at the base of the flames while the other opens the valve.",
    ),
    "灭火毯": (
        "Fire blanket",
        "Pull, shake open, cover, turn off",
        "Pull both tapes to take out the blanket; hold two corners and shake it open in front of you; cover the burning pan completely; turn off the gas and leave it until cool.",
    ),
    "过滤式消防自救呼吸器": (
        "Fire escape smoke hood",
        "Tear open, unplug, put on, tighten",
        "Open the box and tear the vacuum pack; pull out the two red plugs; put the hood on, tighten the strap and leave at once.",
    ),
    "缓降器": (
        "Descent device",
        "Hook, strap, descend",
        "Hang the hook on the fixed bracket; put the strap under your arms and tighten it; face the wall and go down slowly without holding the rope.",
    ),
    "应急照明灯": (
        "Emergency light",
        "Lights up when the power fails",
        "It lights up by itself in a power cut or fire; follow the lit way and the exit signs out.",
    ),
}

# Routes, exits and equipment name their zone (or None: the whole venue).
VENUES = [
    {
        "name": "云台山宾馆",
        "category": C.HOTEL,
        "township": "yuntaishan",
        "address": "云台山镇岸上村景区大道18号",
        "zones": ["主楼客房", "餐饮楼"],
        "hazards": ["客房吸烟", "厨房油烟管道", "电动自行车室内充电", "疏散通道堵塞"],
        "routes": [
            ("主楼客房", "客房→走廊两端疏散楼梯→一楼东门或北门"),
            ("餐饮楼", "餐厅→后厨东侧通道→餐饮楼后门"),
        ],
        "exits": [
            ("主楼客房", "东侧疏散楼梯", "主楼东端，各层有绿色出口标志"),
            ("主楼客房", "北门", "一楼大堂北侧，通往停车场"),
            ("餐饮楼", "餐饮楼后门", "后厨东侧，通往景区大道"),
            (None, "正门", "一楼大堂南侧"),
        ],
        "assembly": "宾馆正门外停车场",
        "advice": "用湿毛巾捂住口鼻，低姿沿疏散指示标志撤离\n不要乘坐电梯，不要返回房间取物\n房门发烫不要开门，用湿毛巾堵住门缝，到窗口呼救",
        "equipment": [
            ("主楼客房", "手提式干粉灭火器", "各层走廊中部消火栓箱下方", 2),
            ("主楼客房", "过滤式消防自救呼吸器", "每间客房衣柜内", 1),
            ("主楼客房", "室内消火栓", "各层电梯厅旁", 1),
            ("餐饮楼", "灭火毯", "后厨灶台旁墙上", 1),
            ("餐饮楼", "手提式干粉灭火器", "餐厅收银台旁、后厨门口", 2),
            (None, "应急照明灯", "走廊、楼梯间", 1),
        ],
    },
    {
        "name": "修武县城关农贸市场",
        "category": C.MARKET,
        "township": "chengguan",
        "address": "城关镇人民路与建设路交叉口",
        "zones": ["蔬菜区", "干货区"],
        "hazards": ["私拉乱接电线", "可燃物堆放", "电动自行车室内充电", "疏散通道堵塞"],
        "routes": [
            ("蔬菜区", "蔬菜区主通道→南大门→人民路"),
            ("干货区", "干货区通道→东侧门→建设路"),
        ],
        "exits": [
            ("蔬菜区", "南大门", "人民路一侧，市场正门"),
            ("干货区", "东侧门", "干货区东头，通建设路"),
            (None, "北门", "肉类区北侧，通后街停车场"),
        ],
        "assembly": "南大门外人民路广场",
        "advice": "闻到焦味或听到喊声，放下货物向最近的大门撤离\n不要在通道上围观，不要返回摊位抢货\n电动车着火不要靠近，远离后拨打119",
        "equipment": [
            ("蔬菜区", "手提式干粉灭火器", "每排摊位两头的红色灭火器箱", 2),
            ("干货区", "手提式干粉灭火器", "干货区中间立柱下", 4),
            (None, "推车式干粉灭火器", "市场管理办公室门口", 1),
            (None, "应急照明灯", "各大门上方、主通道", 1),
        ],
    },
    {
        "name": "修武县影剧院",
        "category": C.ENTERTAINMENT,
        "township": "chengguan",
        "address": "城关镇人民路56号",
        "zones": [],
        "hazards": ["影厅座椅与装饰", "疏散通道堵塞"],
        "routes": [(None, "影厅两侧走道→银幕旁安全出口→一楼大厅→正门")],
        "exits": [
            (None, "影厅安全出口", "银幕左右两侧，绿色标志灯处"),
            (None, "正门", "一楼售票大厅南侧"),
            (None, "西侧门", "一楼卫生间旁走廊尽头"),
        ],
        "assembly": "影剧院门前广场",
        "advice": "放映中发生火情，厅内灯光会亮起，听从工作人员指挥\n沿座位间走道去最近的出口，不要翻越座椅\n低姿捂鼻，不要乘坐电梯",
        "equipment": [
            (None, "手提式干粉灭火器", "每个影厅入口两侧", 2),
            (None, "过滤式消防自救呼吸器", "售票台和各厅入口检票处", 1),
            (None, "室内消火栓", "一楼大厅东墙、二楼走廊", 1),
            (None, "应急照明灯", "影厅走道地面、出口上方", 1),
        ],
    },
    {
        "name": "郇封镇初级中学学生宿舍楼",
        "category": C.SCHOOL,
        "township": "xunfeng",
        "address": "郇封镇育英路1号校内",
        "zones": [],
        "hazards": ["宿舍违规电器", "宿舍蜡烛蚊香", "电动自行车室内充电"],
        "routes": [(None, "宿舍→走廊→东西两端楼梯→一楼→宿舍楼前操场")],
        "exits": [
            (None, "东楼梯", "宿舍楼东端，直通一楼东门"),
            (None, "西楼梯", "宿舍楼西端，直通一楼西门"),
            (None, "正门", "一楼宿管值班室旁"),
        ],
        "assembly": "宿舍楼前田径场",
        "advice": "听到警铃立即起床，不找衣物，按演练路线下楼\n用湿毛巾捂住口鼻，靠右侧下楼，不推挤\n到操场按班级集合，向班主任报到",
        "equipment": [
            (None, "手提式干粉灭火器", "每层楼梯口灭火器箱", 2),
            (None, "室内消火栓", "每层走廊中部", 1),
            (None, "应急照明灯", "走廊、楼梯间", 1),
        ],
    },
    {
        "name": "修武县夕阳红养老院",
        "category": C.ELDERLY,
        "township": "qixian",
        "address": "七贤镇七贤村东",
        "zones": [],
        "hazards": ["电热取暖器", "老人行动不便", "疏散通道堵塞"],
        "routes": [
            (None, "一楼居室→走廊→南侧无障碍坡道→院内花园"),
            (None, "二楼居室→东侧楼梯（工作人员背抬卧床老人）→一楼东门"),
        ],
        "exits": [
            (None, "南门坡道", "一楼走廊南端，轮椅可以通行"),
            (None, "东门", "东侧楼梯下，通往后院"),
        ],
        "assembly": "院内花园凉亭",
        "advice": "能走的老人跟着工作人员走，不要回房拿东西\n卧床老人由值班人员按床位顺序用轮椅或床单转移\n不要乘坐电梯",
        "equipment": [
            (None, "手提式干粉灭火器", "每层护理站旁、走廊两端", 2),
            (None, "过滤式消防自救呼吸器", "每间居室床头柜内", 1),
            (None, "灭火毯", "一楼厨房", 1),
            (None, "应急照明灯", "走廊、坡道", 1),
        ],
    },
    {
        "name": "修武县人民医院住院部",
        "category": C.HOSPITAL,
        "township": "chengguan",
        "address": "城关镇山阳路88号",
        "zones": ["内科病区（三楼）", "外科病区（四楼）"],
        "hazards": ["病房用氧", "病人行动不便", "电动自行车室内充电"],
        "routes": [
            ("内科病区（三楼）", "病房→走廊→护士站东侧疏散楼梯→一楼急诊大厅"),
            ("外科病区（四楼）", "病房→走廊西端疏散楼梯→一楼西门"),
        ],
        "exits": [
            ("内科病区（三楼）", "东侧疏散楼梯", "三楼护士站东侧，防火门常闭"),
            ("外科病区（四楼）", "西侧疏散楼梯", "四楼走廊西端，手术室方向"),
            (None, "住院部正门", "一楼大厅南侧"),
        ],
        "assembly": "住院部南侧停车场",
        "advice": "听从医护人员指挥，能行走的病人和家属先撤离\n关闭床旁氧气阀门，不要乘坐电梯\n随手关上防火门，挡住烟气",
        "equipment": [
            ("内科病区（三楼）", "手提式干粉灭火器", "三楼护士站旁", 2),
            ("外科病区（四楼）", "手提式干粉灭火器", "四楼护士站旁", 2),
            (None, "室内消火栓", "每层电梯厅旁", 1),
            (None, "过滤式消防自救呼吸器", "各病区护士站柜内", 1),
            (None, "应急照明灯", "走廊、楼梯间", 1),
        ],
    },
    {
        "name": "云台山景区游客服务中心",
        "category": C.TOURIST,
        "township": "yuntaishan",
        "address": "云台山景区南门",
        "zones": [],
        "hazards": ["景区林区用火", "游客集中", "疏散通道堵塞"],
        "routes": [
            (None, "售票大厅→南侧玻璃门→景区南门广场"),
            (None, "二楼展厅→北侧楼梯→一楼北门→换乘车场"),
        ],
        "exits": [
            (None, "南门", "售票大厅正面，通南门广场"),
            (None, "北门", "一楼北侧，通景区换乘车场"),
        ],
        "assembly": "景区南门广场",
        "advice": "听从景区广播和工作人员疏导，不要拥挤\n照看好老人和孩子，不要返回取行李\n山上看到烟火，立即拨打119或景区救援电话",
        "equipment": [
            (None, "手提式干粉灭火器", "售票窗口两端、二楼展厅入口", 4),
            (None, "推车式干粉灭火器", "游客中心北门外", 1),
            (None, "室内消火栓", "一楼大厅东墙", 1),
            (None, "应急照明灯", "大厅、楼梯间", 1),
        ],
    },
    {
        "name": "周庄镇星空网吧",
        "category": C.INTERNET_CAFE,
        "township": "zhouzhuang",
        "address": "周庄镇中心街66号二楼",
        "zones": [],
        "hazards": ["电气线路过载", "网吧内吸烟", "疏散通道堵塞"],
        "routes": [(None, "座位区→吧台旁通道→主楼梯→一楼临街门")],
        "exits": [
            (None, "主楼梯", "吧台右侧，下楼到中心街"),
            (None, "后楼梯", "二楼卫生间旁，通后院"),
        ],
        "assembly": "中心街对面人行道",
        "advice": "闻到焦味或看到烟，立即离座，不拿包和充电器\n烟大时低姿沿墙走到楼梯\n不要跳窗",
        "equipment": [
            (None, "手提式干粉灭火器", "吧台下、座位区中部立柱旁", 3),
            (None, "过滤式消防自救呼吸器", "吧台抽屉内", 1),
            (None, "应急照明灯", "楼梯口、通道", 1),
        ],
    },
    {
        "name": "五里源乡好味道餐馆",
        "category": C.RESTAURANT,
        "township": "wuliyuan",
        "address": "五里源乡集镇南街",
        "zones": [],
        "hazards": ["油锅起火", "燃气泄漏", "疏散通道堵塞"],
        "routes": [(None, "餐厅→正门→南街"), (None, "后厨→后门→后巷")],
        "exits": [
            (None, "正门", "收银台对面，通南街"),
            (None, "后门", "后厨西侧，通后巷"),
        ],
        "assembly": "餐馆门前南街空地",
        "advice": "油锅起火先关火，再盖锅盖或灭火毯，不要用水浇\n闻到燃气味先关阀开窗，不开灯不打电话\n火大时立即离开，到门外拨打119",
        "equipment": [
            (None, "灭火毯", "后厨灶台右侧墙上", 1),
            (None, "手提式干粉灭火器", "收银台旁、后厨门口", 2),
            (None, "应急照明灯", "大厅", 1),
        ],
    },
    {
        "name": "修武县实验幼儿园",
        "category": C.KINDERGARTEN,
        "township": "chengguan",
        "address": "城关镇育才街9号",
        "zones": [],
        "hazards": ["儿童玩火", "午睡室电器", "疏散通道堵塞"],
        "routes": [(None, "活动室→走廊→东西楼梯→一楼→操场")],
        "exits": [
            (None, "东楼梯", "教学楼东端，直通操场"),
            (None, "西楼梯", "教学楼西端，靠近厨房"),
            (None, "大门", "一楼门厅"),
        ],
        "assembly": "幼儿园操场中央",
        "advice": "老师带好点名册，领孩子弯腰捂鼻排队下楼\n小班孩子由保育员抱、牵，不让孩子单独走\n到操场清点人数，报告园长",
        "equipment": [
            (None, "手提式干粉灭火器", "每层楼梯口、厨房门口", 2),
            (None, "灭火毯", "厨房灶台旁", 1),
            (None, "应急照明灯", "走廊、楼梯", 1),
        ],
    },
    {
        "name": "开发区鑫达服装加工厂",
        "category": C.WORKSHOP,
        "township": "kaifaqu",
        "address": "经济技术开发区工业三路",
        "zones": ["一号车间", "员工宿舍"],
        "hazards": ["生产车间可燃粉尘", "布料堆积", "员工宿舍违规用电", "电动自行车室内充电"],
        "routes": [
            ("一号车间", "缝纫工位→中间主通道→车间南大门"),
            ("员工宿舍", "宿舍→走廊→东楼梯→一楼→厂区大门"),
        ],
        "exits": [
            ("一号车间", "车间南大门", "车间正面，通厂区道路"),
            ("一号车间", "车间北侧门", "成品仓库旁，上班时不上锁"),
            ("员工宿舍", "宿舍东楼梯", "宿舍楼东端"),
        ],
        "assembly": "厂区大门内篮球场",
        "advice": "听到警报立即关掉缝纫机电源，沿主通道撤离\n不要返回工位取手机和衣物\n按班组到篮球场集合点名",
        "equipment": [
            ("一号车间", "手提式干粉灭火器", "每排工位尽头立柱下", 6),
            ("一号车间", "室内消火栓", "车间南北两端", 1),
            ("员工宿舍", "手提式干粉灭火器", "每层楼梯口", 2),
            ("员工宿舍", "过滤式消防自救呼吸器", "每间宿舍门后", 1),
            (None, "应急照明灯", "车间通道、宿舍楼梯", 1),
        ],
    },
    {
        "name": "王屯乡便民超市（三合一）",
        "category": C.THREE_IN_ONE,
        "township": "wangtun",
        "address": "王屯乡王屯村主街",
        "zones": [],
        "hazards": ["住人与经营混在一起", "卷帘门唯一出口", "电动自行车室内充电"],
        "routes": [
            (None, "二楼卧室→后窗外逃生楼梯→后院"),
            (None, "二楼→室内楼梯→一楼店面→卷帘门旁小门"),
        ],
        "exits": [
            (None, "后院逃生楼梯", "二楼卧室后窗外，通后院"),
            (None, "卷帘门旁小门", "一楼临街，夜里从里面能打开"),
        ],
        "assembly": "超市门前主街",
        "advice": "睡前关掉店里的电源，电动车不进屋充电\n楼梯有烟时从后窗逃生楼梯下楼\n不要为了抢货返回店里",
        "equipment": [
            (None, "手提式干粉灭火器", "收银台下、二楼楼梯口", 2),
            (None, "过滤式消防自救呼吸器", "二楼卧室床头", 1),
            (None, "应急照明灯", "楼梯", 1),
        ],
    },
]

# The one route every venue of the first demo shared: such a venue gets its own prompts.
PLACEHOLDER_ROUTE = "沿走廊疏散指示标志→最近的疏散楼梯→一楼出口"


def load(stdout):
    with transaction.atomic():
        _libraries()
        venues = [_venue(spec) for spec in VENUES]
        _managers(venues)
    stdout.write(
        f"  场所三提示：{len(venues)} 个场所，{len(HAZARDS)} 条典型隐患，{len(EQUIPMENT)} 种器材用法"
    )


def _libraries():
    for order, (category, name, short, description) in enumerate(HAZARDS):
        hazard, created = HazardType.objects.get_or_create(
            name=name,
            category=category,
            defaults={"poster_text": short, "description": description, "sort_order": order},
        )
        if not created and not category and hazard.sort_order < order:
            # The first demo listed the generic hazards first, making them every venue's main one.
            HazardType.objects.filter(pk=hazard.pk).update(sort_order=order)
    for order, (kind, name, short, usage) in enumerate(EQUIPMENT):
        EquipmentType.objects.get_or_create(
            name=name, defaults={"kind": kind, "short_usage": short, "usage": usage, "sort_order": order}
        )
    for name, (name_en, short_en, text_en) in HAZARDS_EN.items():
        HazardType.objects.filter(name=name, name_en="").update(
            name_en=name_en, poster_text_en=short_en, description_en=text_en
        )
    for name, (name_en, short_en, usage_en) in EQUIPMENT_EN.items():
        EquipmentType.objects.filter(name=name, name_en="").update(
            name_en=name_en, short_usage_en=short_en, usage_en=usage_en
        )


def _venue(spec):
    venue = Venue.objects.filter(name=spec["name"]).first()
    if venue is not None and not venue.routes.filter(description=PLACEHOLDER_ROUTE).exists():
        return venue  # already this demo's, or edited by someone: leave it alone
    if venue is None:
        venue = Venue(
            name=spec["name"],
            managing_unit=f"{spec['name']}管理部",
            responsible_person="张经理",
            responsible_phone="13903910119",
        )
    venue.category = spec["category"]
    venue.township = Township.objects.get(code=spec["township"])
    venue.address = spec["address"]
    venue.assembly_point = spec["assembly"]
    venue.escape_advice = spec["advice"]
    venue.content_verified_on = timezone.localdate()
    zones = {name: VenueZone(name=name) for name in spec["zones"]}
    venue.zones = list(zones.values())
    venue.save()  # the zones need keys before items can point at them
    types = {t.name: t for t in EquipmentType.objects.all()}
    venue.routes = [VenueRoute(description=text, zone=zones.get(zone)) for zone, text in spec["routes"]]
    venue.exits = [
        VenueExit(name=name, location=location, zone=zones.get(zone))
        for zone, name, location in spec["exits"]
    ]
    venue.equipment = [
        VenueEquipment(equipment_type=types[kind], location=location, quantity=quantity, zone=zones.get(zone))
        for zone, kind, location, quantity in spec["equipment"]
    ]
    venue.save()
    by_name = {h.name: h for h in HazardType.objects.filter(name__in=spec["hazards"])}
    venue.hazards.set([by_name[name] for name in spec["hazards"]])
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
