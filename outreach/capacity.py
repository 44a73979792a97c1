"""Claiming places of a limited resource, with a waiting list whose offers hold freed places.

One way for every part that hands out places (the base's visit slots, volunteer shifts).
Each function is one transaction that first takes the pool's row lock (SELECT … FOR
UPDATE on PostgreSQL; SQLite runs write transactions one at a time, see the settings'
IMMEDIATE transaction mode), so no two requests can give away the same place.

The waiting-list rule (the README states it for the public):
- a claim that does not fit may wait; the waiting list is served in order of priority,
  then arrival;
- when places free up, the waiting claims are walked in that order and every one that
  fits *whole* gets an offer holding its places; one that does not fit keeps its place
  at the head and is passed over only for places it could not use (a group is never
  split);
- an offer holds its places until confirmed, declined or expired; it expires after the
  pool's offer window and never later than `offers_close_at`; past that moment no offer
  is made and freed places are simply free;
- a new claim may take free places only when no waiting claim could use them (free
  places with a fitting claim waiting cannot exist: they would be on offer).

Apps learn of offers and expiries through the `offer_made` and `offer_expired` signals,
sent after the transaction commits, so an e-mail never announces a rolled-back offer.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.dispatch import Signal
from django.utils import timezone

from outreach.models import Claim, Pool

offer_made = Signal()  # sender=Claim, claim=Claim
offer_expired = Signal()  # sender=Claim, claim=Claim


class CapacityError(Exception):
    pass


class Full(CapacityError):
    def __init__(self, left):
        super().__init__(f"only {left} places left")
        self.left = left


class Closed(CapacityError):
    pass


class NotOffered(CapacityError):
    """The claim has no open offer (never had one, or already confirmed or declined)."""


class OfferExpired(CapacityError):
    pass


def create_pool(size, *, offer_window=timedelta(hours=24), offers_close_at=None, label=""):
    return Pool.objects.create(
        size=size, offer_window=offer_window, offers_close_at=offers_close_at, label=label
    )


def _lock(pool_id):
    return Pool.objects.select_for_update().get(pk=pool_id)


def lock(pool_id):
    """Take the pool's row lock in the caller's transaction, before locking any row of its
    own: every function here locks the pool first, then claims, and holds the pool while it
    updates claims, so a caller that locked a claim (or a row it waits on) first could
    deadlock with it. Domain rows may be locked after this, never claims."""
    return _lock(pool_id)


def _taken(pool):
    return pool.claims.filter(status__in=Claim.HOLDING).aggregate(total=Sum("places"))["total"] or 0


def places_left(pool):
    """Free places now (no lock: for display)."""
    return max(pool.size - _taken(pool), 0)


def _after_commit(signal, claims):
    for claim in claims:
        transaction.on_commit(lambda c=claim: signal.send(sender=Claim, claim=c))


def _offer_expiry(pool, now):
    expiry = now + pool.offer_window
    if pool.offers_close_at is not None:
        expiry = min(expiry, pool.offers_close_at)
    return expiry


def _offer_freed(pool, now):
    """Offer free places to the waiting claims that fit, in order; return those offered."""
    if pool.is_closed:
        return []
    expiry = _offer_expiry(pool, now)
    if expiry <= now:
        return []
    left = pool.size - _taken(pool)
    offered = []
    if left <= 0:
        return offered
    for claim in pool.claims.filter(status=Claim.WAITING).order_by("-priority", "created_at", "pk"):
        if claim.places <= left:
            claim.status = Claim.OFFERED
            claim.offer_expires_at = expiry
            claim.save(update_fields=["status", "offer_expires_at"])
            offered.append(claim)
            left -= claim.places
            if left == 0:
                break
    _after_commit(offer_made, offered)
    return offered


@transaction.atomic
def claim(pool_id, places, *, wait=False, priority=0):
    """Take `places` places whole, or queue for them when `wait`, or raise Full / Closed."""
    if places < 1:
        raise ValueError("places must be positive")
    pool = _lock(pool_id)
    if pool.is_closed:
        raise Closed()
    # Free places never sit before a waiting claim that fits (they would be on offer),
    # so taking them passes nobody.
    if places <= pool.size - _taken(pool):
        return Claim.objects.create(pool=pool, places=places, status=Claim.HELD, priority=priority)
    if not wait:
        raise Full(max(pool.size - _taken(pool), 0))
    return Claim.objects.create(pool=pool, places=places, status=Claim.WAITING, priority=priority)


def _release_locked(pool, claim, reason, now):
    claim.status = Claim.RELEASED
    claim.reason = reason
    claim.released_at = now
    claim.offer_expires_at = None
    claim.save(update_fields=["status", "reason", "released_at", "offer_expires_at"])


def _locked_claim(claim_id):
    """Lock the claim's pool first (always pool before claim), then read the claim."""
    pool_id = Claim.objects.values_list("pool_id", flat=True).get(pk=claim_id)
    pool = _lock(pool_id)
    return pool, Claim.objects.select_for_update().get(pk=claim_id)


@transaction.atomic
def release(claim_id, reason="cancelled"):
    """Give the claim's places back (or leave the waiting list); offer them on. Idempotent."""
    now = timezone.now()
    pool, current = _locked_claim(claim_id)
    if current.status == Claim.RELEASED:
        return current, []
    _release_locked(pool, current, reason, now)
    return current, _offer_freed(pool, now)


@transaction.atomic
def resize(claim_id, places):
    """Change a holding claim's size: more only when the places are free; fewer frees them."""
    if places < 1:
        raise ValueError("places must be positive")
    now = timezone.now()
    pool, current = _locked_claim(claim_id)
    if current.status not in Claim.HOLDING and current.status != Claim.WAITING:
        raise NotOffered()
    delta = places - current.places
    if delta > 0 and current.status in Claim.HOLDING:
        left = pool.size - _taken(pool)
        if delta > left:
            raise Full(left)
    current.places = places
    current.save(update_fields=["places"])
    return current, (_offer_freed(pool, now) if delta < 0 else [])


def confirm_offer(claim_id):
    """Turn an open offer into held places. An offer past its expiry is released (and its
    places offered on) and OfferExpired raised after that has been committed."""
    current, expired = _confirm(claim_id)
    if expired:
        raise OfferExpired()
    return current


@transaction.atomic
def _confirm(claim_id):
    now = timezone.now()
    pool, current = _locked_claim(claim_id)
    if current.status != Claim.OFFERED:
        raise NotOffered()
    if current.offer_expires_at is not None and current.offer_expires_at <= now:
        _release_locked(pool, current, "expired", now)
        _after_commit(offer_expired, [current])
        _offer_freed(pool, now)
        return current, True
    current.status = Claim.HELD
    current.offer_expires_at = None
    current.save(update_fields=["status", "offer_expires_at"])
    return current, False


@transaction.atomic
def decline_offer(claim_id):
    now = timezone.now()
    pool, current = _locked_claim(claim_id)
    if current.status != Claim.OFFERED:
        raise NotOffered()
    _release_locked(pool, current, "declined", now)
    return current, _offer_freed(pool, now)


@transaction.atomic
def set_size(pool_id, size):
    """Change a pool's size; never below the places already held."""
    now = timezone.now()
    pool = _lock(pool_id)
    taken = _taken(pool)
    if size < taken:
        raise Full(pool.size - taken)
    pool.size = size
    pool.save(update_fields=["size"])
    return _offer_freed(pool, now)


@transaction.atomic
def set_offer_bounds(pool_id, *, offer_window=None, offers_close_at=None):
    pool = _lock(pool_id)
    if offer_window is not None:
        pool.offer_window = offer_window
    pool.offers_close_at = offers_close_at
    pool.save(update_fields=["offer_window", "offers_close_at"])


@transaction.atomic
def close(pool_id, reason="called_off"):
    """Stop the pool (a visit called off): every claim is released, nobody is offered."""
    now = timezone.now()
    pool = _lock(pool_id)
    pool.is_closed = True
    pool.save(update_fields=["is_closed"])
    released = list(pool.claims.exclude(status=Claim.RELEASED))
    for item in released:
        _release_locked(pool, item, reason, now)
    return released


def expire_offers(now=None):
    """Release every offer past its expiry and offer the places on. Safe to run twice."""
    now = now or timezone.now()
    pool_ids = (
        Claim.objects.filter(status=Claim.OFFERED, offer_expires_at__lte=now)
        .values_list("pool_id", flat=True)
        .distinct()
    )
    expired_total = 0
    for pool_id in list(pool_ids):
        with transaction.atomic():
            pool = _lock(pool_id)
            expired = list(pool.claims.filter(status=Claim.OFFERED, offer_expires_at__lte=now))
            for item in expired:
                _release_locked(pool, item, "expired", now)
            _after_commit(offer_expired, expired)
            _offer_freed(pool, now)
            expired_total += len(expired)
    return expired_total
