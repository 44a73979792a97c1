"""Volunteer events linked to the publicity activity they served: organisers choose only
their own approved activities, the activity's page sums the confirmed hours records, and
a volunteer's history names the activity."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from campaigns.activities.models import Activity
from campaigns.volunteers import services
from campaigns.volunteers.models import Event, Signup
from outreach import roles
from tests.campaigns.activities.factories import ActivityFactory
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import count_queries

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def chengguan():
    return TownshipFactory(name="城关镇")


@pytest.fixture
def officer(chengguan):
    return UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=chengguan)


def event_data(township, activity, **overrides):
    data = {
        "title": "消防宣传咨询服务",
        "township": township.pk,
        "activity": activity.pk if activity else "",
        "place": "城关镇文化广场",
        "status": "published",
    }
    data.update(overrides)
    return data


def served(event, hours, status=Signup.HOURS_CONFIRMED, volunteer=None):
    """A past shift of the event with one sign-up carrying an hours record."""
    shift = make_shift(event, hours=4)
    signup = services.sign_up(volunteer or VolunteerFactory(), shift)
    past = timezone.now() - timedelta(days=3)
    type(shift).objects.filter(pk=shift.pk).update(starts_at=past, ends_at=past + timedelta(hours=4))
    Signup.objects.filter(pk=signup.pk).update(
        checked_in_at=past,
        checked_out_at=past + timedelta(hours=4),
        hours=Decimal(hours),
        hours_status=status,
    )
    return signup


def test_an_organiser_links_an_event_to_their_townships_approved_activity(
    client, home_page, chengguan, officer
):
    activity = ActivityFactory(township=chengguan, title="“119”消防宣传月进社区")
    client.force_login(officer)
    form_page = client.get(reverse("volunteers:manage_event_new")).content.decode()
    assert "“119”消防宣传月进社区" in form_page
    response = client.post(reverse("volunteers:manage_event_new"), event_data(chengguan, activity))
    event = Event.objects.get(title="消防宣传咨询服务")
    assert response["Location"] == reverse("volunteers:manage_event", args=[event.pk])
    assert event.activity == activity
    assert list(activity.volunteer_events.all()) == [event]
    # The link is optional.
    client.post(reverse("volunteers:manage_event_new"), event_data(chengguan, None, title="无关活动"))
    assert Event.objects.get(title="无关活动").activity is None


def test_another_townships_or_an_unapproved_activity_is_refused_in_the_form(
    client, home_page, chengguan, officer
):
    theirs = ActivityFactory(township=TownshipFactory(name="七贤镇"), title="七贤镇消防演练")
    pending = ActivityFactory(township=chengguan, title="待审核的宣传活动", status=Activity.SUBMITTED)
    client.force_login(officer)
    form_page = client.get(reverse("volunteers:manage_event_new")).content.decode()
    assert "七贤镇消防演练" not in form_page and "待审核的宣传活动" not in form_page
    for activity in (theirs, pending):
        response = client.post(reverse("volunteers:manage_event_new"), event_data(chengguan, activity))
        assert response.status_code == 400
        assert not Event.objects.exists()
    # The publicity team may link any approved activity, county-wide.
    client.force_login(UserFactory(roles=[roles.EDITOR]))
    client.post(reverse("volunteers:manage_event_new"), event_data(chengguan, theirs))
    assert Event.objects.get().activity == theirs


def test_a_link_made_earlier_survives_saving_the_event_again(client, home_page, chengguan, officer):
    county = ActivityFactory(township=TownshipFactory(name="七贤镇"))
    event = EventFactory(township=chengguan, activity=county)  # linked by the publicity team
    client.force_login(officer)
    response = client.post(
        reverse("volunteers:manage_event", args=[event.pk]), event_data(chengguan, county, title="改名")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "改名" and event.activity == county


def test_the_activity_page_sums_the_confirmed_hours_records(client, home_page, chengguan, officer):
    activity = ActivityFactory(township=chengguan)
    morning = EventFactory(township=chengguan, activity=activity, title="上午咨询台")
    afternoon = EventFactory(township=chengguan, activity=activity, title="下午入户宣传")
    served(morning, "2.5")
    served(morning, "3.0")
    served(afternoon, "1.5")
    served(afternoon, "4.0", status=Signup.HOURS_TO_CONFIRM)  # not yet an hours record
    served(EventFactory(township=chengguan), "3.0")  # another event, not linked
    raw = Signup.objects.filter(
        shift__event__activity=activity, hours_status=Signup.HOURS_CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    assert raw == Decimal("7.0")
    client.force_login(officer)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "志愿服务：3 人次，共 7 小时" in page
    assert "上午咨询台" in page and "2 人次，5.5 小时" in page
    assert "下午入户宣传" in page and "1 人次，1.5 小时" in page
    # An activity no event served shows no volunteer section.
    other = client.get(reverse("activities:detail", args=[ActivityFactory(township=chengguan).pk]))
    assert "志愿服务：" not in other.content.decode()


def test_the_activity_page_makes_the_same_queries_however_many_events_served_it(
    client, home_page, chengguan, officer
):
    activity = ActivityFactory(township=chengguan)
    served(EventFactory(township=chengguan, activity=activity), "2.0")
    client.force_login(officer)
    url = reverse("activities:detail", args=[activity.pk])
    client.get(url)
    _response, few = count_queries(client.get, url)
    for _ in range(4):
        event = EventFactory(township=chengguan, activity=activity)
        served(event, "1.0")
        served(event, "1.5")
    response, many = count_queries(client.get, url)
    assert "志愿服务：9 人次，共 12 小时" in response.content.decode()
    assert many == few == 12


def test_deleting_the_activity_keeps_the_event_and_its_hours(chengguan):
    activity = ActivityFactory(township=chengguan)
    event = EventFactory(township=chengguan, activity=activity)
    signup = served(event, "2.0")
    activity.delete()
    event.refresh_from_db()
    signup.refresh_from_db()
    assert event.activity is None and signup.hours == Decimal("2.0")


def test_the_volunteers_history_shows_the_activity_linked_only_where_the_viewer_may_see_it(
    client, home_page, chengguan, officer
):
    activity = ActivityFactory(township=chengguan, title="消防安全进校园")
    volunteer = VolunteerFactory(township=chengguan)
    served(
        EventFactory(township=chengguan, activity=activity, title="校园宣传服务"), "2.0", volunteer=volunteer
    )
    link = f'href="{reverse("activities:detail", args=[activity.pk])}"'
    # The volunteer reads the title, but the activity's staff page is not theirs to open.
    client.force_login(volunteer.user)
    mine = client.get(reverse("volunteers:mine")).content.decode()
    assert "服务的宣传活动：消防安全进校园" in mine and link not in mine
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code in (403, 404)
    # The township's organiser, who may see it, gets the link on the volunteer's record.
    client.force_login(officer)
    record = client.get(reverse("volunteers:volunteer_record", args=[volunteer.pk])).content.decode()
    assert link in record and "消防安全进校园</a>" in record


def test_the_new_lines_read_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("服务的宣传活动：") == "Publicity activity served: "
        assert (
            translation.gettext("志愿服务：%(n)s 人次，共 %(hours)s 小时") % {"n": 3, "hours": "7"}
            == "Volunteer service: 3 attendances, 7 hours in total"
        )
