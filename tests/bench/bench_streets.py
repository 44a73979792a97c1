"""The public county view of the culture streets (nine townships, the demo's streets,
elements, milestones with photos and walls): anonymous throughput from the page cache and
rendered every time, next to a static file of the same size."""


def populate():
    import io

    from django.contrib.auth import get_user_model

    from outreach.demo import load_townships
    from venues.streets import demo

    get_user_model().objects.create_superuser("bench-admin", "bench@example.com", "x")
    load_townships()
    demo.load(io.StringIO())


def run(bench):
    from venues.streets.models import CultureWall, Milestone, StreetElement, StreetPage

    bench.section("Culture streets: county view, gunicorn 2 workers, loopback")
    populate()
    bench.value(
        "content",
        f"{StreetPage.objects.count()} streets, {StreetElement.objects.count()} elements, "
        f"{Milestone.objects.count()} milestones, {CultureWall.objects.count()} walls",
    )
    path = "/streets/"
    with bench.server() as server:
        cached = server.load(path)
        static = server.load(server.static_like(path))
    with bench.server(env={"PUBLIC_PAGE_CACHE_SECONDS": "0"}) as server:
        rendered = server.load(path)
    bench.row("county view, anonymous, page cache", cached)
    bench.row("county view, anonymous, rendered every time", rendered)
    bench.row("static file of the same size", static)
    bench.ratio("cached / static file (req/s)", cached["rps"], static["rps"])
    bench.ratio("rendered / static file (req/s)", rendered["rps"], static["rps"])
