"""An organiser runs an event: copies, weekly repeats, a shift called off or deleted,
messages, the printed roster, walk-ins, undoing a check-in, corrected hours, the
volunteer's record and the team leader's screen, each with its permission boundary."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.volunteers import services
from campaigns.volunteers.models import Event, Shift, Signup, Team, Volunteer, VolunteerRules
from outreach import roles
from outreach.models import Notification
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def township():
    return TownshipFactory()


@pytest.fixture
def officer(township):
    return UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)


@pytest.fixture
def stranger():
    """An officer of another township: must be refused everything here."""
    return UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory())


@pytest.fixture
def event(township):
    return EventFactory(township=township)


def signed_up(shift, volunteer=None, *, wait=False):
    volunteer = volunteer or VolunteerFactory(township=shift.event.township)
    return services.sign_up(volunteer, shift, wait=wait, now=shift.starts_at - timedelta(days=1))


def running_shift(event, **fields):
    """A shift that started an hour ago and runs for three hours."""
    return make_shift(event, start_in=timedelta(hours=-1), hours=3, **fields)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- before the event ---------------------------------------------------------------------


def test_copy_a_shift_to_another_day_keeps_its_rules_and_places(client, home_page, officer, event):
    shift = make_shift(event, places=7, min_age=16, insurance_required=True)
    client.force_login(officer)
    new_start = shift.starts_at + timedelta(days=10)
    response = client.post(
        f"/volunteers/manage/shifts/{shift.pk}/copy/",
        {"starts_at": timezone.localtime(new_start).strftime("%Y-%m-%dT%H:%M")},
    )
    copy = Shift.objects.exclude(pk=shift.pk).get(event=event)
    assert response["Location"] == f"/volunteers/manage/events/{event.pk}/shifts/{copy.pk}/"
    assert copy.pool_id != shift.pool_id and copy.places == 7
    assert (copy.min_age, copy.insurance_required) == (16, True)
    assert copy.ends_at - copy.starts_at == shift.ends_at - shift.starts_at


def test_repeat_weekly_adds_one_shift_a_week_and_refuses_nonsense(client, home_page, officer, event):
    shift = make_shift(event)
    client.force_login(officer)
    client.post(f"/volunteers/manage/shifts/{shift.pk}/repeat/", {"weeks": "3"})
    starts = sorted(Shift.objects.filter(event=event).values_list("starts_at", flat=True))
    assert [s - shift.starts_at for s in starts] == [timedelta(weeks=w) for w in range(4)]
    for bad in ("0", "13", "三"):
        response = client.post(f"/volunteers/manage/shifts/{shift.pk}/repeat/", {"weeks": bad}, follow=True)
        assert messages_of(response), bad
    assert Shift.objects.filter(event=event).count() == 4


def test_copy_an_event_makes_a_draft_without_the_called_off_shifts(client, home_page, officer, event):
    kept = make_shift(event, title="咨询台")
    dropped = make_shift(event, title="取消的岗位")
    services.cancel_shift(dropped, officer)
    client.force_login(officer)
    response = client.post(f"/volunteers/manage/events/{event.pk}/copy/", {"days": "7"})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == f"/volunteers/manage/events/{copy.pk}/"
    assert copy.status == Event.DRAFT and copy.township == event.township
    assert [(s.title, s.starts_at) for s in copy.shifts.all()] == [
        ("咨询台", kept.starts_at + timedelta(days=7))
    ]


def test_cancelling_a_shift_tells_everyone_on_it_or_waiting(client, home_page, officer, event):
    shift = make_shift(event, places=1)
    on_it = signed_up(shift)
    waiting = signed_up(shift, wait=True)
    other = signed_up(make_shift(event))
    client.force_login(officer)
    response = client.post(
        f"/volunteers/manage/shifts/{shift.pk}/cancel/", {"reason": "大风预警"}, follow=True
    )
    assert "已通知 2 位" in " ".join(messages_of(response))
    for signup in (on_it, waiting):
        signup.refresh_from_db()
        assert signup.state == Signup.CALLED_OFF
        sms = Notification.objects.get(to=signup.volunteer.mobile, key__startswith="volunteers:shift-off")
        assert "大风预警" in sms.body
    other.refresh_from_db()
    assert other.state == Signup.ACTIVE
    shift.refresh_from_db()
    assert shift.is_cancelled
    entry = ModelLogEntry.objects.for_instance(shift).get(action="volunteers.shift.cancel")
    assert entry.user == officer and entry.data["reason"] == "大风预警"
    # Twice: a clear refusal, nobody told again.
    response = client.post(f"/volunteers/manage/shifts/{shift.pk}/cancel/", follow=True)
    assert "已经取消" in " ".join(messages_of(response))
    assert (
        Notification.objects.filter(key__startswith="volunteers:shift-off", channel=Notification.SMS).count()
        == 2
    )


def test_deleting_a_shift_tells_everyone_and_removes_it_but_not_one_with_service(
    client, home_page, officer, event
):
    shift = make_shift(event)
    signup = signed_up(shift)
    client.force_login(officer)
    client.post(f"/volunteers/manage/shifts/{shift.pk}/delete/", {"reason": "场地调整"})
    assert not Shift.objects.filter(pk=shift.pk).exists()
    assert Notification.objects.filter(
        to=signup.volunteer.mobile, key__startswith="volunteers:shift-deleted"
    ).exists()
    assert ModelLogEntry.objects.for_instance(event).filter(action="volunteers.shift.delete").exists()

    served = running_shift(event)
    served_signup = services.sign_in_on_the_spot(served, VolunteerFactory(township=event.township), officer)
    response = client.post(f"/volunteers/manage/shifts/{served.pk}/delete/", follow=True)
    assert "不能删除" in " ".join(messages_of(response))
    assert Shift.objects.filter(pk=served.pk).exists()
    served_signup.refresh_from_db()
    assert served_signup.checked_in_at is not None


def test_message_a_shift_reaches_its_volunteers_only_and_is_recorded(client, home_page, officer, event):
    shift = make_shift(event, places=1)
    on_it, waiting = signed_up(shift), signed_up(shift, wait=True)
    elsewhere = signed_up(make_shift(event))
    client.force_login(officer)
    response = client.post(
        f"/volunteers/manage/events/{event.pk}/message/",
        {"shift": str(shift.pk), "body": "请提前15分钟到场领取马甲。", "channel": "sms"},
        follow=True,
    )
    assert "已发送给 2 位" in " ".join(messages_of(response))
    sent_to = set(
        Notification.objects.filter(
            key__startswith="volunteers:message:", channel=Notification.SMS
        ).values_list("to", flat=True)
    )
    assert sent_to == {on_it.volunteer.mobile, waiting.volunteer.mobile}
    assert elsewhere.volunteer.mobile not in sent_to
    entry = ModelLogEntry.objects.for_instance(event).get(action="volunteers.message")
    assert entry.data["recipients"] == 2 and entry.data["body"] == "请提前15分钟到场领取马甲。"
    assert "请提前15分钟到场领取马甲。" in response.content.decode()  # the record of what was sent


def test_a_message_with_no_recipients_or_no_text_is_refused_and_nothing_sent(
    client, home_page, officer, event
):
    shift = make_shift(event)
    client.force_login(officer)
    response = client.post(
        f"/volunteers/manage/events/{event.pk}/message/",
        {"shift": str(shift.pk), "body": "你好", "channel": "sms"},
    )
    assert response.status_code == 400 and "没有报名或候补的志愿者" in response.content.decode()
    signed_up(shift)
    response = client.post(
        f"/volunteers/manage/events/{event.pk}/message/",
        {"shift": str(shift.pk), "body": " ", "channel": "sms"},
    )
    assert response.status_code == 400 and "请填写消息内容" in response.content.decode()
    assert not Notification.objects.filter(key__startswith="volunteers:message:").exists()
    assert not ModelLogEntry.objects.filter(action="volunteers.message").exists()


def test_roster_prints_as_pdf_and_exports_as_xlsx_but_not_for_a_cancelled_shift(
    client, home_page, officer, event
):
    from io import BytesIO

    from openpyxl import load_workbook

    shift = make_shift(event)
    team = Team.objects.create(name="城关镇消防志愿服务队", township=event.township)
    signup = signed_up(shift, VolunteerFactory(township=event.township, team=team, name="王小明"))
    client.force_login(officer)
    response = client.get(f"/volunteers/manage/shifts/{shift.pk}/roster.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    response = client.get(f"/volunteers/manage/shifts/{shift.pk}/roster.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "王小明" in values and signup.volunteer.mobile in values and team.name in values
    services.cancel_shift(shift, officer)
    for suffix in ("roster.pdf", "roster.xlsx"):
        response = client.get(f"/volunteers/manage/shifts/{shift.pk}/{suffix}")
        assert response["Location"] == f"/volunteers/manage/shifts/{shift.pk}/"
    response = client.get(f"/volunteers/manage/shifts/{shift.pk}/roster.pdf", follow=True)
    assert "已取消" in " ".join(messages_of(response))


# --- on the day -------------------------------------------------------------------------


def test_a_walk_in_is_registered_signed_up_and_checked_in_at_once(client, home_page, officer, event):
    shift = running_shift(event)
    client.force_login(officer)
    response = client.post(
        f"/volunteers/manage/shifts/{shift.pk}/walk-in/",
        {"name": "赵现场", "mobile": "13700001111", "birth_date": "1985-03-02"},
    )
    assert response["Location"] == f"/volunteers/manage/shifts/{shift.pk}/"
    volunteer = Volunteer.objects.get(mobile="13700001111")
    assert volunteer.township == event.township and volunteer.user is None
    signup = Signup.objects.get(volunteer=volunteer, shift=shift)
    assert signup.checked_in_at is not None and signup.claim.status == "held"
    assert ModelLogEntry.objects.for_instance(volunteer).filter(action="volunteers.walk_in").exists()


def test_a_walk_in_with_a_registered_mobile_is_offered_that_volunteer(client, home_page, officer, event):
    shift = running_shift(event)
    known = VolunteerFactory(mobile="13700002222", township=event.township)
    client.force_login(officer)
    response = client.post(
        f"/volunteers/manage/shifts/{shift.pk}/walk-in/",
        {"name": "另一个名字", "mobile": "13700002222", "birth_date": "1985-03-02"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "已经注册为志愿者" in page and known.number in page
    assert Volunteer.objects.filter(mobile="13700002222").count() == 1
    assert not Signup.objects.filter(shift=shift).exists()
    response = client.post(
        f"/volunteers/manage/shifts/{shift.pk}/walk-in/", {"existing": str(known.pk), "mobile": "13700002222"}
    )
    assert response["Location"] == f"/volunteers/manage/shifts/{shift.pk}/"
    assert Signup.objects.get(shift=shift, volunteer=known).checked_in_at is not None


def test_undo_check_out_then_check_in_is_recorded_and_confirmed_hours_are_kept(
    client, home_page, officer, event
):
    shift = running_shift(event)
    signup = services.sign_in_on_the_spot(shift, VolunteerFactory(township=event.township), officer)
    services.check_out(shift, signup.code)
    client.force_login(officer)
    client.post(f"/volunteers/manage/sign-ups/{signup.pk}/undo/")
    signup.refresh_from_db()
    assert signup.checked_out_at is None and signup.hours is None and signup.checked_in_at is not None
    client.post(f"/volunteers/manage/sign-ups/{signup.pk}/undo/")
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    actions = set(ModelLogEntry.objects.for_instance(signup).values_list("action", flat=True))
    assert {"volunteers.check_out.undo", "volunteers.check_in.undo"} <= actions

    services.check_in(shift, signup.code)
    services.correct_hours(signup, officer, Decimal("1.5"), "签退漏扫")
    response = client.post(f"/volunteers/manage/sign-ups/{signup.pk}/undo/", follow=True)
    assert "更正时长" in " ".join(messages_of(response))
    signup.refresh_from_db()
    assert signup.checked_in_at is not None and signup.hours == Decimal("1.5")


def test_correcting_hours_needs_a_reason_stays_inside_the_shift_and_keeps_history(
    client, home_page, officer, event
):
    shift = running_shift(event)
    signup = services.sign_in_on_the_spot(shift, VolunteerFactory(township=event.township), officer)
    client.force_login(officer)
    url = f"/volunteers/manage/sign-ups/{signup.pk}/hours/"
    for data, text in (
        ({"hours": "2", "reason": ""}, "请填写原因"),
        ({"hours": "9", "reason": "多算"}, "不能超出岗位时间"),
        ({"hours": "两个", "reason": "多算"}, "请输入正确的小时数"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400 and text in response.content.decode(), data
    signup.refresh_from_db()
    assert signup.hours is None and signup.hours_status != Signup.HOURS_CONFIRMED
    response = client.post(url, {"hours": "2.5", "reason": "提前离场半小时"})
    assert response["Location"] == url
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.5") and signup.hours_status == Signup.HOURS_CONFIRMED
    entry = ModelLogEntry.objects.for_instance(signup).get(action="volunteers.hours.correct")
    assert entry.data["reason"] == "提前离场半小时" and entry.data["to"] == "2.5"
    page = client.get(url).content.decode()
    assert "提前离场半小时" in page


def test_confirming_hours_is_in_the_audit_log(officer, event):
    shift = running_shift(event)
    signup = services.sign_in_on_the_spot(shift, VolunteerFactory(township=event.township), officer)
    services.confirm_hours(signup, officer, hours=Decimal("1"))
    assert (
        ModelLogEntry.objects.for_instance(signup)
        .filter(action="volunteers.hours.confirm", user=officer)
        .exists()
    )


# --- the volunteer's record -----------------------------------------------------------


def test_the_record_shows_history_and_sets_team_and_insurance(client, home_page, officer, event):
    volunteer = VolunteerFactory(township=event.township, name="钱志愿")
    team = Team.objects.create(name="城关镇队", township=event.township)
    signed_up(make_shift(event, title="宣传咨询台"), volunteer)
    client.force_login(officer)
    page = client.get(f"/volunteers/manage/volunteers/{volunteer.pk}/").content.decode()
    assert "钱志愿" in page and "宣传咨询台" in page
    response = client.post(
        f"/volunteers/manage/volunteers/{volunteer.pk}/",
        {"team": str(team.pk), "has_insurance": "on", "notes": "会讲方言"},
    )
    assert response["Location"] == f"/volunteers/manage/volunteers/{volunteer.pk}/"
    volunteer.refresh_from_db()
    assert (volunteer.team, volunteer.has_insurance, volunteer.notes) == (team, True, "会讲方言")
    assert ModelLogEntry.objects.for_instance(volunteer).filter(action="volunteers.record.edit").exists()


def test_insurance_set_on_the_record_lets_the_volunteer_sign_up(client, home_page, officer, event):
    shift = make_shift(event, insurance_required=True)
    volunteer = VolunteerFactory(township=event.township)
    with pytest.raises(services.Refused):
        signed_up(shift, volunteer)
    client.force_login(officer)
    client.post(f"/volunteers/manage/volunteers/{volunteer.pk}/", {"has_insurance": "on"})
    assert signed_up(shift, volunteer).claim.status == "held"


def test_a_team_from_another_township_cannot_be_set(client, home_page, officer, event):
    volunteer = VolunteerFactory(township=event.township)
    foreign = Team.objects.create(name="七贤镇队", township=TownshipFactory())
    client.force_login(officer)
    response = client.post(f"/volunteers/manage/volunteers/{volunteer.pk}/", {"team": str(foreign.pk)})
    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.team is None


# --- team leaders -----------------------------------------------------------------------


def test_a_team_leader_sees_their_team_only(client, home_page, event, township):
    team = Team.objects.create(name="城关镇队", township=township)
    other_team = Team.objects.create(name="郇封镇队", township=township)
    leader = VolunteerFactory(township=township, team=team)
    team.leaders.add(leader)
    member = VolunteerFactory(township=township, team=team, name="队员甲")
    outsider = VolunteerFactory(township=township, team=other_team, name="别队乙")
    shift = make_shift(event, places=5, title="入户宣传")
    signed_up(shift, member)
    signed_up(shift, outsider)
    from campaigns.volunteers.models import Qualification, Training

    training = Training.objects.create(name="初级消防员")
    Qualification.objects.create(
        volunteer=member,
        training=training,
        status=Qualification.VERIFIED,
        valid_until=timezone.localdate() + timedelta(days=10),
    )
    client.force_login(leader.user)
    page = client.get("/volunteers/team/").content.decode()
    assert "队员甲" in page and "别队乙" not in page
    assert "入户宣传" in page and "缺 3 人" in page  # the gap: 5 places, 2 taken
    assert "初级消防员" in page
    client.force_login(member.user)
    assert client.get("/volunteers/team/").status_code == 404


# --- rules as data ----------------------------------------------------------------------


def test_the_no_show_delay_is_the_admins_rule(event):
    shift = make_shift(event)
    signup = signed_up(shift)
    rules = VolunteerRules.current()
    rules.no_show_minutes = 90
    rules.save()
    assert services.mark_no_shows(shift.starts_at + timedelta(minutes=60)) == 0
    assert services.mark_no_shows(shift.starts_at + timedelta(minutes=91)) == 1
    signup.refresh_from_db()
    assert signup.state == Signup.NO_SHOW


def test_the_offer_window_of_a_new_shift_is_the_admins_rule(event):
    rules = VolunteerRules.current()
    rules.offer_window_hours = 6
    rules.save()
    assert make_shift(event).pool.offer_window == timedelta(hours=6)


# --- permission boundary ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/volunteers/manage/shifts/{shift}/copy/"),
        ("post", "/volunteers/manage/shifts/{shift}/repeat/"),
        ("post", "/volunteers/manage/shifts/{shift}/cancel/"),
        ("post", "/volunteers/manage/shifts/{shift}/delete/"),
        ("post", "/volunteers/manage/events/{event}/copy/"),
        ("get", "/volunteers/manage/events/{event}/message/"),
        ("post", "/volunteers/manage/events/{event}/message/"),
        ("get", "/volunteers/manage/shifts/{shift}/roster.pdf"),
        ("get", "/volunteers/manage/shifts/{shift}/roster.xlsx"),
        ("get", "/volunteers/manage/shifts/{shift}/walk-in/"),
        ("post", "/volunteers/manage/shifts/{shift}/walk-in/"),
        ("post", "/volunteers/manage/sign-ups/{signup}/undo/"),
        ("get", "/volunteers/manage/sign-ups/{signup}/hours/"),
        ("post", "/volunteers/manage/sign-ups/{signup}/hours/"),
        ("get", "/volunteers/manage/volunteers/{volunteer}/"),
        ("post", "/volunteers/manage/volunteers/{volunteer}/"),
    ],
)
def test_an_organiser_of_another_township_is_refused_and_nothing_changes(
    client, home_page, officer, stranger, event, method, path
):
    shift = running_shift(event)
    signup = services.sign_in_on_the_spot(shift, VolunteerFactory(township=event.township), officer)
    url = path.format(shift=shift.pk, event=event.pk, signup=signup.pk, volunteer=signup.volunteer_id)
    data = {"weeks": "2", "days": "3", "body": "x", "hours": "1", "reason": "r", "has_insurance": "on"}
    client.force_login(stranger)
    assert getattr(client, method)(url, data).status_code == 404
    volunteer = UserFactory(roles=[roles.VOLUNTEER])
    client.force_login(volunteer)
    assert getattr(client, method)(url, data).status_code == 403
    assert Shift.objects.count() == 1 and Event.objects.count() == 1
    signup.refresh_from_db()
    assert signup.checked_in_at is not None and signup.hours is None
    assert not Notification.objects.filter(key__startswith="volunteers:message:").exists()
    assert not signup.volunteer.__class__.objects.get(pk=signup.volunteer_id).has_insurance


# --- query counts --------------------------------------------------------------------------


def test_the_record_the_team_screen_and_the_roster_do_not_grow_with_their_rows(
    client, home_page, officer, event, township, django_assert_max_num_queries
):
    from campaigns.volunteers.models import Qualification, Training

    team = Team.objects.create(name="城关镇队", township=township)
    leader = VolunteerFactory(township=township, team=team)
    team.leaders.add(leader)
    training = Training.objects.create(name="初级消防员")
    shifts = [
        make_shift(event, places=20, title=f"岗位{n}", start_in=timedelta(days=3 + n)) for n in range(4)
    ]
    volunteer = VolunteerFactory(township=township, team=team)
    for n in range(12):
        member = VolunteerFactory(township=township, team=team)
        signed_up(shifts[n % 4], member)
        Qualification.objects.create(
            volunteer=member,
            training=training,
            status=Qualification.VERIFIED,
            valid_until=timezone.localdate() + timedelta(days=5),
        )
    for shift in shifts:
        signed_up(shift, volunteer)
    client.force_login(officer)
    with django_assert_max_num_queries(25):
        assert client.get(f"/volunteers/manage/volunteers/{volunteer.pk}/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/volunteers/manage/shifts/{shifts[0].pk}/").status_code == 200
    client.force_login(leader.user)
    with django_assert_max_num_queries(25):
        assert client.get("/volunteers/team/").status_code == 200


def test_a_walk_in_later_registers_the_same_mobile_and_keeps_their_hours(officer, event, township):
    from campaigns.volunteers import registration

    from .factories import sent_code

    shift = running_shift(event)
    signup = services.walk_in(
        shift,
        officer,
        name="赵现场",
        mobile="13700003333",
        birth_date=timezone.localdate().replace(year=1980),
    )
    registration.request_code("13700003333")
    volunteer = registration.register_with_code(
        mobile="13700003333",
        code=sent_code("13700003333"),
        name="赵现场",
        password="huo-zai-119-xiao",
        township=township,
        birth_date=timezone.localdate().replace(year=1980),
        skills=[],
        email="",
        emergency_name="赵家属",
        emergency_phone="13800003333",
    )
    assert volunteer.pk == signup.volunteer_id and volunteer.user is not None
    assert volunteer.user.check_password("huo-zai-119-xiao")
    assert Volunteer.objects.filter(mobile="13700003333").count() == 1
    with pytest.raises(services.Refused):
        services.register(
            name="别人", mobile="13700003333", password="x-y-z-119-abc", township=township, birth_date=None
        )
