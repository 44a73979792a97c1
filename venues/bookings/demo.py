"""Demo of the science-education base: its page with halls and programmes, the 2026 and 2027
holiday calendars, eight weeks of slots, bookings in every state, a waiting list and one
called-off slot.

Idempotent: the calendar and the page are looked up, slots that exist are skipped, and
bookings are made only when there are none yet.
"""

import secrets
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import School
from outreach.models import HomePage, Township

from . import services
from .models import BaseIndexPage, Booking, CalendarDay, Hall, OrgKind, PatternRow, Programme, Slot, Status

H, W = CalendarDay.HOLIDAY, CalendarDay.WORKDAY


def _span(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号).
CALENDAR_2026 = [
    ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
    ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),
]
# The 2027 notice is not out yet: a plausible arrangement, marked as demo data in the admin.
CALENDAR_2027 = [
    ("元旦", date(2027, 1, 1), date(2027, 1, 3), []),
    ("春节", date(2027, 2, 5), date(2027, 2, 13), [date(2027, 1, 31), date(2027, 2, 20)]),
    ("清明节", date(2027, 4, 3), date(2027, 4, 5), []),
    ("劳动节", date(2027, 5, 1), date(2027, 5, 5), [date(2027, 4, 25)]),
    ("端午节", date(2027, 6, 9), date(2027, 6, 11), [date(2027, 6, 12)]),
    ("中秋节", date(2027, 9, 15), date(2027, 9, 17), [date(2027, 9, 18)]),
    ("国庆节", date(2027, 10, 1), date(2027, 10, 7), [date(2027, 9, 26), date(2027, 10, 9)]),
]
NOTES = {2026: "国办发明电〔2025〕7号", 2027: "演示数据：2027年安排以国务院办公厅通知为准，发布后请核对修改"}

HALLS = [
    ("火灾成因与预防展厅", "用实物和案例讲电气火灾、电动自行车火灾、燃气泄漏等常见火灾的成因。"),
    ("烟雾逃生体验室", "在无毒模拟烟雾中弯腰低姿、沿墙壁找到安全出口，体会浓烟里的几十秒。"),
    ("灭火器实操区", "在讲解员指导下用真灭火器扑灭模拟油盆火，学会“提、拔、握、压”。"),
    ("地震与应急避险体验区", "地震平台模拟震感，练习“伏地、遮挡、手抓牢”。"),
    ("119接警调度体验区", "学习怎样拨打119：讲清地址、起火物、有无被困人员。"),
]
PROGRAMMES = [
    ("基础参观（适合小学生）", 60, "火灾预防展厅、烟雾逃生、119报警体验。"),
    ("综合体验（适合中学生和成人）", 90, "全部展厅，含灭火器实操。"),
    ("企业员工消防培训", 120, "参观加初起火灾扑救、疏散引导员训练。"),
]
RULES_HTML = (
    "<ul><li>参观免费，须提前预约，每团20至50人。</li>"
    "<li>请提前10分钟到达，按预约人数入场，由讲解员带领参观。</li>"
    "<li>每15名未成年人至少1名成人带队，带队老师全程陪同。</li>"
    "<li>馆内禁止吸烟、禁止携带易燃易爆物品，请勿随意触碰消防设施。</li>"
    "<li>遇消防站出警或展厅维护，场次可能临时取消，我们会短信通知并优先为您改约。</li></ul>"
)

TIMES = [time(9, 0), time(10, 30), time(14, 30), time(16, 0)]

GROUPS = [
    (OrgKind.ENTERPRISE, "修武县鑫源机械制造有限公司", "zhouzhuang", "adults", 35, 35),
    (OrgKind.COMMUNITY, "城关镇东关社区居委会", "chengguan", "elderly", 28, 28),
    (OrgKind.VILLAGE, "五里源乡松林村村委会", "wuliyuan", "mixed", 30, 12),
    (OrgKind.OTHER, "云台山景区管理局", "yuntaishan", "adults", 40, 40),
    (OrgKind.ENTERPRISE, "郇封镇纺织厂", "xunfeng", "adults", 45, 45),
    (OrgKind.COMMUNITY, "七贤镇幸福里社区", "qixian", "mixed", 25, 10),
]
CONTACTS = ["王建国", "李秀梅", "张海涛", "刘芳", "陈志强", "赵丽娟", "孙磊", "周敏"]


def load(stdout):
    with transaction.atomic():
        days = load_calendar()
        page = load_page()
    slots = load_slots()
    made = load_bookings() if not Booking.objects.exists() else 0
    stdout.write(
        f"  科普基地：节假日与调休 {days} 天，{'基地页面' if page else '无首页，未建基地页面'}，"
        f"{len(slots)} 个新场次，{made} 条预约"
    )


def load_calendar():
    for year, plan in ((2026, CALENDAR_2026), (2027, CALENDAR_2027)):
        for name, first, last, workdays in plan:
            for day in _span(first, last):
                CalendarDay.objects.get_or_create(
                    date=day, defaults={"kind": H, "name": name, "note": NOTES[year]}
                )
            for day in workdays:
                CalendarDay.objects.get_or_create(
                    date=day, defaults={"kind": W, "name": f"{name}调休上班", "note": NOTES[year]}
                )
    return CalendarDay.objects.count()


def load_page():
    page = BaseIndexPage.objects.first()
    if page:
        return page
    home = HomePage.objects.first()
    if home is None:
        return None
    page = BaseIndexPage(
        title="应急消防科普教育基地",
        slug="base",
        intro="修武县消防救援大队建设的应急消防科普教育基地，免费接待学校、企业、社区和村组织的团体参观。",
        address="修武县城关镇建设路消防救援站院内",
        directions="乘县城1路、3路公交车到“消防救援站”下车，向北步行100米；自驾可停在站外停车场，请勿占用消防车通道。",
        opening="周二至周五 9:00–17:30（节假日、周一闭馆）",
        visiting_rules=RULES_HTML,
        what_to_bring="学生请穿便于活动的运动鞋，带饮用水；带队老师带好学生名单和预约码（短信或本页二维码）。雨天请带雨具。",
        contact_name="基地讲解员 杨老师",
        contact_phone="0391-7123119",
        show_in_menus=True,
    )
    for order, (name, text) in enumerate(HALLS):
        page.halls.add(Hall(name=name, description=text, sort_order=order))
    for order, (name, minutes, text) in enumerate(PROGRAMMES):
        page.programmes.add(Programme(name=name, minutes=minutes, description=text, sort_order=order))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


PATTERN_DAYS = [1, 2, 3, 4]  # Tuesday to Friday, as the page's opening hours say
PATTERN_MINUTES, PATTERN_PLACES = 90, 60


def load_pattern():
    """The base's stored weekly pattern: the times its demo slots were made at."""
    if not PatternRow.objects.exists():
        PatternRow.objects.bulk_create(
            PatternRow(weekday=day, start=at, minutes=PATTERN_MINUTES, places=PATTERN_PLACES)
            for day in PATTERN_DAYS
            for at in TIMES
        )


def load_slots():
    """Eight weeks of Tuesday–Friday slots from the stored pattern: two weeks past, six
    ahead (the pattern's own generation only looks forward)."""
    load_pattern()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return services.generate_slots(
        monday - timedelta(weeks=2),
        monday + timedelta(weeks=6, days=-1),
        PATTERN_DAYS,
        TIMES,
        PATTERN_PLACES,
        PATTERN_MINUTES,
    )


def _data(kind, name, township, band, visitors, adults, n, school=None):
    # Pupils take the 60-minute programme, companies and offices the 120-minute training,
    # everyone else the 90-minute one.
    programmes = list(Programme.objects.order_by("sort_order"))
    if band in ("pupils", "children"):
        choice = 0
    elif kind in (OrgKind.ENTERPRISE, OrgKind.OTHER):
        choice = 2
    else:
        choice = 1
    programme = programmes[choice] if len(programmes) > choice else None
    return {
        "programme": programme,
        "org_kind": kind,
        "org_name": school.name if school else name,
        "school": school,
        "township": school.township if school else township,
        "contact_name": CONTACTS[n % len(CONTACTS)],
        "mobile": f"139{37110000 + n:08d}",
        "email": "",
        "visitors": visitors,
        "adults": adults,
        "age_band": band,
        "accessibility": "一名学生使用轮椅" if n % 7 == 3 else "",
    }


def _book(slot, data, *, wait=False, at=None):
    booking, _ = services.book(slot.pk, data, secrets.token_urlsafe(12), wait=wait, now=at)
    return booking


def load_bookings():
    now = timezone.now()
    townships = {t.code: t for t in Township.objects.all()}
    schools = list(School.objects.filter(is_active=True).select_related("township")[:12])
    slots = list(Slot.objects.filter(called_off_at__isnull=True).order_by("start"))
    past = [s for s in slots if s.start < now - timedelta(hours=2)]
    future = [s for s in slots if s.start > now + timedelta(days=7)]
    made = []

    def group(n, size=None):
        if schools and n % 2 == 0:
            school = schools[(n // 2) % len(schools)]
            data = _data(OrgKind.SCHOOL, "", None, "pupils", 40, 3, n, school)
        else:
            kind, name, code, band, visitors, adults = GROUPS[n % len(GROUPS)]
            data = _data(kind, name, townships.get(code), band, visitors, adults, n)
        if size:  # a fixed size where the waiting list depends on it
            data.update(visitors=size, adults=max(size // 15 + 1, data["adults"] * size // data["visitors"]))
        return data

    # Past visits: checked in (school visits credited to the school), one no-show.
    for n, slot in enumerate(past[::3][:10]):
        booking = _book(slot, group(n), at=slot.start - timedelta(days=10))
        services.approve(booking.pk)
        if n == 4:
            services.mark_no_shows(now=slot.start + timedelta(minutes=31))
        else:
            note = "两名学生身体不适未来" if n % 3 == 2 else ""
            services.check_in(
                booking.pk, booking.visitors - n % 3, now=slot.start - timedelta(minutes=5), note=note
            )
        made.append(booking)
    # Coming visits: pending (one waiting long), approved, refused, cancelled.
    for n, slot in enumerate(future[1::2][:12], start=20):
        booking = _book(slot, group(n))
        if n % 4 == 1:
            services.approve(booking.pk)
        elif n == 26:
            services.refuse(booking.pk, "该场次已安排县直机关集中培训，请改约其他时间。")
        elif n == 27:
            services.cancel(booking.pk)
        made.append(booking)
    if future:
        Booking.objects.filter(status=Status.PENDING).order_by("created_at").filter(
            pk__in=[b.pk for b in made[:14]]
        ).update(created_at=now - timedelta(days=5))
    # A full slot with a waiting list: one offer open, two groups still waiting.
    if len(future) > 6:
        full = future[4]
        first = _book(full, group(41, 25))
        second = _book(full, group(43, 28))
        services.approve(first.pk)
        # 7 places left: all three wait; when the 28 leave, the 25 behind the 40 fit.
        waiting = [_book(full, group(n, size), wait=True) for n, size in ((45, 40), (47, 25), (48, 40))]
        services.cancel(second.pk)  # frees places: the first waiting group that fits is offered
        made += [first, second, *waiting]
    # One called-off slot: the station was called out.
    if len(future) > 8:
        called = future[6]
        groups = [_book(called, group(n, size)) for n, size in ((47, 25), (50, 30))]
        services.call_off(called.pk, "消防救援站出警，讲解员随队出动")
        made += groups
    # A group that declined its offer, and one whose offer ran out.
    if len(future) > 10:
        for index, ending in ((8, "decline"), (10, "expire")):
            slot = future[index]
            holder = _book(slot, group(60 + index, 45))
            late = _book(slot, group(65, 25), wait=True)  # does not fit beside the 45
            services.cancel(holder.pk)
            if ending == "decline":
                services.decline_offer(late.pk)
            else:
                from outreach.models import Claim

                Claim.objects.filter(pk=late.claim_id).update(offer_expires_at=now - timedelta(minutes=1))
                services.expire_offers()
            made += [holder, late]
    made += load_staff_work(future)
    return len(made)


def load_staff_work(future):
    """What the staff did by hand: a group that phoned (entered with the reason), a
    headcount changed for a group, a Saturday open day added as a one-off slot."""
    from django.contrib.auth import get_user_model

    from outreach import roles
    from outreach.access import holders

    made = []
    staff = holders(roles.BASE_STAFF).first() or get_user_model().objects.filter(is_superuser=True).first()
    if len(future) > 14:
        phoned = services.book_on_behalf(
            future[13].pk,
            _data(
                OrgKind.VILLAGE,
                "西村乡西村村委会",
                Township.objects.filter(code="xicun").first(),
                "elderly",
                26,
                26,
                71,
            ),
            "村支书电话预约，老人不会用手机填表",
            staff,
        )
        made.append(phoned)
        services.change(phoned.pk, staff, "村委会来电：多来4位老人", visitors=30, adults=30)
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 + 14)
    start = timezone.make_aware(timezone.datetime.combine(saturday, time(9, 30)))
    if not Slot.objects.filter(start=start).exists():
        services.add_one_off_slot(start, 80, 120, "“119消防宣传月”周末开放日", staff)
    return made
