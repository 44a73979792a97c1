import re
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Notice, Signup
from outreach import capacity
from outreach.models import Claim, Notification

from .factories import VolunteerFactory, make_shift

pytestmark = pytest.mark.django_db


def full_shift_with_queue(django_capture_on_commit_callbacks, start_in=timedelta(days=3), waiting=2):
    shift = make_shift(places=1, start_in=start_in)
    holder = services.sign_up(VolunteerFactory(), shift)
    queue = [services.sign_up(VolunteerFactory(), shift, wait=True) for _ in range(waiting)]
    return shift, holder, queue


def test_freed_place_is_offered_to_the_first_waiting_by_mail_sms_and_notice(
    django_capture_on_commit_callbacks,
):
    shift, holder, (first, second) = full_shift_with_queue(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder)
    first.claim.refresh_from_db()
    second.claim.refresh_from_db()
    assert first.claim.status == Claim.OFFERED and second.claim.status == Claim.WAITING
    mail = Notification.objects.get(
        key__startswith=f"volunteers:offer:{first.pk}", channel=Notification.EMAIL
    )
    # The link's token is signed with the time it was made: read it back, not rebuilt.
    token = re.search(r"/volunteers/offer/([^/\s]+)/", mail.body).group(1)
    assert services.signup_from_token(token) == first
    assert Notification.objects.filter(
        key__startswith=f"volunteers:offer:{first.pk}", channel=Notification.SMS
    ).exists()
    assert Notice.objects.filter(volunteer=first.volunteer, link__contains="/volunteers/offer/").exists()


def test_offer_window_is_12_hours_when_the_shift_is_far(django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(django_capture_on_commit_callbacks)
    before = timezone.now()
    services.cancel(holder)
    first.claim.refresh_from_db()
    assert (
        timedelta(hours=11, minutes=59)
        < first.claim.offer_expires_at - before
        <= timedelta(hours=12, seconds=5)
    )


def test_offer_never_lasts_past_two_hours_before_the_shift(django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(
        django_capture_on_commit_callbacks, start_in=timedelta(hours=6)
    )
    services.cancel(holder)
    first.claim.refresh_from_db()
    assert first.claim.offer_expires_at == shift.starts_at - timedelta(hours=2)


def test_no_offer_within_two_hours_of_the_start_or_after_it(django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(
        django_capture_on_commit_callbacks, start_in=timedelta(hours=1)
    )
    services.cancel(holder)
    first.claim.refresh_from_db()
    assert first.claim.status == Claim.WAITING


def test_confirm_by_link_holds_the_place(client, django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    url = f"/volunteers/offer/{services.offer_token(first)}/"
    assert "确认参加" in client.get(url).content.decode()
    response = client.post(url, {"answer": "confirm"})
    assert response.status_code == 200
    first.claim.refresh_from_db()
    assert first.claim.status == Claim.HELD
    assert "已确认" in response.content.decode()


def test_decline_by_link_offers_the_next(client, django_capture_on_commit_callbacks):
    shift, holder, (first, second) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    client.post(f"/volunteers/offer/{services.offer_token(first)}/", {"answer": "decline"})
    first.refresh_from_db()
    second.claim.refresh_from_db()
    assert first.state == Signup.DECLINED
    assert second.claim.status == Claim.OFFERED


def test_forged_link_is_refused_and_changes_nothing(client, django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    token = services.offer_token(first)
    for bad in [token[:-2] + "xx", "abc", token.replace(":", ";")]:
        response = client.post(f"/volunteers/offer/{bad}/", {"answer": "confirm"})
        assert response.status_code == 404
        assert "链接无效" in response.content.decode()
    first.claim.refresh_from_db()
    assert first.claim.status == Claim.OFFERED


def test_link_of_another_signup_claim_pair_is_refused(client, django_capture_on_commit_callbacks):
    from django.core import signing

    shift, holder, (first, second) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    mixed = signing.dumps({"s": first.pk, "c": second.claim_id}, salt="wrong-salt")
    assert client.post(f"/volunteers/offer/{mixed}/", {"answer": "confirm"}).status_code == 404


def test_expired_offer_link_says_so_and_the_place_goes_on(client, django_capture_on_commit_callbacks):
    shift, holder, (first, second) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    Claim.objects.filter(pk=first.claim_id).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/volunteers/offer/{services.offer_token(first)}/", {"answer": "confirm"})
    assert response.status_code == 409
    assert "已过确认时间" in response.content.decode()
    first.refresh_from_db()
    second.claim.refresh_from_db()
    assert first.state == Signup.LAPSED
    assert second.claim.status == Claim.OFFERED


def test_the_expiry_schedule_moves_the_offer_on(django_capture_on_commit_callbacks):
    shift, holder, (first, second) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    with django_capture_on_commit_callbacks(execute=True):
        assert capacity.expire_offers(now=timezone.now() + timedelta(hours=13)) == 1
    first.refresh_from_db()
    second.claim.refresh_from_db()
    assert first.state == Signup.LAPSED
    assert second.claim.status == Claim.OFFERED
    assert Notice.objects.filter(volunteer=first.volunteer, key=f"volunteers:lapsed:{first.pk}").exists()


def test_offer_messages_are_not_sent_twice_when_the_receiver_runs_twice(django_capture_on_commit_callbacks):
    shift, holder, (first, _) = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.cancel(holder)
    first.claim.refresh_from_db()
    services.ShiftClaims().offered(first.claim)
    services.ShiftClaims().offered(first.claim)
    assert (
        Notification.objects.filter(key__startswith=f"volunteers:offer:{first.pk}").count() == 2
    )  # mail + sms
    assert Notice.objects.filter(volunteer=first.volunteer, key__startswith="volunteers:offer").count() == 1


def test_cancelling_the_event_tells_everyone_signed_up_or_waiting(django_capture_on_commit_callbacks):
    shift, holder, queue = full_shift_with_queue(django_capture_on_commit_callbacks)
    assert services.cancel_event(shift.event) == 3
    for signup in [holder, *queue]:
        signup.refresh_from_db()
        assert signup.state == Signup.CALLED_OFF
        assert Notification.objects.filter(key=f"volunteers:called-off:{signup.pk}:mail").exists()
    assert services.cancel_event(shift.event) == 0


def test_moving_a_shift_tells_everyone_signed_up(django_capture_on_commit_callbacks):
    shift, holder, queue = full_shift_with_queue(django_capture_on_commit_callbacks)
    services.update_shift(
        shift, starts_at=shift.starts_at + timedelta(hours=1), ends_at=shift.ends_at + timedelta(hours=1)
    )
    assert Notification.objects.filter(key__startswith="volunteers:changed:").count() == 3
    shift.pool.refresh_from_db()
    assert shift.pool.offers_close_at == shift.starts_at - timedelta(hours=2)
