from datetime import timedelta

import pytest

from campaigns.volunteers import services
from campaigns.volunteers.models import Certificate
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import assert_sent_to_admin_sign_in

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    chengguan, qixian = (
        TownshipFactory(name="城关镇", code="chengguan"),
        TownshipFactory(name="七贤镇", code="qixian"),
    )
    ours = make_shift(EventFactory(title="城关镇活动", township=chengguan))
    theirs = make_shift(EventFactory(title="七贤镇活动", township=qixian))
    county = make_shift(EventFactory(title="全县活动"))
    return {
        "ours": ours,
        "theirs": theirs,
        "county": county,
        "officer": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=chengguan),
        "editor": UserFactory(roles=[roles.EDITOR]),
        "chengguan": chengguan,
        "qixian": qixian,
    }


def test_a_volunteer_cannot_cancel_or_see_the_qr_of_anothers_signup(client, world):
    mine, other = VolunteerFactory(), VolunteerFactory()
    signup = services.sign_up(other, world["ours"])
    client.force_login(mine.user)
    assert client.post(f"/volunteers/sign-ups/{signup.pk}/cancel/").status_code == 404
    assert client.get(f"/volunteers/sign-ups/{signup.pk}/qr.svg").status_code == 404
    signup.refresh_from_db()
    assert signup.state == "active"
    assert other.name not in client.get("/volunteers/me/").content.decode()


def test_volunteers_and_anonymous_cannot_reach_organiser_screens(client, world):
    shift = world["ours"]
    urls = [
        "/volunteers/manage/",
        f"/volunteers/manage/shifts/{shift.pk}/",
        f"/volunteers/manage/shifts/{shift.pk}/check-in/",
        "/volunteers/manage/hours/",
        "/volunteers/manage/volunteers/",
        "/volunteers/manage/export.csv",
        f"/volunteers/manage/events/{shift.event_id}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign-in
    client.force_login(VolunteerFactory().user)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_township_officer_reaches_only_their_townships_events(client, world):
    client.force_login(world["officer"])
    assert client.get(f"/volunteers/manage/shifts/{world['ours'].pk}/").status_code == 200
    for other in (world["theirs"], world["county"]):
        assert client.get(f"/volunteers/manage/shifts/{other.pk}/").status_code == 404
        assert client.get(f"/volunteers/manage/events/{other.event_id}/").status_code == 404
        assert client.post(f"/volunteers/manage/events/{other.event_id}/cancel/").status_code == 404
        assert (
            client.post(
                f"/volunteers/manage/shifts/{other.pk}/check-in/", {"code": "X", "action": "in"}
            ).status_code
            == 404
        )
    body = client.get("/volunteers/manage/").content.decode()
    assert "城关镇活动" in body and "七贤镇活动" not in body and "全县活动" not in body


def test_township_officer_creates_events_only_in_their_township(client, world):
    client.force_login(world["officer"])
    response = client.post(
        "/volunteers/manage/events/new/",
        {"title": "越界活动", "township": world["qixian"].pk, "place": "七贤", "status": "published"},
    )
    assert response.status_code == 400
    from campaigns.volunteers.models import Event

    assert not Event.objects.filter(title="越界活动").exists()


def test_editor_reaches_every_event(client, world):
    client.force_login(world["editor"])
    for key in ("ours", "theirs", "county"):
        assert client.get(f"/volunteers/manage/shifts/{world[key].pk}/").status_code == 200


def test_township_officer_sees_and_exports_only_their_townships_volunteers_and_hours(client, world):
    ours = VolunteerFactory(township=world["chengguan"], name="城关志愿者")
    theirs = VolunteerFactory(township=world["qixian"], name="七贤志愿者")
    for volunteer, shift in ((ours, world["ours"]), (theirs, world["theirs"])):
        signup = services.sign_up(volunteer, shift)
        services.check_in(shift, signup.code, now=shift.starts_at)
        services.check_out(shift, signup.code, now=shift.ends_at)
        services.confirm_hours(signup, None)
    client.force_login(world["officer"])
    body = client.get("/volunteers/manage/volunteers/").content.decode()
    assert "城关志愿者" in body and "七贤志愿者" not in body
    assert client.get(f"/volunteers/manage/volunteers/{theirs.pk}/certificate/").status_code == 404
    export = client.get("/volunteers/manage/export.csv").content.decode("utf-8-sig")
    assert "城关志愿者" in export and "七贤志愿者" not in export


def test_organiser_cannot_check_in_a_code_of_another_event(client, world):
    volunteer = VolunteerFactory()
    signup = services.sign_up(volunteer, world["theirs"])
    client.force_login(world["editor"])
    response = client.post(
        f"/volunteers/manage/shifts/{world['ours'].pk}/check-in/", {"code": signup.code, "action": "in"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不属于本岗位" in body
    assert "七贤镇活动" not in body and str(volunteer.name) not in body


def test_certificate_pdf_is_for_its_volunteer_and_organisers_only(client, world):
    owner = VolunteerFactory()
    certificate = Certificate.objects.create(
        number="XWZYFW202600001",
        volunteer=owner,
        name=owner.name,
        masked_id="110***",
        volunteer_number=owner.number,
        period_start="2026-11-01",
        period_end="2026-11-09",
        hours=3,
        services="x",
        issuer="修武县消防救援大队",
        handler="小王",
    )
    client.force_login(VolunteerFactory().user)
    assert client.get(f"/volunteers/certificates/{certificate.pk}.pdf").status_code == 404
    client.force_login(world["officer"])  # an organiser who did not issue it
    assert client.get(f"/volunteers/certificates/{certificate.pk}.pdf").status_code == 404


def test_editors_keep_teams_in_the_admin_and_volunteers_never_enter_it(client, world):
    client.force_login(world["editor"])
    assert client.get("/admin/snippets/volunteers/team/").status_code == 200
    client.force_login(VolunteerFactory().user)
    assert_sent_to_admin_sign_in(client.get("/admin/"), "/admin/")


@pytest.mark.parametrize("year", ["10000", "0", "1999", "abc", "-1", "99999999999999999999"])
def test_export_with_an_impossible_year_says_so_instead_of_failing(client, world, year):
    client.force_login(world["editor"])
    for address in ("/volunteers/manage/export.csv", "/volunteers/manage/export.xlsx"):
        response = client.get(address, {"year": year})
        assert response.status_code == 302 and response["Location"] == "/volunteers/manage/"
    body = client.get("/volunteers/manage/").content.decode()
    assert "年份应为2000到2100之间" in body


def test_export_of_a_year_keeps_only_that_year(client, world):
    client.force_login(world["editor"])
    response = client.get("/volunteers/manage/export.csv", {"year": "2001"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").strip().count("\n") == 0  # the header only


def _served(volunteer, *shifts):
    for shift in shifts:
        signup = services.sign_up(volunteer, shift)
        services.check_in(shift, signup.code, now=shift.starts_at)
        services.check_out(shift, signup.code, now=shift.ends_at)
        services.confirm_hours(signup, None)


def test_a_certificate_covers_only_the_hours_its_issuing_organisation_recorded(client, world):
    from campaigns.volunteers.identity import resident_check_char

    first = "41082119900101001"
    volunteer = VolunteerFactory(township=world["chengguan"], name="跨镇志愿者")
    services.set_identity(volunteer, "resident", first + resident_check_char(first))
    day = timedelta(days=1)
    ours = make_shift(EventFactory(title="城关镇活动", township=world["chengguan"]), start_in=day * 4)
    theirs = make_shift(EventFactory(title="七贤镇活动", township=world["qixian"]), start_in=day * 5)
    county = make_shift(EventFactory(title="全县活动"), start_in=day * 6)
    _served(volunteer, ours, theirs, county)  # 3 hours each
    form = {"issuer": "修武县消防救援大队城关镇", "handler": "小张"}

    client.force_login(world["officer"])  # 城关镇
    page = client.get(f"/volunteers/manage/volunteers/{volunteer.pk}/certificate/").content.decode()
    assert "城关镇活动" in page and "七贤镇活动" not in page and "全县活动" not in page
    response = client.post(f"/volunteers/manage/volunteers/{volunteer.pk}/certificate/", form)
    certificate = Certificate.objects.get()
    assert response["Location"] == f"/volunteers/certificates/{certificate.pk}.pdf"
    assert certificate.hours == 3 and certificate.township == world["chengguan"]
    assert "城关镇活动" in certificate.services and "七贤镇活动" not in certificate.services

    client.force_login(world["editor"])  # the county's own events only
    client.post(f"/volunteers/manage/volunteers/{volunteer.pk}/certificate/", form)
    county = Certificate.objects.exclude(pk=certificate.pk).get()
    assert county.hours == 3 and county.township is None and "全县活动" in county.services
    assert county.number != certificate.number


def test_a_township_officer_certifies_a_volunteer_from_elsewhere_who_served_on_their_events(client, world):
    from campaigns.volunteers.identity import resident_check_char

    first = "41082119900101001"
    guest = VolunteerFactory(township=world["qixian"])
    services.set_identity(guest, "resident", first + resident_check_char(first))
    _served(guest, world["ours"])
    client.force_login(world["officer"])
    response = client.post(
        f"/volunteers/manage/volunteers/{guest.pk}/certificate/", {"issuer": "城关镇", "handler": "小张"}
    )
    assert response.status_code == 302
    assert Certificate.objects.get().hours == 3


def test_an_officer_with_no_record_of_the_volunteer_issues_nothing(client, world):
    from campaigns.volunteers.identity import resident_check_char

    first = "41082119900101001"
    volunteer = VolunteerFactory(township=world["chengguan"])
    services.set_identity(volunteer, "resident", first + resident_check_char(first))
    _served(volunteer, world["theirs"])  # recorded by 七贤镇 only
    client.force_login(world["officer"])
    response = client.post(
        f"/volunteers/manage/volunteers/{volunteer.pk}/certificate/", {"issuer": "城关镇", "handler": "小张"}
    )
    assert response.status_code == 200
    assert "本单位组织的活动中还没有已确认的服务时长" in response.content.decode()
    assert not Certificate.objects.exists()
