"""Demo volunteers: the county team and three township teams with their leaders and
contact phones, thirty volunteers (most insured), the rules, the 119 month's events with full shifts
and waiting lists, past events with confirmed hours and a certificate. Idempotent."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from outreach.demo import DEMO_PASSWORD
from outreach.models import Township

from . import qualifications, services
from .models import Certificate, Event, Signup, Skill, Team, Training, Volunteer, VolunteerRules

SKILLS = ["讲解宣传", "摄影摄像", "驾驶", "应急救护", "手语", "新媒体运营"]
TRAININGS = [("消防安全志愿者培训", 24), ("应急救护员证", 36)]
NAMES = [
    "张志强",
    "王秀英",
    "李建国",
    "刘丽娟",
    "陈晓东",
    "杨淑芬",
    "赵文博",
    "黄海燕",
    "周建华",
    "吴晓梅",
    "徐国庆",
    "孙丽萍",
    "马俊杰",
    "朱红霞",
    "胡志刚",
    "郭春梅",
    "何永刚",
    "高雅琴",
    "林志明",
    "罗桂兰",
    "郑宏伟",
    "梁晓燕",
    "宋佳琪",
    "谢明辉",
    "韩雪",
    "唐振华",
    "冯玉兰",
    "董浩然",
    "程思雨",
    "曹立新",
]
# Township teams (code, name, contact phone); the other townships' volunteers serve in the
# county team.
TOWN_TEAMS = [
    ("chengguan", "城关镇消防志愿服务队", "0391-7161119"),
    ("qixian", "七贤镇消防志愿服务队", "0391-7381119"),
    ("yuntaishan", "云台山镇景区消防志愿服务队", "0391-7171119"),
]
# The demo volunteer who can sign in: mobile 13900000119, password as the other demo accounts.
DEMO_MOBILE = "13900000119"


def load(stdout):
    if Event.objects.filter(title__startswith="119消防宣传月").exists():
        stdout.write(f"  志愿服务：已有 {Volunteer.objects.count()} 名志愿者，{Event.objects.count()} 个活动")
        return
    with transaction.atomic():
        skills = [
            Skill.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
            for i, name in enumerate(SKILLS)
        ]
        trainings = [
            Training.objects.get_or_create(name=n, defaults={"valid_months": m})[0] for n, m in TRAININGS
        ]
        townships = {t.code: t for t in Township.objects.all()}
        chengguan = townships.get("chengguan")
        VolunteerRules.current()  # the rules row, with the defaults the admin shows
        county_team, _ = Team.objects.get_or_create(
            name="修武县消防志愿服务队", defaults={"contact_phone": "0391-7122119"}
        )
        teams = {}
        for code, name, phone in TOWN_TEAMS:
            if code in townships:
                teams[code] = Team.objects.get_or_create(
                    name=name, defaults={"township": townships[code], "contact_phone": phone}
                )[0]
        volunteers = _volunteers(skills, trainings, townships, county_team, teams)
        # Each team's leader is one of its members; the demo volunteer who can sign in
        # leads the county team, so the team leader's screen has someone to show it to.
        for team in [county_team, *teams.values()]:
            members = [v for v in volunteers if v.team_id == team.pk]
            leader = volunteers[2] if team == county_team else (members[0] if members else None)
            if leader is not None:
                team.leaders.add(leader)
    _events(volunteers, trainings, chengguan)
    _past(volunteers)
    stdout.write(
        f"  志愿服务：{Volunteer.objects.count()} 名志愿者，{Team.objects.count()} 支队伍，"
        f"{Event.objects.count()} 个活动，{Certificate.objects.count()} 份证明"
        f"（志愿者演示账号 {DEMO_MOBILE}）"
    )


def _volunteers(skills, trainings, townships, county_team, teams):
    codes = list(townships)
    volunteers = []
    for i, name in enumerate(NAMES):
        mobile = DEMO_MOBILE if i == 2 else f"1390000{i:04d}"
        volunteer = Volunteer.objects.filter(mobile=mobile).first()
        if volunteer is None:
            volunteer = services.register(
                name=name,
                mobile=mobile,
                password=DEMO_PASSWORD,
                township=townships[codes[i % len(codes)]] if codes else None,
                birth_date=date(1965 + (i * 7) % 40, 1 + i % 12, 1 + i % 27),
                skills=[skills[i % len(skills)], skills[(i * 5 + 1) % len(skills)]],
                email=f"volunteer{i}@example.com",
                emergency_name=name[0] + "家属",
                emergency_phone=f"1380000{i:04d}",
            )
            code = codes[i % len(codes)] if codes else None
            volunteer.team = teams.get(code, county_team)
            # Most hold the team's accident insurance; a few newcomers do not yet.
            volunteer.has_insurance = i % 4 != 3
            volunteer.save(update_fields=["team", "has_insurance"])
            if i % 2 == 0:  # the county's own training, recorded by the platform: verified
                today = timezone.localdate()
                obtained = today - timedelta(days=300)
                if i == 4:  # runs out in 20 days, for the expiry warning
                    obtained = qualifications.add_months(
                        today + timedelta(days=20), -trainings[0].valid_months
                    )
                qualifications.record(volunteer, trainings[0], obtained)
            elif i == 5:  # declared by the volunteer, waiting for an organiser's review
                qualifications.submit(volunteer, trainings[-1], timezone.localdate() - timedelta(days=60))
        volunteers.append(volunteer)
    return volunteers


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _events(volunteers, trainings, chengguan):
    from campaigns.models import CampaignPage, OutreachSetting

    campaign = CampaignPage.objects.filter(slug="yuntaishan-119").first()
    community = OutreachSetting.objects.filter(code="community").first()
    today = timezone.localdate()
    square = Event.objects.create(
        title="119消防宣传月·人民广场消防宣传咨询日",
        campaign=campaign,
        outreach_setting=community,
        place="修武县人民广场",
        description="设置咨询台、灭火器实操体验区和消防车展示，向市民发放宣传资料。",
        contact="宣传科 0391-7122119",
    )
    desk = services.create_shift(
        square,
        title="咨询台讲解",
        places=6,
        starts_at=_at(today + timedelta(days=2), 9),
        ends_at=_at(today + timedelta(days=2), 12),
        signup_deadline=_at(today + timedelta(days=1), 18),
        required_training=trainings[0],
    )
    drill = services.create_shift(
        square,
        title="灭火器体验区引导",
        places=4,
        starts_at=_at(today + timedelta(days=2), 13),
        ends_at=_at(today + timedelta(days=2), 17),
        signup_deadline=_at(today + timedelta(days=1), 18),
        min_age=18,
    )
    leaflets = services.create_shift(
        square,
        title="宣传资料发放",
        places=10,
        starts_at=_at(today + timedelta(days=3), 9),
        ends_at=_at(today + timedelta(days=3), 11),
        signup_deadline=_at(today + timedelta(days=2), 18),
        min_age=16,
    )
    village = Event.objects.create(
        title="119消防宣传月·城关镇入户安全检查",
        campaign=campaign,
        outreach_setting=OutreachSetting.objects.filter(code="family").first(),
        township=chengguan,
        place="城关镇各社区",
        description="随社区网格员入户，帮助独居老人检查电线、燃气和电动自行车充电。",
        contact="城关镇 张干事",
    )
    visits = services.create_shift(
        village,
        title="入户检查小组",
        places=3,
        starts_at=_at(today + timedelta(days=5), 14),
        ends_at=_at(today + timedelta(days=5), 17),
        signup_deadline=_at(today + timedelta(days=4), 20),
        method="approval",
        insurance_required=True,
    )
    # Fill the shifts: instant ones full with a waiting list.
    eligible = [v for v in volunteers if v.qualifications.verified().exists()]
    for volunteer in eligible[:9]:
        services.sign_up(volunteer, desk, wait=True)
    others = [v for v in volunteers if v.pk not in {e.pk for e in eligible[:9]}]
    for volunteer in others[:6]:
        services.sign_up(volunteer, drill, wait=True)
    visitors = [v for v in others[6:] if v.has_insurance][:3]  # entering homes: insured only
    for volunteer in visitors:
        services.sign_up(volunteer, visits)
    for volunteer in [v for v in others[6:] if v not in visitors][:3]:
        services.sign_up(volunteer, leaflets)


def _past(volunteers):
    from django.contrib.auth import get_user_model as users

    editor = users().objects.filter(username="editor").first()
    for weeks, title, place in [
        (3, "119消防宣传月·云台山景区游客宣传", "云台山景区游客中心"),
        (6, "消防进校园·城关一小疏散演练保障", "城关一小"),
    ]:
        day = timezone.localdate() - timedelta(weeks=weeks)
        event = Event.objects.create(title=title, place=place)
        start = _at(day, 9)
        shift = services.create_shift(
            event,
            title="现场引导",
            places=8,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            signup_deadline=start - timedelta(hours=12),
        )
        for i, volunteer in enumerate(volunteers[:8]):
            signup = services.sign_up(volunteer, shift, now=start - timedelta(days=2))
            if i == 7:
                Signup.objects.filter(pk=signup.pk).update(state=Signup.NO_SHOW)
                continue
            services.check_in(shift, signup.code, now=start - timedelta(minutes=10))
            if i == 6:  # forgot to check out: waits for the organiser
                services.flag_missing_checkouts(now=start + timedelta(hours=5))
                continue
            services.check_out(shift, signup.code, now=start + timedelta(hours=2, minutes=30 + i * 5))
            services.confirm_hours(signup, editor)
    holder = volunteers[2]
    if not holder.has_id:
        services.set_identity(holder, Volunteer.ID_RESIDENT, _demo_id())
    services.issue_certificate(
        holder,
        editor,
        township_id=None,
        issuer="修武县消防救援大队",
        handler="宣传编辑 小王",
        person_in_charge="李主任",
        contact="0391-7122119",
    )


def _demo_id():
    """A made-up resident ID number with a correct check character."""
    from .identity import resident_check_char

    first = "41082119900101001"
    return first + resident_check_char(first)
