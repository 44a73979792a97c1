"""Demo content of the campaigns app: the three sections, one campaign per 五进 setting,
news of activities held and a few downloadable resources. Idempotent."""

import datetime
import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    NewsIndexPage,
    NewsPage,
    NewsPhoto,
    OutreachSetting,
    PublicityMonthSettings,
    ResourceIndexPage,
    ResourcePage,
    SpecialGroup,
)
from outreach.models import HomePage, Township

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
COLOURS = ["#b71c1c", "#1b5e20", "#0d47a1", "#e65100", "#4a148c", "#004d40", "#3e2723"]

SECTIONS = [
    (
        CampaignIndexPage,
        "campaigns",
        "宣传活动",
        "消防宣传进企业、进农村、进社区、进学校、进家庭，按领域和乡镇查找。",
    ),
    (NewsIndexPage, "news", "新闻动态", "各乡镇、学校、企业开展消防宣传活动的报道。"),
    (ResourceIndexPage, "resources", "宣传资源", "海报、宣传单、课件等消防文创产品，免费下载使用。"),
]


def _body(*paragraphs, callout="alarm", qa=None):
    body = [("paragraph", f"<p>{p}</p>") for p in paragraphs]
    if callout == "alarm":
        body.append(
            (
                "callout",
                {"kind": "alarm", "title": "发生火灾，立即拨打119", "text": "说清地址、着火物和火势。"},
            )
        )
    else:
        body.append(("callout", {"kind": "hotline", "title": "发现火灾隐患，请拨打96119", "text": ""}))
    if qa:
        body.append(("qa", [{"question": q, "answer": f"<p>{a}</p>"} for q, a in qa]))
    return body


def campaigns_spec(year):
    return [
        {
            "slug": "three-in-one",
            "title": "三合一场所消防安全专项宣传",
            "slogan": "住人不住店，隔离要到位",
            "intro": "走进开发区和七贤镇的小作坊、小商铺，讲清“三合一”场所的火灾危险。",
            "dates": (datetime.date(year, 3, 1), datetime.date(year, 5, 31)),
            "settings": ["enterprise"],
            "townships": ["kaifaqu", "qixian"],
            "groups": ["migrant"],
            "body": _body(
                "“三合一”场所是指住宿与生产、储存、经营合用的场所，一旦起火极易造成人员伤亡。",
                "宣传员逐户讲解防火分隔、安全出口和逃生窗的设置要求，发放整改告知书。",
                callout="hotline",
                qa=[
                    (
                        "住人的地方和仓库能在一起吗？",
                        "不能。住宿部分必须与生产、储存、经营部分进行防火分隔，并设置独立的安全出口。",
                    )
                ],
            ),
        },
        {
            "slug": "ebike-rural",
            "title": "电动自行车火灾防范进农村",
            "slogan": "电动车，不进屋，不过夜充电",
            "intro": "在王屯乡、西村乡、五里源乡的村委会和集市讲电动自行车安全充电。",
            "dates": (datetime.date(year, 4, 1), datetime.date(year, 6, 30)),
            "settings": ["rural"],
            "townships": ["wangtun", "xicun", "wuliyuan"],
            "groups": ["left_behind", "elderly"],
            "body": _body(
                "电动自行车火灾多发生在夜间充电时。不要把电动车停放在楼道、屋内，不要私拉电线“飞线充电”。",
                "选购合格的电池和充电器，充电时间不宜过长，充满后及时断电。",
                qa=[("电动车可以放在堂屋里充电吗？", "不可以。请在室外或集中充电点充电，远离可燃物。")],
            ),
        },
        {
            "slug": "elderly-at-home",
            "title": "居家老人消防安全守护行动",
            "slogan": "关爱老人，守护平安",
            "intro": "社区网格员上门检查独居老人家中的电器、燃气和取暖设备。",
            "dates": (datetime.date(year, 1, 10), datetime.date(year, 12, 31)),
            "settings": ["community", "family"],
            "townships": ["chengguan"],
            "groups": ["elderly", "disabled"],
            "body": _body(
                "冬季取暖用火用电增多，老人独自在家更要注意。人走火灭，不要卧床吸烟。",
                "社区为独居老人免费安装独立式烟感报警器，并教会家属使用手机查看报警。",
            ),
        },
        {
            "slug": "school-evacuation",
            "title": "校园疏散演练月",
            "slogan": "演练常态化，逃生有办法",
            "intro": "全县中小学每学期组织一次疏散演练，学会低姿弯腰、有序撤离。",
            "dates": (datetime.date(year, 9, 1), datetime.date(year, 9, 30)),
            "settings": ["school"],
            "townships": [],
            "groups": ["children"],
            "body": _body(
                "听到警报后，学生在老师带领下用湿毛巾捂住口鼻，沿疏散指示标志有序撤离到操场。",
                "演练后班主任讲评，发现楼梯口拥挤等问题及时改进。",
                qa=[("为什么不能乘电梯？", "火灾时电梯可能断电停运，井道还会变成烟囱，非常危险。")],
            ),
        },
        {
            "slug": "family-check",
            "title": "家庭消防安全大排查",
            "slogan": "一户一查，隐患清零",
            "intro": "郇封镇、周庄镇开展入户宣传，教家庭成员检查电线、燃气和灭火器。",
            "dates": (datetime.date(year, 10, 1), datetime.date(year, 10, 31)),
            "settings": ["family"],
            "townships": ["xunfeng", "zhouzhuang"],
            "groups": ["elderly", "children"],
            "body": _body(
                "家庭常备灭火器、灭火毯，会用“提、拔、握、压”四步法。",
                "定期检查电线是否老化，燃气软管是否龟裂，出门前关闭燃气阀门。",
            ),
        },
        {
            "slug": "yuntaishan-119",
            "title": "119消防宣传月：云台山景区消防安全",
            "slogan": "景区游玩，安全同行",
            "intro": "119消防宣传月期间，走进云台山景区和周边宾馆、农家乐，向游客和从业人员宣传消防安全。",
            "dates": (datetime.date(year, 11, 1), datetime.date(year, 11, 30)),
            "settings": ["enterprise", "community"],
            "townships": ["yuntaishan"],
            "groups": ["migrant"],
            "body": _body(
                "景区宾馆、农家乐属于人员密集场所，要向游客做好消防安全“三提示”。",
                "山林防火期严禁野外用火，发现火情立即拨打119。",
            ),
        },
    ]


def news_spec(year):
    return [
        (
            "chengguan-drill",
            "城关一小举行秋季学期疏散演练",
            "chengguan",
            "school",
            datetime.date(year, 9, 20),
            "全校师生 1200 余人在 3 分钟内全部撤离到操场。",
        ),
        (
            "yuntaishan-training",
            "云台山景区开展从业人员消防培训",
            "yuntaishan",
            "enterprise",
            datetime.date(year, 11, 9),
            "景区宾馆、餐饮从业人员学习灭火器使用和游客疏散引导。",
        ),
        (
            "wangtun-ebike",
            "王屯乡排查电动自行车充电隐患",
            "wangtun",
            "rural",
            datetime.date(year, 5, 16),
            "乡村干部和消防员入户检查，劝导拆除“飞线充电”12 处。",
        ),
        (
            "kaifaqu-drill",
            "开发区企业举行消防应急演练",
            "kaifaqu",
            "enterprise",
            datetime.date(year, 6, 12),
            "企业微型消防站 3 分钟到场处置，员工有序疏散。",
        ),
    ]


def resources_spec(year):
    return [
        (
            "ebike-poster",
            "电动自行车安全充电海报",
            "poster",
            ["rural", "community", "family"],
            ["elderly", "left_behind"],
            "张贴在村委会、小区车棚和充电点。",
        ),
        (
            "elderly-leaflet",
            "老年人居家防火宣传单",
            "leaflet",
            ["community", "family"],
            ["elderly"],
            "大字版，适合入户发放给老年人。",
        ),
        (
            "evacuation-lesson",
            "校园疏散演练课件",
            "lesson",
            ["school"],
            ["children"],
            "一课时的疏散演练讲解课件，含演练流程和评价表。",
        ),
        (
            "three-in-one-poster",
            "三合一场所整治宣传海报",
            "poster",
            ["enterprise"],
            ["migrant"],
            "适合张贴在小作坊、小商铺门口。",
        ),
    ]


def _picture(title, colour, size=(1200, 675)):
    image = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    if CJK_FONT.exists():
        font = ImageFont.truetype(str(CJK_FONT), 64, index=2)
        draw.text((60, size[1] // 2 - 40), title[:16], fill="white", font=font)
        small = ImageFont.truetype(str(CJK_FONT), 36, index=2)
        draw.text((60, size[1] - 100), "修武县消防救援大队", fill="white", font=small)
    return image


def _image(title, index):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    _picture(title, COLOURS[index % len(COLOURS)]).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{index}.png"))


def _document(title, slug, index):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    _picture(title, COLOURS[index % len(COLOURS)], size=(1240, 1754)).save(buffer, "PDF")
    upload = SimpleUploadedFile(f"{slug}.pdf", buffer.getvalue(), content_type="application/pdf")
    return Document.objects.create(title=title, file=upload)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load(stdout):
    year = timezone.localdate().year
    with transaction.atomic():
        OutreachSetting.ensure_all()
        SpecialGroup.ensure_all()
        home = HomePage.objects.get()
        sections = {}
        for model, slug, title, intro in SECTIONS:
            section = model.objects.first()
            if section is None:
                section = _publish(home, model(title=title, slug=slug, intro=intro, show_in_menus=True))
            sections[model] = section
        settings = {s.code: s for s in OutreachSetting.objects.all()}
        groups = {g.code: g for g in SpecialGroup.objects.all()}
        townships = {t.code: t for t in Township.objects.all()}

        campaign_index = sections[CampaignIndexPage]
        for i, spec in enumerate(campaigns_spec(year)):
            if CampaignPage.objects.filter(slug=spec["slug"]).exists():
                continue
            page = CampaignPage(
                title=spec["title"],
                slug=spec["slug"],
                slogan=spec["slogan"],
                intro=spec["intro"],
                start_date=spec["dates"][0],
                end_date=spec["dates"][1],
                hero_image=_image(spec["title"], i),
                body=spec["body"],
            )
            page.outreach_settings = [settings[c] for c in spec["settings"]]
            page.townships = [townships[c] for c in spec["townships"] if c in townships]
            page.groups = [groups[c] for c in spec["groups"]]
            _publish(campaign_index, page)

        news_index = sections[NewsIndexPage]
        for i, (slug, title, township, setting, date, text) in enumerate(news_spec(year)):
            if NewsPage.objects.filter(slug=slug).exists():
                continue
            page = NewsPage(
                title=title,
                slug=slug,
                intro=text,
                date=date,
                township=townships.get(township),
                outreach_setting=settings[setting],
                body=[
                    (
                        "paragraph",
                        f"<p>{text}</p><p>活动中，消防员讲解了火场逃生自救常识，现场演示了灭火器的使用方法。</p>",
                    )
                ],
            )
            page.photos = [NewsPhoto(image=_image(title, i + 3), caption=title)]
            _publish(news_index, page)

        resource_index = sections[ResourceIndexPage]
        for i, (slug, title, kind, setting_codes, group_codes, text) in enumerate(resources_spec(year)):
            if ResourcePage.objects.filter(slug=slug).exists():
                continue
            page = ResourcePage(
                title=title,
                slug=slug,
                kind=kind,
                intro=text,
                date=datetime.date(year, 3 + i, 1),
                file=_document(title, slug, i),
                cover=_image(title, i + 1),
            )
            page.outreach_settings = [settings[c] for c in setting_codes]
            page.groups = [groups[c] for c in group_codes]
            _publish(resource_index, page)

        site = Site.objects.get(is_default_site=True)
        month = PublicityMonthSettings.for_site(site)
        if not month.theme:
            month.year = year
            month.theme = "全民消防 生命至上"
            month.slogan = "关注消防，珍爱生命，共享平安"
            month.campaign = CampaignPage.objects.filter(slug="yuntaishan-119").first()
            month.save()

    stdout.write(
        f"  五进宣传：{CampaignPage.objects.count()} 个宣传活动，{NewsPage.objects.count()} 条新闻，"
        f"{ResourcePage.objects.count()} 个宣传资源，119宣传月主题“{month.theme}”"
    )
