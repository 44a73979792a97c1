import pytest
from playwright.sync_api import expect

from campaigns.volunteers import services
from campaigns.volunteers.models import Signup, Volunteer
from outreach import roles
from tests.campaigns.volunteers.factories import EventFactory, VolunteerFactory, make_shift, sent_code
from tests.outreach.factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.browser


def no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()


def sign_out(page):
    page.get_by_role("button", name="退出").click()


def test_register_sign_up_cancel_offer_confirm_and_check_in_on_a_phone(page, live_server, axe_violations):
    TownshipFactory(name="城关镇", code="chengguan")
    shift = make_shift(EventFactory(title="人民广场消防宣传咨询日"), places=1, title="咨询台讲解")
    waiting_user = UserFactory(username="13700000001", password="pw-waiting-1", roles=[roles.VOLUNTEER])
    waiting = VolunteerFactory(user=waiting_user, name="李候补", mobile="13700000001")
    UserFactory(username="editor", password="pw-editor-1", roles=[roles.EDITOR])

    # The home page's invitation leads to registration.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="报名志愿服务").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("注册成为志愿者")
    assert axe_violations(page) == []
    page.get_by_label("手机号（登录用）").fill("13912345678")
    no_overflow(page)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("status")).to_contain_text("短信已发送到 139****5678")
    assert axe_violations(page) == []
    page.get_by_label("短信验证码").fill(sent_code("13912345678"))
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("设置密码").fill("huo-zai-119-xiao")
    page.get_by_label("出生日期").fill("1995-03-02")
    page.get_by_label("所在乡镇").select_option(label="城关镇")
    page.get_by_label("紧急联系人", exact=True).fill("王大明")
    page.get_by_label("紧急联系人电话").fill("13800000001")
    no_overflow(page)
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".field-error")).to_contain_text("勾选同意")  # consent is required
    page.get_by_label("设置密码").fill("huo-zai-119-xiao")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的志愿服务")
    expect(page.get_by_role("status")).to_contain_text("注册成功")

    # Sign up for the only place.
    page.goto(f"{live_server.url}/volunteers/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="人民广场消防宣传咨询日").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="报名这个岗位").click()
    expect(page.get_by_role("status")).to_contain_text("报名成功")
    expect(page.locator(".vol-signup")).to_contain_text("已确认")
    expect(page.locator(".vol-qr img")).to_be_visible()
    no_overflow(page)
    assert axe_violations(page) == []

    # Someone else joins the waiting list; our volunteer cancels and the place is offered.
    services.sign_up(waiting, shift, wait=True)
    page.get_by_role("link", name="取消报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确定取消报名吗？")
    assert axe_violations(page) == []
    page.get_by_role("button", name="确定取消").click()
    expect(page.get_by_role("status")).to_contain_text("已取消")
    expect(page.locator("main")).not_to_contain_text("志愿报名成功")
    sign_out(page)

    sign_in(page, live_server, "13700000001", "pw-waiting-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的志愿服务")
    expect(page.locator(".vol-notices")).to_contain_text("有了空位")
    page.get_by_role("link", name="有空位了：去确认").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="确认参加").click()
    expect(page.get_by_role("status")).to_contain_text("已确认")
    signup = Signup.objects.get(volunteer=waiting)
    assert signup.roster_status == "confirmed"
    sign_out(page)

    # The organiser checks them in by typing the code on the phone.
    sign_in(page, live_server, "editor", "pw-editor-1")
    page.goto(f"{live_server.url}/volunteers/manage/shifts/{shift.pk}/")
    expect(page.locator('tr[data-status="confirmed"]')).to_contain_text("李候补")
    page.get_by_role("link", name="扫码签到 / 输入签到码").click()
    page.get_by_label("签到码").fill(signup.code.lower())
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status")).to_contain_text("李候补 已签到")
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    assert Volunteer.objects.get(mobile="13912345678").signups.get().state == Signup.CANCELLED
