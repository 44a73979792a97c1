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

Capacity owns the whole claim. Each kind of pool has a handler its app registers (`register`,
the way wagtail_hooks work; this module imports no app): what a claim is for, who to tell,
which rules to re-check. Capacity calls it inside its own transaction, holding the pool's
row lock, right after it changed the claim, so the app's record, its outbox messages and
the claim commit together or not at all; a handler that raises (a rule says no) rolls the
claim's change back with it. There is no moment at which a claim and the record it stands
for disagree.

Places are read here only: a pool's size and what its claims take (`places_left`,
`with_places_left`); apps never copy them.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from outreach.models import Claim, Pool

MAX_SIZE = 2**31 - 1  # the column's range on every database


class Handler:
    """What an app does with the claims of its kind of pool. Every method runs inside the
    capacity function's transaction, after the pool's row lock (lock the app's own rows
    after it, never a claim); raise to refuse, and the whole change is undone."""

    def admit(self, pool, places, party):
        """A new claim for `party` (what the app passed to `claim`) is about to be made:
        check the app's rules for it."""

    def confirming(self, claim):
        """An offered claim is about to hold its places: re-check the app's rules."""

    def confirmed(self, claim):
        """An offer was confirmed: the claim holds its places now."""

    def offered(self, claim):
        """Freed places are offered to this waiting claim (until claim.offer_expires_at)."""

    def expired(self, claim):
        """This claim's offer ran out; its places went on to the next."""


_handlers = {}
_NO_HANDLER = Handler()


def register(kind, handler):
    """An app's handler for its kind of pool (called from its AppConfig.ready)."""
    _handlers[kind] = handler


def handler_for(pool):
    return _handlers.get(pool.kind, _NO_HANDLER)


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


def _check_size(size):
    if not isinstance(size, int) or not 0 <= size <= MAX_SIZE:
        raise ValueError("a pool's size must be a whole number from 0 to 2**31 - 1")


def create_pool(size, *, kind="", offer_window=timedelta(hours=24), offers_close_at=None, label=""):
    _check_size(size)
    return Pool.objects.create(
        size=size, kind=kind, offer_window=offer_window, offers_close_at=offers_close_at, label=label
    )


def _lock(pool_id):
    return Pool.objects.select_for_update().get(pk=pool_id)


def lock(pool_id):
    """Take the pool's row lock in the caller's transaction, before locking any row of its
    own: every function here locks the pool first, then claims, and holds the pool while it
    updates claims, so a caller that locked a claim (or a row it waits on) first could
    deadlock with it. Domain rows may be locked after this, never claims."""
    return _lock(pool_id)


def _holding(prefix=""):
    return Q(**{f"{prefix}claims__status__in": Claim.HOLDING})


def _taken(pool):
    return pool.claims.filter(status__in=Claim.HOLDING).aggregate(total=Sum("places"))["total"] or 0


def places_left(pool):
    """Free places now (no lock: for display)."""
    return max(pool.size - _taken(pool), 0)


def with_places_left(queryset, pool="pool"):
    """Annotate `taken` (places held or on offer), `size` and `places_left` on a queryset
    of pools (pool="") or of rows with a pool at `pool`: one query for a whole page."""
    prefix = f"{pool}__" if pool else ""
    return queryset.annotate(
        taken=Coalesce(Sum(f"{prefix}claims__places", filter=_holding(prefix)), 0),
        pool_size=F(f"{prefix}size"),
    ).annotate(places_left=Greatest(F("pool_size") - F("taken"), Value(0)))


def places_waiting(key, **filters):
    """{value of `key`: places asked for on the waiting list} over the waiting claims that
    match `filters`, in one query (e.g. key="pool__visit_slot", pool__visit_slot__in=slots)."""
    return dict(
        Claim.objects.filter(status=Claim.WAITING, **filters)
        .order_by()
        .values(key)
        .annotate(n=Sum("places"))
        .values_list(key, "n")
    )


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
    handler = handler_for(pool)
    for claim in offered:
        handler.offered(claim)
    return offered


@transaction.atomic
def claim(pool_id, places, *, wait=False, priority=0, party=None):
    """Take `places` places whole, or queue for them when `wait`, or raise Full / Closed.
    With `party`, the pool's handler first checks its rules for it (under the lock)."""
    if places < 1:
        raise ValueError("places must be positive")
    pool = _lock(pool_id)
    if pool.is_closed:
        raise Closed()
    if party is not None:
        handler_for(pool).admit(pool, places, party)
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


@transaction.atomic
def confirm_offer(claim_id):
    """Turn an open offer into held places, in one transaction with the handler's re-check
    of the app's rules and its record's change. Returns the claim: HELD when confirmed, or
    RELEASED with reason "expired" when the offer had run out (its places are offered on,
    in the same transaction). NotOffered when there is no open offer."""
    now = timezone.now()
    pool, current = _locked_claim(claim_id)
    if current.status != Claim.OFFERED:
        raise NotOffered()
    handler = handler_for(pool)
    if current.offer_expires_at is not None and current.offer_expires_at <= now:
        _release_locked(pool, current, "expired", now)
        handler.expired(current)
        _offer_freed(pool, now)
        return current
    handler.confirming(current)
    current.status = Claim.HELD
    current.offer_expires_at = None
    current.save(update_fields=["status", "offer_expires_at"])
    handler.confirmed(current)
    return current


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
    _check_size(size)
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
            handler = handler_for(pool)
            for item in expired:
                _release_locked(pool, item, "expired", now)
                handler.expired(item)
            _offer_freed(pool, now)
            expired_total += len(expired)
    return expired_total


def queue_position(claim):
    """Where a waiting claim stands in its pool's queue (1: next to be offered), in the
    order offers are made: priority, then arrival. None for a claim that is not waiting."""
    if claim.status != Claim.WAITING:
        return None
    ahead = Claim.objects.filter(pool_id=claim.pool_id, status=Claim.WAITING).filter(
        Q(priority__gt=claim.priority)
        | Q(priority=claim.priority, created_at__lt=claim.created_at)
        | Q(priority=claim.priority, created_at=claim.created_at, pk__lt=claim.pk)
    )
    return ahead.count() + 1
