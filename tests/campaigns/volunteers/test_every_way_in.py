"""Every way into a place on a shift (sign-up, confirming an offer, an organiser's add)
runs the same rules, inside the capacity service's transaction."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Notice, Shift, Signup
from outreach.models import Claim, Notification

from .factories import EventFactory, VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def test_an_offer_on_a_shift_needing_approval_still_needs_it():
    shift = make_shift(places=1, method=Shift.APPROVAL)
    volunteer = VolunteerFactory()
    holder = services.sign_up(VolunteerFactory(), shift)
    services.approve(holder)
    waiting = services.sign_up(volunteer, shift, wait=True)
    services.cancel(holder)
    signup = services.confirm_offer(waiting)
    signup.refresh_from_db()
    assert signup.claim.status == Claim.HELD and not signup.approved
    assert signup.roster_status == "pending"
    assert Notice.objects.filter(key=f"volunteers:pending:{signup.pk}").exists()
    assert not Notification.objects.filter(key__startswith=f"volunteers:confirmed:{signup.pk}").exists()


def test_confirming_an_offer_re_checks_overlap():
    volunteer = VolunteerFactory()
    morning = make_shift(places=1, start_in=timedelta(days=3), hours=3)
    holder = services.sign_up(VolunteerFactory(), morning)
    waiting = services.sign_up(volunteer, morning, wait=True)
    # While waiting, the volunteer takes another shift at the same time (allowed: waiting
    # holds no place).
    same_time = make_shift(EventFactory(), places=3, start_in=timedelta(days=3, hours=1), hours=2)
    services.sign_up(volunteer, same_time)
    services.cancel(holder)
    with pytest.raises(services.Refused) as refused:
        services.confirm_offer(waiting)
    assert "冲突" in refused.value.message
    waiting.refresh_from_db()
    assert waiting.claim.status == Claim.OFFERED and waiting.state == Signup.ACTIVE
    assert Signup.objects.holding().filter(volunteer=volunteer, claim__status=Claim.HELD).count() == 1


def test_an_organisers_add_runs_the_same_rules_except_the_deadline():
    start_in = timedelta(hours=5)
    shift = make_shift(places=2, start_in=start_in, signup_deadline=timezone.now() - timedelta(minutes=1))
    volunteer = VolunteerFactory()
    with pytest.raises(services.Refused):
        services.sign_up(volunteer, shift)  # past the volunteers' own deadline
    signup = services.add_by_organiser(shift, volunteer)
    assert signup.claim.status == Claim.HELD and signup.approved
    # Overlap, age and a full shift are refused here too.
    overlapping = make_shift(EventFactory(), places=2, start_in=start_in, hours=1)
    with pytest.raises(services.Refused) as refused:
        services.add_by_organiser(overlapping, volunteer)
    assert "冲突" in refused.value.message
    child = VolunteerFactory(birth_date=date.today() - timedelta(days=365 * 12))
    with pytest.raises(services.Refused):
        services.add_by_organiser(shift, child)
    services.add_by_organiser(shift, VolunteerFactory())
    with pytest.raises(services.Refused):
        services.add_by_organiser(shift, VolunteerFactory())
    assert Signup.objects.filter(shift=shift).count() == 2
    assert Claim.objects.filter(pool=shift.pool).count() == 2


def test_a_shifts_places_are_its_pools_size():
    shift = make_shift(places=2)
    assert not any(field.name == "places" for field in Shift._meta.concrete_fields)
    services.update_shift(Shift.objects.get(pk=shift.pk), places=4)
    shift = Shift.objects.get(pk=shift.pk)
    assert shift.places == shift.pool.size == 4


def test_the_organiser_adds_a_volunteer_from_the_roster_within_their_scope(client, home_page):
    from django.urls import reverse

    from outreach import roles
    from tests.outreach.factories import TownshipFactory, UserFactory

    township, other = TownshipFactory(), TownshipFactory()
    shift = make_shift(EventFactory(township=township), places=1)
    mine = VolunteerFactory(township=township)
    client.force_login(UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=township))
    url = reverse("volunteers:add_volunteer", args=[shift.pk])
    response = client.post(url, {"who": VolunteerFactory(township=other).number})
    assert response["Location"] == reverse("volunteers:roster", args=[shift.pk])
    assert not Signup.objects.exists()  # a volunteer outside the officer's township
    client.post(url, {"who": mine.mobile})
    signup = Signup.objects.get()
    assert signup.volunteer == mine and signup.approved and signup.claim.status == Claim.HELD
    page = client.post(url, {"who": VolunteerFactory(township=township).number}, follow=True)
    assert "已满" in page.content.decode() and Signup.objects.count() == 1
    elsewhere = make_shift(EventFactory(township=other), places=1)
    response = client.post(reverse("volunteers:add_volunteer", args=[elsewhere.pk]), {"who": mine.mobile})
    assert response.status_code == 404
