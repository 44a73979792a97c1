"""The base's visit bookings: the availability page (anonymous, cached) next to a static
file of the same size, and booking throughput with 16 concurrent clients on one slot,
counting overbookings (must be 0)."""

import secrets
import threading
import time
from datetime import time as clock
from datetime import timedelta

CLIENTS = 16
ATTEMPTS_PER_CLIENT = 40
SLOT_PERSONS = 2000  # room for 100 groups of 20: about a sixth of the attempts succeed


def populate():
    from django.utils import timezone

    from venues.bookings import services
    from venues.bookings.models import BookingRules

    BookingRules.current()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    services.generate_slots(
        monday,
        monday + timedelta(weeks=8),
        [1, 2, 3, 4],
        [clock(9), clock(10, 30), clock(14, 30), clock(16)],
        60,
    )


def group():
    return {
        "org_kind": "enterprise",
        "org_name": "基准测试企业",
        "contact_name": "测试",
        "mobile": "13800000000",
        "email": "",
        "visitors": 20,
        "adults": 20,
        "age_band": "adults",
        "accessibility": "",
    }


def throughput(bench):
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from outreach.models import Claim
    from venues.bookings import services

    day = timezone.localdate() + timedelta(days=21)
    while day.weekday() != 2:
        day += timedelta(days=1)
    start = timezone.make_aware(timezone.datetime.combine(day, clock(12, 5)))
    slot = services.create_slot(start, SLOT_PERSONS)
    connection.close()
    outcomes = {"booked": 0, "full": 0, "error": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client():
        from django.db import connection as own

        barrier.wait()
        for _ in range(ATTEMPTS_PER_CLIENT):
            try:
                services.book(slot.pk, group(), secrets.token_urlsafe(12))
                key = "booked"
            except services.SlotFull:
                key = "full"
            except Exception:  # noqa: BLE001 - counted and shown
                key = "error"
            with lock:
                outcomes[key] += 1
        own.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    held = Claim.objects.filter(pool=slot.pool, status__in=Claim.HOLDING).aggregate(n=Sum("places"))["n"] or 0
    attempts = CLIENTS * ATTEMPTS_PER_CLIENT
    bench.value("attempts", f"{attempts} by {CLIENTS} concurrent clients in {elapsed:.1f} s")
    bench.value("throughput", f"{attempts / elapsed:.1f} booking requests/s")
    bench.value(
        "outcomes",
        f"{outcomes['booked']} booked, {outcomes['full']} refused (full), {outcomes['error']} errors",
    )
    bench.value("persons held / slot size", f"{held} / {SLOT_PERSONS}")
    bench.value("overbookings", str(max(0, held - SLOT_PERSONS)))


def cold_and_cached(bench):
    """The availability view in process: rendered afresh (its cache generation bumped, as
    every booking change does) next to served from the cache."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from tests.bench.lib import timed
    from venues.bookings import services
    from venues.bookings.public.views import availability

    factory = RequestFactory()

    def get():
        request = factory.get("/base/visits/", HTTP_HOST="localhost")
        request.user = AnonymousUser()
        return availability(request)

    get()
    cold, cached = [], []
    for _ in range(25):  # interleaved, so a busy moment weighs on both alike
        services.availability.bump()
        cold.append(timed(get))
        cached.append(timed(get))
    bench.timing("availability page cold (rendered)", cold)
    bench.timing("availability page cached", cached)
    import statistics

    bench.ratio("cold / cached (median time)", statistics.median(cold), statistics.median(cached))


def run(bench):
    from django.db import connection

    populate()
    bench.section("Availability page in process: cold (after a booking change) and cached")
    cold_and_cached(bench)
    bench.section("Availability page: gunicorn, 2 workers, loopback (anonymous, cached)")
    with bench.server() as server:
        page = server.load("/base/visits/")
        static = server.load(server.static_like("/base/visits/"))
    bench.row("availability page", page)
    bench.row("static file of the same size", static)
    bench.ratio("availability / static file (req/s)", page["rps"], static["rps"])

    bench.section(f"Booking throughput: {CLIENTS} concurrent clients, one slot")
    if connection.vendor != "postgresql":
        bench.value("skipped", "needs DATABASE_URL=postgres://… (SQLite writes one at a time)")
        return
    throughput(bench)
