"""Venue posters and the QR landing page: time per poster, a 500-poster batch on a
two-worker cluster, and landing-page throughput next to a static file of the same size."""

import signal
import statistics
import subprocess
import time

from tests.bench.lib import PYTHON, REPO, timed

BATCH_VENUES = 250  # x A4 x (PNG + PDF) = 500 posters


def populate():
    from django.db import transaction

    from outreach.models import Township
    from venues.models import EquipmentType, HazardType, Venue, VenueEquipment, VenueExit, VenueRoute

    township, _ = Township.objects.get_or_create(code="yuntaishan", defaults={"name": "云台山镇"})
    hazard = HazardType.objects.create(
        name="电动自行车室内充电", poster_text="电动车室内充电易起火", description="说明" * 40
    )
    extinguisher = EquipmentType.objects.create(
        kind="extinguisher",
        name="手提式干粉灭火器",
        short_usage="提、拔、握、压",
        usage="提起灭火器，拔下保险销。" * 5,
    )
    venues = []
    with transaction.atomic():
        for i in range(BATCH_VENUES):
            venue = Venue(
                name=f"云台山宾馆{i}号楼",
                category="hotel",
                township=township,
                address="云台山镇景区大道",
                assembly_point="正门广场",
                escape_advice="用湿毛巾捂住口鼻，低姿撤离\n不要乘坐电梯",
            )
            venue.routes = [VenueRoute(description="客房→东侧疏散楼梯→一楼东门")]
            venue.exits = [VenueExit(name=f"{n}号出口", location="一楼大厅") for n in range(1, 4)]
            venue.equipment = [
                VenueEquipment(equipment_type=extinguisher, location=f"{n}楼走廊") for n in range(1, 5)
            ]
            venue.save()
            venue.hazards.add(hazard)
            venues.append(venue)
    return venues


def run(bench):
    from django.contrib.auth import get_user_model
    from django_q.tasks import async_task, result

    from venues import services
    from venues.models import PosterBatch, Venue
    from venues.posters import render_poster

    bench.section("Posters: time per poster, in process")
    venues = populate()
    venue = Venue.objects.with_prompts().get(pk=venues[0].pk)
    # The first poster of a process parses the fonts and cuts the PDF font subset.
    bench.value(
        "first A4 PDF of a process", f"{timed(render_poster, venue, None, 'A4', 'pdf') * 1000:.0f} ms"
    )
    for paper in ("A4", "A3"):
        medians = {}
        for fmt in ("png", "pdf"):
            times = [timed(render_poster, venue, None, paper, fmt) for _ in range(8)]
            bench.timing(f"{paper} {fmt.upper()}", times)
            medians[fmt] = statistics.median(times)
        bench.ratio(f"{paper} PDF / {paper} PNG (time, goal ≤ 1)", medians["pdf"], medians["png"])

    bench.section(f"Batch: {BATCH_VENUES * 2} posters (A4 PNG + PDF) on a django-q2 cluster, 2 workers")
    user = get_user_model().objects.create_user("bench-editor")
    cluster = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "qcluster"], cwd=REPO, env={**bench.env, "Q_WORKERS": "2"}
    )
    # A cluster runs all the time: its start is not the batch's. Time from the moment
    # the running cluster takes work (it has answered a trivial task).
    booted = timed(lambda: result(async_task("math.floor", 1.5), wait=120_000))
    bench.value("cluster started (not counted)", f"{booted:.1f} s")
    batch = services.start_poster_batch(user, Venue.objects.all(), ["A4"], ["png", "pdf"])
    start = time.monotonic()
    try:
        while True:
            batch.refresh_from_db()
            if batch.status in ("done", "failed") or time.monotonic() - start > 1800:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - start
    finally:
        cluster.send_signal(signal.SIGTERM)
        cluster.wait(timeout=60)
    batch = PosterBatch.objects.get(pk=batch.pk)
    bench.value(
        "status", f"{batch.get_status_display()} ({batch.done_count} of {batch.total}) {batch.error[:80]}"
    )
    bench.value(
        "wall time for the batch (goal < 60 s)",
        f"{elapsed:.1f} s ({elapsed / max(1, batch.total) * 1000:.0f} ms per poster)",
    )
    if batch.archive:
        bench.value("ZIP size", f"{batch.archive.size / 1024 / 1024:.1f} MiB")

    bench.section("Landing page: gunicorn, 2 workers, loopback (cached after the first hit)")
    path = f"/v/{venue.code}/"
    with bench.server() as server:
        landing = server.load(path)
        static = server.load(server.static_like(path))
    bench.row("venue landing page", landing)
    bench.row("static file of the same size", static)
    bench.ratio("landing / static file (req/s)", landing["rps"], static["rps"])
