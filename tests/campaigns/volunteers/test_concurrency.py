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
