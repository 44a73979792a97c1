import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from venues import services
from venues.models import HazardReport
from venues.models.reports import ReportStatus

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue():
    return VenueFactory(township=TownshipFactory(name="城关镇", code="chengguan"))


def url(venue):
    return f"/v/{venue.code}/report/"


def photo(fmt="JPEG", size=(800, 600), exif=True):
    image = Image.new("RGB", size, "red")
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0132] = "2024:01:01 12:00:00"
        kwargs["exif"] = data.tobytes()
    image.save(out, fmt, **kwargs)
    return SimpleUploadedFile("IMG_20240101_home.jpg", out.getvalue(), content_type="image/jpeg")


def post(client, venue, **data):
    payload = {"kind": "locked_exit", "description": "二楼东侧安全出口被铁链锁住"}
    payload.update(data)
    return client.post(url(venue), payload, REMOTE_ADDR=data.pop("addr", "10.0.0.1"))


def test_report_is_saved_with_a_lookup_code_and_mailed_to_the_townships_officers(
    client, venue, django_capture_on_commit_callbacks
):
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=venue.township, email="gan@example.com")
    UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory(), email="other@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, venue, phone="13912345678", photo=photo())
    assert response.status_code == 302
    report = HazardReport.objects.get()
    assert report.status == ReportStatus.NEW and report.phone == "13912345678"
    assert report.lookup_code in response["Location"]
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert venue.name in mail.outbox[0].subject
    # The link is the site's public address (SITE_URL), built by the core's siteurl.absolute.
    assert f"{settings.SITE_URL}/admin/venues/reports/{report.pk}/" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert report.lookup_code in page and "新举报" in page


def test_photo_is_reencoded_without_metadata_and_not_under_its_own_name(client, venue):
    post(client, venue, photo=photo())
    report = HazardReport.objects.get()
    assert "IMG_20240101" not in report.photo.name
    with Image.open(report.photo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "exif" not in stored.info


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("a.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"),
            "不是可以识别的图片",
        ),
        (
            SimpleUploadedFile("a.jpg", b"\xff\xd8\xff garbage", content_type="image/jpeg"),
            "不是可以识别的图片",
        ),
    ],
)
def test_non_images_are_refused_in_chinese_and_nothing_saved(client, venue, upload, message):
    response = post(client, venue, photo=upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HazardReport.objects.exists()


def test_photo_over_the_limit_is_refused(client, venue, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = post(client, venue, photo=photo(size=(400, 400)))
    assert response.status_code == 400
    assert "太大（不能超过" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_real_upload_over_10_mb_is_refused(client, venue):
    small = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(small, "PNG")
    # Trailing bytes after the image end: Pillow would read it happily.
    data = small.getvalue() + b"\0" * (10 * 1024 * 1024 + 1 - small.tell())
    response = post(client, venue, photo=SimpleUploadedFile("big.png", data, content_type="image/png"))
    assert response.status_code == 400
    assert "太大（不能超过10MB）" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_a_body_over_the_public_cap_is_refused_before_it_is_read(client, venue):
    big = io.BytesIO()
    Image.effect_noise((2600, 2600), 100).convert("RGB").save(big, "PNG", compress_level=0)
    assert big.tell() > 11 * 1024 * 1024
    response = post(
        client, venue, photo=SimpleUploadedFile("big.png", big.getvalue(), content_type="image/png")
    )
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert not HazardReport.objects.exists()


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "138123456789", "2381234567x", "电话"])
def test_bad_phone_is_refused_in_chinese(client, venue, phone):
    response = post(client, venue, phone=phone)
    assert response.status_code == 400
    assert "请输入11位手机号码" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_missing_description_keeps_what_was_typed(client, venue):
    response = client.post(url(venue), {"kind": "other", "description": "", "phone": "13912345678"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请描述看到的隐患" in html and "13912345678" in html


def test_spam_trap_stores_nothing(client, venue):
    response = post(client, venue, website="http://spam.example")
    assert response.status_code == 302
    assert not HazardReport.objects.exists()


def test_rate_limit_per_address_per_hour(client, venue, settings):
    settings.VENUES_REPORTS_PER_HOUR = 3
    for _ in range(3):
        assert post(client, venue).status_code == 302
    refused = post(client, venue)
    assert refused.status_code == 429
    assert "提交太频繁" in refused.content.decode()
    assert HazardReport.objects.count() == 3
    # Another address is not affected.
    assert post(client, venue, addr="10.0.0.2").status_code == 302
    assert HazardReport.objects.count() == 4


def test_rate_limit_behind_a_proxy_is_per_visitor(client, venue, settings):
    """Behind the load balancer every request comes from its address; the limit must
    follow the visitor's address it forwards, not lump all visitors together."""
    settings.VENUES_REPORTS_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1
    payload = {"kind": "locked_exit", "description": "安全出口被锁"}

    def post_via_proxy(visitor):
        return client.post(url(venue), payload, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=visitor)

    assert post_via_proxy("1.1.1.1").status_code == 302
    assert post_via_proxy("1.1.1.1").status_code == 302
    assert post_via_proxy("1.1.1.1").status_code == 429
    # A visitor cannot dodge the limit by claiming another address in front of ours.
    assert post_via_proxy("8.8.8.8, 1.1.1.1").status_code == 429
    assert post_via_proxy("2.2.2.2").status_code == 302
    assert HazardReport.objects.count() == 3


def test_status_lookup_with_unknown_code(client):
    response = client.get("/v/report-status/", {"code": "ABCDEFGHJK"})
    assert "没有找到这个查询码" in response.content.decode()


def test_workflow_records_who_and_when_and_refuses_skipping(venue):
    officer = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=venue.township)
    report = services.create_report(venue, {"kind": "other", "description": "x"})
    with pytest.raises(services.TransitionError):
        services.transition_report(report.pk, officer, ReportStatus.RECTIFIED)
    services.transition_report(report.pk, officer, ReportStatus.VERIFIED, "已到现场核实")
    services.transition_report(report.pk, officer, ReportStatus.RECTIFIED, "已整改完毕")
    report.refresh_from_db()
    assert report.status == ReportStatus.RECTIFIED and report.public_reply == "已整改完毕"
    events = list(report.events.values_list("from_status", "to_status", "user"))
    assert events == [
        ("", "new", None),
        ("new", "verified", officer.pk),
        ("verified", "rectified", officer.pk),
    ]
    with pytest.raises(services.TransitionError):
        services.transition_report(report.pk, officer, ReportStatus.REJECTED)


def test_officer_of_another_township_cannot_transition(venue):
    stranger = UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=TownshipFactory())
    report = services.create_report(venue, {"kind": "other", "description": "x"})
    with pytest.raises(PermissionError):
        services.transition_report(report.pk, stranger, ReportStatus.VERIFIED)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_an_over_limit_visitors_upload_is_never_read_or_decoded(client, venue, settings, monkeypatch):
    from tests.outreach.test_uploads import png_claiming
    from venues.public import forms

    settings.VENUES_REPORTS_PER_HOUR = 1
    assert post(client, venue).status_code == 302
    opened, built = [], []
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args))
    original_init = forms.HazardReportForm.__init__

    def spy_init(self, *args, **kwargs):
        built.append(bool(args))
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(forms.HazardReportForm, "__init__", spy_init)
    bomb = SimpleUploadedFile("bomb.png", png_claiming(12000, 12000), content_type="image/png")
    refused = post(client, venue, photo=bomb)
    assert refused.status_code == 429
    assert "提交太频繁" in refused.content.decode()
    assert opened == []  # no image was opened, not even its header
    assert not any(built)  # no form was given the posted data
    assert HazardReport.objects.count() == 1


def test_refused_forms_in_a_loop_are_limited_too(client, venue, settings):
    settings.VENUES_REPORTS_PER_HOUR = 1
    statuses = [post(client, venue, description="").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert not HazardReport.objects.exists()


def test_a_bomb_on_the_public_form_is_refused_and_nothing_stored(client, venue):
    from tests.outreach.test_uploads import png_claiming

    bomb = SimpleUploadedFile("bomb.png", png_claiming(12000, 12000), content_type="image/png")
    response = post(client, venue, photo=bomb)
    assert response.status_code == 400
    assert "像素太多" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_no_hazard_type_is_picked_in_advance(client, venue):
    html = client.get(url(venue)).content.decode()
    radios = re.findall(r'<input type="radio"[^>]*name="kind"[^>]*>', html)
    assert len(radios) == 5
    assert not [radio for radio in radios if "checked" in radio or 'value=""' in radio]
    refused = client.post(url(venue), {"description": "出口堵塞"})
    assert refused.status_code == 400 and "请选择隐患类型" in refused.content.decode()


def test_a_refused_form_keeps_the_uploaded_photo(client, venue):
    first = post(client, venue, description="", photo=photo())
    assert first.status_code == 400
    html = first.content.decode()
    assert "已保留" in html
    token = re.search(r'name="photo__kept" value="([^"]+)"', html).group(1)
    second = client.post(
        url(venue),
        {"kind": "locked_exit", "description": "安全出口被锁", "photo__kept": token},
        REMOTE_ADDR="10.0.0.1",
    )
    assert second.status_code == 302
    report = HazardReport.objects.get()
    with Image.open(report.photo.path) as stored:
        assert stored.format == "JPEG" and stored.size == (800, 600)
        assert not stored.getexif()


def test_full_width_digits_are_read_as_the_number_meant(client, venue):
    assert post(client, venue, phone="1381234567８").status_code == 302
    assert HazardReport.objects.get().phone == "13812345678"


@pytest.mark.parametrize("phone", ["١٣٨١٢٣٤٥٦٧٨", "13８1234567٨", "138１2345678x"])
def test_digits_of_other_scripts_are_refused(client, venue, phone):
    response = post(client, venue, phone=phone)
    assert response.status_code == 400
    assert "请输入11位手机号码" in response.content.decode()
    assert not HazardReport.objects.exists()
