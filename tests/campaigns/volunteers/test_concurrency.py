"""PostgreSQL only: real concurrent transactions on one shift."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Signup, Volunteer
from outreach import capacity
from outreach.models import Claim
from tests.utils import race

from .factories import make_shift

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions"),
    pytest.mark.django_db(transaction=True),
]


def make_volunteers(n, prefix):
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"{prefix}{i}") for i in range(n)])
    return Volunteer.objects.bulk_create(
        [
            Volunteer(
                user=user, number=f"{prefix}{i}", name=f"志愿者{i}", mobile=None, birth_date=date(1990, 1, 1)
            )
            for i, user in enumerate(users)
        ]
    )


def test_200_volunteers_at_once_for_20_places_end_with_20_confirmed_and_the_rest_waiting_in_arrival_order():
    shift = make_shift(places=20)
    volunteers = iter(make_volunteers(200, "race1"))

    def one():
        return services.sign_up(next(volunteers), shift, wait=True).claim.status

    results = race(one, n=200, connections=20)
    assert results.count(Claim.HELD) == 20
    assert results.count(Claim.WAITING) == 180
    signups = list(
        Signup.objects.filter(shift=shift).select_related("claim").order_by("claim__created_at", "claim__pk")
    )
    held = [s for s in signups if s.claim.status == Claim.HELD]
    waiting = [s for s in signups if s.claim.status == Claim.WAITING]
    assert len(held) == 20 and len(waiting) == 180
    # Arrival order: every confirmed place was taken before anyone was put on the list.
    assert max(s.claim.created_at for s in held) <= min(s.claim.created_at for s in waiting)
    # and a freed place goes to the first who arrived on the waiting list.
    services.cancel(held[0])
    first = waiting[0]
    first.claim.refresh_from_db()
    assert first.claim.status == Claim.OFFERED
    assert Claim.objects.filter(pool=shift.pool, status__in=Claim.HOLDING).count() == 20


def test_a_cancellation_racing_an_offers_expiry_never_gives_one_place_to_two_people():
    for round_ in range(5):
        shift = make_shift(places=2, start_in=timedelta(days=3 + round_))
        a, b, c, d, e = make_volunteers(5, f"r{round_}x")
        held_a = services.sign_up(a, shift)
        held_b = services.sign_up(b, shift)
        offered = services.sign_up(c, shift, wait=True)
        for v in (d, e):
            services.sign_up(v, shift, wait=True)
        services.cancel(held_a)  # c is offered the place
        Claim.objects.filter(pk=offered.claim_id).update(
            offer_expires_at=timezone.now() + timedelta(milliseconds=5)
        )

        def cancel_b(held_b=held_b):
            return services.cancel(held_b).state

        def expire():
            return capacity.expire_offers(now=timezone.now() + timedelta(seconds=1))

        def confirm_c(offered=offered):
            try:
                return services.confirm_offer(offered).claim.status
            except services.Refused:
                return "refused"

        jobs = iter([cancel_b, expire, confirm_c])
        race(lambda jobs=jobs: next(jobs)(), n=3)
        holding = list(Claim.objects.filter(pool=shift.pool, status__in=Claim.HOLDING))
        assert len(holding) <= 2
        owners = list(Signup.objects.filter(claim__in=holding).values_list("volunteer_id", flat=True))
        assert len(owners) == len(set(owners)) == len(holding)
        # Nobody holds a place while their sign-up says it ended.
        assert not Signup.objects.filter(claim__in=holding).exclude(state=Signup.ACTIVE).exists()


def test_120_registrations_at_once_all_succeed_with_unique_volunteer_numbers():
    from outreach.models import Township

    township = Township.objects.create(name="并发镇", code="race-reg")
    mobiles = iter(f"1370000{i:04d}" for i in range(120))

    def one():
        return services.register(
            name="并发注册",
            mobile=next(mobiles),
            password="huo-zai-119-xiao",
            township=township,
            birth_date=date(1990, 1, 1),
        ).number

    numbers = race(one, n=120, connections=30)  # any error in a thread fails here
    assert len(numbers) == 120 and len(set(numbers)) == 120
    year = timezone.localdate().year
    assert sorted(numbers) == [f"XW{year}{i:05d}" for i in range(1, 121)]


def test_20_certificates_issued_at_once_get_20_distinct_numbers():
    from campaigns.volunteers.identity import resident_check_char
    from campaigns.volunteers.models import Certificate

    first = "41082119900101001"
    id_number = first + resident_check_char(first)
    shift = make_shift(places=20, start_in=timedelta(days=-2))
    volunteers = make_volunteers(20, "cert")
    for volunteer in volunteers:
        services.set_identity(volunteer, Volunteer.ID_RESIDENT, id_number)
        signup = services.sign_up(volunteer, shift, now=shift.starts_at - timedelta(days=1))
        services.check_in(shift, signup.code, now=shift.starts_at)
        services.check_out(shift, signup.code, now=shift.ends_at)
        services.confirm_hours(signup, None)
    queue = iter(volunteers)

    def one():
        return services.issue_certificate(
            next(queue), None, township_id=None, issuer="修武县消防救援大队", handler="小王"
        ).number

    numbers = race(one, n=20)
    assert len(set(numbers)) == 20
    assert Certificate.objects.count() == 20


def test_ten_wrong_guesses_at_once_spend_exactly_the_five_tries_of_a_code():
    from campaigns.volunteers import registration
    from campaigns.volunteers.models import RegistrationCode
    from outreach.models import Township

    registration.request_code("13600000001")
    township = Township.objects.create(name="并发镇", code="race-code")

    def guess():
        try:
            registration.register_with_code(
                mobile="13600000001",
                code="not-it",
                name="猜测",
                password="huo-zai-119-xiao",
                township=township,
                birth_date=date(1990, 1, 1),
            )
        except services.Refused as refused:
            return refused.message
        return "registered"

    answers = race(guess, n=10)
    assert "registered" not in answers
    assert RegistrationCode.objects.get(mobile="13600000001").attempts == registration.MAX_TRIES
    assert not Volunteer.objects.filter(mobile="13600000001").exists()
