"""Demo culture streets: eight townships in every state from 规划 to 已验收挂牌, one needing
repair, elements with QR plates, and culture walls in a dozen villages.

Idempotent: a township that already has a street, or a village that has its wall, is left alone.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from outreach.models import HomePage, Township

from . import services
from .demo_photos import element_photo, street_scene, wall_photo
from .models import (
    CultureWall,
    DamageReport,
    ElementKind,
    Milestone,
    MilestonePhoto,
    StreetElement,
    StreetIndexPage,
    StreetPage,
    StreetStatusEvent,
    WallCondition,
)

P, B, R, A = "planned", "building", "requested", "accepted"

# township code, street name, address, length, target state, months since start, story
STREETS = [
    (
        "chengguan",
        "城关镇健康路消防文化街",
        "城关镇健康路（人民路至竹林大道段）",
        420,
        A,
        20,
        "健康路是县城老街，商铺和居民楼密集。改造后沿街设置消防宣传栏、科普长廊和微型消防站，成为群众身边的消防课堂。",
    ),
    (
        "yuntaishan",
        "云台山镇岸上村消防文化街",
        "云台山镇岸上村民宿一条街",
        360,
        A,
        26,
        "岸上村民宿集中，游客多。文化街把民宿防火、森林防火和景区逃生知识做进街景，游客扫码就能学习。",
    ),
    (
        "qixian",
        "七贤镇竹林七贤消防文化街",
        "七贤镇文化广场东街",
        300,
        A,
        18,
        "结合竹林七贤文化，用竹简样式的展牌讲述消防故事，广场设置主题雕塑。",
    ),
    (
        "xunfeng",
        "郇封镇消防文化街",
        "郇封镇政府前街",
        260,
        R,
        10,
        "郇封镇以集贸市场为中心建设文化街，重点宣传市场摊位用电和电动自行车充电安全。",
    ),
    (
        "zhouzhuang",
        "周庄镇消防文化街",
        "周庄镇周庄村中心街",
        240,
        B,
        7,
        "周庄镇文化街正在建设，将设置宣传栏和科普长廊，重点面向留守老人和儿童。",
    ),
    (
        "wuliyuan",
        "五里源乡消防文化街",
        "五里源乡政府东路",
        150,
        B,
        3,
        "五里源乡文化街已完成入口标识和第一批宣传栏，其余元素正在施工。",
    ),
    (
        "wangtun",
        "王屯乡消防文化街",
        "王屯乡王屯村主街",
        200,
        P,
        1,
        "规划沿王屯村主街建设，已完成选址和方案设计，正在征求村民意见。",
    ),
    (
        "xicun",
        "西村乡消防文化街",
        "西村乡西村主街",
        180,
        P,
        0,
        "规划结合乡村振兴项目建设，重点宣传森林防火和农村用火用电安全。",
    ),
]

# kind code, name, position, knowledge (None: the kind's default)
ELEMENTS = [
    ("entrance", "文化街入口标识", 0, None),
    ("board", "家庭防火宣传栏", 40, None),
    ("slogan", "消防安全标语墙", 90, None),
    ("gallery", "消防科普问答长廊", 140, None),
    ("sculpture", "消防员主题雕塑", 200, None),
    ("station", "社区微型消防站", 260, None),
    (
        "qr_plate",
        "电动自行车安全展牌",
        300,
        "电动自行车不进楼道、不进家门，不私拉电线“飞线”充电。充电时间不宜过长，不要使用改装电池。",
    ),
]
# Elements a street has by its state (planned streets have none yet).
ELEMENT_COUNT = {P: 0, B: 3, R: 6, A: 7}
MILESTONES = [
    ("选址和方案设计", 0),
    ("方案公示", 1),
    ("开工建设", 2),
    ("宣传栏和科普长廊安装", 5),
    ("微型消防站建成", 7),
    ("竣工", 9),
]

WALLS = [
    ("chengguan", "东关村"),
    ("chengguan", "西关社区"),
    ("yuntaishan", "岸上村"),
    ("yuntaishan", "一斗水村"),
    ("qixian", "七贤村"),
    ("qixian", "孟村"),
    ("xunfeng", "郇封村"),
    ("zhouzhuang", "周庄村"),
    ("zhouzhuang", "大位村"),
    ("wangtun", "王屯村"),
    ("wuliyuan", "五里源村"),
    ("xicun", "西村"),
]


def load(stdout):
    if not Township.objects.filter(code="chengguan").exists():
        stdout.write("  文化街：没有演示乡镇，跳过")
        return
    with transaction.atomic():
        index = _index()
        made = sum(_street(index, order, spec) for order, spec in enumerate(STREETS))
        walls = _walls()
    stdout.write(f"  文化街：{StreetPage.objects.count()} 条（新建 {made}），文化墙 {walls} 面")


def _index():
    index = StreetIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = StreetIndexPage(
            title="消防文化街",
            slug="streets",
            show_in_menus=True,
            intro="按照县“十四五”消防规划，每个乡镇建成1条消防文化街，村里建消防文化墙。这里公开各乡镇的建设进展。",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _street(index, order, spec):
    code, name, address, length, state, months, story = spec
    township = Township.objects.get(code=code)
    if StreetPage.objects.filter(township=township).exists():
        return 0
    admin = get_user_model().objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30 * months + 5)
    street = services.create_street(
        index,
        township,
        name,
        user=admin,
        publish=True,
        slug=code,
        address=address,
        latitude=township.latitude,
        longitude=township.longitude,
        length_m=length,
        caretaker=f"{township.name}综治办 消防专干",
        story=f"<p>{story}</p>",
        opened_on=start + datetime.timedelta(days=30 * 9) if state == A else None,
    )
    kinds = {kind.code: kind for kind in ElementKind.objects.all()}
    for i, (kind_code, element_name, position, knowledge) in enumerate(ELEMENTS[: ELEMENT_COUNT[state]]):
        kind = kinds[kind_code]
        installed = min(today, start + datetime.timedelta(days=60 + 20 * i))
        element = StreetElement(
            street=street,
            kind=kind,
            name=element_name,
            position_m=min(position, length),
            knowledge=knowledge or kind.default_knowledge,
            installed_on=installed,
            inspection_days=kind.inspection_days,
            last_inspected_on=today - datetime.timedelta(days=min(kind.inspection_days // 2, 20)),
        )
        element.photo.save(
            "photo.jpg", element_photo(order * 10 + i, kind.name, element.knowledge), save=False
        )
        element.save()
    done_until = {P: 1, B: 3 if months > 4 else 2, R: 6, A: 6}[state]
    stages = ["survey", "survey", "building", "building", "building", "done"]
    for i, (title, month) in enumerate(MILESTONES):
        planned = start + datetime.timedelta(days=30 * month)
        done = min(today, planned + datetime.timedelta(days=3)) if i < done_until else None
        milestone = Milestone.objects.create(
            street=street,
            title=title,
            planned_on=planned,
            done_on=done,
            note=f"{township.name}{title}。" if done else "",
        )
        if done:
            photo = MilestonePhoto(milestone=milestone, caption=f"{title}现场")
            photo.image.save("photo.jpg", street_scene(order * 100 + i, name[:10], stages[i]), save=True)
    _advance(street, state, admin, today)
    if code == "yuntaishan":
        _needs_repair(street, today)
    return 1


def _advance(street, state, admin, today):
    if state == P:
        return
    services.start_building(street.pk, admin)
    if state == B:
        if street.township.code == "zhouzhuang":
            # A street that asked too early and was sent back, as happens.
            comment = "科普长廊和微型消防站还没有建成，宣传栏内容缺少电动自行车安全，请补充后再申请。"
            StreetStatusEvent.objects.create(street=street, from_status=B, to_status=R, user=admin)
            StreetStatusEvent.objects.create(
                street=street, from_status=R, to_status=B, user=admin, comment=comment
            )
            StreetPage.objects.filter(pk=street.pk).update(review_comment=comment)
        return
    services.request_acceptance(street.pk, admin)
    if state == A:
        services.accept(street.pk, admin, "经现场检查，元素齐全、内容准确，同意验收挂牌。")
        accepted_on = today - datetime.timedelta(days=60)
        Milestone.objects.filter(street=street, title=services.ACCEPTANCE_MILESTONE).update(
            planned_on=accepted_on, done_on=accepted_on
        )


def _needs_repair(street, today):
    """One accepted street needs maintenance: a reported board and an overdue station."""
    board = street.elements.get(kind__code="board")
    DamageReport.objects.create(
        element=board,
        kind="damaged",
        description="宣传栏玻璃被风刮碎了，里面的展板被雨水泡坏，看不清字。",
    )
    station = street.elements.get(kind__code="station")
    StreetElement.objects.filter(pk=station.pk).update(
        last_inspected_on=today - datetime.timedelta(days=station.inspection_days + 12)
    )


def _walls():
    today = timezone.localdate()
    for i, (code, village) in enumerate(WALLS):
        township = Township.objects.get(code=code)
        if CultureWall.objects.filter(township=township, village=village).exists():
            continue
        faded = i % 5 == 4
        wall = CultureWall(
            township=township,
            village=village,
            has_pledge=i % 6 != 5,
            built_on=today - datetime.timedelta(days=90 + 37 * i),
            condition=WallCondition.FADED if faded else WallCondition.GOOD,
            note="村委会门前" if i % 2 else "村文化广场",
        )
        wall.photo.save("photo.jpg", wall_photo(i, f"{township.name}{village}", faded), save=False)
        wall.save()
    return CultureWall.objects.count()
