"""Element kinds seen in practice, a default acceptance checklist, and the roles' rights.

Names are frozen here: a migration must not change when the code does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# code, name, inspection days, default knowledge
KINDS = [
    ("entrance", "入口标识", 365, "这里是消防文化街。沿街可以看到消防知识宣传栏、主题雕塑和科普长廊，扫码了解更多。"),
    ("board", "宣传栏", 90, "家庭防火三字经：人离开，火熄灭；电器旧，及时换；电动车，不进屋；液化气，常检查。"),
    ("sculpture", "主题雕塑", 365, "消防员是和平年代最可爱的人。发生火灾，请立即拨打119。"),
    ("slogan", "标语", 180, "消防安全，人人有责。"),
    ("gallery", "科普长廊", 90, "问：油锅起火怎么办？答：立即盖上锅盖或放入切好的蔬菜，关掉燃气，千万不能用水浇。"),
    ("wall", "文化墙", 180, "消防安全公约：不乱扔烟头，不私拉电线，不堵塞通道，发现火情立即报警。"),
    ("furniture", "彩绘街道设施", 180, "灭火器使用方法：提、拔、握、压。"),
    ("station", "微型消防站", 30, "微型消防站配有灭火器、水带、水枪和破拆工具，周边群众发现火情可以就近取用，并立即报警。"),
    ("qr_plate", "二维码展牌", 180, "扫一扫，学习消防安全知识。"),
]
REQUIRED = ["entrance", "board", "gallery", "station"]
GRANTS = {
    "宣传编辑": {"elementkind": ["add", "change", "delete", "view"], "acceptancechecklist": ["add", "change", "view"]},
    "审核": {"elementkind": ["view"], "acceptancechecklist": ["add", "change", "view"]},
}


def forwards(apps, schema_editor):
    ElementKind = apps.get_model("streets", "ElementKind")
    Checklist = apps.get_model("streets", "AcceptanceChecklist")
    kinds = {}
    for order, (code, name, days, knowledge) in enumerate(KINDS):
        kinds[code], _ = ElementKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "inspection_days": days, "default_knowledge": knowledge, "sort_order": order},
        )
    if not Checklist.objects.exists():
        checklist = Checklist.objects.create(name="消防文化街验收清单（2024版）", min_length_m=200)
        checklist.required_kinds.set([kinds[code] for code in REQUIRED])

    app_config = apps.get_app_config("streets")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(*Permission.objects.filter(content_type__app_label="streets", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("streets", "0001_initial"),
        ("outreach", "0009_township_street_and_position"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
