"""Figures the plan dashboard can read. Each is one call with a fixed number of queries.

townships_required()        -> int: active townships that must have a street
accepted_streets()          -> (count, [townships still without an accepted street])
walls_per_township()        -> [(township, walls, walls with the pledge)], every active township
"""

from django.db.models import Count, Q

from outreach.models import Township

from .models import StreetStatus


def _required():
    return Township.objects.filter(is_active=True, must_have_street=True)


def townships_required():
    return _required().count()


def accepted_streets():
    """How many required townships have an accepted (已验收挂牌) street, and which lack one."""
    townships = list(_required().select_related("street").order_by("sort_order", "name"))
    accepted = [
        t for t in townships if getattr(t, "street", None) and t.street.status == StreetStatus.ACCEPTED
    ]
    lacking = [t for t in townships if t not in accepted]
    return len(accepted), lacking


def walls_per_township():
    townships = Township.objects.filter(is_active=True).annotate(
        walls=Count("culture_walls", distinct=True),
        with_pledge=Count("culture_walls", filter=Q(culture_walls__has_pledge=True), distinct=True),
    )
    return [(t, t.walls, t.with_pledge) for t in townships.order_by("sort_order", "name")]
