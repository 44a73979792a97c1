"""Concurrency on PostgreSQL: many people booking, cancelling and confirming at once never
overbook a slot and never offer the same places twice."""

import secrets
from datetime import time, timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from outreach.models import Claim, Notification
from tests.utils import race
from venues.bookings import services
from venues.bookings.models import OFFERED, WAITING, Booking, BookingRules, Status

from .factories import book, future_slot, group

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions"),
    pytest.mark.django_db(transaction=True),
]


def holding(slot):
    return Claim.objects.filter(pool=slot.pool, status__in=Claim.HOLDING).aggregate(n=Sum("places"))["n"] or 0


def test_200_concurrent_bookings_for_the_last_60_places():
    BookingRules.current()
    slot = future_slot(capacity=100)
    book(slot, 40, 40)  # 60 places left
    counter = iter(range(1000))

    def attempt():
        n = next(counter)
        try:
            booking, _ = services.book(slot.pk, group(20, 20), secrets.token_urlsafe(12), wait=n % 2 == 0)
        except services.SlotFull:
            return "refused"
        return booking.state

    results = race(attempt, n=200, connections=20)
    assert holding(slot) == 100  # 40 + exactly 60, never more
    assert results.count(Status.PENDING) == 3
    assert results.count("refused") + results.count(WAITING) == 197
    assert Booking.objects.waiting().filter(slot=slot).count() == results.count(WAITING)


def test_50_concurrent_cancellations_never_offer_the_same_places_twice():
    BookingRules.current()
    slot = future_slot(capacity=1000)
    held = [book(slot, 20, 20) for _ in range(50)]
    waiting = [book(slot, 20, 20, wait=True) for _ in range(80)]
    pending = iter(held)

    def cancel():
        booking = next(pending)
        services.cancel(booking.pk)
        return booking.pk

    race(cancel, n=50, connections=20)
    assert holding(slot) == 1000
    offered = Claim.objects.filter(pool=slot.pool, status=Claim.OFFERED)
    assert offered.count() == 50
    # The first 50 in line got the offers, each told once.
    first_fifty = {b.claim_id for b in waiting[:50]}
    assert set(offered.values_list("pk", flat=True)) == first_fifty
    assert Notification.objects.filter(key__contains=":offer-", key__endswith=":sms").count() == 50
    assert Booking.objects.filter(slot=slot, claim__status=Claim.OFFERED).count() == 50


@pytest.mark.parametrize("offset_ms", [-50, 0, 30, 80])
def test_an_offer_and_a_late_confirmation_racing_its_expiry_end_consistently(offset_ms):
    BookingRules.current()
    slot = future_slot(capacity=60)
    filler = book(slot, 40, 40)
    offered = book(slot, 30, 30, wait=True)
    next_in_line = book(slot, 30, 30, wait=True)
    services.cancel(filler.pk)  # 60 free → both waiting groups are offered; free nothing else
    services.cancel(next_in_line.pk)  # next_in_line leaves; a third group waits instead
    third = book(slot, 40, 40, wait=True)
    expires = timezone.now() + timedelta(milliseconds=offset_ms + 150)
    Claim.objects.filter(pk=offered.claim_id).update(offer_expires_at=expires)
    calls = iter(range(40))

    def act():
        if next(calls) % 2:
            try:
                services.confirm_offer(offered.pk)
            except services.BookingError:
                return "refused"
            return "confirmed"
        return services.expire_offers()

    results = race(act, n=20, connections=20)
    claim = Claim.objects.get(pk=offered.claim_id)
    booking = Booking.objects.get(pk=offered.pk)
    if claim.status == Claim.HELD:
        assert booking.status == Status.PENDING
        assert "confirmed" in results
        assert Claim.objects.get(pk=third.claim_id).status == Claim.WAITING
    else:
        assert claim.status == Claim.RELEASED and claim.reason == "expired"
        assert booking.status == Status.EXPIRED
        assert "confirmed" not in results
        # Its places went on to the next group that fits, once.
        assert Claim.objects.get(pk=third.claim_id).status == Claim.OFFERED
        assert Notification.objects.filter(key=f"booking:{offered.pk}:expired:sms").count() == 1
    assert holding(slot) <= 60


def _killed_in(child):
    """Run `child` in a forked process that dies (SIGKILL) where it says; return its end."""
    import os
    import signal

    from django.db import connections

    connections.close_all()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        # The child speaks only on a connection of its own, which dies with it (the server
        # then rolls its transaction back); never on a socket it inherited from the parent.
        for conn in connections.all():
            conn.connection = None
        try:
            child(lambda: os.kill(os.getpid(), signal.SIGKILL))
        finally:
            os._exit(3)
    _pid, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("where", ["after_the_claim", "after_the_booking"])
def test_a_process_killed_inside_a_confirmation_leaves_claim_and_booking_consistent(where):
    """The claim, the booking's status and the messages are one transaction: killed between
    them, neither is changed; killed after both (before commit), neither is either."""
    from outreach import capacity

    BookingRules.current()
    slot = future_slot(capacity=60)
    filler = book(slot, 40, 40)
    offered = book(slot, 30, 30, wait=True)
    book(slot, 40, 40, wait=True)
    services.cancel(filler.pk)
    assert Booking.objects.get(pk=offered.pk).state == OFFERED

    def child(die):
        handler = capacity.handler_for(slot.pool)
        original = type(handler).confirmed

        def confirmed(self, claim):
            if where == "after_the_claim":
                die()  # the claim is HELD in this transaction, the booking not yet changed
            original(self, claim)
            die()  # the booking and its message written too, nothing committed

        type(handler).confirmed = confirmed
        services.confirm_offer(offered.pk)

    assert _killed_in(child)
    claim = Claim.objects.get(pk=offered.claim_id)
    booking = Booking.objects.get(pk=offered.pk)
    assert (claim.status, booking.state) == (Claim.OFFERED, OFFERED)
    assert not Notification.objects.filter(key__startswith=f"booking:{offered.pk}:approved").exists()
    # The group confirms again and both move together.
    services.confirm_offer(offered.pk)
    claim.refresh_from_db()
    assert (claim.status, Booking.objects.get(pk=offered.pk).status) == (Claim.HELD, Status.PENDING)
    assert holding(slot) <= 60


def test_a_headcount_increase_racing_a_new_booking_for_the_last_places_overbooks_neither():
    from tests.outreach.factories import UserFactory

    BookingRules.current()
    staff = UserFactory(username="race-staff")
    for _round in range(10):
        slot = future_slot(capacity=60, at=time(8 + _round, 0))
        growing = book(slot, 30, 3)
        # 30 held, 30 left: +20 for the group and a new group of 20 cannot both fit.
        counter = iter(range(2))

        def attempt(slot=slot, growing=growing, counter=counter):
            if next(counter) == 0:
                try:
                    services.change(growing.pk, staff, "家长同行", visitors=50, adults=5)
                except services.BookingError:
                    return "resize refused"
                return "resized"
            try:
                services.book(slot.pk, group(20, 20), secrets.token_urlsafe(12))
            except services.SlotFull:
                return "booking refused"
            return "booked"

        results = race(attempt, n=2)
        assert holding(slot) <= 60
        assert sorted(results) in (["booked", "resize refused"], ["booking refused", "resized"])
        grown = Booking.objects.get(pk=growing.pk)
        assert grown.visitors == grown.claim.places  # the booking and its claim agree


def test_50_concurrent_moves_between_two_slots_keep_both_within_size():
    from tests.outreach.factories import UserFactory

    BookingRules.current()
    staff = UserFactory(username="mover")
    first, second = future_slot(capacity=200), future_slot(capacity=200, days=21)
    groups = [book(first, 20, 20) for _ in range(6)] + [book(second, 20, 20) for _ in range(6)]
    # 120 held in each... 6 × 20 = 120 of 200 each: at most 4 can move either way.
    moves = iter([(b.pk, second.pk if n < 6 else first.pk) for n, b in enumerate(groups)] * 5)

    def move():
        booking_id, target = next(moves)
        try:
            services.move(booking_id, target, staff, "对调场次")
        except services.BookingError:
            return "refused"
        return "moved"

    results = race(move, n=50, connections=20)
    assert holding(first) <= 200 and holding(second) <= 200
    assert holding(first) + holding(second) == 240
    assert "moved" in results
    for booking in Booking.objects.filter(pk__in=[b.pk for b in groups]).select_related("claim__pool"):
        assert booking.claim.pool_id == booking.slot.pool_id and booking.claim.status == Claim.HELD
    assert Claim.objects.filter(pool__in=[first.pool, second.pool], status__in=Claim.HOLDING).count() == 12
