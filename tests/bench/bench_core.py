"""Home page and site search: HTTP throughput next to a static file, and search latency
over 10,000 generated pages."""

import random
from urllib.parse import urlencode

from tests.bench.lib import settle_database, timed

PAGES = 10_000
WORDS = [
    "灭火器", "消防栓", "火场逃生", "自救", "疏散演练", "电动自行车", "充电", "三合一场所",
    "九小场所", "老年人", "留守儿童", "安全出口", "应急照明", "烟感报警器", "燃气泄漏",
    "用电安全", "森林防火", "云台山", "景区", "宾馆", "市场", "网吧", "幼儿园", "养老院",
    "消防志愿者", "科普教育基地", "消防文化街", "119", "96119", "隐患举报",
]  # fmt: skip
QUERIES = [
    "灭火器",
    "逃生",
    "电动自行车充电",
    "三合一",
    "云台山宾馆",
    "消防",
    "119",
    "疏散演练方案",
    "没有的词",
]


def sentence(rng):
    return "，".join(
        rng.choice(WORDS) + rng.choice(["要注意", "的方法", "很重要", "常识", "检查"]) for _ in range(6)
    )


def populate(rng):
    from django.db import transaction

    from outreach.models import ContentPage, HomePage
    from outreach.search.index import index_page

    home = HomePage.objects.get()
    with transaction.atomic():
        for i in range(PAGES):
            body = [("paragraph", "<p>" + "。".join(sentence(rng) for _ in range(4)) + "。</p>")]
            page = ContentPage(
                title=f"{rng.choice(WORDS)}{rng.choice(['知识', '提示', '指南', '问答'])}{i}",
                slug=f"page-{i}",
                intro=sentence(rng),
                body=body,
                live=True,
            )
            home.add_child(instance=page)
            index_page(page)


def fresh_queries(rng, n):
    """n distinct two-word queries, so none of them can come from the page cache."""
    seen = set()
    while len(seen) < n:
        seen.add(rng.choice(WORDS) + rng.choice(WORDS))
    return sorted(seen)


def search_like_the_page(query):
    from outreach.search.index import search

    results, _ = search(query)
    return len(results), results[:10]


def run(bench):
    from outreach.models import SearchTerm

    rng = random.Random(119)
    bench.section(f"Site search: {PAGES:,} generated pages")
    populate(rng)
    settle_database()
    bench.value("index rows", f"{SearchTerm.objects.count():,}")
    for query in QUERIES:
        # What the search page does: rank and count, then load the first ten pages.
        bench.timing(
            f"search('{query}'): rank + first 10",
            [timed(search_like_the_page, query) for _ in range(15)],
        )

    bench.section("HTTP throughput: gunicorn, 2 workers, loopback")
    with bench.server() as server:
        home = server.load("/")
        home_static = server.load(server.static_like("/"))
        # A repeated query comes from the page cache (one entry per query and page).
        found = server.load("/search/?q=%E7%81%AD%E7%81%AB%E5%99%A8")  # 灭火器
        found_static = server.load(server.static_like("/search/?q=%E7%81%AD%E7%81%AB%E5%99%A8"))
        # Queries nobody asked before: every one is ranked over the 10,000 pages.
        uncached = [timed(server.get, "/search/?" + urlencode({"q": q})) for q in fresh_queries(rng, 200)]
    with bench.server(env={"PUBLIC_PAGE_CACHE_SECONDS": "0"}) as server:
        home_rendered = server.load("/")
    bench.row("home page (page cache, the default)", home)
    bench.row("home page rendered every time (cache off)", home_rendered)
    bench.row("static file of the same size", home_static)
    bench.ratio("home page / static file (req/s)", home["rps"], home_static["rps"])
    bench.ratio("home page, cache off / static file (req/s)", home_rendered["rps"], home_static["rps"])
    bench.row("search '灭火器' (10,000 pages)", found)
    bench.row("static file of the same size", found_static)
    bench.ratio("search, repeated query / static file (req/s)", found["rps"], found_static["rps"])
    bench.timing("search, 200 queries never asked before (HTTP)", uncached)
