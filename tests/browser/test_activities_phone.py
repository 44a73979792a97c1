"""On a phone: a township officer records an activity with a photo; an attendee opens a
training's QR address, signs in, takes the quiz and gets the certificate."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from campaigns.activities.models import Activity, Attendance, Choice, TrainingCertificate
from campaigns.models import OutreachSetting, SpecialGroup
from outreach import roles
from tests.campaigns.activities.factories import ActivityKindFactory, TrainingSessionFactory, quiz
from tests.outreach.factories import TownshipFactory, UserFactory

pytestmark = pytest.mark.browser


def no_overflow(page):
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + (e.name || e.id))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, wide


def test_an_officer_records_an_activity_with_a_photo(page, live_server, axe_violations, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    OutreachSetting.ensure_all()
    SpecialGroup.ensure_all()
    ActivityKindFactory(name="入户宣传")
    township = TownshipFactory(name="城关镇", code="chengguan")
    UserFactory(
        username="officer", password="pw-officer-1", roles=[roles.TOWNSHIP_OFFICER], township=township
    )
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), (200, 60, 40)).save(photo, "JPEG")

    page.goto(f"{live_server.url}/accounts/login/?next=/activities/new/")
    page.locator("input[name=username]").fill("officer")
    page.locator("input[name=password]").fill("pw-officer-1")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登记宣传活动")
    assert axe_violations(page) == []
    page.get_by_label("活动主题", exact=True).fill("冬季取暖防火入户宣传")
    page.get_by_label("活动形式", exact=True).select_option(label="入户宣传")
    page.get_by_label("活动日期", exact=True).fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("乡镇", exact=True).select_option(label="城关镇")
    page.get_by_label("进家庭", exact=True).check()
    page.get_by_label("老年人", exact=True).check()
    page.get_by_label("活动地点", exact=True).fill("城关镇东关村")
    page.get_by_label("组织单位", exact=True).fill("城关镇人民政府")
    page.get_by_label("受众人数", exact=True).fill("0")
    page.locator("input[name=photo_1]").set_input_files(str(photo))
    no_overflow(page)
    page.get_by_role("button", name="提交审核").click()
    # Refused: the message is an alert, the photo is kept, nothing is saved.
    expect(page.get_by_role("alert").first).to_contain_text("没有保存")
    expect(page.locator(".field-error").first).to_contain_text("受众人数至少为")
    assert Activity.objects.count() == 0
    expect(page.get_by_text("已上传的照片已保留")).to_be_visible()
    page.get_by_label("受众人数", exact=True).fill("85")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("status")).to_contain_text("已提交，等待宣传科审核")
    expect(page.get_by_role("heading", level=1)).to_have_text("冬季取暖防火入户宣传")
    expect(page.locator(".act-photos img")).to_have_count(1)
    assert axe_violations(page) == []
    no_overflow(page)
    activity = Activity.objects.get()
    assert activity.audience == 85 and activity.photos.count() == 1
    page.screenshot(path=str(tmp_path / "activity.png"), full_page=True)


def test_an_attendee_signs_in_takes_the_quiz_and_gets_the_certificate(page, live_server, axe_violations):
    township = TownshipFactory(name="城关镇", code="chengguan")
    session = TrainingSessionFactory(
        township=township,
        topic="重点单位消防安全责任人培训",
        quiz=quiz(n=3, pass_mark=60),
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    page.goto(f"{live_server.url}/trainings/s/{session.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("培训签到")
    assert axe_violations(page) == []
    page.get_by_label("姓名", exact=True).fill("张建国")
    page.get_by_label("工作单位", exact=True).fill("修武县人民医院")
    page.get_by_label("人员类别", exact=True).select_option(label="单位消防安全责任人")
    page.get_by_label("手机号码", exact=True).fill("13912345678")
    no_overflow(page)
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("签到成功")
    assert axe_violations(page) == []
    page.get_by_role("link", name="开始测验").click()
    attendance = Attendance.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("培训测验")
    assert axe_violations(page) == []
    for question in attendance.session.quiz.bank.questions.all():
        right = Choice.objects.get(question=question, is_correct=True)
        page.locator(f"input[name=q{question.pk}][value='{right.pk}']").check()
    no_overflow(page)
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").first).to_contain_text("测验通过")
    certificate = TrainingCertificate.objects.get()
    expect(page.get_by_text(certificate.number)).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_response(lambda r: r.url.endswith("certificate.pdf")) as pdf:
        page.evaluate(
            "url => fetch(url)", f"{live_server.url}/trainings/me/{attendance.token}/certificate.pdf"
        )
    assert pdf.value.headers["content-type"] == "application/pdf"
    # A second visit to the QR address with the same number is refused, nothing added.
    page.goto(f"{live_server.url}/trainings/s/{session.code}/")
    page.get_by_label("姓名", exact=True).fill("张建国")
    page.get_by_label("工作单位", exact=True).fill("修武县人民医院")
    page.get_by_label("人员类别", exact=True).select_option(label="单位消防安全责任人")
    page.get_by_label("手机号码", exact=True).fill("13912345678")
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("已经签到过了")
    assert Attendance.objects.count() == 1
    page.goto(f"{live_server.url}/trainings/certificates/verify/{certificate.verify_code}/")
    expect(page.get_by_role("status").first).to_contain_text("真实有效")
    assert axe_violations(page) == []
