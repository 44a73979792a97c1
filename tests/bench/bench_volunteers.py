"""Volunteers: the public event listing (cached for anonymous visitors) next to a static
file of the same size, and sign-up throughput with 16 concurrent clients on one shift
(meaningful on PostgreSQL; SQLite runs writers one at a time)."""

import threading
import time
from datetime import date, timedelta

VOLUNTEERS = 1600
PLACES = 400
CLIENTS = 16


def populate():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from campaigns.volunteers import services
    from campaigns.volunteers.models import Event, Volunteer

    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bench{i}") for i in range(VOLUNTEERS)])
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(user=u, number=f"B{i:06d}", name=f"志愿者{i}", birth_date=date(1990, 1, 1))
            for i, u in enumerate(users)
        ]
    )
    start = timezone.now() + timedelta(days=5)
    for n in range(12):
        event = Event.objects.create(title=f"119消防宣传月·第{n + 1}场宣传活动", place="修武县人民广场")
        for k in range(3):
            services.create_shift(
                event,
                title=f"岗位{k + 1}",
                places=10,
                starts_at=start + timedelta(days=n, hours=3 * k),
                ends_at=start + timedelta(days=n, hours=3 * k + 2),
                signup_deadline=start,
            )
    event = Event.objects.create(title="压力测试活动", place="县消防救援大队")
    shift = services.create_shift(
        event,
        title="大型活动引导",
        places=PLACES,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        signup_deadline=start,
    )
    return volunteers, shift


def run(bench):
    from django.db import connection, connections

    from campaigns.volunteers import services
    from outreach.models import Claim

    volunteers, shift = populate()

    bench.section("Event listing: gunicorn, 2 workers, loopback (anonymous, cached until a change)")
    with bench.server() as server:
        listing = server.load("/volunteers/")
        static = server.load(server.static_like("/volunteers/"))
    bench.row("public event listing", listing)
    bench.row("static file of the same size", static)
    bench.ratio("listing / static file (req/s)", listing["rps"], static["rps"])

    bench.section(
        f"Sign-up: {CLIENTS} concurrent clients, {VOLUNTEERS} volunteers for {PLACES} places on one shift "
        f"({connection.vendor})"
    )
    connections.close_all()
    queue = iter(volunteers)
    lock = threading.Lock()
    latencies, errors = [], []

    def client():
        while True:
            with lock:
                volunteer = next(queue, None)
            if volunteer is None:
                break
            began = time.perf_counter()
            try:
                services.sign_up(volunteer, shift, wait=True)
            except Exception as error:  # noqa: BLE001 - counted and shown
                errors.append(repr(error)[:120])
            latencies.append(time.perf_counter() - began)
        connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    held = Claim.objects.filter(pool_id=shift.pool_id, status__in=Claim.HOLDING).count()
    waiting = Claim.objects.filter(pool_id=shift.pool_id, status=Claim.WAITING).count()
    bench.value(
        "sign-ups per second", f"{len(latencies) / elapsed:.1f} ({len(latencies)} in {elapsed:.1f} s)"
    )
    bench.timing("one sign-up (under load)", latencies)
    bench.value("confirmed / waiting", f"{held} / {waiting}")
    bench.value("over-assignments", str(max(0, held - PLACES)))
    bench.value("errors", f"{len(errors)} {errors[:1]}")
