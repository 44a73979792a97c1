"""Figures the plan dashboard can read. Each is one call with a fixed number of queries.

townships_required()        -> int: active townships that must have a street
accepted_streets()          -> (count, [townships still without an accepted street])
walls_per_township()        -> [(township, walls, walls with the pledge)], every active township
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source
from outreach.models import Township

from .models import CultureWall, StreetStatus


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


# --- Sources of the plan dashboard (outreach.indicators) ------------------------------


@source(
    "streets.townships_with_street",
    label=gettext_lazy("建成并验收消防文化街的乡镇"),
    unit="个",
    townships=True,
    history=False,
)
def townships_with_street(on, details=False):
    """Required townships whose street is accepted (已验收挂牌), of all required ones.

    Acceptance is read as it stands now; the monthly snapshots keep the history."""
    count, lacking = accepted_streets()
    lacking_ids = {t.pk for t in lacking}
    required = list(_required().values_list("pk", flat=True))
    reading = Reading(
        value=count,
        total=len(required),
        by_township={pk: (0 if pk in lacking_ids else 1, 1) for pk in required},
        rows_title=_("还没有验收消防文化街的乡镇"),
        url=reverse("streets:manage"),
    )
    if details:
        reading.rows = [
            Row(
                label=township.name,
                note=str(township.street.get_status_display())
                if getattr(township, "street", None)
                else _("尚未规划"),
                township=township.name,
                township_id=township.pk,
            )
            for township in lacking
        ]
    return reading


@source("streets.culture_walls", label=gettext_lazy("村（社区）消防文化墙"), unit="面", townships=True)
def culture_walls(on, details=False):
    """Walls built by that day, with the fire-safety pledge, per township."""
    walls = CultureWall.objects.filter(built_on__lte=on, has_pledge=True).order_by()
    by_township = {
        row["township_id"]: (row["n"], None) for row in walls.values("township_id").annotate(n=Count("pk"))
    }
    return Reading(value=sum(n for n, _total in by_township.values()), by_township=by_township)
