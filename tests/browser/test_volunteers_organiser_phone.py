"""On a 390 px phone: the organiser messages a shift, adds a walk-in who is checked in at
once and corrects their hours; a volunteer refused for a training follows the link to
register it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.volunteers import services
from campaigns.volunteers.models import Qualification, Signup, Training, Volunteer
from outreach import roles
from outreach.models import Notification
from tests.campaigns.volunteers.factories import EventFactory, VolunteerFactory, make_shift
from tests.outreach.factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()


def test_organiser_messages_a_shift_adds_a_walk_in_and_corrects_hours(page, live_server, axe_violations):
    page.set_viewport_size(PHONE)
    township = TownshipFactory(name="城关镇", code="chengguan")
    UserFactory(
        username="officer", password="pw-officer-1", roles=[roles.TOWNSHIP_OFFICER], township=township
    )
    event = EventFactory(title="人民广场消防宣传咨询日", township=township)
    shift = make_shift(event, start_in=timedelta(hours=-1), hours=3, places=5, title="咨询台讲解")
    volunteer = VolunteerFactory(name="李报名", township=township)
    services.sign_up(volunteer, shift, now=shift.starts_at - timedelta(days=1))

    sign_in(page, live_server, "officer", "pw-officer-1")
    page.goto(f"{live_server.url}/volunteers/manage/shifts/{shift.pk}/")
    fits(page)
    assert axe_violations(page) == []

    # Message everyone on the shift; the send is recorded on the page.
    page.get_by_role("link", name="给本岗位发通知").click()
    page.get_by_label("消息内容").fill("请提前15分钟到东门领取马甲。")
    fits(page)
    page.get_by_role("button", name="发送").click()
    expect(page.get_by_role("status")).to_contain_text("已发送给 1 位")
    expect(page.locator(".vol-sent")).to_contain_text("请提前15分钟到东门领取马甲。")
    assert axe_violations(page) == []
    assert Notification.objects.filter(
        to=volunteer.mobile, channel=Notification.SMS, key__contains="message"
    ).exists()

    # A walk-in: registered by mobile, signed up and checked in at once.
    page.goto(f"{live_server.url}/volunteers/manage/shifts/{shift.pk}/")
    page.get_by_role("link", name="现场登记").click()
    page.get_by_label("姓名").fill("赵现场")
    page.get_by_label("手机号").fill("13700009999")
    page.get_by_label("出生日期").fill("1988-08-08")
    fits(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="登记、报名并签到").click()
    expect(page.get_by_role("status")).to_contain_text("赵现场 已登记为志愿者")
    row = page.locator('tr[data-status="checked_in"]')
    expect(row).to_contain_text("赵现场")
    walk_in = Signup.objects.get(volunteer__mobile="13700009999")
    assert walk_in.checked_in_at is not None

    # Correct the hours with a reason; the history keeps it.
    row.get_by_role("link", name="更正时长").click()
    page.get_by_label("更正后的时长（小时）").fill("2.5")
    page.get_by_label("更正原因").fill("提前到场协助布置")
    fits(page)
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_role("status")).to_contain_text("已更正 赵现场 的服务时长")
    expect(page.locator(".vol-history")).to_contain_text("提前到场协助布置")
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/vol-correct-hours.png", full_page=True)
    walk_in.refresh_from_db()
    assert str(walk_in.hours) == "2.5" and walk_in.hours_status == Signup.HOURS_CONFIRMED

    # The walk-in's record: insurance ticked on a checkbox a finger can hit, team set.
    page.goto(f"{live_server.url}/volunteers/manage/volunteers/{walk_in.volunteer_id}/")
    box = page.get_by_label("已有志愿服务意外保险").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    expect(page.locator(".vol-record")).to_contain_text("2.5 小时")
    fits(page)
    assert axe_violations(page) == []
    page.get_by_label("已有志愿服务意外保险").check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    assert Volunteer.objects.get(pk=walk_in.volunteer_id).has_insurance


def test_a_volunteer_refused_for_a_training_follows_the_link_to_register_it(
    page, live_server, axe_violations
):
    page.set_viewport_size(PHONE)
    training = Training.objects.create(name="初级消防员培训")
    event = EventFactory(title="校园消防演练")
    make_shift(event, title="疏散引导", required_training=training)
    user = UserFactory(username="13700000008", password="pw-volunteer-8", roles=[roles.VOLUNTEER])
    VolunteerFactory(user=user, name="周志愿", mobile="13700000008")

    sign_in(page, live_server, "13700000008", "pw-volunteer-8")
    # Signed in: the header leads to their own page; the list no longer offers to register.
    expect(page.locator(".site-header").get_by_role("link", name="我的志愿服务")).to_be_visible()
    page.goto(f"{live_server.url}/volunteers/")
    expect(page.get_by_role("link", name="注册成为志愿者")).to_have_count(0)
    page.get_by_role("link", name="校园消防演练").click()
    card = page.locator(".vol-shifts > li").first
    expect(card.locator("[data-blocker]")).to_contain_text("这个岗位需要先取得“初级消防员培训”")
    expect(card.get_by_role("button", name="报名这个岗位")).to_have_count(0)
    fits(page)
    assert axe_violations(page) == []
    card.get_by_role("link", name="登记并上传").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登记培训或资质")
    expect(page.get_by_label("培训或资质")).to_have_value(str(training.pk))
    fits(page)
    form_width = page.evaluate("document.querySelector('form.stack-form').getBoundingClientRect().right")
    assert form_width <= PHONE["width"]
    assert axe_violations(page) == []
    page.get_by_label("取得日期").fill((timezone.localdate() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已提交")
    volunteer = Volunteer.objects.get(mobile="13700000008")
    assert volunteer.qualifications.get().status == Qualification.SUBMITTED
