"""Every public page on the demo content: a cold render (the whole cache emptied before
each request: the page cache as a publish clears it, and every other entry too) next to a cached one and a static file, the
queries of a cold render, and each page's size compressed; then the first PDF poster
of a fresh process next to its PNG.

Measured in process through Django's whole middleware stack (the test client), one
request at a time, so the figures are rendering, not the network or the load.
Goals: a cold render ≤ 20 ms p50, every page ≤ 14 KiB gzipped, a filtered listing
answered from the cache when it is asked again.
"""

import gzip
import io
import json
import statistics
import subprocess
import time

from tests.bench.lib import PYTHON, REPO, settle_database

COLD_GOAL_MS = 20
SIZE_GOAL_KIB = 14
ROUNDS = 15


def populate():
    from django.core.management import call_command

    from outreach.plan import readings

    call_command("load_demo", stdout=io.StringIO())
    readings.refresh()  # as the worker does every five minutes


def public_pages():
    """(label, address) for each kind of public page the demo has."""
    from campaigns.models import CampaignIndexPage, CampaignPage, NewsIndexPage, NewsPage, ResourceIndexPage
    from campaigns.volunteers.models import Event
    from courses.models import Courseware
    from outreach.models import ContentPage
    from venues.bookings.models import BaseIndexPage
    from venues.models import Venue
    from venues.streets.models import StreetIndexPage, StreetPage

    def first(model):
        return model.objects.live().public().order_by("path").first()

    campaigns = first(CampaignIndexPage)
    pages = [
        ("home", "/"),
        ("campaign index", campaigns.url),
        ("campaign listing, 3 filters", campaigns.url + "?setting=school&township=chengguan&year=2026"),
        ("campaign page", first(CampaignPage).url),
        ("news index", first(NewsIndexPage).url),
        ("news page", first(NewsPage).url),
        ("resources index", first(ResourceIndexPage).url),
        ("content page", first(ContentPage).url),
        ("search results '灭火器'", "/search/?q=%E7%81%AD%E7%81%AB%E5%99%A8"),
        ("venue landing page", f"/v/{Venue.objects.order_by('pk').first().code}/"),
        ("venues directory", "/venues/"),
        ("county street view", first(StreetIndexPage).url),
        ("street page", first(StreetPage).url),
        ("base page", first(BaseIndexPage).url),
        ("base availability", "/base/visits/"),
        ("volunteer events", "/volunteers/"),
        ("volunteer event", f"/volunteers/events/{Event.objects.order_by('pk').first().pk}/"),
        ("plan dashboard", "/plan/"),
        ("courseware library (schools)", "/courseware/"),
        ("courseware item (schools)", f"/courseware/{Courseware.objects.order_by('pk').first().pk}/"),
    ]
    return pages


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction + 0.5) - 1)]


def measure(client, path, rounds=ROUNDS, warm_path="/"):
    """Timings in ms of one address: wall clock and this thread's CPU time (the machine
    may be busy with other work; CPU time is what the render itself costs).

    cold: nothing of this page cached (the page cache and every app's own cache
    emptied), while what every page shares (menu, footer, banners: built once per
    publish) was built by a request for another page, as after a publish for every
    page but the first one asked for. first: the very first request after the cache
    was emptied, shared parts included. cached: the page asked for again.
    """
    from django.core.cache import cache
    from django.db import connection

    def get(address=path):
        wall, cpu = time.perf_counter(), time.thread_time()
        response = client.get(address)
        timings = ((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000)
        assert response.status_code == 200, f"{address}: {response.status_code}"
        return response, timings

    def series(prepare):
        walls, cpus = [], []
        for _ in range(rounds):
            prepare()
            response, (wall, cpu) = get()
            walls.append(wall)
            cpus.append(cpu)
        return response, walls, cpus

    def cold():
        cache.clear()
        get(warm_path)

    get()  # templates compiled, the process warm, as on a running site
    _, cold_wall, cold_cpu = series(cold)
    _, first_wall, first_cpu = series(cache.clear)
    cold()
    queries = []
    # Counted with a wrapper: the debug cursor's log does not survive the request's
    # connection handling here.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response, _ = get()
    hit, cached, cached_cpu = series(lambda: None)
    return {
        "cold_p50": statistics.median(cold_wall),
        "cold_p95": percentile(cold_wall, 0.95),
        "cold_cpu": statistics.median(cold_cpu),
        "first_p50": statistics.median(first_wall),
        "first_cpu": statistics.median(first_cpu),
        "cached_p50": statistics.median(cached),
        "cached_cpu": statistics.median(cached_cpu),
        "from_cache": hit.get("X-Page-Cache") == "hit",
        "queries": len(queries),
        "bytes": len(response.content),
        "gzip": len(gzip.compress(response.content, 6)),
    }


FIRST_POSTER = """
import time, django
django.setup()
from venues.models import Venue
from venues.posters import render_poster
try:
    from venues.posters.render import warm_at_start
except ImportError:
    warm_at_start = lambda: None
started = time.perf_counter()
warm_at_start()
warmed = time.perf_counter() - started
venue = Venue.objects.with_prompts().order_by("pk").first()
start = time.perf_counter(); render_poster(venue, None, "A4", "{first}"); first = time.perf_counter() - start
start = time.perf_counter(); render_poster(venue, None, "A4", "{second}"); second = time.perf_counter() - start
steady = []
for fmt in ("png", "pdf") * 3:
    start = time.perf_counter(); render_poster(venue, None, "A4", fmt); steady.append((fmt, time.perf_counter() - start))
print("JSON" + __import__("json").dumps({{"warm": warmed, "first": first, "second": second, "steady": steady}}))
"""


def first_poster(bench, first, second):
    code = FIRST_POSTER.format(first=first, second=second)
    completed = subprocess.run(  # noqa: S603
        [PYTHON, "-c", code], cwd=REPO, env=bench.env, capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.split("JSON", 1)[1])


def run(bench):
    from django.test import Client, override_settings

    bench.section("Public pages on the demo content: a cold render next to the cached one")
    populate()
    settle_database()
    client = Client(HTTP_HOST="127.0.0.1")
    static = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get("/static/themes/css/site.css")
        b"".join(response.streaming_content)
        static.append((time.perf_counter() - start) * 1000)
    print(
        f"  {'page':<30} {'cold p50':>8} {'p95':>6} {'CPU':>6} {'first CPU':>9} {'cached':>7} {'queries':>7} "
        f"{'KiB':>5} {'gzip':>5}",
        flush=True,
    )
    pages = public_pages()
    elsewhere = dict(pages)["content page"]
    results = []

    def row(label, result):
        flags = []
        if result["cold_cpu"] > COLD_GOAL_MS:
            flags.append("SLOW")
        if result["gzip"] > SIZE_GOAL_KIB * 1024:
            flags.append("BIG")
        if not result["from_cache"]:
            flags.append("(no page cache)")
        print(
            f"  {label:<30} {result['cold_p50']:>5.1f} ms {result['cold_p95']:>6.1f} {result['cold_cpu']:>6.1f} "
            f"{result['first_cpu']:>9.1f} {result['cached_p50']:>7.2f} {result['queries']:>7} "
            f"{result['bytes'] / 1024:>5.1f} {result['gzip'] / 1024:>5.1f}  {' '.join(flags)}",
            flush=True,
        )

    for label, path in pages:
        result = measure(client, path, warm_path=elsewhere if path == "/" else "/")
        results.append(result)
        row(label, result)
    # What a visitor gets when the worker has not read the figures for ten minutes (it is
    # stopped): every source read by the page. Not one of the pages above.
    with override_settings(PLAN_READINGS_MAX_AGE=0):
        row("plan dashboard, worker stopped", measure(client, "/plan/"))
    bench.value(
        "columns",
        "ms; cold = page rendered afresh (p50, p95 wall clock; CPU = the render's own CPU time p50);",
    )
    bench.value(
        "",
        f"first = CPU of the first request after the cache was emptied; KiB uncompressed, gzip KiB. "
        f"SLOW: cold CPU > {COLD_GOAL_MS} ms; BIG: gzip > {SIZE_GOAL_KIB} KiB; (no page cache): not kept by the page cache (an app's own cache or none: compare cached)",
    )
    bench.value("static file (site.css), p50", f"{statistics.median(static):.2f} ms")
    for column, name in (("cold_p50", "cold wall"), ("cold_cpu", "cold CPU")):
        values = [r[column] for r in results]
        bench.value(
            f"{name} p50, median over the pages",
            f"{statistics.median(values):.1f} ms (max {max(values):.1f})",
        )
    bench.value(
        "cold / cached p50, median over the pages",
        f"{statistics.median(r['cold_p50'] / r['cached_p50'] for r in results):.0f}",
    )
    bench.value(
        "pages within both goals (cold CPU)",
        f"{sum(1 for r in results if r['cold_cpu'] <= COLD_GOAL_MS and r['gzip'] <= SIZE_GOAL_KIB * 1024)} of {len(results)}",
    )

    bench.section("First poster of a fresh process (worker start included separately)")
    pdf_first = first_poster(bench, "pdf", "png")
    png_first = first_poster(bench, "png", "pdf")
    steady = {"png": [], "pdf": []}
    for fmt, seconds in pdf_first["steady"] + png_first["steady"]:
        steady[fmt].append(seconds)
    bench.value("worker start: font warm-up (not counted)", f"{pdf_first['warm'] * 1000:.0f} ms")
    bench.value("first A4 PDF of a process", f"{pdf_first['first'] * 1000:.0f} ms")
    bench.value("first A4 PNG of a process", f"{png_first['first'] * 1000:.0f} ms")
    bench.ratio("first PDF / first PNG (time, goal ≤ 1)", pdf_first["first"], png_first["first"])
    bench.ratio(
        "steady PDF / steady PNG (time)", statistics.median(steady["pdf"]), statistics.median(steady["png"])
    )
