"""Demo content of the campaigns app: the three sections, one campaign per 五进 setting,
news of activities held and a few downloadable resources. Idempotent."""

import datetime
import io

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
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
from outreach import demo_art
from outreach.models import HomePage, Township

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
    """(slug, title, township, setting, date, lead, body paragraphs)."""
    return [
        (
            "chengguan-drill",
            "城关一小举行秋季学期疏散演练",
            "chengguan",
            "school",
            datetime.date(year, 9, 20),
            "全校师生 1200 余人在 3 分钟内全部撤离到操场。",
            [
                "上午 10 点，随着警报声响起，各班老师立即组织学生用湿毛巾捂住口鼻、弯腰低姿，"
                "沿着疏散指示标志从东西两个楼梯有序下楼。",
                "城关消防救援站的指战员全程观摩，并对演练进行点评：二楼东侧楼梯口一度拥堵，"
                "建议下次演练由两个班错峰下楼，并在楼梯转角安排老师引导。",
                "演练结束后，消防员在操场上为四年级学生演示了干粉灭火器的使用方法，"
                "十余名学生在指导下亲手扑灭了油盆火。",
            ],
        ),
        (
            "yuntaishan-training",
            "云台山景区开展从业人员消防培训",
            "yuntaishan",
            "enterprise",
            datetime.date(year, 11, 9),
            "景区宾馆、餐饮从业人员学习灭火器使用和游客疏散引导。",
            [
                "119 消防宣传月期间，云台山镇联合消防救援大队，在景区游客服务中心为 86 名宾馆、"
                "餐饮和景区管理从业人员举办消防安全培训。",
                "培训围绕旅游旺季人员密集场所的火灾风险，讲解了厨房油锅起火、电气线路老化等典型隐患，"
                "以及发生火情时如何引导不熟悉环境的游客从最近的安全出口撤离。",
                "课后每位学员都完成了灭火器实操考核，景区各经营户也领取了“三提示”宣传海报。",
            ],
        ),
        (
            "wangtun-ebike",
            "王屯乡排查电动自行车充电隐患",
            "wangtun",
            "rural",
            datetime.date(year, 5, 16),
            "乡村干部和消防员入户检查，劝导拆除“飞线充电”12 处。",
            [
                "针对农村地区电动自行车数量多、楼道和屋内充电现象普遍的问题，王屯乡组织村干部、"
                "网格员和消防员走村入户开展专项排查。",
                "排查中发现从窗户拉线到院内充电的“飞线充电”12 处、在堂屋内过夜充电 9 户，"
                "工作人员当场讲解危害，帮助村民改到院内空旷处充电，并提醒充满即断电。",
                "乡里还计划在各村委会门前设置集中充电点，年底前覆盖全乡 14 个行政村。",
            ],
        ),
        (
            "kaifaqu-drill",
            "开发区企业举行消防应急演练",
            "kaifaqu",
            "enterprise",
            datetime.date(year, 6, 12),
            "企业微型消防站 3 分钟到场处置，员工有序疏散。",
            [
                "演练模拟车间包装区起火。值班员发现烟雾后立即报警，企业微型消防站队员 3 分钟内"
                "携带灭火器和水带到场处置。",
                "车间 230 名员工在各班组长带领下，沿两条疏散通道撤离到厂区东侧集合点，清点人数用时 4 分 20 秒。",
                "消防救援大队参谋在点评时提醒：包装区纸箱堆放过高，遮挡了一处消火栓，要立即整改。",
            ],
        ),
    ]


def resources_spec(year):
    """(slug, title, kind, settings, groups, summary, leaflet sections)."""
    return [
        (
            "ebike-poster",
            "电动自行车安全充电海报",
            "poster",
            ["rural", "community", "family"],
            ["elderly", "left_behind"],
            "张贴在村委会、小区车棚和充电点。",
            [
                (
                    "一、不要在这些地方充电",
                    [
                        "楼道、门厅、楼梯间和安全出口。",
                        "卧室、堂屋等住人的房间里。",
                        "从窗户或楼上拉“飞线”到地面充电。",
                    ],
                ),
                (
                    "二、安全充电的做法",
                    [
                        "到集中充电点或院内空旷处充电。",
                        "使用原厂充电器，充满即断电，不要整夜充电。",
                        "电池鼓包、发热、有异味时立即停止使用。",
                    ],
                ),
                (
                    "三、起火了怎么办",
                    ["立即断电，远离起火车辆，拨打119。", "电池起火蔓延很快，烟气有毒，不要贪恋财物。"],
                ),
            ],
        ),
        (
            "elderly-leaflet",
            "老年人居家防火宣传单",
            "leaflet",
            ["community", "family"],
            ["elderly"],
            "大字版，适合入户发放给老年人。",
            [
                (
                    "一、用火要当心",
                    [
                        "做饭时人不离开厨房，离开前关火。",
                        "不要躺在床上吸烟，烟头要掐灭。",
                        "祭祀、烧香时远离窗帘、被褥等易燃物。",
                    ],
                ),
                (
                    "二、用电要规范",
                    ["电热毯、取暖器不要长时间通电，睡前断电。", "不要私拉乱接电线，插座不要串接。"],
                ),
                (
                    "三、装一个烟感报警器",
                    [
                        "卧室、客厅装上独立式烟感报警器，每月按一下测试键。",
                        "听到报警声，先喊人、再报警，低姿弯腰往外走。",
                    ],
                ),
                (
                    "四、记住两个电话",
                    ["发生火灾拨打 119，说清村名、门牌号和着火的东西。", "发现火灾隐患拨打 96119 举报。"],
                ),
            ],
        ),
        (
            "evacuation-lesson",
            "校园疏散演练课件",
            "lesson",
            ["school"],
            ["children"],
            "一课时的疏散演练讲解课件，含演练流程和评价表。",
            [
                (
                    "教学目标",
                    [
                        "学生知道本班的疏散路线和集合点。",
                        "会用湿毛巾捂住口鼻、弯腰低姿撤离。",
                        "知道不乘电梯、不拥挤、不返回。",
                    ],
                ),
                (
                    "演练流程",
                    [
                        "发出警报 → 老师开门察看 → 学生按座位顺序出门 → 沿指定楼梯下楼 → 到操场集合点 → 班主任清点人数并报告。"
                    ],
                ),
                (
                    "评价表",
                    ["撤离用时（目标 2 分钟以内）；楼梯口是否拥堵；是否有学生返回教室；集合点清点是否准确。"],
                ),
            ],
        ),
        (
            "three-in-one-poster",
            "三合一场所整治宣传海报",
            "poster",
            ["enterprise"],
            ["migrant"],
            "适合张贴在小作坊、小商铺门口。",
            [
                (
                    "什么是“三合一”场所",
                    [
                        "住宿与生产、仓储、经营中的一种或几种，在同一空间里混合设置的场所，例如楼下开店、楼上住人的小作坊。"
                    ],
                ),
                (
                    "必须做到",
                    [
                        "住人部分与经营部分用实体墙完全分隔，有独立的疏散通道。",
                        "不在经营区域内住人，员工宿舍另行安排。",
                        "配备灭火器和应急照明，窗户不安装影响逃生的防盗网。",
                    ],
                ),
                ("举报与咨询", ["发现“三合一”隐患请拨打 96119。"]),
            ],
        ),
    ]


def _image(title, index):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = demo_art.image_bytes(title)
    return Image.objects.create(title=title, file=ImageFile(io.BytesIO(data), name=f"demo-{index}.png"))


def _photo(title, index):
    Image = get_image_model()
    caption = f"{title}（现场）"
    existing = Image.objects.filter(title=caption).first()
    if existing:
        return existing
    data = demo_art.photo_bytes(title, seed=index)
    return Image.objects.create(title=caption, file=ImageFile(io.BytesIO(data), name=f"news-{index}.jpg"))


def _document(title, slug, summary, sections):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    pdf = demo_art.leaflet_pdf(title, sections, intro=summary)
    upload = SimpleUploadedFile(f"{slug}.pdf", pdf, content_type="application/pdf")
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
        for i, (slug, title, township, setting, date, text, paragraphs) in enumerate(news_spec(year)):
            if NewsPage.objects.filter(slug=slug).exists():
                continue
            page = NewsPage(
                title=title,
                slug=slug,
                intro=text,
                date=date,
                township=townships.get(township),
                outreach_setting=settings[setting],
                body=[("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))],
            )
            page.photos = [NewsPhoto(image=_photo(title, i), caption=title)]
            _publish(news_index, page)

        resource_index = sections[ResourceIndexPage]
        for i, (slug, title, kind, setting_codes, group_codes, text, sections) in enumerate(
            resources_spec(year)
        ):
            if ResourcePage.objects.filter(slug=slug).exists():
                continue
            page = ResourcePage(
                title=title,
                slug=slug,
                kind=kind,
                intro=text,
                date=datetime.date(year, 3 + i, 1),
                file=_document(title, slug, text, sections),
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
