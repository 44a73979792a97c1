"""Demo content of the shared core: townships, staff accounts per role, a few pages.

Every function here is idempotent: running `manage.py load_demo` twice changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from outreach import roles
from outreach.models import ContentPage, HomePage, Profile, Township

DEMO_PASSWORD = "xiuwu-119-demo"  # noqa: S105 - printed by make run, demo accounts only

TOWNSHIPS = [
    ("城关镇", "chengguan"),
    ("七贤镇", "qixian"),
    ("郇封镇", "xunfeng"),
    ("周庄镇", "zhouzhuang"),
    ("云台山镇", "yuntaishan"),
    ("王屯乡", "wangtun"),
    ("五里源乡", "wuliyuan"),
    ("西村乡", "xicun"),
    ("经济技术开发区", "kaifaqu"),
]

# Approximate seat of each township (latitude, longitude), for the offline county map.
POSITIONS = {
    "chengguan": (35.2290, 113.4470),
    "qixian": (35.2560, 113.3570),
    "xunfeng": (35.1620, 113.3900),
    "zhouzhuang": (35.1900, 113.5150),
    "yuntaishan": (35.4200, 113.3900),
    "wangtun": (35.1750, 113.3150),
    "wuliyuan": (35.2150, 113.4950),
    "xicun": (35.3350, 113.4600),
    "kaifaqu": (35.2050, 113.4200),
}
# The development zone need not build a culture street.
NO_STREET_NEEDED = {"kaifaqu"}

# username, display name, role, township code
DEMO_USERS = [
    ("editor", "宣传编辑 小王", roles.EDITOR, None),
    ("reviewer", "审核 李主任", roles.REVIEWER, None),
    ("township", "城关镇 张干事", roles.TOWNSHIP_OFFICER, "chengguan"),
    ("school", "城关一小 安全员", roles.SCHOOL_STAFF, "chengguan"),
    ("bureau", "教体局 赵科长", roles.EDUCATION_BUREAU, None),
    ("venue", "云台山宾馆 经理", roles.VENUE_MANAGER, "yuntaishan"),
    ("base", "科普教育基地 讲解员", roles.BASE_STAFF, None),
]

PAGES = [
    {
        "slug": "escape",
        "title": "火场逃生自救常识",
        "intro": "遇到火灾不要慌，记住这几条，关键时刻能救命。",
        "show_in_menus": True,
        "body": [
            ("heading", "发现火情怎么办"),
            (
                "paragraph",
                "<p>发现起火，先大声呼喊提醒他人，立即拨打119报警，说清楚地址、"
                "着火物品和火势大小。火势不大时，可以正确使用灭火器的方法是：提、拔、握、压。</p>",
            ),
            ("heading", "火场逃生自救"),
            (
                "paragraph",
                "<p>用湿毛巾捂住口鼻，低姿弯腰，沿着疏散指示标志向安全出口撤离。"
                "不要乘坐电梯，不要贪恋财物，已经逃出的不要再返回。</p>",
            ),
            (
                "callout",
                {"kind": "alarm", "title": "发生火灾，立即拨打119", "text": "报警时说清地址和火势。"},
            ),
        ],
    },
    {
        "slug": "about",
        "title": "关于我们",
        "intro": "修武县消防救援大队宣传科，负责全县消防宣传教育工作。",
        "show_in_menus": True,
        "body": [
            (
                "paragraph",
                "<p>按照《修武县“十四五”消防事业发展规划》，我们推进消防宣传进企业、进农村、"
                "进社区、进学校、进家庭，建设消防文化街和应急消防科普教育基地。</p>",
            ),
            ("callout", {"kind": "hotline", "title": "发现火灾隐患，请拨打96119举报", "text": ""}),
        ],
    },
]


def load(stdout):
    with transaction.atomic():
        townships = load_townships()
        load_users(townships)
        load_pages()
    stdout.write(
        f"  平台基础：{len(townships)} 个乡镇，{len(DEMO_USERS) + 1} 个演示账号，{len(PAGES)} 个内容页"
    )


def load_townships():
    townships = {}
    for order, (name, code) in enumerate(TOWNSHIPS):
        township, _ = Township.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        if township.latitude is None and code in POSITIONS:
            township.latitude, township.longitude = POSITIONS[code]
            township.must_have_street = code not in NO_STREET_NEEDED
            township.save(update_fields=["latitude", "longitude", "must_have_street"])
        townships[code] = township
    return townships


def load_users(townships):
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD, first_name="管理员")
    for username, name, role, township_code in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "email": f"{username}@example.com"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        Profile.objects.get_or_create(
            user=user, defaults={"township": townships.get(township_code) if township_code else None}
        )


def load_pages():
    home = HomePage.objects.get()
    if not home.intro:
        home.hero_title = "消防安全，人人有责"
        home.hero_text = "修武县消防宣传进企业、进农村、进社区、进学校、进家庭"
        home.intro = "在这里了解消防知识、参加宣传活动、查看场所安全提示、报名志愿服务。"
        home.save_revision().publish()
    for spec in PAGES:
        if ContentPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = ContentPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            show_in_menus=spec["show_in_menus"],
            body=spec["body"],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
