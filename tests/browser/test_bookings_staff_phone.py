"""Base staff on a phone: a group phones, staff enter its booking, change its headcount,
and at the door check it in by the phone's camera (Chromium's fake camera plays a video of
the group's QR) and, after undoing that, by the button on its card. Staff pages touched
are axe clean."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from outreach import roles
from tests.outreach.factories import UserFactory
from tests.venues.bookings.factories import slot_on
from venues.bookings.models import Booking, BookingRules, Slot, Status

pytestmark = pytest.mark.browser

CODE = "QR7CAM42"


def qr_video(path, text, width=640, height=480, frames=20):
    """A .y4m (what Chromium's fake camera plays) showing a QR code of `text`."""
    import qrcode
    from PIL import Image

    image = qrcode.make(text, box_size=10, border=4).convert("L")
    side = min(width, height) - 40
    image = image.resize((side, side), Image.NEAREST)
    frame = Image.new("L", (width, height), 255)
    frame.paste(image, ((width - side) // 2, (height - side) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path


@pytest.fixture
def staff_user(site_tree):
    BookingRules.current()
    group, _ = Group.objects.get_or_create(name=roles.BASE_STAFF)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return UserFactory(username="base", password="pw-base", roles=[roles.BASE_STAFF])


@pytest.fixture
def camera_page(browser_type, browser_type_launch_args, browser_context_args, tmp_path):
    video = qr_video(tmp_path / "qr.y4m", CODE)
    args = [
        *browser_type_launch_args.get("args", []),
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()
    browser.close()


def test_staff_enter_change_and_check_in_a_phoned_group(camera_page, live_server, staff_user, axe_violations):
    page = camera_page
    # Tomorrow: too soon (or a weekend) for the public form; staff waive the notice rule.
    slot = slot_on(timezone.localdate() + timezone.timedelta(days=1))
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/base-visits/slot/{slot.pk}/")
    page.locator("input[name=username]").fill("base")
    page.locator("input[name=password]").fill("pw-base")
    page.locator("button[type=submit]").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="代为登记电话预约").click()
    page.get_by_label("企业").check()
    page.get_by_label("单位名称（学校选下一项即可）").fill("修武县鑫源机械制造有限公司")
    page.get_by_label("联系人姓名").fill("王经理")
    page.get_by_label("联系人手机号").fill("13812345678")
    page.get_by_label("学生或参观者人数（不含带队成人）").fill("25")
    page.get_by_label("带队成人人数（老师、家长、负责人）").fill("3")
    page.get_by_label("年龄段").select_option("adults")
    page.get_by_role("button", name="登记预约").click()
    expect(page.locator("#id_reason + .help, .error-message").first).to_be_visible()
    assert Booking.objects.count() == 0
    assert axe_violations(page) == []  # the form with its errors
    page.get_by_label("代为登记原因（如：电话预约，规则放宽的理由）").fill("经理来电预约，明天来")
    page.get_by_role("button", name="登记预约").click()
    expect(page.get_by_text("登记预约（预约码")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Status.APPROVED and booking.visitors == 28 and booking.entered_by == staff_user
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_timeout(1500)  # the message slides in: measure it once it has
    assert axe_violations(page) == []

    # The group phones again: two more come.
    page.get_by_label("学生或参观者（不含带队成人）").fill("27")
    page.locator("#id_reason").first.fill("经理来电：多来两人")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("已修改预约。")).to_be_visible()
    assert Booking.objects.get().visitors == 30

    # The visit day: the group shows its QR to the phone's camera.
    Booking.objects.filter(pk=booking.pk).update(code=CODE)
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() + timezone.timedelta(minutes=30))
    page.goto(f"{live_server.url}/admin/base-visits/day/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="用摄像头扫码").click()
    expect(page.locator("#id_code")).to_have_value(CODE, timeout=20000)
    page.locator("#id_attended").fill("29")
    page.locator("#checkin").get_by_role("button", name="签到").click()
    expect(page.get_by_text("已签到，实到 29 人")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Status.CHECKED_IN and booking.attended == 29

    # Scanned the wrong group by mistake: undo, then check in by the card's button.
    page.goto(f"{live_server.url}/admin/base-visits/booking/{booking.pk}/")
    page.get_by_label("原因（如：扫错了预约码）").fill("扫错了，重新签到")
    page.get_by_role("button", name="撤销签到").click()
    expect(page.get_by_text("已撤销签到。")).to_be_visible()
    assert Booking.objects.get().status == Status.APPROVED
    page.goto(f"{live_server.url}/admin/base-visits/day/")
    card = page.locator(f"#b-{CODE}")
    card.get_by_label("实到人数").fill("30")
    card.get_by_role("button", name="签到").click()
    expect(page.get_by_text("已签到，实到 30 人")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Status.CHECKED_IN and booking.attended == 30
    assert "已签到" in page.locator("#day-sheet").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_timeout(1500)  # the message slides in: measure it once it has
    assert axe_violations(page) == []
