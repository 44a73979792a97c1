"""Recording activities on a phone, each in their own scope; review; the news draft."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from campaigns.activities import services
from campaigns.activities.models import Activity, ActivityKind
from campaigns.models import NewsPage, OutreachSetting
from outreach import roles
from outreach.models import Notification
from tests.campaigns.factories import NewsIndexPageFactory
from tests.courses.factories import SchoolFactory
from tests.outreach.factories import UserFactory
from tests.utils import assert_sent_to_dashboard, count_queries

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def photo(name="photo.jpg", color=(200, 30, 30)):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker SECRET-GPS"
    Image.new("RGB", (300, 200), color).save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def form_data(township, **changes):
    data = {
        "title": "城关镇消防安全进社区讲座",
        "kind": ActivityKind.objects.get(name="讲座").pk,
        "date": "2026-05-10",
        "township": township.pk,
        "outreach_settings": [OutreachSetting.objects.get(code="community").pk],
        "place": "城关镇东关社区活动中心",
        "organiser": "城关镇人民政府",
        "audience": "150",
        "materials": "300",
        "summary": "讲解家庭火灾预防和灭火器使用。",
    }
    data.update(changes)
    return data


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 6, 1)
    monkeypatch.setattr("campaigns.activities.forms.timezone.localdate", lambda: day)
    return day


def test_officer_records_an_activity_with_photo_and_private_sign_in_sheet(
    client, officer, townships, taxonomy, private_root, today
):
    client.force_login(officer)
    data = form_data(townships["chengguan"], photo_1=photo(), sign_in_sheet=photo("sheet.jpg"))
    response = client.post(reverse("activities:new"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert activity.status == Activity.SUBMITTED
    assert activity.created_by == officer
    assert [s.code for s in activity.outreach_settings.all()] == ["community"]
    stored = activity.photos.get().image
    assert b"SECRET-GPS" not in stored.read()
    # The sheet is under the private root, never under public media.
    assert str(private_root) in activity.sign_in_sheet.path
    assert activity.sign_in_sheet.url.startswith("/private/") or "private" in activity.sign_in_sheet.url
    assert ModelLogEntry.objects.filter(action="activities.submit", object_id=str(activity.pk)).exists()


def test_photo_and_sign_in_sheet_kept_after_a_refused_form_are_both_saved(
    client, officer, townships, taxonomy, private_root, today
):
    client.force_login(officer)
    data = form_data(townships["chengguan"], audience="0", photo_1=photo(), sign_in_sheet=photo("sheet.jpg"))
    refused = client.post(reverse("activities:new"), data).content.decode()
    assert Activity.objects.count() == 0
    kept = dict(re.findall(r'name="([a-z_0-9]+__kept)" value="([^"]+)"', refused))
    assert set(kept) == {"photo_1__kept", "sign_in_sheet__kept"}
    client.post(reverse("activities:new"), form_data(townships["chengguan"], **kept))
    activity = Activity.objects.get()
    assert activity.photos.count() == 1
    assert activity.sign_in_sheet and str(private_root) in activity.sign_in_sheet.path


@pytest.mark.parametrize("audience", ["0", "1", "1000000", "-5", "abc"])
def test_an_absurd_audience_is_refused_and_nothing_is_saved(
    client, officer, townships, taxonomy, today, audience
):
    client.force_login(officer)
    response = client.post(reverse("activities:new"), form_data(townships["chengguan"], audience=audience))
    assert response.status_code == 200
    assert Activity.objects.count() == 0
    assert "受众人数" in response.content.decode() or "整数" in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_audience_of_a_million_is_refused_by_the_database_too(townships, taxonomy):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ActivityFactory(township=townships["chengguan"], audience=1_000_000)


def test_an_activity_in_the_future_is_refused(client, officer, townships, taxonomy, today):
    client.force_login(officer)
    response = client.post(reverse("activities:new"), form_data(townships["chengguan"], date="2026-07-01"))
    assert "不能晚于今天" in response.content.decode()
    assert Activity.objects.count() == 0


def test_officer_cannot_record_for_another_township(client, officer, townships, taxonomy, today):
    client.force_login(officer)
    response = client.post(reverse("activities:new"), form_data(townships["qixian"]))
    assert response.status_code == 200
    assert Activity.objects.count() == 0


def test_officer_sees_only_their_townships_activities(client, officer, other_officer, townships, taxonomy):
    mine = ActivityFactory(township=townships["chengguan"], title="城关的活动")
    theirs = ActivityFactory(township=townships["qixian"], title="七贤的活动")
    client.force_login(officer)
    page = client.get(reverse("activities:list")).content.decode()
    assert "城关的活动" in page and "七贤的活动" not in page
    assert client.get(reverse("activities:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("activities:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("activities:edit", args=[theirs.pk])).status_code == 404


def test_a_school_records_and_sees_only_its_own(client, townships, taxonomy, today):
    teacher = UserFactory(username="teacher", roles=[roles.SCHOOL_STAFF])
    school = SchoolFactory(name="城关一小", township=townships["chengguan"], staff=[teacher])
    other = SchoolFactory(name="城关二小", township=townships["chengguan"])
    ours = ActivityFactory(township=townships["chengguan"], school=school, title="一小的演练")
    theirs = ActivityFactory(township=townships["chengguan"], school=other, title="二小的演练")
    client.force_login(teacher)
    assert client.get(reverse("activities:detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("activities:detail", args=[theirs.pk])).status_code == 404
    # Recording for the other school is refused: it is not among the choices.
    data = form_data(
        townships["chengguan"],
        school=other.pk,
        outreach_settings=[OutreachSetting.objects.get(code="school").pk],
    )
    response = client.post(reverse("activities:new"), data)
    assert response.status_code == 200
    assert Activity.objects.count() == 2
    data["school"] = school.pk
    response = client.post(reverse("activities:new"), data)
    assert response.status_code == 302
    assert Activity.objects.filter(school=school).count() == 2


def test_someone_without_a_role_may_not_record(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("activities:new")).status_code == 403
    assert client.get(reverse("activities:list")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("activities:new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("site_login"))


def test_sign_in_sheet_is_served_only_within_scope(
    client, officer, other_officer, editor, townships, taxonomy, private_root, today
):
    client.force_login(officer)
    client.post(
        reverse("activities:new"), form_data(townships["chengguan"], sign_in_sheet=photo("sheet.jpg"))
    )
    url = Activity.objects.get().sign_in_sheet.url
    assert client.get(url).status_code == 200
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404


def test_activity_photos_are_private_files_served_only_within_scope(
    client, officer, other_officer, editor, townships, taxonomy, private_root, today
):
    client.force_login(officer)
    client.post(reverse("activities:new"), form_data(townships["chengguan"], photo_1=photo("drill.jpg")))
    image = Activity.objects.get().photos.get().image
    assert image.url.startswith("/private/activities/photos/")
    assert (private_root / image.name).exists()
    assert client.get(image.url).status_code == 200
    client.force_login(other_officer)
    assert client.get(image.url).status_code == 404
    client.force_login(editor)
    assert client.get(image.url).status_code == 200
    client.logout()
    assert client.get(image.url).status_code == 404


def test_review_approves_with_audit_log_and_message(editor, officer, townships, taxonomy):
    officer.email = "officer@example.com"
    officer.save()
    activity = ActivityFactory(
        township=townships["chengguan"], status=Activity.SUBMITTED, reviewed_at=None, created_by=officer
    )
    services.review_activity(activity.pk, editor, approve=True, reason="材料齐全")
    activity.refresh_from_db()
    assert activity.status == Activity.APPROVED and activity.reviewed_by == editor
    entry = ModelLogEntry.objects.get(action="activities.approve", object_id=str(activity.pk))
    assert entry.data["reason"] == "材料齐全" and entry.user == editor
    assert Notification.objects.filter(to="officer@example.com").count() == 1
    with pytest.raises(services.Refused):
        services.review_activity(activity.pk, editor, approve=False, reason="再退回")


def test_returning_needs_a_reason(editor, townships, taxonomy):
    activity = ActivityFactory(township=townships["chengguan"], status=Activity.SUBMITTED, reviewed_at=None)
    with pytest.raises(services.Refused):
        services.review_activity(activity.pk, editor, approve=False, reason=" ")
    activity.refresh_from_db()
    assert activity.status == Activity.SUBMITTED
    assert not ModelLogEntry.objects.filter(object_id=str(activity.pk), action="activities.return").exists()


def test_only_the_publicity_team_reviews(client, officer, editor, townships, taxonomy):
    activity = ActivityFactory(township=townships["chengguan"], status=Activity.SUBMITTED, reviewed_at=None)
    client.force_login(officer)
    assert_sent_to_dashboard(client.get(reverse("activities_admin:review")))
    assert_sent_to_dashboard(
        client.post(reverse("activities_admin:decide", args=[activity.pk]), {"decision": "approve"})
    )
    activity.refresh_from_db()
    assert activity.status == Activity.SUBMITTED
    client.force_login(editor)
    response = client.post(reverse("activities_admin:decide", args=[activity.pk]), {"decision": "approve"})
    assert response.status_code == 302 and response["Location"] == reverse("activities_admin:review")
    activity.refresh_from_db()
    assert activity.status == Activity.APPROVED


def test_approved_activity_is_not_editable_by_the_recorder(client, officer, townships, taxonomy):
    activity = ActivityFactory(township=townships["chengguan"], created_by=officer)
    client.force_login(officer)
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 403


def test_approved_activity_becomes_one_news_draft(
    client, editor, townships, taxonomy, home_page, private_root
):
    NewsIndexPageFactory(parent=home_page)
    activity = ActivityFactory(township=townships["chengguan"], title="七月消防进农村")
    activity.photos.create().image.save("p.jpg", photo(), save=True)
    client.force_login(editor)
    response = client.post(reverse("activities_admin:news_draft", args=[activity.pk]))
    page = NewsPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.title == "七月消防进农村"
    assert page.township == townships["chengguan"] and page.outreach_setting.code == "rural"
    assert page.photos.count() == 1
    client.post(reverse("activities_admin:news_draft", args=[activity.pk]))
    assert NewsPage.objects.count() == 1


def test_a_submitted_activity_makes_no_news(editor, townships, taxonomy, home_page):
    NewsIndexPageFactory(parent=home_page)
    activity = ActivityFactory(township=townships["chengguan"], status=Activity.SUBMITTED, reviewed_at=None)
    with pytest.raises(services.Refused):
        services.news_draft_from(activity.pk, editor)
    assert NewsPage.objects.count() == 0


def test_activity_list_queries_do_not_grow(client, editor, townships, taxonomy):
    for _ in range(3):
        ActivityFactory(township=townships["chengguan"])
    client.force_login(editor)
    client.get(reverse("activities:list"))  # the first request reads the site and its settings
    _response, few = count_queries(client.get, reverse("activities:list"))
    for _ in range(10):
        ActivityFactory(township=townships["qixian"])
    response, many = count_queries(client.get, reverse("activities:list"))
    assert response.content.decode().count("data-activity=") == 13
    assert many == few <= 20


def test_a_venue_of_another_township_is_refused(client, officer, townships, taxonomy, today):
    from tests.venues.factories import VenueFactory

    venue = VenueFactory(township=townships["qixian"])
    client.force_login(officer)
    response = client.post(reverse("activities:new"), form_data(townships["chengguan"], venue=venue.pk))
    assert response.status_code == 200
    assert Activity.objects.count() == 0
