"""A volunteer is never left at a dead end, and the certificate reads as a county document."""

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.volunteers import pdf, services
from campaigns.volunteers.identity import resident_check_char
from campaigns.volunteers.models import Certificate, Notice, Training
from outreach import capacity, roles
from tests.outreach.factories import TownshipFactory, UserFactory

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def test_a_shift_needing_a_training_says_how_to_get_it_and_offers_no_button(client, home_page):
    training = Training.objects.create(name="初级消防员培训")
    shift = make_shift(EventFactory(title="校园演练"), required_training=training, title="疏散引导")
    course = make_shift(EventFactory(title="初级消防员培训（第3期）"), title="学员")
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    page = client.get(f"/volunteers/events/{shift.event_id}/").content.decode()
    assert "这个岗位需要先取得“初级消防员培训”" in page
    assert f"/volunteers/me/qualifications/new/?training={training.pk}" in page
    assert f"/volunteers/events/{course.event_id}/" in page  # the next training
    assert "报名这个岗位</button>" not in page
    form = client.get(f"/volunteers/me/qualifications/new/?training={training.pk}").content.decode()
    assert f'<option value="{training.pk}" selected>' in form


def test_a_volunteer_waiting_for_review_is_told_so_and_not_asked_to_submit_again(client, home_page):
    from campaigns.volunteers import qualifications

    training = Training.objects.create(name="急救员证")
    shift = make_shift(required_training=training)
    volunteer = VolunteerFactory()
    qualifications.submit(volunteer, training, timezone.localdate() - timedelta(days=3))
    client.force_login(volunteer.user)
    page = client.get(f"/volunteers/events/{shift.event_id}/").content.decode()
    assert "正在等待组织者审核" in page and "登记并上传" not in page and "报名这个岗位</button>" not in page


def test_the_waiting_list_shows_each_volunteers_place_in_the_queue(client, home_page):
    shift = make_shift(places=1)
    services.sign_up(VolunteerFactory(), shift)
    first, second = VolunteerFactory(), VolunteerFactory()
    a = services.sign_up(first, shift, wait=True)
    b = services.sign_up(second, shift, wait=True)
    assert (capacity.queue_position(a.claim), capacity.queue_position(b.claim)) == (1, 2)
    client.force_login(second.user)
    assert "候补第 2 位" in client.get("/volunteers/me/").content.decode()
    services.cancel(a)
    assert "候补第 1 位" in client.get("/volunteers/me/").content.decode()
    third = VolunteerFactory()
    client.force_login(third.user)
    response = client.post(f"/volunteers/shifts/{shift.pk}/sign-up/", {"wait": "1"}, follow=True)
    assert "您是候补第 2 位" in response.content.decode()


def test_cancelling_asks_first_and_explains_a_late_cancellation(client, home_page):
    volunteer = VolunteerFactory()
    soon = make_shift(start_in=timedelta(hours=5), cancel_hours=24)
    later = make_shift(start_in=timedelta(days=5), cancel_hours=24, title="另一岗位")
    late_signup, early_signup = services.sign_up(volunteer, soon), services.sign_up(volunteer, later)
    client.force_login(volunteer.user)
    page = client.get(f"/volunteers/sign-ups/{late_signup.pk}/cancel/").content.decode()
    assert "确定取消报名吗" in page and "迟取消" in page and "不足 24 小时" in page
    late_signup.refresh_from_db()
    assert late_signup.state == "active"  # a GET changes nothing
    assert "不足" not in client.get(f"/volunteers/sign-ups/{early_signup.pk}/cancel/").content.decode()
    assert Notice.objects.filter(key=f"volunteers:confirmed:{early_signup.pk}").exists()
    response = client.post(f"/volunteers/sign-ups/{early_signup.pk}/cancel/")
    assert response["Location"] == "/volunteers/me/"
    assert not Notice.objects.filter(key=f"volunteers:confirmed:{early_signup.pk}").exists()


def test_a_signed_in_volunteer_finds_their_page_in_the_header_and_is_not_asked_to_register(client, home_page):
    make_shift()
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    page = client.get("/volunteers/").content.decode()
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    assert 'href="/volunteers/me/">我的志愿服务' in header
    assert "注册成为志愿者" not in page
    client.logout()
    assert "注册成为志愿者" in client.get("/volunteers/").content.decode()
    staff = UserFactory(roles=[roles.EDITOR])
    client.force_login(staff)
    header = client.get("/volunteers/").content.decode().split("</header>")[0]
    assert "我的志愿服务" not in header


def _served_volunteer(township, hours=3):
    first = "41082119900101001"
    volunteer = VolunteerFactory(township=township, name="王小明")
    services.set_identity(volunteer, "resident", first + resident_check_char(first))
    shift = make_shift(
        EventFactory(title="消防宣传进社区", township=township), start_in=timedelta(days=3), hours=hours
    )
    signup = services.sign_up(volunteer, shift)
    services.check_in(shift, signup.code, now=shift.starts_at)
    services.check_out(shift, signup.code, now=shift.ends_at)
    return volunteer, signup


def test_a_volunteer_asks_for_a_certificate_and_the_organiser_issues_it(client, home_page):
    township = TownshipFactory()
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township)
    volunteer, signup = _served_volunteer(township)
    client.force_login(volunteer.user)
    assert "申请出具志愿服务证明" not in client.get("/volunteers/me/").content.decode()  # no hours yet
    response = client.post("/volunteers/me/certificate-request/", follow=True)
    assert "还没有已确认的服务时长" in response.content.decode()
    services.confirm_hours(signup, officer)
    client.post("/volunteers/me/certificate-request/")
    volunteer.refresh_from_db()
    assert volunteer.certificate_requested_at is not None
    client.force_login(officer)
    assert (
        "申请出具志愿服务证明"
        in client.get(f"/volunteers/manage/volunteers/{volunteer.pk}/").content.decode()
    )
    client.post(
        f"/volunteers/manage/volunteers/{volunteer.pk}/certificate/",
        {"issuer": "修武县城关镇", "handler": "李娜"},
    )
    certificate = Certificate.objects.get()
    volunteer.refresh_from_db()
    assert volunteer.certificate_requested_at is None
    assert (
        ModelLogEntry.objects.for_instance(certificate)
        .filter(action="volunteers.certificate.issue", user=officer)
        .exists()
    )
    client.force_login(volunteer.user)
    page = client.get("/volunteers/me/").content.decode()
    assert f'href="/volunteers/certificates/{certificate.pk}.pdf">下载证明' in page


def test_the_certificate_is_a_table_with_signers_seal_area_and_verify_code(settings):
    settings.SITE_URL = "https://119.xiuwu.gov.cn"
    certificate = Certificate(
        number="XWZYFW2026000012",
        verify_code="ABCDEFGHJKMNPQRS",
        name="王小明",
        masked_id="410821********002X",
        volunteer_number="XW2026000031",
        period_start=date(2026, 3, 2),
        period_end=date(2026, 5, 12),
        hours=Decimal("5.5"),
        services="2026-03-02\t消防宣传进社区·咨询台\t城关镇人民广场\t3.0\n2026-05-12\t应急演练·疏散引导\t实验中学\t2.5",
        issuer="修武县消防安全委员会办公室",
        person_in_charge="张建国",
        handler="李娜",
        issued_on=date(2026, 5, 20),
    )
    assert pdf.service_rows(certificate) == [
        ("2026-03-02", "消防宣传进社区·咨询台", "城关镇人民广场", "3.0"),
        ("2026-05-12", "应急演练·疏散引导", "实验中学", "2.5"),
    ]
    content = pdf.certificate_pdf(certificate)
    assert content.startswith(b"%PDF")
    assert pdf.SEAL_MM == 42
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        for expected in (
            "志愿服务证明",
            "服务地点",
            "城关镇人民广场",
            "负责人：张建国",
            "经办人：李娜",
            "（盖章）",
            "合计",
        ):
            assert expected in text, expected
        assert "https://119.xiuwu.gov.cn/volunteers/certificates/verify/ABCDEFGHJKMNPQRS/" in text.replace(
            "\n", ""
        )


def test_certificates_issued_before_the_table_still_print_their_services():
    old = Certificate(
        services="2026-03-02 消防宣传进社区·咨询台 3.0小时；2026-05-12 应急演练·疏散引导 2.5小时"
    )
    assert pdf.service_rows(old) == [
        ("2026-03-02", "消防宣传进社区·咨询台", "", "3.0"),
        ("2026-05-12", "应急演练·疏散引导", "", "2.5"),
    ]
