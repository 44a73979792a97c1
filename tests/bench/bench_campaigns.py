"""Campaign listing with 1,000 campaigns: HTTP throughput and median latency next to the
home page (and a static file of the same size)."""

import datetime
import io
import random

CAMPAIGNS = 1_000
SETTINGS = ["enterprise", "rural", "community", "school", "family"]
GROUPS = ["children", "elderly", "disabled", "migrant", "left_behind"]
TOPICS = ["电动自行车", "三合一场所", "居家老人", "校园疏散演练", "云台山景区", "燃气安全", "森林防火"]


def hero(rng, i):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 675), tuple(rng.randrange(40, 200) for _ in range(3))).save(buffer, "PNG")
    return get_image_model().objects.create(title=f"主图{i}", file=ImageFile(buffer, name=f"hero-{i}.png"))


def populate(rng):
    from django.db import transaction

    from campaigns.models import CampaignIndexPage, CampaignPage, OutreachSetting, SpecialGroup
    from outreach.demo import load_townships
    from outreach.models import HomePage

    settings = OutreachSetting.ensure_all()
    groups = SpecialGroup.ensure_all()
    townships = list(load_townships().values())
    home = HomePage.objects.get()
    with transaction.atomic():
        index = home.add_child(
            instance=CampaignIndexPage(title="宣传活动", slug="campaigns", show_in_menus=True)
        )
        for i in range(CAMPAIGNS):
            start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1000))
            topic = rng.choice(TOPICS)
            page = CampaignPage(
                title=f"{topic}消防安全宣传{i}",
                slug=f"campaign-{i}",
                slogan="关注消防，珍爱生命",
                intro=f"{topic}消防安全宣传活动。",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randrange(1, 60)),
                hero_image=hero(rng, i),
                body=[("paragraph", f"<p>{topic}的消防安全常识。</p>")],
                live=True,
            )
            index.add_child(instance=page)
            page.outreach_settings.set([settings[c] for c in rng.sample(SETTINGS, rng.randint(1, 2))])
            page.townships.set(rng.sample(townships, rng.randint(0, 3)))
            page.groups.set([groups[c] for c in rng.sample(GROUPS, rng.randint(0, 2))])
            page.save()  # parental many-to-many values are written when the page is saved


def run(bench):
    from campaigns.models import CampaignPage

    rng = random.Random(119)
    bench.section(f"Campaign listing: {CAMPAIGNS:,} campaigns, gunicorn 2 workers, loopback")
    populate(rng)
    bench.value(
        "campaigns",
        f"{CAMPAIGNS:,} ({CampaignPage.objects.filter(townships__isnull=True).count()} county-wide)",
    )
    filtered = "/campaigns/?setting=school&township=chengguan&group=elderly&year=2025&page=2"
    with bench.server() as server:
        home = server.load("/")
        listing = server.load("/campaigns/")
        listing_static = server.load(server.static_like("/campaigns/"))
        listing_filtered = server.load(filtered)
        last_page = server.load("/campaigns/?page=84")
    with bench.server(env={"PUBLIC_PAGE_CACHE_SECONDS": "0"}) as server:
        home_rendered = server.load("/")
        listing_rendered = server.load("/campaigns/")
    bench.row("home page", home)
    bench.row("campaign listing, page 1", listing)
    bench.row("campaign listing, 4 filters, page 2", listing_filtered)
    bench.row("campaign listing, last page (84)", last_page)
    bench.row("static file the size of the listing", listing_static)
    bench.ratio("listing / home page (req/s)", listing["rps"], home["rps"])
    bench.ratio("filtered listing / home page (req/s)", listing_filtered["rps"], home["rps"])
    bench.ratio("listing / static file (req/s)", listing["rps"], listing_static["rps"])
    bench.ratio("listing / home page (median latency)", listing["p50_ms"], home["p50_ms"])
    bench.section("The same, rendered every time (page cache off)")
    bench.row("home page", home_rendered)
    bench.row("campaign listing, page 1", listing_rendered)
    bench.ratio("listing / home page (req/s)", listing_rendered["rps"], home_rendered["rps"])
    bench.ratio("listing / home page (median latency)", listing_rendered["p50_ms"], home_rendered["p50_ms"])
