"""The shared capacity service: places claimed whole, a waiting list served in order to
claims that fit, offers that hold places until confirmed, declined or expired."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from outreach import capacity
from outreach.models import Claim
from tests.utils import race

pytestmark = pytest.mark.django_db


def pool(size=50, **kwargs):
    return capacity.create_pool(size, **kwargs)


def statuses(p):
    return list(p.claims.order_by("pk").values_list("places", "status"))


def test_claims_fit_until_full_then_refuse_or_wait():
    p = pool(50)
    capacity.claim(p.pk, 30)
    capacity.claim(p.pk, 20)
    with pytest.raises(capacity.Full) as refused:
        capacity.claim(p.pk, 1)
    assert refused.value.left == 0
    waiting = capacity.claim(p.pk, 25, wait=True)
    assert waiting.status == Claim.WAITING
    assert capacity.places_left(p) == 0


def test_claim_too_big_for_whats_left_is_refused_whole():
    p = pool(50)
    capacity.claim(p.pk, 40)
    with pytest.raises(capacity.Full) as refused:
        capacity.claim(p.pk, 11)
    assert refused.value.left == 10
    assert capacity.places_left(p) == 10


def test_freed_places_go_to_the_first_waiting_claim_that_fits_never_split():
    p = pool(50)
    first = capacity.claim(p.pk, 30)
    capacity.claim(p.pk, 20)
    big = capacity.claim(p.pk, 40, wait=True)  # first in line, but 30 places will not hold 40
    small = capacity.claim(p.pk, 25, wait=True)
    smaller = capacity.claim(p.pk, 5, wait=True)
    _released, offered = capacity.release(first.pk)
    assert [c.pk for c in offered] == [small.pk, smaller.pk]
    big.refresh_from_db()
    assert big.status == Claim.WAITING  # keeps its place at the head for later
    assert capacity.places_left(p) == 0


def test_priority_goes_before_arrival():
    p = pool(20)
    held = capacity.claim(p.pk, 20)
    early = capacity.claim(p.pk, 20, wait=True)
    called_off = capacity.claim(p.pk, 20, wait=True, priority=1)
    _released, offered = capacity.release(held.pk)
    assert [c.pk for c in offered] == [called_off.pk]
    early.refresh_from_db()
    assert early.status == Claim.WAITING


def test_offer_expires_after_the_window_but_never_after_offers_close():
    now = timezone.now()
    p = pool(10, offer_window=timedelta(hours=24), offers_close_at=now + timedelta(hours=5))
    held = capacity.claim(p.pk, 10)
    capacity.claim(p.pk, 10, wait=True)
    _released, [offer] = capacity.release(held.pk)
    assert offer.offer_expires_at == p.offers_close_at

    q = pool(10, offer_window=timedelta(hours=12), offers_close_at=now + timedelta(days=5))
    held = capacity.claim(q.pk, 10)
    capacity.claim(q.pk, 10, wait=True)
    _released, [offer] = capacity.release(held.pk)
    assert timedelta(hours=11, minutes=59) < offer.offer_expires_at - now <= timedelta(hours=12, seconds=5)


def test_no_offer_once_offers_have_closed():
    p = pool(10, offers_close_at=timezone.now() - timedelta(minutes=1))
    held = capacity.claim(p.pk, 10)
    waiting = capacity.claim(p.pk, 10, wait=True)
    _released, offered = capacity.release(held.pk)
    assert offered == []
    waiting.refresh_from_db()
    assert waiting.status == Claim.WAITING
    assert capacity.places_left(p) == 10


def test_confirm_turns_an_offer_into_held_places():
    p = pool(10)
    held = capacity.claim(p.pk, 10)
    waiting = capacity.claim(p.pk, 8, wait=True)
    capacity.release(held.pk)
    confirmed = capacity.confirm_offer(waiting.pk)
    assert confirmed.status == Claim.HELD
    assert confirmed.offer_expires_at is None
    with pytest.raises(capacity.NotOffered):
        capacity.confirm_offer(waiting.pk)


def test_late_confirmation_is_refused_and_the_places_go_on():
    p = pool(10)
    held = capacity.claim(p.pk, 10)
    late = capacity.claim(p.pk, 10, wait=True)
    nxt = capacity.claim(p.pk, 6, wait=True)
    capacity.release(held.pk)
    Claim.objects.filter(pk=late.pk).update(offer_expires_at=timezone.now() - timedelta(seconds=1))
    answered = capacity.confirm_offer(late.pk)  # answered, committed, not raised
    assert (answered.status, answered.reason) == (Claim.RELEASED, "expired")
    late.refresh_from_db()
    nxt.refresh_from_db()
    assert (late.status, late.reason) == (Claim.RELEASED, "expired")
    assert nxt.status == Claim.OFFERED


def test_decline_offers_the_places_to_the_next():
    p = pool(10)
    held = capacity.claim(p.pk, 10)
    first = capacity.claim(p.pk, 10, wait=True)
    second = capacity.claim(p.pk, 10, wait=True)
    capacity.release(held.pk)
    _declined, offered = capacity.decline_offer(first.pk)
    assert [c.pk for c in offered] == [second.pk]


def test_expire_offers_is_safe_to_run_twice():
    p = pool(10)
    held = capacity.claim(p.pk, 10)
    first = capacity.claim(p.pk, 10, wait=True)
    second = capacity.claim(p.pk, 10, wait=True)
    capacity.release(held.pk)
    later = timezone.now() + timedelta(hours=25)
    assert capacity.expire_offers(now=later) == 1
    assert capacity.expire_offers(now=later) == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Claim.RELEASED
    assert second.status == Claim.OFFERED


def test_resize_within_the_places_left():
    p = pool(50)
    group = capacity.claim(p.pk, 30)
    capacity.claim(p.pk, 15)
    with pytest.raises(capacity.Full):
        capacity.resize(group.pk, 36)
    capacity.resize(group.pk, 35)
    assert capacity.places_left(p) == 0
    waiting = capacity.claim(p.pk, 10, wait=True)
    _resized, offered = capacity.resize(group.pk, 25)
    assert [c.pk for c in offered] == [waiting.pk]


def test_release_is_idempotent_and_frees_places_once():
    p = pool(10)
    held = capacity.claim(p.pk, 10)
    capacity.release(held.pk)
    capacity.release(held.pk)
    assert capacity.places_left(p) == 10


def test_closing_releases_everyone_and_offers_nothing():
    p = pool(10)
    capacity.claim(p.pk, 6)
    capacity.claim(p.pk, 10, wait=True)
    released = capacity.close(p.pk, "called_off")
    assert len(released) == 2
    assert set(p.claims.values_list("reason", flat=True)) == {"called_off"}
    with pytest.raises(capacity.Closed):
        capacity.claim(p.pk, 1)


def test_pool_cannot_shrink_below_held_places_and_growing_offers():
    p = pool(10)
    capacity.claim(p.pk, 10)
    waiting = capacity.claim(p.pk, 5, wait=True)
    with pytest.raises(capacity.Full):
        capacity.set_size(p.pk, 9)
    offered = capacity.set_size(p.pk, 15)
    assert [c.pk for c in offered] == [waiting.pk]


class Recorder(capacity.Handler):
    """A kind of pool's handler that records what it is told, and may refuse."""

    def __init__(self):
        self.calls = []
        self.refuse = None

    def admit(self, pool, places, party):
        self.calls.append(("admit", party))
        if self.refuse:
            raise self.refuse

    def confirming(self, claim):
        self.calls.append(("confirming", claim.pk))
        if self.refuse:
            raise self.refuse

    def confirmed(self, claim):
        self.calls.append(("confirmed", claim.pk))

    def offered(self, claim):
        self.calls.append(("offered", claim.pk, claim.status))

    def expired(self, claim):
        self.calls.append(("expired", claim.pk, claim.status))


@pytest.fixture
def recorder():
    handler = Recorder()
    capacity.register("test.recorder", handler)
    yield handler
    capacity._handlers.pop("test.recorder", None)


class Nope(Exception):
    pass


def test_the_kinds_handler_is_told_inside_the_transaction(recorder, django_capture_on_commit_callbacks):
    p = pool(10, kind="test.recorder")
    held = capacity.claim(p.pk, 10, party="group A")
    waiting = capacity.claim(p.pk, 10, wait=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        capacity.release(held.pk)
    assert callbacks == []  # nothing waits for a commit: the handler ran in the transaction
    assert recorder.calls == [("admit", "group A"), ("offered", waiting.pk, Claim.OFFERED)]
    capacity.confirm_offer(waiting.pk)
    assert recorder.calls[-2:] == [("confirming", waiting.pk), ("confirmed", waiting.pk)]


def test_a_handler_that_refuses_undoes_the_claims_change(recorder):
    p = pool(10, kind="test.recorder")
    held = capacity.claim(p.pk, 10)
    waiting = capacity.claim(p.pk, 10, wait=True)
    capacity.release(held.pk)
    recorder.refuse = Nope()
    with pytest.raises(Nope):
        capacity.confirm_offer(waiting.pk)
    assert Claim.objects.get(pk=waiting.pk).status == Claim.OFFERED
    with pytest.raises(Nope):
        capacity.claim(p.pk, 1, wait=True, party="refused group")
    assert p.claims.count() == 2


def test_an_expired_offer_is_told_with_the_next_offer_in_one_transaction(recorder):
    p = pool(10, kind="test.recorder")
    held = capacity.claim(p.pk, 10)
    late = capacity.claim(p.pk, 10, wait=True)
    nxt = capacity.claim(p.pk, 10, wait=True)
    capacity.release(held.pk)
    Claim.objects.filter(pk=late.pk).update(offer_expires_at=timezone.now() - timedelta(seconds=1))
    assert capacity.confirm_offer(late.pk).status == Claim.RELEASED
    assert recorder.calls[-2:] == [("expired", late.pk, Claim.RELEASED), ("offered", nxt.pk, Claim.OFFERED)]


def test_a_pool_size_out_of_range_is_refused():
    for size in (-1, 2**31, "12"):
        with pytest.raises(ValueError):
            pool(size)


def test_with_taken_annotates_the_held_places():
    p = pool(50)
    capacity.claim(p.pk, 20)
    waiting_pool = pool(5)
    capacity.claim(waiting_pool.pk, 5)
    capacity.claim(waiting_pool.pk, 5, wait=True)
    taken = dict(capacity.with_places_left(type(p).objects.all(), pool="").values_list("pk", "taken"))
    assert taken == {p.pk: 20, waiting_pool.pk: 5}


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_100_threads_for_the_last_20_places_end_with_exactly_20():
    p = pool(50)
    capacity.claim(p.pk, 30)

    def one():
        return capacity.claim(p.pk, 1, wait=True).status

    results = race(one, n=100, connections=40)
    assert results.count(Claim.HELD) == 20
    assert results.count(Claim.WAITING) == 80
    assert capacity.places_left(p) == 0
    assert p.claims.filter(status=Claim.HELD).count() == 21


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_100_threads_without_waiting_are_refused_cleanly():
    p = pool(20)

    def one():
        try:
            return capacity.claim(p.pk, 1).status
        except capacity.Full:
            return "full"

    results = race(one, n=100, connections=40)
    assert results.count(Claim.HELD) == 20
    assert results.count("full") == 80


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_never_offer_the_same_places_twice():
    p = pool(50)
    held = [capacity.claim(p.pk, 5) for _ in range(10)]
    waiting = [capacity.claim(p.pk, 5, wait=True) for _ in range(15)]
    it = iter(held)

    def cancel():
        return len(capacity.release(next(it).pk)[1])

    offers = race(cancel, n=10)
    assert sum(offers) == 10
    assert p.claims.filter(status=Claim.OFFERED).count() == 10
    assert capacity.places_left(p) == 0
    offered_ids = set(p.claims.filter(status=Claim.OFFERED).values_list("pk", flat=True))
    assert offered_ids == {c.pk for c in waiting[:10]}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_late_confirmation_racing_expiry_ends_consistently():
    for _ in range(5):
        p = pool(10)
        held = capacity.claim(p.pk, 10)
        offered = capacity.claim(p.pk, 10, wait=True)
        capacity.claim(p.pk, 10, wait=True)
        capacity.release(held.pk)
        Claim.objects.filter(pk=offered.pk).update(
            offer_expires_at=timezone.now() + timedelta(milliseconds=5)
        )

        def confirm(offered=offered):
            try:
                return capacity.confirm_offer(offered.pk).status
            except capacity.NotOffered:
                return "refused"

        def expire():
            return capacity.expire_offers(now=timezone.now() + timedelta(seconds=1))

        jobs = iter([confirm, expire])
        race(lambda jobs=jobs: next(jobs)(), n=2)
        holding = sum(p.claims.filter(status__in=Claim.HOLDING).values_list("places", flat=True))
        assert holding == 10


def test_no_module_outside_capacity_counts_or_copies_places():
    """Places are the pool's and are counted in outreach/capacity.py only: no other module
    sums claims' places, and no domain model keeps a copy of a pool's size."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    counting = []
    for package in ("outreach", "campaigns", "courses", "venues", "themes"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts or path == root / "outreach" / "capacity.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "claims__places" in text or 'Sum("places")' in text:
                counting.append(str(path.relative_to(root)))
    assert counting == []
    copies = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model is not Claim
        and any(f.is_relation and f.related_model is type(pool(1)) for f in model._meta.fields)
        for field in model._meta.concrete_fields
        if field.name in ("capacity", "places", "size", "taken")
    ]
    assert copies == []
