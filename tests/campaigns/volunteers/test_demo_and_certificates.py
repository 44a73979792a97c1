import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.volunteers.models import Certificate, Event, Signup, Team, Volunteer
from outreach import roles
from tests.outreach.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home_page, settings, tmp_path):
    from wagtail.models import Collection

    settings.MEDIA_ROOT = tmp_path
    # A transactional test run before this one flushes the root collection migrations made.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_has_teams_thirty_volunteers_full_shifts_waiting_lists_hours_and_a_certificate(demo):
    counts = (
        Volunteer.objects.count(),
        Event.objects.count(),
        Signup.objects.count(),
        Certificate.objects.count(),
    )
    call_command("load_demo", stdout=StringIO())
    assert (
        Volunteer.objects.count(),
        Event.objects.count(),
        Signup.objects.count(),
        Certificate.objects.count(),
    ) == counts
    assert "志愿服务" in demo
    assert (
        Team.objects.filter(township__isnull=True).exists()
        and Team.objects.filter(township__isnull=False).exists()
    )
    assert all(team.leaders.exists() for team in Team.objects.all())
    assert Volunteer.objects.count() == 30
    month = Event.objects.filter(title__startswith="119消防宣传月", campaign__isnull=False)
    assert month.exists()
    assert Signup.objects.filter(shift__event__in=month, claim__status="waiting").exists()
    assert Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED).count() >= 10
    assert Signup.objects.filter(hours_status=Signup.HOURS_MISSING_OUT).exists()
    assert Certificate.objects.count() == 1


def test_certificate_pdf_has_the_number_and_a_qr_to_the_verify_page(client, demo, tmp_path):
    certificate = Certificate.objects.get()
    client.force_login(certificate.volunteer.user)
    response = client.get(f"/volunteers/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert certificate.number in text and "修武县消防救援大队" in text and "宣传编辑 小王" in text
    assert f"/volunteers/certificates/verify/{certificate.verify_code}/" in text
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    from tests.venues.conftest import zbar_decode

    assert any(certificate.verify_code in code for code in zbar_decode(tmp_path / "page.png"))


def test_verify_page_shows_the_certificate_and_nothing_more(client, demo):
    certificate = Certificate.objects.get()
    volunteer = certificate.volunteer
    body = client.get(f"/volunteers/certificates/verify/{certificate.verify_code}/").content.decode()
    assert certificate.number in body and volunteer.name in body and str(certificate.hours) in body
    assert volunteer.mobile not in body and volunteer.emergency_phone not in body
    from campaigns.volunteers.identity import reveal

    assert reveal(volunteer.id_number_encrypted) not in body
    assert "/volunteers/me/" not in body.split("<main")[1]


def test_organiser_issues_a_certificate_only_with_an_id_on_file(client, demo):
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    without_id = Volunteer.objects.filter(id_number_encrypted="", signups__hours_status="confirmed").first()
    response = client.post(
        f"/volunteers/manage/volunteers/{without_id.pk}/certificate/",
        {"issuer": "修武县消防救援大队", "handler": "小王"},
    )
    assert "需要证件号码" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_export_has_the_national_system_columns_and_the_id_for_import(client, demo):
    from campaigns.volunteers.identity import reveal
    from campaigns.volunteers.views.manage import EXPORT_HEADER

    client.force_login(UserFactory(roles=[roles.EDITOR]))
    text = client.get("/volunteers/manage/export.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == EXPORT_HEADER
    holder = Certificate.objects.get().volunteer
    assert reveal(holder.id_number_encrypted) in text
    xlsx = client.get("/volunteers/manage/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_organiser_screens_render_with_pinned_queries(client, demo, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    shift = Signup.objects.filter(claim__status="waiting").first().shift
    with django_assert_max_num_queries(40):
        body = client.get(f"/volunteers/manage/shifts/{shift.pk}/").content.decode()
    assert "候补中" in body and "已确认" in body
    with django_assert_max_num_queries(40):
        assert "未签退" in client.get("/volunteers/manage/hours/").content.decode()
    with django_assert_max_num_queries(40):
        assert "张志强" in client.get("/volunteers/manage/volunteers/").content.decode()
    with django_assert_max_num_queries(60):
        assert "注册志愿者" in client.get("/volunteers/manage/").content.decode()
